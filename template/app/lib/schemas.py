"""Base classes of every request and response schema: camelCase JSON, strict input, Python regex semantics."""

import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel

from app.lib.inputs import TIME_PATTERN

# The validator of the update schemas' fields that may be left out but not set to null (see `reject_null`).
NOT_NULL_VALIDATOR = "_reject_null"


def reject_null(value: object) -> object:
    """Used by update schemas: a field may be left out, but a non-nullable one may not be set to null."""
    if value is None:
        msg = "may not be null"
        raise ValueError(msg)
    return value


def _document_not_null(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """An update schema's field that may be left out but not set to null is documented without null."""
    validator = model.__pydantic_decorators__.field_validators.get(NOT_NULL_VALIDATOR)
    for name in validator.info.fields if validator else ():
        field = schema["properties"][model.model_fields[name].alias or name]
        branches = [branch for branch in field.pop("anyOf", []) if branch != {"type": "null"}]
        field.update(branches[0] if len(branches) == 1 else {"anyOf": branches} if branches else {})
        field.pop("default", None)


def _base64_text(value: bytes) -> str:
    return value.decode("ascii")


# Bytes in a response: the base64 text the column holds, as requests send it (app/lib/inputs.py: Base64Input).
Base64Output = Annotated[
    bytes,
    PlainSerializer(_base64_text, return_type=str, when_used="json-unless-none"),
    WithJsonSchema({"type": "string", "format": "byte"}, mode="serialization"),
]

# A time of day in a response: no offset, which JSON Schema's `time` format requires, so a pattern instead.
TimeOutput = Annotated[datetime.time, WithJsonSchema({"type": "string", "pattern": TIME_PATTERN}, mode="serialization")]


class Schema(BaseModel):
    """Request body: camelCase keys, unknown keys refused, strict JSON types (`"3"` is no integer, `"true"` no
    boolean); the types of app/lib/inputs.py read the values that JSON can only carry as text."""

    # protected_namespaces=(): a field may be named `model_name`; the names BaseModel itself defines are kept apart
    # by the generator (a field `model_dump` is the attribute `model_dump_`).
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=False,
        validate_by_alias=True,
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        regex_engine="python-re",
        protected_namespaces=(),
        json_schema_extra=_document_not_null,
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
