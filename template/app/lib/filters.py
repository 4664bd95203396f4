"""Filters of the list endpoints: typed query parameters in, Advanced Alchemy statement filters out; and the
dependencies of every CRUD controller, its service and its filters (`service_dependencies`).

Each generated controller declares its own `provide_<entity>_filters` with exactly the parameters its entity
supports, so that Litestar validates every one of them (an unknown `orderBy`, a malformed id or a `pageSize` above
the maximum is a 400 naming the parameter) and OpenAPI documents them, enums included.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, cast

import msgspec
from advanced_alchemy.filters import BeforeAfter, CollectionFilter, SearchFilter, StatementFilter, StatementTypeT
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.lib.inputs import INT64_MAX, INT64_MIN
from app.lib.pages import Order, window

SortOrder = Literal["asc", "desc"]
ServiceT = TypeVar("ServiceT", bound=SQLAlchemyAsyncRepositoryService[Any, Any])
DEFAULT_PAGE_SIZE = get_settings().default_page_size
MAX_PAGE_SIZE = get_settings().max_page_size
# Litestar writes a parameter's bounds as floats, which cannot state the 64-bit ones exactly: these replace them.
INT64_BOUNDS = {"minimum": INT64_MIN, "maximum": INT64_MAX}
# A bigint id in a query parameter: Litestar documents the bounds of the first, msgspec checks those of the second.
BigIntId = Annotated[
    int,
    QueryParameter(ge=INT64_MIN, le=INT64_MAX, schema_extra=INT64_BOUNDS),
    msgspec.Meta(ge=INT64_MIN, le=INT64_MAX),
]
# The last page whose offset the database takes at any page size (OFFSET is a 64-bit integer); at most 2**53, the
# largest whole number that the float Litestar writes a bound as states exactly.
MAX_PAGE = min(INT64_MAX // MAX_PAGE_SIZE, 2**53)


@dataclass
class EqualTo(StatementFilter):
    """`field = value`, or nothing when no value was asked for."""

    field_name: str
    value: Any

    def append_to_statement(self, statement: StatementTypeT, model: type[Any]) -> StatementTypeT:
        if self.value is None:
            return statement
        return cast("StatementTypeT", statement.where(getattr(model, self.field_name) == self.value))


def moment(text: str | None, parameter: str) -> datetime.datetime | None:
    """A query parameter's time, read as UTC unless it gives an offset; 400 naming `parameter` if it is no time (the
    OpenAPI pattern lets through a day the month does not have)."""
    if text is None:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise ValidationException(
            detail="Invalid query parameter", extra=[{"key": parameter, "message": str(error), "source": "query"}]
        ) from error
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


def page_filters(
    current_page: int,
    page_size: int,
    order_by: str,
    sort_order: SortOrder,
    ids: list[Any] | None,
    cursor: str | None = None,
) -> list[StatementFilter]:
    """The page (by offset, or by cursor: app/lib/pages.py), its order (then by id, so that pages never overlap)
    and the `ids` filter."""
    order = Order(order_by, descending=sort_order == "desc")
    filters: list[StatementFilter] = [window(current_page, page_size, order, cursor)]
    if ids is not None:
        filters.append(CollectionFilter(field_name="id", values=ids))
    return filters


def search_filter(columns: set[str], search_string: str | None) -> list[StatementFilter]:
    """Case-insensitive substring search over `columns`; `%` and `_` match themselves."""
    if not search_string:
        return []
    return [SearchFilter(field_name=columns, value=search_string, ignore_case=True, escape_wildcards=True)]


def range_filter(column: str, after: str | None, before: str | None) -> list[StatementFilter]:
    """Rows whose `column` (`created_at`) lies strictly between `after` and `before` (either may be left out), the
    query parameters `<created>After` and `<created>Before`."""
    if after is None and before is None:
        return []
    prefix = column.removesuffix("_at")
    after_moment, before_moment = moment(after, f"{prefix}_after"), moment(before, f"{prefix}_before")
    return [BeforeAfter(field_name=column, before=before_moment, after=after_moment)]


def any_of(column: str, values: list[Any] | None) -> list[StatementFilter]:
    """Rows whose `column` is one of `values` (`?genre=fiction&genre=poetry`)."""
    return [] if not values else [CollectionFilter(field_name=column, values=values)]


def service_provider(service_type: type[ServiceT]) -> Callable[[AsyncSession], ServiceT]:
    """The provider of a controller's service: one per request, on the request's session. Advanced Alchemy's
    `create_service_provider` makes the same service in an async generator, which Litestar runs with a cleanup step
    that a service, holding nothing of its own, does not need."""

    def provide(db_session: NamedDependency[AsyncSession]) -> ServiceT:
        return service_type(session=db_session)

    return provide


def service_dependencies(
    service: type[SQLAlchemyAsyncRepositoryService[Any, Any]],
    key: str,
    provide_filters: Callable[..., list[StatementFilter]],
    provide_service: Callable[..., SQLAlchemyAsyncRepositoryService[Any, Any]] | None = None,
) -> Mapping[str, Provide]:
    """The dependencies of a CRUD controller: its service (one per request, from `provide_service` when given) and
    its list filters. Both are plain functions, called in the event loop (Litestar warns if told so of a coroutine or
    a generator)."""
    return {
        key: Provide(provide_service or service_provider(service), sync_to_thread=False),
        "filters": Provide(provide_filters, sync_to_thread=False),
    }
