"""Column types as data (what migrations/schema.json stores) and as the SQLAlchemy expressions models and migrations
write for them: one table maps each to the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from .cases import snake_case
from .spec_model import DEFAULT_PRECISION, DEFAULT_SCALE, FieldSpec, FieldType, Number, PrimaryKey

SqlTypeName = Literal[
    "string",
    "text",
    "integer",
    "bigint",
    "float",
    "numeric",
    "boolean",
    "date",
    "datetime",
    "time",
    "uuid",
    "json",
    "binary",
    "enum",
]
SQL_TYPE_NAMES: tuple[SqlTypeName, ...] = get_args(SqlTypeName)


@dataclass(frozen=True)
class SqlType:
    """A column's type: its name, and its length, digits or enum type where it has them."""

    name: SqlTypeName
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    enum: str | None = None  # the SQL name of the enum type


# The values the integer columns hold (32 and 64 bits), by type.
INTEGER_RANGES: dict[SqlTypeName, tuple[int, int]] = {"integer": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}
# Column length of the string types without a max_length of their own.
DEFAULT_LENGTHS: dict[FieldType, int] = {"email": 320, "url": 2083}
_FIELD_TYPES: dict[FieldType, SqlTypeName] = {
    "str": "string",
    "email": "string",
    "url": "string",
    "text": "text",
    "int": "integer",
    "bigint": "bigint",
    "float": "float",
    "decimal": "numeric",
    "bool": "boolean",
    "date": "date",
    "datetime": "datetime",
    "time": "time",
    "uuid": "uuid",
    "json": "json",
    "bytes": "binary",
    "enum": "enum",
}
# (SQLAlchemy class, the module it comes from, its constructor's arguments: None for a type used as an instance).
_SQLALCHEMY: dict[SqlTypeName, tuple[str, str, str | None]] = {
    "string": ("String", "sqlalchemy", "length={length}"),
    "text": ("Text", "sqlalchemy", ""),
    "integer": ("Integer", "sqlalchemy", ""),
    "bigint": ("BigInteger", "sqlalchemy", ""),
    "float": ("Float", "sqlalchemy", ""),
    "numeric": ("Numeric", "sqlalchemy", "precision={precision}, scale={scale}"),
    "boolean": ("Boolean", "sqlalchemy", ""),
    "date": ("Date", "sqlalchemy", ""),
    "datetime": ("DateTimeUTC", "advanced_alchemy.types", "timezone=True"),
    "time": ("Time", "sqlalchemy", ""),
    "uuid": ("GUID", "advanced_alchemy.types", "length=16"),
    "json": ("JsonB", "advanced_alchemy.types", None),
    "binary": ("LargeBinary", "sqlalchemy", ""),
    "enum": ("Enum", "sqlalchemy", ""),
}
ADVANCED_ALCHEMY_TYPES = tuple(sorted(c for c, module, _ in _SQLALCHEMY.values() if module != "sqlalchemy"))


def field_type(spec: FieldSpec) -> SqlType:
    """The column type of a field."""
    name = _FIELD_TYPES[spec.type]
    if name == "string":
        return SqlType(name, length=spec.max_length or DEFAULT_LENGTHS[spec.type])
    if name == "numeric":
        return SqlType(
            name,
            precision=spec.precision or DEFAULT_PRECISION,
            scale=DEFAULT_SCALE if spec.scale is None else spec.scale,
        )
    if name == "enum":
        if spec.enum is None:
            raise ValueError(f"field {spec.name} is of type enum but names no enum")
        return SqlType(name, enum=snake_case(spec.enum))
    return SqlType(name)


def key_type(primary_key: PrimaryKey) -> SqlType:
    """The type of an id column, and of the foreign keys that point at it."""
    return SqlType("uuid" if primary_key == "uuid" else "bigint")


def sqlalchemy_class(sql_type: SqlType) -> tuple[str, str]:
    """(class, module) of the SQLAlchemy or Advanced Alchemy type."""
    name, module, _ = _SQLALCHEMY[sql_type.name]
    return name, module


def expression(sql_type: SqlType, *, qualified: bool) -> str:
    """The type as Python: `String(length=120)` in a model; with `qualified`, `sa.String(length=120)` as migrations
    write SQLAlchemy's own types. An enum's expression is only its class: its values are the caller's."""
    name, module, arguments = _SQLALCHEMY[sql_type.name]
    prefix = "sa." if qualified and module == "sqlalchemy" else ""
    if arguments is None:
        return prefix + name
    values = {"length": sql_type.length, "precision": sql_type.precision, "scale": sql_type.scale}
    return f"{prefix}{name}({arguments.format(**values)})"


@dataclass(frozen=True)
class Check:
    """A CHECK constraint for a field's `min` or `max`: `"price" >= 0`."""

    name: str  # `price_min`; the constraint's own name adds the naming convention's prefix
    column: str
    operator: Literal[">=", "<="]
    bound: int | float | str  # a decimal bound is kept as its text

    @property
    def sql(self) -> str:
        return f'"{self.column}" {self.operator} {self.bound}'


def field_checks(spec: FieldSpec) -> tuple[Check, ...]:
    bounds: tuple[tuple[str, Literal[">=", "<="], Number | None], ...] = (
        ("min", ">=", spec.minimum),
        ("max", "<=", spec.maximum),
    )
    return tuple(
        Check(f"{spec.name}_{suffix}", spec.name, operator, bound if isinstance(bound, int | float) else str(bound))
        for suffix, operator, bound in bounds
        if bound is not None
    )
