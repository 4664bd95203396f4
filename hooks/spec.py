"""Parse and validate the raw entity spec (entities.yml) into typed, normalised dataclasses."""

from __future__ import annotations

import datetime
import difflib
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from .naming import (
    GENERATED_MODULE_NAMES,
    camel_case,
    is_pascal_case,
    is_path_segment,
    is_snake_case,
    kebab_case,
    pluralize,
    reserved_name_reason,
    singularize,
    snake_case,
)
from .samples import SampleError, valid_strings

SCALAR_TYPES = (
    "str",
    "text",
    "int",
    "bigint",
    "float",
    "decimal",
    "bool",
    "date",
    "datetime",
    "time",
    "uuid",
    "json",
    "bytes",
    "email",
    "url",
)
STRING_TYPES = frozenset({"str", "text", "email", "url"})
NUMBER_TYPES = frozenset({"int", "bigint", "float", "decimal"})
UNCONSTRAINABLE_TYPES = frozenset({"json", "bytes"})
RELATION_KINDS = ("many_to_one", "one_to_one", "many_to_many")
ON_DELETE_RULES = ("cascade", "restrict", "set_null")
PRIMARY_KEYS = ("uuid", "bigint")
DATABASES = ("sqlite", "postgresql")
DEFAULT_STR_MAX_LENGTH = 255
# URL segments the generated app uses itself (OpenAPI at /schema).
RESERVED_PATHS = frozenset({"schema"})

FIELD_OPTIONS = (
    "type",
    "required",
    "unique",
    "index",
    "default",
    "max_length",
    "min_length",
    "min",
    "max",
    "precision",
    "scale",
    "pattern",
    "searchable",
    "description",
    "renamed_from",
)
RELATION_OPTIONS = (
    "kind",
    "target",
    "required",
    "back_populates",
    "on_delete",
    "renamed_from",
)
ENTITY_OPTIONS = (
    "description",
    "table",
    "path",
    "primary_key",
    "audit",
    "fields",
    "relations",
    "renamed_from",
)
# Which options make sense for which field types; an option outside its set is refused.
_OPTION_TYPES: dict[str, frozenset[str]] = {
    "max_length": STRING_TYPES,
    "min_length": STRING_TYPES,
    "min": NUMBER_TYPES,
    "max": NUMBER_TYPES,
    "precision": frozenset({"decimal"}),
    "scale": frozenset({"decimal"}),
    "pattern": frozenset({"str"}),
    "searchable": STRING_TYPES,
}
_NOT_FOR_UNCONSTRAINABLE = ("unique", "index", "default")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Column names every generated table has, by entity options.
_PRIMARY_KEY_COLUMNS = ("id",)
_UUID_EXTRA_COLUMNS = ("sa_orm_sentinel",)
_AUDIT_COLUMNS = ("created_at", "updated_at")


class _Missing:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _Missing()


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = True
    unique: bool = False
    index: bool = False
    default: Any = NO_DEFAULT
    max_length: int | None = None
    min_length: int | None = None
    minimum: int | float | Decimal | None = None
    maximum: int | float | Decimal | None = None
    precision: int | None = None
    scale: int | None = None
    pattern: str | None = None
    searchable: bool = False
    description: str | None = None
    renamed_from: str | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class RelationSpec:
    name: str
    kind: str
    target: str
    required: bool
    back_populates: str | None
    on_delete: str
    renamed_from: str | None = None

    @property
    def is_to_one(self) -> bool:
        return self.kind != "many_to_many"

    @property
    def key_attr(self) -> str:
        """The attribute the API reads and writes: `author_id`, or `tag_ids` for a list."""
        if self.is_to_one:
            return f"{self.name}_id"
        singular = singularize(self.name)
        return f"{singular}_ids" if singular != self.name else f"{self.name}_ids"


@dataclass(frozen=True)
class EntitySpec:
    name: str
    table: str
    path: str
    primary_key: str
    audit: bool
    description: str | None
    fields: tuple[FieldSpec, ...]
    relations: tuple[RelationSpec, ...]
    renamed_from: str | None = None

    @property
    def snake(self) -> str:
        return snake_case(self.name)


