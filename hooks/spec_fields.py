"""Reading one field of the spec: its type, the options that apply to it, a default of its type within its bounds."""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from .cases import is_snake_case
from .samples import SampleError, valid_strings
from .spec_model import (
    DEFAULT_PRECISION,
    DEFAULT_SCALE,
    DEFAULT_STR_MAX_LENGTH,
    INTEGER_TYPES,
    NUMBER_TYPES,
    SCALAR_TYPES,
    STRING_TYPES,
    UNCONSTRAINABLE_TYPES,
    DefaultValue,
    FieldSpec,
    FieldType,
    Number,
)
from .spec_reading import Problems, check_keys, one_of, read_bool, read_count, read_name, read_text, suggest

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
# Which options make sense for which field types; an option outside its set is refused.
OPTION_TYPES: dict[str, frozenset[FieldType]] = {
    "max_length": STRING_TYPES,
    "min_length": STRING_TYPES,
    "min": NUMBER_TYPES,
    "max": NUMBER_TYPES,
    "precision": frozenset({"decimal"}),
    "scale": frozenset({"decimal"}),
    "pattern": frozenset({"str"}),
    "searchable": STRING_TYPES,
}
NOT_FOR_UNCONSTRAINABLE = ("unique", "index", "default")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The generated tests create three rows; a unique column needs at least that many values (and a real table more).
MIN_UNIQUE_VALUES = 3
_TEMPORAL_PARSERS: dict[FieldType, tuple[type, Callable[[str], DefaultValue]]] = {
    "date": (datetime.date, datetime.date.fromisoformat),
    "datetime": (datetime.datetime, datetime.datetime.fromisoformat),
    "time": (datetime.time, datetime.time.fromisoformat),
    "uuid": (uuid.UUID, uuid.UUID),
}


def as_number(value: Any, field_type: FieldType) -> Number | None:
    """The value as the field's Python number type, or None if it is not one."""
    if isinstance(value, bool):
        return None
    if field_type in INTEGER_TYPES:
        return value if isinstance(value, int) else None
    if field_type == "float":
        # YAML's .inf and .nan are floats, but no column bound or Python literal can hold them.
        return float(value) if isinstance(value, int | float) and math.isfinite(value) else None
    if isinstance(value, int | float | str):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _field_type(raw: Mapping[str, Any], enums: Mapping[str, tuple[str, ...]], place: str, problems: Problems) -> Any:
    kind = raw.get("type")
    known_types = [*SCALAR_TYPES, *enums]
    if kind is None:
        problems.add(place, f"'type' is required (one of {one_of(known_types)})")
        return None
    if not isinstance(kind, str) or kind not in known_types or kind == "enum":
        problems.add(f"{place}.type", f"unknown type {kind!r}{suggest(str(kind), known_types)}")
        return None
    return kind


def _check_options_apply(raw: Mapping[str, Any], kind: FieldType, shown: str, place: str, problems: Problems) -> None:
    """Options that do not apply to the field's type; `shown` is the type as the spec names it (an enum's name)."""
    for option, types in OPTION_TYPES.items():
        if option in raw and kind not in types:
            problems.add(f"{place}.{option}", f"does not apply to type {shown} (only to {one_of(sorted(types))})")
    if kind in UNCONSTRAINABLE_TYPES:
        for option in NOT_FOR_UNCONSTRAINABLE:
            if option in raw:
                problems.add(f"{place}.{option}", f"does not apply to type {shown}")


def _bounds(raw: Mapping[str, Any], kind: FieldType, place: str, problems: Problems) -> dict[str, Any]:
    bounds: dict[str, Number | None] = {"minimum": None, "maximum": None}
    if kind not in NUMBER_TYPES:
        return bounds
    for key, attribute in (("min", "minimum"), ("max", "maximum")):
        if key in raw:
            number = as_number(raw[key], kind)
            if number is None:
                problems.add(f"{place}.{key}", f"must be a {kind} number, not {raw[key]!r}")
            bounds[attribute] = number
    minimum, maximum = bounds["minimum"], bounds["maximum"]
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(place, f"min {minimum} is greater than max {maximum}")
    return bounds


