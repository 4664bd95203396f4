"""Alembic operations as Python, written from the schema's data (schema.py): the initial migration creates every
table, and regenerated revisions (revision.py) use the same pieces. Statements come at the indentation of a
function body's first line, as the migration templates place them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .code import INDENT, Imports, argument, call, py, pystr
from .schema import ColumnSchema, ForeignKeySchema, TableSchema, forward_references
from .sql_types import ADVANCED_ALCHEMY_TYPES, expression

# Advanced Alchemy declares bigint keys with a Sequence; Alembic creates tables, not sequences.
IF_SEQUENCES = "if op.get_bind().dialect.supports_sequences:"
# Rows that exist when audit columns are added get the time of the migration.
NOW = "sa.func.current_timestamp()"
# The Python that turns a default's JSON text back into its value, by column type.
_FROM_TEXT = {
    "numeric": "Decimal",
    "date": "datetime.date.fromisoformat",
    "datetime": "datetime.datetime.fromisoformat",
    "time": "datetime.time.fromisoformat",
    "uuid": "UUID",
}

TypeWriter = Callable[[ColumnSchema, Mapping[str, tuple[str, ...]], int], str]


def column_type(column: ColumnSchema, enums: Mapping[str, tuple[str, ...]], indent: int) -> str:
    """The column's type in the initial migration, wrapped as ruff would where it is one argument of an exploded call
    at `indent`: an enum type is created with its table."""
    if column.type.enum:
        values = [*(pystr(v) for v in enums[column.type.enum]), f"name={pystr(column.type.enum)}"]
        return argument(indent, "sa.Enum", values).lstrip()
    return _plain_type(column)


def revision_column_type(column: ColumnSchema, enums: Mapping[str, tuple[str, ...]], indent: int) -> str:
    """The column's type in a regenerated revision: an enum type is created (or changed) by the revision's first
    statements, so columns only name it."""
    if column.type.enum:
        values = [*(pystr(v) for v in enums[column.type.enum]), f"name={pystr(column.type.enum)}", "create_type=False"]
        return call(indent, "postgresql.ENUM", values).lstrip()
    return _plain_type(column)


def _plain_type(column: ColumnSchema) -> str:
    text = expression(column.type, qualified=True)
    # SQLite numbers rows by themselves only in an INTEGER PRIMARY KEY.
    return f'{text}.with_variant(sa.Integer(), "sqlite")' if column.autoincrement else text


def fill_value(column: ColumnSchema) -> str | None:
    """The Python value that fills existing rows when the column becomes NOT NULL, if it has one."""
    if column.default_now:
        return NOW
    value: Any = column.default
    if value is None:
        return None
    if column.type.name in _FROM_TEXT and isinstance(value, str):
        return f"{_FROM_TEXT[column.type.name]}({pystr(value)})"
    return py(value)


def final_name(indent: int, name: str, keyword: str = "") -> str:
    """`op.f("name")`, a name SQLAlchemy takes as final (past PostgreSQL's 63 characters it shortens it as it shortens
    the models' names), as an argument at `indent`: split where it is too long for a line, as ruff keeps it."""
    return argument(indent, f"{keyword}op.f", [pystr(name)])


def render_create(
    table: TableSchema,
    enums: Mapping[str, tuple[str, ...]],
    type_of: TypeWriter = column_type,
    later: frozenset[str] = frozenset(),
) -> list[str]:
    """The statements that create the table, its sequence and its indexes; `type_of` writes a column's type. The
    foreign keys of the columns in `later` are left out: `render_creates` adds them once their target exists."""
    statements = []
    if table.sequence:
        sequence = f"sa.Sequence({pystr(table.sequence)})"
        statements.append(f"{IF_SEQUENCES}\n{INDENT * 2}op.execute(sa.schema.CreateSequence({sequence}))")
    # Each column is an argument of op.create_table(...), its type an argument of sa.Column(...): indent 3.
    items = [
        call(2, "sa.Column", [pystr(c.name), type_of(c, enums, 3), f"nullable={c.nullable}"], ",")
        for c in table.columns
    ]
    for fk in (fk for fk in table.foreign_keys if fk.column not in later):
        name = table.foreign_key_name(fk)
        args = [f"[{pystr(fk.column)}]", f"[{pystr(fk.target_table + '.id')}]", final_name(3, name, "name=")]
        items.append(call(2, "sa.ForeignKeyConstraint", [*args, f"ondelete={pystr(fk.on_delete)}"], ","))
    for check in table.checks:
        name = final_name(3, table.check_name(check.name), "name=")
        items.append(call(2, "sa.CheckConstraint", [pystr(check.sql), name], ","))
    pk_args = [pystr(c) for c in table.primary_key] + [final_name(3, "pk_" + table.name, "name=")]
    items.append(call(2, "sa.PrimaryKeyConstraint", pk_args, ","))
    for column in table.unique:
        name = final_name(3, table.unique_name(column), "name=")
        items.append(call(2, "sa.UniqueConstraint", [pystr(column), name], ","))
    statements.append(
        f"{INDENT}op.create_table(\n{INDENT * 2}{pystr(table.name)},\n" + "\n".join(items) + f"\n{INDENT})"
    )
    for index in table.indexes:
        name = final_name(2, table.index_name(index))
        columns = "[" + ", ".join(pystr(column) for column in index.columns) + "]"
        statements.append(call(1, "op.create_index", [name, pystr(table.name), columns, f"unique={index.unique}"]))
    return [s.removeprefix(INDENT) for s in statements]


def in_batch(table: str, statements: list[str]) -> str:
    """`with op.batch_alter_table(...)` around statements at indent 2 (SQLite rebuilds the table; others alter it)."""
    body = "\n".join(s if s.startswith(INDENT * 2) else INDENT * 2 + s for s in statements)
    return f"with op.batch_alter_table({pystr(table)}) as batch_op:\n{body}"


def create_foreign_key(name: str, column: str, target_table: str, on_delete: str) -> str:
    """`batch_op.create_foreign_key(...)` of the key named `name` from `column` to `target_table`'s id."""
    args = [final_name(3, name), pystr(target_table), f"[{pystr(column)}]", '["id"]', f"ondelete={pystr(on_delete)}"]
    return call(2, "batch_op.create_foreign_key", args)


def drop_constraint(name: str, kind: str) -> str:
    """`batch_op.drop_constraint(...)` of the constraint named `name` of `kind` (unique, foreignkey, check)."""
    return call(2, "batch_op.drop_constraint", [final_name(3, name), f"type_={pystr(kind)}"])


def _forward_keys(tables: tuple[TableSchema, ...]) -> dict[str, list[ForeignKeySchema]]:
    """The foreign keys that point forward (`forward_references`), by the name of their table."""
    later = forward_references(tables)
    found = {t.name: [fk for fk in t.foreign_keys if (t.name, fk.column) in later] for t in tables}
    return {name: fks for name, fks in found.items() if fks}


def render_creates(
    tables: tuple[TableSchema, ...], enums: Mapping[str, tuple[str, ...]], type_of: TypeWriter = column_type
) -> list[str]:
    """The statements that create the tables in their order: a foreign key to a table created after its own (a cycle
    of relations) is added once they all exist."""
    forward = _forward_keys(tables)
    statements = []
    for table in tables:
        statements += render_create(table, enums, type_of, frozenset(fk.column for fk in forward.get(table.name, [])))
    for table in (t for t in tables if t.name in forward):
        fks = forward[table.name]
        creations = [create_foreign_key(table.foreign_key_name(k), k.column, k.target_table, k.on_delete) for k in fks]
        statements.append(in_batch(table.name, creations))
    return statements


def render_drops(tables: tuple[TableSchema, ...]) -> list[str]:
    """The statements that drop the tables, the last created first, after the foreign keys that point forward (which
    would keep a table that others still refer to)."""
    forward = _forward_keys(tables)
    statements = [
        in_batch(t.name, [drop_constraint(t.foreign_key_name(fk), "foreignkey") for fk in forward[t.name]])
        for t in tables
        if t.name in forward
    ]
    return statements + [statement for table in reversed(tables) for statement in render_drop(table)]


def render_drop(table: TableSchema) -> list[str]:
    statements = [call(1, "op.drop_table", [pystr(table.name)]).removeprefix(INDENT)]
    if table.sequence:
        sequence = f"sa.Sequence({pystr(table.sequence)})"
        statements.append(f"{IF_SEQUENCES}\n{INDENT * 2}op.execute(sa.schema.DropSequence({sequence}))")
    return statements


def render_drop_enums(names: list[str]) -> list[str]:
    return [f"sa.Enum(name={pystr(name)}).drop(op.get_bind(), checkfirst=True)" for name in sorted(names)]


def render_upgrade(tables: tuple[TableSchema, ...], enums: Mapping[str, tuple[str, ...]]) -> list[str]:
    return render_creates(tables, enums)


def render_downgrade(tables: tuple[TableSchema, ...]) -> list[str]:
    return render_drops(tables) + render_drop_enums(list({name for table in tables for name in table.enums}))


def advanced_alchemy_types(tables: tuple[TableSchema, ...]) -> tuple[str, ...]:
    """The Advanced Alchemy column types that the tables' columns use."""
    used = {expression(c.type, qualified=True).split("(")[0] for t in tables for c in t.columns}
    return tuple(sorted(used & set(ADVANCED_ALCHEMY_TYPES)))


def initial_imports(tables: tuple[TableSchema, ...]) -> str:
    """The imports of the initial migration."""
    imports = Imports().module("sqlalchemy as sa").add("advanced_alchemy.types", *advanced_alchemy_types(tables))
    return imports.add("alembic", "op").render()
