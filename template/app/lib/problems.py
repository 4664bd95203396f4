"""RFC 9457 problem details for every error the API returns."""

from http import HTTPStatus

from advanced_alchemy.exceptions import (
    DuplicateKeyError,
    ForeignKeyError,
    IntegrityError,
    NotFoundError,
    RepositoryError,
)
from litestar.exceptions import HTTPException
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException, ProblemDetailsPlugin
from litestar.status_codes import HTTP_404_NOT_FOUND, HTTP_409_CONFLICT, HTTP_500_INTERNAL_SERVER_ERROR
from pydantic.alias_generators import to_camel

PROBLEM_TYPE = "about:blank"


def http_problem(exc: HTTPException) -> ProblemDetailsException:
    """Litestar's own errors (validation, 404, 405, ...) keep their status; their details go to `errors`."""
    extra = exc.extra
    if isinstance(extra, list):
        extra = [_with_query_name(error) for error in extra]
    errors = {"errors": extra} if isinstance(extra, list) else dict(extra or {})
    return ProblemDetailsException(
        status_code=exc.status_code,
        title=_title(exc.status_code),
        detail=exc.detail,
        type_=PROBLEM_TYPE,
        headers=exc.headers,
        extra=errors or None,
    )


def _with_query_name(error: object) -> object:
    """Name a query parameter as the client wrote it (`orderBy`), not as the handler's argument (`order_by`)."""
    if isinstance(error, dict) and error.get("source") == "query" and isinstance(error.get("key"), str):
        return {**error, "key": to_camel(error["key"].rstrip("_"))}
    return error


def repository_problem(exc: RepositoryError) -> ProblemDetailsException:
    """Errors raised by repositories and services: unknown rows are 404, broken constraints 409."""
    if isinstance(exc, NotFoundError):
        status = HTTP_404_NOT_FOUND
    elif isinstance(exc, (DuplicateKeyError, ForeignKeyError, IntegrityError)):
        status = HTTP_409_CONFLICT
    else:
        status = HTTP_500_INTERNAL_SERVER_ERROR
    # A 500 never echoes database internals to the client.
    detail = "The database could not complete the request." if status == HTTP_500_INTERNAL_SERVER_ERROR else exc.detail
    return ProblemDetailsException(status_code=status, title=_title(status), detail=detail, type_=PROBLEM_TYPE)


def _title(status: int) -> str:
    return HTTPStatus(status).phrase


def problem_details_plugin() -> ProblemDetailsPlugin:
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            exception_to_problem_detail_map={HTTPException: http_problem, RepositoryError: repository_problem}
        )
    )