@dataclass(frozen=True)
class EnumSpec:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    enums: tuple[EnumSpec, ...]
    entities: tuple[EntitySpec, ...]

    def entity(self, name: str) -> EntitySpec:
        return next(entity for entity in self.entities if entity.name == name)


class SpecError(ValueError):
    """Raised with every problem of a spec, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class _Problems:
    lines: list[str] = field(default_factory=list)

    def add(self, place: str, message: str) -> None:
        self.lines.append(f"{place}: {message}")


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _one_of(choices: tuple[str, ...] | list[str]) -> str:
    return ", ".join(choices)


def _check_keys(raw: Mapping[str, Any], allowed: tuple[str, ...], place: str, problems: _Problems) -> None:
    for key in raw:
        if key not in allowed:
            problems.add(place, f"unknown option '{key}'{_suggest(str(key), allowed)}")


def _bool(raw: Mapping[str, Any], key: str, default: bool, place: str, problems: _Problems) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        problems.add(f"{place}.{key}", f"must be true or false, not {value!r}")
        return default
    return value


def _text(raw: Mapping[str, Any], key: str, place: str, problems: _Problems) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(f"{place}.{key}", f"must be a non-empty text, not {value!r}")
        return None
    return value


def _non_negative_int(raw: Mapping[str, Any], key: str, place: str, problems: _Problems) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.add(f"{place}.{key}", f"must be a whole number >= 0, not {value!r}")
        return None
    return value


def _number(value: Any, field_type: str) -> int | float | Decimal | None:
    """The value as the field's Python number type, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if field_type in ("int", "bigint"):
        return value if isinstance(value, int) else None
    if field_type == "float":
        # YAML's .inf and .nan are floats, but no column bound or Python literal can hold them.
        return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None
    if isinstance(value, (int, float, str)):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _parse_default(value: Any, field_spec: FieldSpec, enums: Mapping[str, tuple[str, ...]]) -> tuple[Any, str | None]:
    """The default converted to the field's Python type, or an error message."""
    kind = field_spec.type
    wrong = f"default {value!r} is not a valid {kind}"
    if kind in enums:
        if value not in enums[kind]:
            return (
                NO_DEFAULT,
                f"default {value!r} is not a value of enum {kind} ({_one_of(enums[kind])})",
            )
        return value, None
    if kind in STRING_TYPES:
        if not isinstance(value, str):
            return NO_DEFAULT, wrong
        if kind == "email" and not _EMAIL.match(value):
            return NO_DEFAULT, wrong
        if kind == "url" and not (urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc):
            return NO_DEFAULT, wrong
        return value, None
    if kind in NUMBER_TYPES:
        number = _number(value, kind)
        return (NO_DEFAULT, wrong) if number is None else (number, None)
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (NO_DEFAULT, wrong)
    parsers = {
        "date": (datetime.date, datetime.date.fromisoformat),
        "datetime": (datetime.datetime, datetime.datetime.fromisoformat),
        "time": (datetime.time, datetime.time.fromisoformat),
        "uuid": (uuid.UUID, uuid.UUID),
    }
    python_type, parse = parsers[kind]
    if kind == "date" and isinstance(value, datetime.datetime):
        return NO_DEFAULT, wrong
    if isinstance(value, str):
        try:
            value = parse(value)
        except ValueError:
            return NO_DEFAULT, wrong
    if isinstance(value, python_type):
        # Datetime columns hold UTC instants: a default written without an offset is read as UTC.
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value, None
    return NO_DEFAULT, wrong + (" (write times in quotes, e.g. '09:30')" if kind == "time" else "")


# The generated tests create three rows; a unique column needs at least that many values (and a real table more).
_MIN_UNIQUE_VALUES = 3


def _possible_values(spec: FieldSpec, enums: Mapping[str, tuple[str, ...]]) -> int | None:
    """How many distinct values the field can take, when that is a small, known number."""
    if spec.type == "bool":
        return 2
    if spec.type in enums:
        return len(enums[spec.type])
    if spec.type in ("int", "bigint") and spec.minimum is not None and spec.maximum is not None:
        return max(int(spec.maximum) - int(spec.minimum) + 1, 0)
    return None


