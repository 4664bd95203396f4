"""How requests are read: bodies as JSON only (415 for any other content type), validated as strict JSON against
the request schemas; and what OPTIONS answers."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response
from litestar.config.app import AppConfig
from litestar.exceptions import ClientException, HTTPException
from litestar.plugins.pydantic import PydanticInitPlugin
from litestar.status_codes import HTTP_204_NO_CONTENT, HTTP_415_UNSUPPORTED_MEDIA_TYPE
from litestar.types import BeforeRequestHookHandler
from litestar.utils import ensure_async_callable
from pydantic import ValidationError

from app.lib.schemas import Schema

JSON_MEDIA_TYPE = "application/json"
_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def _is_request_schema(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Schema)


class InvalidBodyException(ClientException):
    """A body that does not validate: a 400 naming each invalid field. Unlike Litestar's ValidationException, no
    ValueError, which msgspec would wrap in an error of its own while it decodes the request."""


def _decode_strictly(schema: type[Schema], value: object) -> Schema:
    """Validate a body as the JSON it was: Litestar has decoded it already, and Pydantic's strict rules only read
    dates, decimals and ids from JSON text.

    An invalid body is the 400 itself, each error naming its field as the client wrote it: handed to Litestar's
    signature model instead, an error whose field is named like one of the handler's dependencies (a field `filters`)
    would be taken for the server's own failure, a 500."""
    try:
        return schema.model_validate_json(msgspec.json.encode(value))
    except ValidationError as error:
        errors = [_body_error(detail["msg"], detail["loc"]) for detail in error.errors(include_url=False)]
        raise InvalidBodyException(detail="Validation failed for the request body", extra=errors) from error


def _body_error(message: str, location: tuple[int | str, ...]) -> dict[str, str]:
    """One error as Litestar writes those of a body: where it is (`tags.0`), unless it is the body as a whole."""
    key = {"key": ".".join(map(str, location))} if location else {}
    return {"message": message, **key, "source": "body"}


async def check_request(request: Request[Any, Any, Any]) -> Response[None] | None:
    """A body in any other media type than JSON is refused before it is read; OPTIONS is answered with every method
    of the path (Litestar's own answer misses those of all but one handler of a controller)."""
    if request.method in _METHODS_WITH_BODY and request.content_type[0] != JSON_MEDIA_TYPE:
        detail = f"Send the body as {JSON_MEDIA_TYPE}."
        raise HTTPException(status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=detail)
    if request.method == "OPTIONS":
        template = request.scope["path_template"]
        methods = {method for route in request.app.routes if route.path_format == template for method in route.methods}
        return Response(None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": ", ".join(sorted(methods))})
    return None


class JsonRequestsPlugin(PydanticInitPlugin):
    """Litestar's Pydantic init plugin, with request schemas decoded by `_decode_strictly` rather than by its lenient
    decoder, and `check_request` before every request."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config = super().on_app_init(app_config)
        # The first decoder whose predicate matches a type decodes it.
        app_config.type_decoders = [(_is_request_schema, _decode_strictly), *(app_config.type_decoders or [])]
        app_config.before_request = _before(app_config.before_request)
        return app_config


def _before(own: BeforeRequestHookHandler | None) -> BeforeRequestHookHandler:
    """`check_request`, then the application's own hook, if it has one."""
    if own is None:
        return check_request
    run_own = ensure_async_callable(own)

    async def before_request(request: Request[Any, Any, Any]) -> Any:
        answer = await check_request(request)
        return answer if answer is not None else await run_own(request)

    return before_request