def _lengths(raw: Mapping[str, Any], kind: FieldType, place: str, problems: Problems) -> dict[str, Any]:
    if kind not in STRING_TYPES:
        return {"max_length": None, "min_length": None}
    max_length = read_count(raw, "max_length", place, problems)
    min_length = read_count(raw, "min_length", place, problems)
    if max_length == 0:
        problems.add(f"{place}.max_length", "must be at least 1")
    if kind == "str" and max_length is None:
        max_length = DEFAULT_STR_MAX_LENGTH
    if min_length is not None and max_length is not None and min_length > max_length:
        problems.add(place, f"min_length {min_length} is greater than max_length {max_length}")
    return {"max_length": max_length, "min_length": min_length}


def _digits(raw: Mapping[str, Any], kind: FieldType, place: str, problems: Problems) -> dict[str, Any]:
    if kind != "decimal":
        return {"precision": None, "scale": None}
    precision = read_count(raw, "precision", place, problems)
    if precision == 0:
        problems.add(f"{place}.precision", "must be at least 1 (the number of digits NUMERIC keeps)")
    precision = precision or DEFAULT_PRECISION
    scale = read_count(raw, "scale", place, problems)
    scale = DEFAULT_SCALE if scale is None else scale
    if scale > precision:
        problems.add(place, f"scale {scale} must be between 0 and precision {precision}")
    return {"precision": precision, "scale": scale}


def _pattern(raw: Mapping[str, Any], name: str, lengths: dict[str, Any], place: str, problems: Problems) -> str | None:
    pattern = read_text(raw, "pattern", place, problems) if raw.get("type") == "str" else None
    if pattern is None:
        return None
    try:
        re.compile(pattern)
    except re.error as error:
        problems.add(f"{place}.pattern", f"is not a valid regular expression ({error})")
        return None
    # The generated tests need a few distinct matching values within the length bounds.
    try:
        valid_strings(pattern=pattern, **lengths, seed=name, count=MIN_UNIQUE_VALUES)
    except SampleError as error:
        bounds = f"min_length {lengths['min_length'] or 0}, max_length {lengths['max_length']}"
        problems.add(f"{place}.pattern", f"too few values of the allowed length ({bounds}) match it: {error}")
    return pattern


def possible_values(spec: FieldSpec, enums: Mapping[str, tuple[str, ...]]) -> int | None:
    """How many distinct values the field can take, when that is a small, known number."""
    if spec.type == "bool":
        return 2
    if spec.enum is not None:
        return len(enums[spec.enum])
    if spec.type in INTEGER_TYPES and spec.minimum is not None and spec.maximum is not None:
        return max(int(spec.maximum) - int(spec.minimum) + 1, 0)
    return None


def parse_default(
    value: Any, spec: FieldSpec, enums: Mapping[str, tuple[str, ...]]
) -> tuple[DefaultValue | None, str | None]:
    """(the default as the field's Python value, None), or (None, what is wrong with it)."""
    kind = spec.type
    wrong = f"default {value!r} is not a valid {kind}"
    if spec.enum is not None:
        values = enums[spec.enum]
        if value not in values:
            return None, f"default {value!r} is not a value of enum {spec.enum} ({one_of(values)})"
        return str(value), None
    if kind in STRING_TYPES:
        if not isinstance(value, str):
            return None, wrong
        if kind == "email" and not _EMAIL.match(value):
            return None, wrong
        if kind == "url" and not (urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc):
            return None, wrong
        return value, None
    if kind in NUMBER_TYPES:
        number = as_number(value, kind)
        return (None, wrong) if number is None else (number, None)
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, wrong)
    return _temporal_default(value, kind, wrong)