def _check_default_bounds(spec: FieldSpec, place: str, problems: _Problems) -> None:
    value = spec.default
    if spec.type in STRING_TYPES and isinstance(value, str):
        if spec.max_length is not None and len(value) > spec.max_length:
            problems.add(place, f"default {value!r} is longer than max_length {spec.max_length}")
        if spec.min_length is not None and len(value) < spec.min_length:
            problems.add(place, f"default {value!r} is shorter than min_length {spec.min_length}")
        if spec.pattern is not None and not re.search(spec.pattern, value):
            problems.add(place, f"default {value!r} does not match pattern {spec.pattern!r}")
    if spec.type in NUMBER_TYPES:
        if spec.minimum is not None and value < spec.minimum:
            problems.add(place, f"default {value} is below min {spec.minimum}")
        if spec.maximum is not None and value > spec.maximum:
            problems.add(place, f"default {value} is above max {spec.maximum}")
    if spec.type == "decimal" and isinstance(value, Decimal) and spec.precision is not None:
        scale = spec.scale or 0
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        integer_digits = len(str(abs(int(value)))) if int(value) else 0
        if decimals > scale or integer_digits > spec.precision - scale:
            problems.add(place, f"default {value} does not fit NUMERIC({spec.precision}, {scale})")


def _parse_field(
    name: str,
    raw: Any,
    enums: Mapping[str, tuple[str, ...]],
    place: str,
    problems: _Problems,
) -> FieldSpec | None:
    if isinstance(raw, str):
        raw = {"type": raw}
    if not isinstance(raw, Mapping):
        problems.add(place, f"must be a type name or a mapping of options, not {raw!r}")
        return None
    _check_keys(raw, FIELD_OPTIONS, place, problems)
    kind = raw.get("type")
    known_types = list(SCALAR_TYPES) + list(enums)
    if kind is None:
        problems.add(place, f"'type' is required (one of {_one_of(known_types)})")
        return None
    if not isinstance(kind, str) or kind not in known_types:
        problems.add(f"{place}.type", f"unknown type {kind!r}{_suggest(str(kind), known_types)}")
        return None
    for option, types in _OPTION_TYPES.items():
        if option in raw and kind not in types:
            problems.add(
                f"{place}.{option}",
                f"does not apply to type {kind} (only to {_one_of(sorted(types))})",
            )
    if kind in UNCONSTRAINABLE_TYPES:
        for option in _NOT_FOR_UNCONSTRAINABLE:
            if option in raw:
                problems.add(f"{place}.{option}", f"does not apply to type {kind}")

    minimum = maximum = None
    for key in ("min", "max"):
        if key in raw and kind in NUMBER_TYPES:
            number = _number(raw[key], kind)
            if number is None:
                problems.add(f"{place}.{key}", f"must be a {kind} number, not {raw[key]!r}")
            elif key == "min":
                minimum = number
            else:
                maximum = number
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(place, f"min {minimum} is greater than max {maximum}")

    max_length = _non_negative_int(raw, "max_length", place, problems) if kind in STRING_TYPES else None
    min_length = _non_negative_int(raw, "min_length", place, problems) if kind in STRING_TYPES else None
    if max_length == 0:
        problems.add(f"{place}.max_length", "must be at least 1")
    if kind == "str" and max_length is None:
        max_length = DEFAULT_STR_MAX_LENGTH
    if min_length is not None and max_length is not None and min_length > max_length:
        problems.add(place, f"min_length {min_length} is greater than max_length {max_length}")

    precision = scale = None
    if kind == "decimal":
        precision = _non_negative_int(raw, "precision", place, problems)
        if precision == 0:
            problems.add(f"{place}.precision", "must be at least 1 (the number of digits NUMERIC keeps)")
        precision = precision or 12
        scale = _non_negative_int(raw, "scale", place, problems)
        scale = 2 if scale is None else scale
        if scale > precision:
            problems.add(place, f"scale {scale} must be between 0 and precision {precision}")

    pattern = _text(raw, "pattern", place, problems) if kind == "str" else None
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            problems.add(f"{place}.pattern", f"is not a valid regular expression ({error})")
            pattern = None
    if pattern is not None:
        # The generated tests need a few distinct matching values within the length bounds.
        try:
            valid_strings(pattern=pattern, min_length=min_length, max_length=max_length, seed=name, count=3)
        except SampleError as error:
            bounds = f"min_length {min_length or 0}, max_length {max_length}"
            problems.add(f"{place}.pattern", f"too few values of the allowed length ({bounds}) match it: {error}")

    spec = FieldSpec(
        name=name,
        type=kind,
        required=_bool(raw, "required", True, place, problems),
        unique=_bool(raw, "unique", False, place, problems),
        index=_bool(raw, "index", False, place, problems),
        max_length=max_length,
        min_length=min_length,
        minimum=minimum,
        maximum=maximum,
        precision=precision,
        scale=scale,
        pattern=pattern,
        searchable=_bool(raw, "searchable", False, place, problems),
        description=_text(raw, "description", place, problems),
        renamed_from=_renamed_from(raw, place, is_snake_case, "snake_case", problems),
    )
    possible = _possible_values(spec, enums)
    if spec.unique and possible is not None and possible < _MIN_UNIQUE_VALUES:
        problems.add(
            f"{place}.unique",
            f"a unique {kind} field has only {possible} possible value(s), so the table could hold only {possible} "
            "row(s); drop 'unique' or widen the field",
        )
    if "default" in raw and kind not in UNCONSTRAINABLE_TYPES:
        if raw["default"] is None:
            problems.add(f"{place}.default", "must be a value; leave it out for no default")
            return spec
        default, default_error = _parse_default(raw["default"], spec, enums)
        if default_error:
            problems.add(f"{place}.default", default_error)
            return spec
        spec = FieldSpec(**{**spec.__dict__, "default": default})
        _check_default_bounds(spec, f"{place}.default", problems)
    return spec


