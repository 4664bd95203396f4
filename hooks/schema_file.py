"""migrations/schema.json: the schema a project's migrations build, as versioned data.

Version 3 (this one) holds what the schema means: per column its type name (`string`, `numeric`, `enum`, ...), its
length, precision, scale or enum, nullability and default as values; per table its keys, constraints and indexes,
an index naming its columns (an index may span several: the one behind a list's default order). Python is only
written when a revision is rendered. Version 2 named one column per index (`"column"`). Version 1 held type
expressions (`"sa.String(length=120)"`) and fill values as Python source. Both are read and upgraded here, and the
next regeneration writes version 3, with no revision for what did not change.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from .schema import ColumnSchema, ForeignKeySchema, IndexSchema, JsonValue, Schema, TableSchema
from .sql_types import SQL_TYPE_NAMES, Check, SqlType, SqlTypeName

SCHEMA_FILE = "migrations/schema.json"
VERSION = 3
COMMENT = "The schema the migrations build, as regeneration compares it with entities.yml. Do not edit."


class SchemaFileError(ValueError):
    """migrations/schema.json cannot be read."""


# --- writing ---------------------------------------------------------------------------------------------------------


def _column(column: ColumnSchema) -> dict[str, Any]:
    data: dict[str, Any] = {"name": column.name, "key": column.key, "type": column.type.name}
    for option in ("length", "precision", "scale", "enum"):
        if getattr(column.type, option) is not None:
            data[option] = getattr(column.type, option)
    data["nullable"] = column.nullable
    if column.default is not None:
        data["default"] = column.default
    if column.default_now:
        data["default_now"] = True
    if column.autoincrement:
        data["autoincrement"] = True
    return data


def _table(table: TableSchema) -> dict[str, Any]:
    return {
        "name": table.name,
        "key": table.key,
        "columns": [_column(column) for column in table.columns],
        "primary_key": list(table.primary_key),
        "foreign_keys": [
            {"column": fk.column, "target_table": fk.target_table, "on_delete": fk.on_delete}
            for fk in table.foreign_keys
        ],
        "unique": list(table.unique),
        "indexes": [{"columns": list(index.columns), "unique": index.unique} for index in table.indexes],
        "checks": [
            {"name": c.name, "column": c.column, "operator": c.operator, "bound": c.bound} for c in table.checks
        ],
        "sequence": table.sequence,
    }


def dump_schema(schema: Schema) -> str:
    """The file's text: plain data, one key per line, stable across runs."""
    data = {
        "comment": COMMENT,
        "version": VERSION,
        "enums": {name: list(values) for name, values in schema.enums},
        "tables": [_table(table) for table in schema.tables],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# --- reading ---------------------------------------------------------------------------------------------------------


def _sql_type(data: dict[str, Any]) -> SqlType:
    name = data["type"]
    if name not in SQL_TYPE_NAMES:
        raise SchemaFileError(f"{SCHEMA_FILE}: unknown column type {name!r}")
    return SqlType(name, data.get("length"), data.get("precision"), data.get("scale"), data.get("enum"))


def _index(data: dict[str, Any]) -> IndexSchema:
    """An index of version 3, or of version 2 (one column)."""
    columns = tuple(data["columns"]) if "columns" in data else (data["column"],)
    return IndexSchema(columns, data["unique"])


def _read(data: dict[str, Any]) -> Schema:
    """Version 3 or 2: they differ only in how an index names its columns."""
    tables = []
    for raw in data["tables"]:
        columns = tuple(
            ColumnSchema(
                name=c["name"],
                type=_sql_type(c),
                nullable=c["nullable"],
                key=c["key"],
                default=c.get("default"),
                default_now=c.get("default_now", False),
                autoincrement=c.get("autoincrement", False),
            )
            for c in raw["columns"]
        )
        tables.append(
            TableSchema(
                name=raw["name"],
                key=raw["key"],
                columns=columns,
                primary_key=tuple(raw["primary_key"]),
                foreign_keys=tuple(ForeignKeySchema(**fk) for fk in raw["foreign_keys"]),
                unique=tuple(raw["unique"]),
                indexes=tuple(_index(index) for index in raw["indexes"]),
                checks=tuple(Check(c["name"], c["column"], c["operator"], c["bound"]) for c in raw["checks"]),
                sequence=raw["sequence"],
            )
        )
    return Schema(tuple(tables), tuple((name, tuple(values)) for name, values in data["enums"].items()))


# Version 1 wrote these type expressions, and only these.
_V1_STRING = re.compile(r"^sa\.String\(length=(\d+)\)$")
_V1_NUMERIC = re.compile(r"^sa\.Numeric\(precision=(\d+), scale=(\d+)\)$")
_V1_PLAIN: dict[str, SqlTypeName] = {
    "sa.Text()": "text",
    "sa.Integer()": "integer",
    "sa.BigInteger()": "bigint",
    'sa.BigInteger().with_variant(sa.Integer(), "sqlite")': "bigint",
    "sa.Float()": "float",
    "sa.Boolean()": "boolean",
    "sa.Date()": "date",
    "DateTimeUTC(timezone=True)": "datetime",
    "sa.Time()": "time",
    "GUID(length=16)": "uuid",
    "JsonB": "json",
    "sa.LargeBinary()": "binary",
}
_V1_CALL = re.compile(r"^(Decimal|UUID|datetime\.(?:date|datetime|time)\.fromisoformat)\((.+)\)$")


def _v1_type(column: dict[str, Any]) -> SqlType:
    expr = column["type_expr"]
    if column.get("enum"):
        return SqlType("enum", enum=column["enum"])
    if expr in _V1_PLAIN:
        return SqlType(_V1_PLAIN[expr])
    if found := _V1_STRING.match(expr):
        return SqlType("string", length=int(found[1]))
    if found := _V1_NUMERIC.match(expr):
        return SqlType("numeric", precision=int(found[1]), scale=int(found[2]))
    raise SchemaFileError(f"{SCHEMA_FILE}: unknown version 1 column type {expr!r}")


def _v1_default(backfill: str | None) -> tuple[JsonValue | None, bool]:
    """(default, default_now) of a version 1 fill value, which was Python source."""
    if backfill is None:
        return None, False
    if backfill == "sa.func.current_timestamp()":
        return None, True
    found = _V1_CALL.match(backfill)
    value = ast.literal_eval(found[2] if found else backfill)
    if not isinstance(value, str | int | float | bool):
        raise SchemaFileError(f"{SCHEMA_FILE}: unknown version 1 fill value {backfill!r}")
    return value, False


def _upgrade_v1(data: dict[str, Any]) -> Schema:
    tables = []
    for raw in data["tables"]:
        columns = []
        for c in raw["columns"]:
            default, default_now = _v1_default(c.get("backfill"))
            sql_type = _v1_type(c)
            autoincrement = c["type_expr"].endswith('.with_variant(sa.Integer(), "sqlite")')
            columns.append(
                ColumnSchema(c["name"], sql_type, c["nullable"], c["key"], default, default_now, autoincrement)
            )
        checks = []
        for name, sql in raw["checks"]:
            found = re.match(r'^"(.+)" (>=|<=) (.+)$', sql)
            if not found:
                raise SchemaFileError(f"{SCHEMA_FILE}: unknown version 1 check {sql!r}")
            # The bound as its text: checks are compared by their SQL, which is the same for 0 and "0".
            checks.append(Check(name, found[1], ">=" if found[2] == ">=" else "<=", found[3]))
        tables.append(
            TableSchema(
                name=raw["name"],
                key=raw["key"],
                columns=tuple(columns),
                primary_key=tuple(raw["primary_key"]),
                foreign_keys=tuple(ForeignKeySchema(**fk) for fk in raw["foreign_keys"]),
                unique=tuple(raw["unique"]),
                indexes=tuple(IndexSchema((column,), unique) for column, unique in raw["indexes"]),
                checks=tuple(checks),
                sequence=raw["sequence"],
            )
        )
    return Schema(tuple(tables), tuple((name, tuple(values)) for name, values in data["enums"].items()))


def load_schema(text: str) -> Schema:
    """The schema of a schema.json of any version this template knows."""
    try:
        data = json.loads(text)
        version = data.get("version", 1)
        if version == 1:
            return _upgrade_v1(data)
        if version in (2, VERSION):
            return _read(data)
    except (KeyError, TypeError, ValueError, SyntaxError) as error:
        if isinstance(error, SchemaFileError):
            raise
        raise SchemaFileError(f"{SCHEMA_FILE}: cannot be read ({error}); restore it from git") from None
    raise SchemaFileError(f"{SCHEMA_FILE}: version {version} is newer than this template reads; update the template")
