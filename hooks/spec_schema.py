"""The JSON Schema of entities.yml, built from what the validator reads, so that the two cannot drift.

Editors check a spec with it as it is typed (`# yaml-language-server: $schema=...` in each generated entities.yml);
the validator (spec.py) remains the judge: it also checks what a schema cannot say (targets that exist, names that
collide, bounds that contradict). `python -m hooks.spec_schema` writes docs/entities.schema.json, which a test keeps
equal to what this module builds.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from .cases import KEBAB_PATH, PASCAL, SLUG, SNAKE
from .names import ADMIN_ROLE, AUTHENTICATED_LEVEL, POSTGRESQL_IDENTIFIER_LIMIT, PUBLIC_LEVEL
from .spec import ENTITY_OPTIONS, RELATION_OPTIONS
from .spec_auth import ACCESS_KEYS, AUTH_OPTIONS
from .spec_fields import FIELD_OPTIONS, NOT_FOR_UNCONSTRAINABLE, OPTION_TYPES
from .spec_model import (
    DATABASES,
    ON_DELETE_RULES,
    PRIMARY_KEYS,
    RELATION_KINDS,
    SCALAR_TYPES,
    UNCONSTRAINABLE_TYPES,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "entities.schema.json"
DOCS_SCHEMA = ROOT / "docs" / SCHEMA_FILE
# The questions of copier.yml a spec may answer; `entities` and `enums` get their own schemas below.
_QUESTION_SCHEMAS = {"str": {"type": "string"}, "yaml": {}}

_TEXT = {"type": "string"}
_BOOL = {"type": "boolean"}
_COUNT = {"type": "integer", "minimum": 0}
_NUMBER = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}


def _names(pattern: str, values: dict[str, Any], description: str, max_length: int | None = None) -> dict[str, Any]:
    """A mapping whose keys must match `pattern` (and be at most `max_length` long)."""
    names: dict[str, Any] = {"pattern": pattern} | ({"maxLength": max_length} if max_length else {})
    return {
        "type": "object",
        "description": description,
        "propertyNames": names,
        "additionalProperties": values,
    }


def _only_for(option: str, allowed: frozenset[str] | None = None, refused: frozenset[str] | None = None) -> Any:
    """An `if`/`then` that refuses `option` on a field whose type is not in `allowed` (or is in `refused`); a type
    that names an enum counts as neither scalar set, as in spec_fields.py."""
    if allowed is not None:
        wrong_type: dict[str, Any] = {"not": {"enum": sorted(allowed)}}
    else:
        wrong_type = {"enum": sorted(refused or ())}
    return {
        "if": {"required": ["type", option], "properties": {"type": wrong_type}},
        "then": {"not": {"required": [option]}, "description": f"'{option}' does not apply to this type"},
    }


def _field_schema() -> dict[str, Any]:
    option_schemas: dict[str, Any] = {
        "type": {
            "description": "a scalar type, or the name of an enum of the spec",
            "anyOf": [{"enum": list(SCALAR_TYPES)}, {"type": "string", "pattern": PASCAL}],
        },
        "required": _BOOL,
        "unique": _BOOL,
        "index": _BOOL,
        "default": {"not": {"type": ["null", "object", "array"]}},
        "max_length": {**_COUNT, "minimum": 1},
        "min_length": _COUNT,
        "min": _NUMBER,
        "max": _NUMBER,
        "precision": {**_COUNT, "minimum": 1},
        "scale": _COUNT,
        "pattern": {**_TEXT, "format": "regex"},
        "searchable": _BOOL,
        "description": _TEXT,
        "renamed_from": {"type": "string", "pattern": SNAKE},
    }
    assert set(option_schemas) == set(FIELD_OPTIONS), "every field option has a schema"
    rules = [_only_for(option, allowed=types) for option, types in OPTION_TYPES.items()]
    rules += [_only_for(option, refused=UNCONSTRAINABLE_TYPES) for option in NOT_FOR_UNCONSTRAINABLE]
    options = {
        "type": "object",
        "properties": {option: option_schemas[option] for option in FIELD_OPTIONS},
        "required": ["type"],
        "additionalProperties": False,
        "allOf": rules,
    }
    shorthand = option_schemas["type"] | {"description": "shorthand: a bare type means {type: ...} with all defaults"}
    # if/then/else rather than anyOf, so that an editor names the wrong option, not "no schema matched".
    return {"if": {"type": "string"}, "then": shorthand, "else": options}


def _relation_schema() -> dict[str, Any]:
    option_schemas: dict[str, Any] = {
        "kind": {"enum": list(RELATION_KINDS)},
        "target": {"type": "string", "pattern": PASCAL},
        "required": _BOOL,
        "back_populates": {"type": "string", "pattern": SNAKE},
        "on_delete": {"enum": list(ON_DELETE_RULES)},
        "renamed_from": {"type": "string", "pattern": SNAKE},
        "embed": _BOOL,
    }
    assert set(option_schemas) == set(RELATION_OPTIONS), "every relation option has a schema"
    return {
        "type": "object",
        "properties": {option: option_schemas[option] for option in RELATION_OPTIONS},
        "required": ["kind", "target"],
        "additionalProperties": False,
        "if": {"properties": {"kind": {"const": "many_to_many"}}},
        "then": {"not": {"required": ["required"]}},
    }


def _entity_schema() -> dict[str, Any]:
    option_schemas: dict[str, Any] = {
        "description": _TEXT,
        # A field's name and a table's are SQL names as they are (the generator checks every derived one too).
        "table": {"type": "string", "pattern": SNAKE, "maxLength": POSTGRESQL_IDENTIFIER_LIMIT},
        "path": {"type": "string", "pattern": KEBAB_PATH},
        "domain": {"type": "string", "pattern": SNAKE},
        "primary_key": {"enum": list(PRIMARY_KEYS)},
        "audit": _BOOL,
        "fields": _names(
            SNAKE,
            {"$ref": "#/$defs/field"},
            "field names (snake_case) to types or options",
            POSTGRESQL_IDENTIFIER_LIMIT,
        ),
        "relations": _names(SNAKE, {"$ref": "#/$defs/relation"}, "relation names (snake_case) to options"),
        "renamed_from": {"type": "string", "pattern": PASCAL},
        "access": {"$ref": "#/$defs/access"},
        "owned": _BOOL | {"description": "rows belong to the user who created them (needs auth)"},
    }
    assert set(option_schemas) == set(ENTITY_OPTIONS), "every entity option has a schema"
    return {
        "type": ["object", "null"],
        "properties": {option: option_schemas[option] for option in ENTITY_OPTIONS},
        "additionalProperties": False,
    }


def _access_schema() -> dict[str, Any]:
    """Operations to access levels: public, authenticated, a role or a list of roles (the roles of auth.roles)."""
    role = {"type": "string", "pattern": SNAKE}
    level = {
        "anyOf": [
            {"enum": [PUBLIC_LEVEL, AUTHENTICATED_LEVEL, ADMIN_ROLE]},
            role,
            {"type": "array", "minItems": 1, "items": role},
        ]
    }
    return {
        "type": "object",
        "description": "who may do each operation; write is create, update and delete",
        "properties": dict.fromkeys(ACCESS_KEYS, level),
        "additionalProperties": False,
    }


def _auth_schema() -> dict[str, Any]:
    option_schemas: dict[str, Any] = {
        "roles": {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "string",
                "pattern": SNAKE,
                "not": {"enum": [ADMIN_ROLE, PUBLIC_LEVEL, AUTHENTICATED_LEVEL]},
            },
        },
        "access": {"$ref": "#/$defs/access"},
    }
    assert set(option_schemas) == set(AUTH_OPTIONS), "every auth option has a schema"
    return {
        "type": "object",
        "properties": option_schemas,
        "additionalProperties": False,
    }


def _questions() -> dict[str, Any]:
    """The answers copier.yml asks for, with their help as descriptions and their choices."""
    questions = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    found: dict[str, Any] = {}
    for name, question in questions.items():
        if name.startswith("_") or not isinstance(question, dict):
            continue
        schema: dict[str, Any] = dict(_QUESTION_SCHEMAS[question["type"]])
        if "choices" in question:
            schema = {"enum": list(question["choices"])}
        found[name] = {"description": question["help"], **schema}
    return found


def spec_json_schema() -> dict[str, Any]:
    properties = _questions()
    properties["project_slug"] |= {"pattern": SLUG}
    assert properties["database"]["enum"] == list(DATABASES)
    enum_values = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string", "pattern": SNAKE}}
    properties["enums"] |= _names(PASCAL, enum_values, properties["enums"]["description"])
    properties["entities"] |= _names(PASCAL, {"$ref": "#/$defs/entity"}, properties["entities"]["description"])
    properties["entities"]["minProperties"] = 1
    properties["auth"] = {"description": properties["auth"]["description"], "anyOf": [_auth_schema(), {"const": False}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILE,
        "title": "entities.yml: the entity spec of a litestar-crud-template project",
        "description": "See docs/spec.md of the template for every key's meaning and default.",
        "type": "object",
        "properties": properties,
        "required": ["entities"],
        "additionalProperties": False,
        "$defs": {
            "entity": _entity_schema(),
            "field": _field_schema(),
            "relation": _relation_schema(),
            "access": _access_schema(),
        },
    }


@functools.cache
def schema_text() -> str:
    return json.dumps(spec_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    DOCS_SCHEMA.write_text(schema_text(), encoding="utf-8")
    sys.exit(0)