def _renamed_from(raw: Mapping[str, Any], place: str, check: Any, case: str, problems: _Problems) -> str | None:
    value = raw.get("renamed_from")
    if value is None:
        return None
    if not isinstance(value, str) or not check(value):
        problems.add(f"{place}.renamed_from", f"must be the previous {case} name, not {value!r}")
        return None
    return value


def _parse_relation(
    name: str,
    raw: Any,
    entity_names: list[str],
    owner: str,
    place: str,
    problems: _Problems,
) -> RelationSpec | None:
    if not isinstance(raw, Mapping):
        problems.add(place, f"must be a mapping with kind and target, not {raw!r}")
        return None
    _check_keys(raw, RELATION_OPTIONS, place, problems)
    kind, target = raw.get("kind"), raw.get("target")
    ok = True
    if kind not in RELATION_KINDS:
        hint = "; a one-to-many is the back_populates side of a many_to_one on the other entity"
        hint = hint if kind == "one_to_many" else ""
        problems.add(f"{place}.kind", f"must be one of {_one_of(RELATION_KINDS)}, not {kind!r}{hint}")
        ok = False
    if target not in entity_names:
        problems.add(
            f"{place}.target",
            f"unknown entity {target!r}{_suggest(str(target), entity_names)}",
        )
        ok = False
    if not ok:
        return None
    if kind == "many_to_many" and "required" in raw:
        problems.add(
            f"{place}.required",
            "does not apply to many_to_many (a list may always be empty)",
        )
    required = kind != "many_to_many" and _bool(raw, "required", True, place, problems)
    if required and target == owner:
        problems.add(
            place,
            "a required self reference can never be satisfied by the first row; add 'required: false'",
        )
    on_delete = raw.get("on_delete", "restrict" if required or kind == "many_to_many" else "set_null")
    if kind == "many_to_many" and on_delete == "restrict" and "on_delete" not in raw:
        on_delete = "cascade"
    if on_delete not in ON_DELETE_RULES:
        problems.add(
            f"{place}.on_delete",
            f"must be one of {_one_of(ON_DELETE_RULES)}, not {on_delete!r}",
        )
        on_delete = "restrict"
    elif on_delete == "set_null" and (required or kind == "many_to_many"):
        what = "many_to_many links" if kind == "many_to_many" else "a required relation"
        problems.add(
            f"{place}.on_delete",
            f"set_null cannot apply to {what}; use cascade or restrict",
        )
    back_populates = raw.get("back_populates")
    if back_populates is not None and (not isinstance(back_populates, str) or not is_snake_case(back_populates)):
        problems.add(
            f"{place}.back_populates",
            f"must be a snake_case name, not {back_populates!r}",
        )
        back_populates = None
    elif back_populates is not None and (reason := reserved_name_reason(back_populates)):
        problems.add(f"{place}.back_populates", f"'{back_populates}' cannot name an attribute: {reason}")
        back_populates = None
    return RelationSpec(
        name=name,
        kind=str(kind),
        target=str(target),
        required=required,
        back_populates=back_populates,
        on_delete=on_delete,
        renamed_from=_renamed_from(raw, place, is_snake_case, "snake_case", problems),
    )