def _temporal_default(value: Any, kind: FieldType, wrong: str) -> tuple[DefaultValue | None, str | None]:
    python_type, parse = _TEMPORAL_PARSERS[kind]
    if kind == "date" and isinstance(value, datetime.datetime):
        return None, wrong
    if isinstance(value, str):
        try:
            value = parse(value)
        except ValueError:
            return None, wrong
    if not isinstance(value, python_type):
        return None, wrong + (" (write times in quotes, e.g. '09:30')" if kind == "time" else "")
    # Datetime columns hold UTC instants: a default written without an offset is read as UTC.
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    parsed: DefaultValue = value
    return parsed, None


def check_default_bounds(spec: FieldSpec, place: str, problems: Problems) -> None:
    value = spec.default
    if spec.type in STRING_TYPES and isinstance(value, str):
        if spec.max_length is not None and len(value) > spec.max_length:
            problems.add(place, f"default {value!r} is longer than max_length {spec.max_length}")
        if spec.min_length is not None and len(value) < spec.min_length:
            problems.add(place, f"default {value!r} is shorter than min_length {spec.min_length}")
        if spec.pattern is not None and not re.search(spec.pattern, value):
            problems.add(place, f"default {value!r} does not match pattern {spec.pattern!r}")
    if spec.type in NUMBER_TYPES and isinstance(value, int | float | Decimal):
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


def _with_default(
    spec: FieldSpec, raw: Mapping[str, Any], enums: Mapping[str, tuple[str, ...]], place: str, problems: Problems
) -> FieldSpec:
    if "default" not in raw or spec.type in UNCONSTRAINABLE_TYPES:
        return spec
    if raw["default"] is None:
        problems.add(f"{place}.default", "must be a value; leave it out for no default")
        return spec
    default, wrong = parse_default(raw["default"], spec, enums)
    if wrong is not None:
        problems.add(f"{place}.default", wrong)
        return spec
    spec = replace(spec, default=default)
    check_default_bounds(spec, f"{place}.default", problems)
    return spec


def parse_field(
    name: str, raw: Any, enums: Mapping[str, tuple[str, ...]], place: str, problems: Problems
) -> FieldSpec | None:
    """The field `name` of an entity, or None when it cannot be read at all (every problem is reported)."""
    if isinstance(raw, str):
        raw = {"type": raw}
    if not isinstance(raw, Mapping):
        problems.add(place, f"must be a type name or a mapping of options, not {raw!r}")
        return None
    check_keys(raw, FIELD_OPTIONS, place, problems)
    declared = _field_type(raw, enums, place, problems)
    if declared is None:
        return None
    kind: FieldType = "enum" if declared in enums else declared
    _check_options_apply(raw, kind, declared, place, problems)
    lengths = _lengths(raw, kind, place, problems)
    spec = FieldSpec(
        name=name,
        type=kind,
        enum=declared if kind == "enum" else None,
        required=read_bool(raw, "required", True, place, problems),
        unique=read_bool(raw, "unique", False, place, problems),
        index=read_bool(raw, "index", False, place, problems),
        **lengths,
        **_bounds(raw, kind, place, problems),
        **_digits(raw, kind, place, problems),
        pattern=_pattern(raw, name, lengths, place, problems),
        searchable=read_bool(raw, "searchable", False, place, problems),
        description=read_text(raw, "description", place, problems),
        renamed_from=read_name(raw, "renamed_from", is_snake_case, "the previous snake_case name", place, problems),
    )
    possible = possible_values(spec, enums)
    if spec.unique and possible is not None and possible < MIN_UNIQUE_VALUES:
        problems.add(
            f"{place}.unique",
            f"a unique {declared} field has only {possible} possible value(s), so the table could hold only "
            f"{possible} row(s); drop 'unique' or widen the field",
        )
    return _with_default(spec, raw, enums, place, problems)
