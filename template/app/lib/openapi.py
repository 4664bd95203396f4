"""The OpenAPI document as the schemas validate: each request and response schema is written from Pydantic's own JSON
Schema of it (patterns, bounds, nullability, no extra properties), and every error an operation answers is a
documented problem detail."""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Literal

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Reference, Schema
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition
from pydantic import BaseModel

from app.lib.problems import PROBLEM_MEDIA_TYPE, ProblemDetail
from app.lib.schemas import ReadSchema

if TYPE_CHECKING:
    # The type of the argument Litestar passes to a schema plugin (Litestar 2 has no public name for it).
    from litestar._openapi.schema_generation import SchemaCreator

# JSON Schema's keywords in Litestar's `Schema` spelling, where it differs; and the bounds Pydantic writes under
# their Python names where a validator comes before them (`IntInput`): `ge`, `le`, `gt`, `lt`.
_KEYWORDS = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusive_minimum",
    "lt": "exclusive_maximum",
    "additionalProperties": "additional_properties",
    "allOf": "all_of",
    "anyOf": "any_of",
    "exclusiveMaximum": "exclusive_maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "maxItems": "max_items",
    "maxLength": "max_length",
    "minItems": "min_items",
    "minLength": "min_length",
    "multipleOf": "multiple_of",
    "oneOf": "one_of",
    "prefixItems": "prefix_items",
    "propertyNames": "property_names",
    "uniqueItems": "unique_items",
}
_SCHEMA_FIELDS = frozenset(field.name for field in dataclasses.fields(Schema))
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_VALUES = frozenset({"items", "additionalProperties", "not", "propertyNames"})


def _named_types(annotation: Any, seen: frozenset[type] = frozenset()) -> Iterator[type]:
    """The enums and models an annotation names, however nested (`list[Genre] | None`), and those the models name
    in turn (an included record's enums)."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        yield annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
        yield annotation
        for field in annotation.model_fields.values():
            yield from _named_types(field.annotation, seen | {annotation})
    for argument in typing.get_args(annotation):
        yield from _named_types(argument, seen)


def _to_schema(data: Mapping[str, Any], references: Mapping[str, Reference]) -> Schema | Reference:
    if "$ref" in data:
        reference = references[data["$ref"].rsplit("/", 1)[-1]]
        siblings = {key: value for key, value in data.items() if key != "$ref"}
        return Schema(all_of=[reference], **siblings) if siblings else reference
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "properties":
            value = {name: _to_schema(item, references) for name, item in value.items()}
        elif key in _SCHEMA_LISTS:
            value = [_to_schema(item, references) for item in value]
        elif key in _SCHEMA_VALUES and isinstance(value, Mapping):
            value = _to_schema(value, references)
        name = _KEYWORDS.get(key, "schema_not" if key == "not" else key)
        if name in _SCHEMA_FIELDS:  # Pydantic writes the constraints it has no keyword for as they are: left out
            fields[name] = value
    return Schema(**fields)


class JsonSchemaPlugin(OpenAPISchemaPlugin):
    """Writes the schema of a Pydantic model from `model_json_schema`: requests as Pydantic validates them, responses
    as it serialises them. Placed before Litestar's own Pydantic plugin, which would describe them otherwise."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        annotation = field_definition.annotation
        return isinstance(annotation, type) and issubclass(annotation, BaseModel)

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        model: type[BaseModel] = field_definition.annotation
        registry = schema_creator.schema_registry
        schema = registry.get_schema_for_field_definition(field_definition)
        mode: Literal["validation", "serialization"] = (
            "serialization" if issubclass(model, ReadSchema) else "validation"
        )
        data = model.model_json_schema(by_alias=True, mode=mode)
        named = {t.__name__: t for t in _named_types(model) if t is not model}
        definitions = data.pop("$defs", {})
        references = {}
        for name in [name for name in definitions if name in named]:
            found = schema_creator.for_field_definition(FieldDefinition.from_annotation(named[name]))
            if isinstance(found, Reference):
                references[name] = found
        # The schemas no class stands for (JsonValue, which refers to itself): components under their own names,
        # each registered before any is written.
        components = {name: _component(name) for name in definitions if name not in named}
        for name, component in components.items():
            registry.get_schema_for_field_definition(component)
            if (reference := registry.get_reference_for_field_definition(component)) is not None:
                references[name] = reference
        for name, component in components.items():
            _fill(registry.get_schema_for_field_definition(component), definitions[name], references)
        return _fill(schema, data, references)


def _component(name: str) -> FieldDefinition:
    """The field Litestar registers a named JSON Schema under, so that references to it, its own included, resolve."""
    return FieldDefinition.from_annotation(dict, kwarg_definition=KwargDefinition(schema_component_key=name))


def _fill(schema: Schema, data: Mapping[str, Any], references: Mapping[str, Reference]) -> Schema:
    """Writes a JSON Schema into a schema Litestar registered (and refers to)."""
    converted = _to_schema(data, references)
    if isinstance(converted, Schema):
        for key, value in vars(converted).items():
            if value is not None:
                setattr(schema, key, value)
    return schema


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The problem details an operation may answer, documented with their media type."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetail,
            description=HTTPStatus(status).phrase,
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in statuses
    }