def _parse_enums(raw: Any, problems: _Problems) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.add("enums", "must be a mapping of enum names to lists of values")
        return {}
    enums: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        place = f"enums.{name}"
        if not isinstance(name, str) or not is_pascal_case(name):
            problems.add(place, "enum names must be PascalCase identifiers (e.g. 'Genre')")
            continue
        if not isinstance(values, list) or not values:
            problems.add(place, "must be a non-empty list of values")
            enums[name] = ()  # still known, so that fields of this type report nothing more
            continue
        seen: set[str] = set()
        for value in values:
            if not isinstance(value, str) or not is_snake_case(value):
                problems.add(
                    place,
                    f"value {value!r} must be a snake_case identifier (e.g. 'non_fiction')",
                )
            elif value in seen:
                problems.add(place, f"value {value!r} is listed twice")
            seen.add(str(value))
        enums[name] = tuple(str(value) for value in values)
    return enums


def _parse_entity(
    name: str,
    raw: Any,
    enums: dict[str, tuple[str, ...]],
    entity_names: list[str],
    problems: _Problems,
) -> EntitySpec | None:
    place = f"entities.{name}"
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        problems.add(place, "must be a mapping of entity options (fields, relations, ...)")
        return None
    _check_keys(raw, ENTITY_OPTIONS, place, problems)
    snake = snake_case(name)
    # Names derived from a refused entity name are not reported again: only what the spec wrote itself.
    valid_name = is_pascal_case(name)
    table = raw.get("table", pluralize(snake))
    if (valid_name or "table" in raw) and (not isinstance(table, str) or not is_snake_case(table)):
        problems.add(f"{place}.table", f"must be a snake_case identifier, not {table!r}")
        table = pluralize(snake)
    path = raw.get("path", kebab_case(pluralize(snake)))
    if (valid_name or "path" in raw) and (not isinstance(path, str) or not is_path_segment(path)):
        problems.add(
            f"{place}.path",
            f"must be one lowercase kebab-case URL segment (e.g. 'book-tags'), not {path!r}",
        )
        path = kebab_case(pluralize(snake))
    if path in RESERVED_PATHS:
        problems.add(f"{place}.path", f"'{path}' is where the project serves its OpenAPI document; choose another path")
    primary_key = raw.get("primary_key", "uuid")
    if primary_key not in PRIMARY_KEYS:
        problems.add(
            f"{place}.primary_key",
            f"must be one of {_one_of(PRIMARY_KEYS)}, not {primary_key!r}",
        )
        primary_key = "uuid"

    fields: list[FieldSpec] = []
    raw_fields = raw.get("fields") or {}
    if not isinstance(raw_fields, Mapping):
        problems.add(f"{place}.fields", "must be a mapping of field names to types or options")
        raw_fields = {}
    for field_name, field_raw in raw_fields.items():
        field_place = f"{place}.fields.{field_name}"
        if not isinstance(field_name, str) or not is_snake_case(field_name):
            hint = f" (e.g. '{snake_case(field_name)}')" if isinstance(field_name, str) else ""
            problems.add(field_place, f"field names must be snake_case identifiers{hint}")
            continue
        parsed = _parse_field(field_name, field_raw, enums, field_place, problems)
        if parsed is not None:
            fields.append(parsed)

    relations: list[RelationSpec] = []
    raw_relations = raw.get("relations") or {}
    if not isinstance(raw_relations, Mapping):
        problems.add(f"{place}.relations", "must be a mapping of relation names to options")
        raw_relations = {}
    for relation_name, relation_raw in raw_relations.items():
        relation_place = f"{place}.relations.{relation_name}"
        if not isinstance(relation_name, str) or not is_snake_case(relation_name):
            problems.add(relation_place, "relation names must be snake_case identifiers")
            continue
        if reason := reserved_name_reason(relation_name):
            problems.add(relation_place, f"'{relation_name}' cannot name a relation: {reason}; choose another name")
            continue
        relation = _parse_relation(relation_name, relation_raw, entity_names, name, relation_place, problems)
        if relation is not None:
            relations.append(relation)

    return EntitySpec(
        name=name,
        table=table,
        path=path,
        primary_key=primary_key,
        audit=_bool(raw, "audit", True, place, problems),
        description=_text(raw, "description", place, problems),
        fields=tuple(fields),
        relations=tuple(relations),
        renamed_from=_renamed_from(raw, place, is_pascal_case, "PascalCase", problems),
    )


