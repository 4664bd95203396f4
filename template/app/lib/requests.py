"""How requests are read: bodies as JSON only (415 for any other content type), validated as strict JSON against
the request schemas; and what OPTIONS answers."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response

# Litestar's signature model reads this error field by field, as it does the errors of its own Pydantic plugin
# (Litestar 2 has no public name for it).
from litestar._signature.types import ExtendedMsgSpecValidationError
from litestar.config.app import AppConfig
from litestar.exceptions import HTTPException
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


def _decode_strictly(schema: type[Schema], value: object) -> Schema:
    """Validate a body as the JSON it was: Litestar has decoded it already, and Pydantic's strict rules only read
    dates, decimals and ids from JSON text."""
    try:
        return schema.model_validate_json(msgspec.json.encode(value))
    except ValidationError as error:
        raise ExtendedMsgSpecValidationError(
            errors=[dict(detail) for detail in error.errors(include_url=False)]
        ) from error


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
