"""Base classes of every request and response schema: camelCase JSON, strict input, Python regex semantics."""

from typing import Annotated

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, TypeAdapter
from pydantic.alias_generators import to_camel

_HTTP_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


def _check_http_url(value: str) -> str:
    _HTTP_URL.validate_python(value)
    return value


HttpUrlStr = Annotated[str, AfterValidator(_check_http_url)]
"""An http(s) URL, validated but stored exactly as the client wrote it."""


class Schema(BaseModel):
    """Request body: camelCase keys (snake_case accepted too), unknown keys refused."""

    # protected_namespaces=(): a field may be named `model_name`; the names BaseModel itself defines are kept apart
    # by the generator (a field `model_dump` is the attribute `model_dump_`).
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        regex_engine="python-re",
        protected_namespaces=(),
    )


class ReadSchema(BaseModel):
    """Response body read from a model's attributes, serialised with camelCase keys."""

    # serialize_by_alias: every encoder (Litestar's and Advanced Alchemy's) then writes camelCase keys.
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        serialize_by_alias=True,
        from_attributes=True,
        protected_namespaces=(),
    )


def reject_null(value: object) -> object:
    """Used by update schemas: a field may be left out, but a non-nullable one may not be set to null."""
    if value is None:
        msg = "may not be null"
        raise ValueError(msg)
    return value