def _generated_columns(entity: EntitySpec) -> tuple[str, ...]:
    extra = _UUID_EXTRA_COLUMNS if entity.primary_key == "uuid" else ()
    audit = _AUDIT_COLUMNS if entity.audit else ()
    return _PRIMARY_KEY_COLUMNS + extra + audit


def _check_unique(names: list[tuple[str, str]], what: str, problems: _Problems) -> set[str]:
    """Report every (place, name) whose name was already taken by an earlier place; return those places."""
    first_place: dict[str, str] = {}
    reported = set()
    for place, name in names:
        if name in first_place:
            problems.add(place, f"{what} '{name}' collides with {first_place[name]}")
            reported.add(place)
        else:
            first_place[name] = place
    return reported


def _check_entity_names(spec: Spec, derived_class_suffixes: tuple[str, ...], problems: _Problems) -> None:
    enum_names = {enum.name for enum in spec.enums}
    colliding = _check_unique(
        [(f"entities.{e.name}", e.snake) for e in spec.entities],
        "normalised name",
        problems,
    )
    # Names derived from a colliding name collide too: one line about the name says it all.
    spec = Spec(
        enums=spec.enums,
        entities=tuple(e for e in spec.entities if f"entities.{e.name}" not in colliding),
    )
    _check_unique([(f"entities.{e.name}.path", e.path) for e in spec.entities], "path", problems)
    _check_unique(
        [(f"entities.{e.name}", pluralize(e.snake)) for e in spec.entities],
        "domain package name",
        problems,
    )
    sql_names = [(f"entities.{e.name}.table", e.table) for e in spec.entities]
    sql_names += [(f"enums.{enum.name}", snake_case(enum.name)) for enum in spec.enums]
    _check_unique(sql_names, "SQL name", problems)
    generated_classes = {f"{e.name}{suffix}": e.name for e in spec.entities for suffix in derived_class_suffixes}
    for place, name in [(f"entities.{e.name}", e.name) for e in spec.entities] + [
        (f"enums.{name}", name) for name in sorted(enum_names)
    ]:
        if name in GENERATED_MODULE_NAMES:
            problems.add(place, f"'{name}' is a name the generated code imports; choose another name")
    for entity in spec.entities:
        if entity.name in enum_names:
            problems.add(
                f"entities.{entity.name}",
                f"an entity and an enum are both named '{entity.name}'",
            )
    for name in [e.name for e in spec.entities] + sorted(enum_names):
        if name in generated_classes:
            owner = generated_classes[name]
            problems.add(
                f"entities.{name}" if name not in enum_names else f"enums.{name}",
                f"'{name}' is also the name of a class generated for entity {owner}; choose another name",
            )


