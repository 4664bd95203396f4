"""Values the generated tests send: three valid values per field (distinct where the bounds allow, so that unique
columns take them) and the invalid ones the API must refuse with a 400 naming the field."""

from __future__ import annotations

import base64
import decimal
import uuid
from typing import Any

from .code import py
from .samples import SampleError, invalid_pattern_string, valid_strings
from .spec_model import DEFAULT_PRECISION, NUMBER_TYPES, STRING_TYPES, FieldSpec
from .sql_types import INTEGER_RANGES, field_type

SAMPLE_COUNT = 3
_FORMATS = {"email": "not-an-email", "url": "not a url", "uuid": "not-a-uuid", "date": "not-a-date"}
# Values JSON can carry that the field's type cannot take: a number where text is the only form (a decimal, a time),
# the NUL character PostgreSQL cannot store (in a json field's keys and nested texts too), a JSON value nested deeper
# than the limit (tests/crud.py).
_HOSTILE = {
    "str": [py("\x00")],
    "text": [py("nul \x00")],
    "decimal": ["1.5"],
    "date": ["20240101"],
    "datetime": ["1704067200"],
    "time": ["3600"],
    "json": ["TOO_DEEP_JSON", py({"nul \x00": "in a key"}), py({"texts": ["nul \x00 in a nested text"]})],
}


def _number_samples(spec: FieldSpec) -> list[Any]:
    """Three numbers spread over the field's bounds (and its NUMERIC digits): distinct whenever the bounds allow."""
    last = SAMPLE_COUNT - 1
    low = spec.minimum if spec.minimum is not None else 1
    if spec.type == "decimal":
        step = decimal.Decimal(1).scaleb(-(spec.scale or 0))
        largest = decimal.Decimal(10) ** ((spec.precision or DEFAULT_PRECISION) - (spec.scale or 0)) - step
        start = decimal.Decimal(str(low)).quantize(step, rounding=decimal.ROUND_CEILING)
        end = start + step * 202 if spec.maximum is None else decimal.Decimal(str(spec.maximum))
        end = min(end, largest).quantize(step, rounding=decimal.ROUND_FLOOR)
        return [
            str(start + ((end - start) * index / last).quantize(step, rounding=decimal.ROUND_FLOOR))
            for index in range(SAMPLE_COUNT)
        ]
    if spec.type == "float":
        end_float = float(spec.maximum) if spec.maximum is not None else float(low) + 3.0
        return [float(low) + (end_float - float(low)) * index / last for index in range(SAMPLE_COUNT)]
    end_int = int(spec.maximum) if spec.maximum is not None else int(low) + last
    return [int(low) + (end_int - int(low)) * index // last for index in range(SAMPLE_COUNT)]


def field_strings(spec: FieldSpec, count: int) -> list[str]:
    """`count` distinct texts the field takes (its pattern and lengths), the same on every run."""
    return valid_strings(
        pattern=spec.pattern,
        min_length=spec.min_length,
        max_length=spec.max_length,
        seed=spec.name.replace("_", "-"),
        count=count,
    )


def samples(spec: FieldSpec, enum_values: tuple[str, ...]) -> list[Any]:
    """JSON values a client could send; distinct per row so that unique columns accept them."""
    rows = range(SAMPLE_COUNT)
    if spec.type == "enum":
        return [enum_values[index % len(enum_values)] for index in rows]
    if spec.type in ("str", "text"):
        return field_strings(spec, SAMPLE_COUNT)
    if spec.type == "email":
        return [f"user{index + 1}@example.com" for index in rows]
    if spec.type == "url":
        return [f"https://example.com/{index + 1}" for index in rows]
    if spec.type in NUMBER_TYPES:
        return _number_samples(spec)
    fixed: dict[str, list[Any]] = {
        "bool": [True, False, True],
        "date": [f"2024-01-0{index + 1}" for index in rows],
        "datetime": [f"2024-01-0{index + 1}T10:00:00Z" for index in rows],
        "time": [f"09:3{index}:00" for index in rows],
        "uuid": [str(uuid.UUID(int=index + 1)) for index in rows],
        "json": [{"key": f"value-{index + 1}"} for index in rows],
        "bytes": [base64.b64encode(f"bytes-{index + 1}".encode()).decode() for index in rows],
    }
    return fixed[spec.type]


def bad_values(spec: FieldSpec) -> list[str]:
    """Python expressions of values the API must refuse for the field, each with a 400 naming it."""
    bad: list[str] = []
    if spec.type in STRING_TYPES:
        if spec.max_length is not None:
            bad.append(f'"x" * {spec.max_length + 1}')
        if spec.min_length:
            bad.append(f'"x" * {spec.min_length - 1}' if spec.min_length > 1 else '""')
        if spec.pattern is not None:
            wrong = invalid_pattern_string(pattern=spec.pattern, min_length=spec.min_length, max_length=spec.max_length)
            if wrong is not None:
                bad.append(py(wrong))
    if spec.type in NUMBER_TYPES:
        for bound, step in ((spec.minimum, -1), (spec.maximum, 1)):
            if bound is not None:
                beyond = bound + step
                bad.append(py(str(beyond) if spec.type == "decimal" else beyond))
    if spec.type in ("int", "bigint"):
        # One past what the column holds, where the field's own bounds do not already say less.
        low, high = INTEGER_RANGES[field_type(spec).name]
        bad += [py(high + 1)] if spec.maximum is None or spec.maximum >= high else []
        bad += [py(low - 1)] if spec.minimum is None or spec.minimum <= low else []
    if spec.type in _FORMATS:
        bad.append(py(_FORMATS[spec.type]))
    bad += _HOSTILE.get(spec.type, [])
    if spec.type == "enum":
        bad.append(py("not_a_value"))
    return bad


def field_values(spec: FieldSpec, entity: str, enum_values: tuple[str, ...]) -> tuple[list[Any], list[str]]:
    """(samples, bad values) of a field; a SampleError names the field."""
    try:
        return samples(spec, enum_values), bad_values(spec)
    except SampleError as error:
        raise SampleError(f"entities.{entity}.fields.{spec.name}: {error}") from error