def _check_attributes(spec: Spec, problems: _Problems) -> None:
    """Every attribute of an entity (fields, generated columns, relations, back references) is unique."""
    back_references: dict[str, list[tuple[str, str]]] = {e.name: [] for e in spec.entities}
    for entity in spec.entities:
        for relation in entity.relations:
            # A self reference named like its own back_populates is reported by _check_self_references.
            own_name = relation.target == entity.name and relation.back_populates == relation.name
            if relation.back_populates and relation.target in back_references and not own_name:
                place = f"entities.{entity.name}.relations.{relation.name}.back_populates"
                back_references[relation.target].append((place, relation.back_populates))
    for entity in spec.entities:
        place = f"entities.{entity.name}"
        names = [(f"{place} (generated column)", column) for column in _generated_columns(entity)]
        for relation in entity.relations:
            relation_place = f"{place}.relations.{relation.name}"
            names.append((relation_place, relation.name))
            names.append((f"{relation_place} (generated attribute)", relation.key_attr))
        names.extend(back_references[entity.name])
        # Fields come last so that the message names the field as the newcomer.
        names.extend((f"{place}.fields.{f.name}", f.name) for f in entity.fields)
        _check_unique(names, "name", problems)
        # Distinct snake_case names can still meet in camelCase (`a_1` and `a1`): the API would see one.
        distinct = list({name: (place, name) for place, name in reversed(names)}.values())
        _check_unique(
            [(place, camel_case(name)) for place, name in reversed(distinct)],
            "camelCase API name",
            problems,
        )


def _check_self_references(spec: Spec, problems: _Problems) -> None:
    for entity in spec.entities:
        for relation in entity.relations:
            if relation.back_populates and relation.target == entity.name and relation.back_populates == relation.name:
                problems.add(
                    f"entities.{entity.name}.relations.{relation.name}.back_populates",
                    "a self reference needs a back_populates name different from the relation's name",
                )


def _check_required_cycles(spec: Spec, problems: _Problems) -> None:
    """Rows of entities whose required relations form a cycle could never be inserted: the first needs the last."""
    required = {
        e.name: [r for r in e.relations if r.is_to_one and r.required and r.target != e.name] for e in spec.entities
    }
    done: set[str] = set()
    path: list[tuple[str, RelationSpec]] = []  # the relations followed from the entity the search started at

    def visit(name: str) -> None:
        # Depth-first search visiting each entity once; a relation back into the current path closes a cycle.
        for relation in required.get(name, []):
            on_path = [owner for owner, _ in path] + [name]
            if relation.target in on_path:
                cycle = [*path, (name, relation)][on_path.index(relation.target) :]
                owner, first = cycle[0]
                chain = " -> ".join(f"{o}.{r.name}" for o, r in cycle) + f" -> {relation.target}"
                problems.add(
                    f"entities.{owner}.relations.{first.name}",
                    f"required relations form a cycle ({chain}): no row could be inserted first; "
                    "make one of them 'required: false'",
                )
            elif relation.target not in done:
                path.append((name, relation))
                visit(relation.target)
                path.pop()
        done.add(name)

    for entity in spec.entities:
        if entity.name not in done:
            visit(entity.name)


def parse_spec(raw_entities: Any, raw_enums: Any, derived_class_suffixes: tuple[str, ...] = ()) -> Spec:
    """Validate the spec; raise SpecError listing every problem, one line each."""
    problems = _Problems()
    enums = _parse_enums(raw_enums, problems)
    if not isinstance(raw_entities, Mapping) or not raw_entities:
        problems.add(
            "entities",
            "must be a mapping with at least one entity (e.g. 'Author: {fields: ...}')",
        )
        raise SpecError(problems.lines)
    entity_names = [str(name) for name in raw_entities]
    entities: list[EntitySpec] = []
    for name, raw in raw_entities.items():
        if not isinstance(name, str) or not is_pascal_case(name):
            hint = f" (e.g. '{pascal_case_hint(name)}')" if is_pascal_case(pascal_case_hint(str(name))) else ""
            problems.add(f"entities.{name}", f"entity names must be PascalCase identifiers{hint}")
        # An entity with a bad name is still read, so that its other problems are reported too.
        entity = _parse_entity(str(name), raw, enums, entity_names, problems)
        if entity is not None and is_pascal_case(str(name)):
            entities.append(entity)
    spec = Spec(enums=tuple(EnumSpec(n, v) for n, v in enums.items()), entities=tuple(entities))
    _check_entity_names(spec, derived_class_suffixes, problems)
    _check_attributes(spec, problems)
    _check_self_references(spec, problems)
    _check_required_cycles(spec, problems)
    if problems.lines:
        raise SpecError(problems.lines)
    return spec


def pascal_case_hint(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", snake_case(name)) if part)
