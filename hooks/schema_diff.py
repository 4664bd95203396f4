"""Two schemas compared: the Alembic operations that turn the one a project's migrations built into the spec's.

Tables and columns are matched by what they stand for in the spec (`renamed_from` included, so a rename keeps its
data); SQLite changes go through Alembic's batch mode, PostgreSQL's natively (enum values included). revision.py
writes them into a revision file, with the same comparison the other way round as its downgrade.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .code import INDENT, LINE_LENGTH, argument, call, pystr
from .migration_code import (
    IF_SEQUENCES,
    create_foreign_key,
    drop_constraint,
    fill_value,
    final_name,
    in_batch,
    render_creates,
    render_drop_enums,
    render_drops,
    revision_column_type,
)
from .schema import ColumnSchema, Schema, TableSchema
from .sql_types import SqlType

if TYPE_CHECKING:
    from .views import ProjectView


@dataclass(frozen=True)
class Renames:
    """Previous keys, by current key: tables ("entity:Book") and columns ((table key, column key))."""

    tables: Mapping[str, str] = field(default_factory=dict)
    columns: Mapping[tuple[str, str], str] = field(default_factory=dict)


def project_renames(project: ProjectView) -> Renames:
    """What `renamed_from` says: the key each table and column had before."""
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    for entity in project.entities:
        old_entity = entity.spec.renamed_from or entity.name
        table_key = f"entity:{entity.name}"
        if old_entity != entity.name:
            tables[table_key] = f"entity:{old_entity}"
        for f in entity.fields:
            if f.spec.renamed_from:
                columns[(table_key, f"field:{f.name}")] = f"field:{f.spec.renamed_from}"
        for r in entity.relations:
            old_relation = r.spec.renamed_from or r.name
            if r.is_to_one and old_relation != r.name:
                columns[(table_key, f"relation:{r.name}")] = f"relation:{old_relation}"
            link_key = f"link:{entity.name}.{r.name}"
            if not r.is_to_one and (old_entity, old_relation) != (entity.name, r.name):
                tables[link_key] = f"link:{old_entity}.{old_relation}"
    return Renames(tables, columns)


# --- comparing two schemas -------------------------------------------------------------------------------------


def _match(current: str, renamed: str | None, previous: Mapping[str, Any], taken: set[str]) -> str | None:
    """The previous key of `current`: its own when it still exists (a rename already applied), else its old one."""
    for key in (current, renamed):
        if key is not None and key in previous and key not in taken:
            return key
    return None


@dataclass(frozen=True)
class _Constraint:
    name: str
    kind: str  # unique, index, foreignkey, check
    definition: tuple[Any, ...]


def _constraints(table: TableSchema) -> dict[str, _Constraint]:
    found = [_Constraint(table.unique_name(column), "unique", (column,)) for column in table.unique]
    found += [_Constraint(table.index_name(i), "index", (i.columns, i.unique)) for i in table.indexes]
    for fk in table.foreign_keys:
        definition = (fk.column, fk.target_table, fk.on_delete)
        found.append(_Constraint(table.foreign_key_name(fk), "foreignkey", definition))
    found += [_Constraint(table.check_name(check.name), "check", (check.sql,)) for check in table.checks]
    return {c.name: c for c in found}


_KINDS = {"unique": "unique constraint", "index": "index", "foreignkey": "foreign key", "check": "check constraint"}


def _drop_constraint(c: _Constraint) -> str:
    if c.kind == "index":
        return call(2, "batch_op.drop_index", [final_name(3, c.name)])
    return drop_constraint(c.name, c.kind)


def _create_constraint(c: _Constraint) -> str:
    name = final_name(3, c.name)
    if c.kind == "unique":
        return call(2, "batch_op.create_unique_constraint", [name, f"[{pystr(c.definition[0])}]"])
    if c.kind == "index":
        columns, unique = c.definition
        listed = "[" + ", ".join(pystr(column) for column in columns) + "]"
        return call(2, "batch_op.create_index", [name, listed, f"unique={unique}"])
    if c.kind == "check":
        return call(2, "batch_op.create_check_constraint", [name, pystr(c.definition[0])])
    return create_foreign_key(c.name, *c.definition)


@dataclass
class _Plan:
    """The statements and changes found so far, and the enum values on each side (enum columns name them)."""

    old_enums: Mapping[str, tuple[str, ...]]
    new_enums: Mapping[str, tuple[str, ...]]
    statements: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    # What the statements drop that holds data, by the names it has before them: (table, column or None).
    dropped_data: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, changes: str | list[str], table: str, *statements: str) -> None:
        self.changes.extend([changes] if isinstance(changes, str) else changes)
        if table not in self.touched:
            self.touched.append(table)
        self.statements.extend(statements)

    def new_type(self, column: ColumnSchema, indent: int) -> str:
        return revision_column_type(column, self.new_enums, indent)

    def old_type(self, column: ColumnSchema, indent: int) -> str:
        return revision_column_type(column, self.old_enums, indent)

    def column(self, column: ColumnSchema, nullable: bool) -> str:
        """The column as the one argument of `batch_op.add_column(...)`."""
        return argument(3, "sa.Column", [pystr(column.name), self.new_type(column, 4), f"nullable={nullable}"])

    def alter(self, old: ColumnSchema, new: ColumnSchema, nullable: bool) -> str | None:
        """`batch_op.alter_column(...)` for a rename, a type change or a nullability change; None for none of these."""
        if (old.name, old.type, old.nullable) == (new.name, new.type, nullable):
            return None
        args = [pystr(old.name)]
        if old.name != new.name:
            args.append(f"new_column_name={pystr(new.name)}")
        # existing_type only with a type change: Alembic's batch rename reads `.name` from it, which GUID lacks.
        if old.type != new.type:
            args += [f"type_={self.new_type(new, 3)}", f"existing_type={self.old_type(old, 3)}"]
            if new.type.enum:
                using = f'"{new.name}"::text::"{new.type.enum}"'
                args.append(f"postgresql_using={pystr(using)}")
        if old.nullable != nullable:
            args.append(f"nullable={nullable}")
        else:
            args.append(f"existing_nullable={old.nullable}")
        return call(2, "batch_op.alter_column", args)

    def fill(self, table: str, column: ColumnSchema, name: str) -> str:
        """`fill_nulls(...)`: rows without a value in the column (named `name` at that point) get its fill value."""
        clause = argument(2, "sa.column", [pystr(name), self.new_type(column, 3)]).lstrip()
        return _statement("fill_nulls", [pystr(table), clause, str(fill_value(column))])


def _statement(head: str, args: list[str], tail: str = "") -> str:
    """A call at the top of upgrade() or downgrade(), its first line unindented as the template places it."""
    return call(1, head, args, tail).removeprefix(INDENT)


def _describe(sql_type: SqlType) -> str:
    """A column type in a revision's list of changes: `string(120)`, `numeric(10, 2)`, `genre`."""
    if sql_type.enum:
        return sql_type.enum
    sizes = [size for size in (sql_type.length, sql_type.precision, sql_type.scale) if size is not None]
    return f"{sql_type.name}({', '.join(map(str, sizes))})" if sizes else sql_type.name


def _alter_words(place: str, old: ColumnSchema, new: ColumnSchema) -> list[str]:
    words = [f"rename column {place.split('.')[0]}.{old.name} to {new.name}"] if old.name != new.name else []
    if old.type != new.type:
        words.append(f"change the type of {place} to {_describe(new.type)}")
    if old.nullable != new.nullable:
        words.append(f"make {place} {'optional' if new.nullable else 'required'}")
    return words


def _comment(text: str, indent: int = 2) -> str:
    """A comment in a batch (indent 2) or a function's body (1), wrapped within the line length."""
    pad = INDENT * indent
    return f"\n{pad}".join(textwrap.wrap(text, LINE_LENGTH - len(pad), initial_indent="# ", subsequent_indent="# "))


def _alter_table(old: TableSchema, new: TableSchema, renames: Renames, plan: _Plan) -> None:
    """Columns and constraints of one table that exists on both sides (already renamed to `new.name`)."""
    old_columns = {c.key: c for c in old.columns}
    pairs: list[tuple[ColumnSchema | None, ColumnSchema]] = []
    taken: set[str] = set()
    for column in new.columns:
        key = _match(column.key, renames.columns.get((new.key, column.key)), old_columns, taken)
        if key:
            taken.add(key)
        pairs.append((old_columns[key] if key else None, column))
    new_id = next((c for c in new.columns if c.key == "id"), None)
    if "id" in old_columns and new_id and old_columns["id"].type != new_id.type:
        raise ValueError(
            f"{new.key.removeprefix('entity:')}.primary_key: the key of an existing table cannot change type "
            "(its rows and the keys that refer to them would be lost); add a new entity instead"
        )
    old_constraints, new_constraints = _constraints(old), _constraints(new)
    dropped = [c for name, c in old_constraints.items() if new_constraints.get(name) != c]
    created = [c for name, c in new_constraints.items() if old_constraints.get(name) != c]

    before: list[str] = []  # rows filled before a column that exists becomes NOT NULL
    batch = [_drop_constraint(c) for c in dropped]
    batch += [f"batch_op.drop_column({pystr(c.name)})" for key, c in old_columns.items() if key not in taken]
    after: list[str] = []  # new NOT NULL columns: added nullable, filled, then made NOT NULL
    changes = [f"drop column {old.name}.{c.name}" for key, c in old_columns.items() if key not in taken]
    plan.dropped_data += [(old.name, c.name) for key, c in old_columns.items() if key not in taken]
    changes += [f"drop {_KINDS[c.kind]} {c.name}" for c in dropped]
    changes += [f"create {_KINDS[c.kind]} {c.name}" for c in created]
    for previous, column in pairs:
        if previous is None:
            fillable = fill_value(column) is not None
            fill_first = not column.nullable and fillable
            if not column.nullable and not fillable:
                batch.append(
                    _comment(f"{new.name}.{column.name} is required and has no default: existing rows need a value.")
                )
            batch.append(call(2, "batch_op.add_column", [plan.column(column, column.nullable or fill_first)]))
            if fill_first:
                not_null = call(2, "batch_op.alter_column", [pystr(column.name), "nullable=False"])
                after += [plan.fill(new.name, column, column.name), in_batch(new.name, [not_null])]
            changes.append(f"add column {new.name}.{column.name}")
            continue
        if previous.nullable and not column.nullable:
            if fill_value(column) is not None:
                before.append(plan.fill(new.name, column, previous.name))
            else:
                batch.append(
                    _comment(f"{new.name}.{column.name} becomes required: rows without a value stop the upgrade.")
                )
        alter = plan.alter(previous, column, column.nullable)
        if alter:
            batch.append(alter)
            changes += _alter_words(f"{new.name}.{column.name}", previous, column)
    creates = [_create_constraint(c) for c in created]
    batches = [batch, creates]
    if not any(previous is not None and previous.name != column.name for previous, column in pairs):
        # Alembic's batch keeps naming a renamed column by its old name: constraints on it come in a batch of their own.
        batches = [batch + creates]
    blocks = [in_batch(new.name, statements) for statements in batches if statements]
    if blocks or after:
        plan.add(changes, new.name, *before, *blocks, *after)


def _enum_columns(schema: Schema, name: str) -> list[str]:
    return [f"({pystr(t.name)}, {pystr(c.name)})" for t in schema.tables for c in t.columns if c.type.enum == name]


def _data_guards(dropped: list[tuple[str, str | None]]) -> list[str]:
    """The calls that stop an upgrade, before it changes anything, while what it drops holds data."""
    names = [pystr(f"{table}.{column}" if column else table) for table, column in dropped]
    why = "What this upgrade drops must hold no data: delete a name to drop what it holds anyway."
    return [_comment(why, indent=1), _statement("refuse_to_drop_data", names)]


def plan_changes(
    old: Schema, new: Schema, renames: Renames, guard_data: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """(statements, changes in words, tables touched) that turn the `old` schema into the `new` one; `guard_data`
    puts first the calls that refuse to drop data (app/db/alembic.py), for the upgrade of a revision."""
    plan = _Plan(old.enum_values, new.enum_values)
    old_tables = {t.key: t for t in old.tables}
    old_enums, new_enums = old.enum_values, new.enum_values
    # Only the enums that columns use exist in the database.
    used = {name for t in new.tables for name in t.enums}
    old_used = {name for t in old.tables for name in t.enums}
    for name in sorted(used - old_used):
        arguments = [*(pystr(v) for v in new_enums[name]), f"name={pystr(name)}"]
        creation = _statement("sa.Enum", arguments, ".create(op.get_bind(), checkfirst=True)")
        plan.add(f"create enum {name}", name, creation)
    replaced = []
    for name in sorted(used & old_used):
        before, after = old_enums[name], new_enums[name]
        if before == after:
            continue
        if after[: len(before)] == before:
            added = ", ".join(pystr(v) for v in after[len(before) :])
            plan.add(f"add values to enum {name}", name, _statement("add_enum_values", [pystr(name), f"[{added}]"]))
        else:
            replaced.append(name)

    pairs: list[tuple[TableSchema, TableSchema]] = []
    taken: set[str] = set()
    created: list[TableSchema] = []
    for table in new.tables:
        key = _match(table.key, renames.tables.get(table.key), old_tables, taken)
        if key is None:
            created.append(table)
            continue
        taken.add(key)
        previous = old_tables[key]
        pairs.append((previous, table))
        if previous.name != table.name:
            statements = [f"op.rename_table({pystr(previous.name)}, {pystr(table.name)})"]
            if table.sequence and previous.sequence:
                rename = call(2, "rename_sequence", [pystr(previous.sequence), pystr(table.sequence)])
                statements.append(f"{IF_SEQUENCES}\n{rename}")
            plan.add(f"rename table {previous.name} to {table.name}", table.name, *statements)
    # New tables come before the changes of the others, which may refer to them (new.tables is in foreign key order).
    if created:
        words = [f"create table {table.name}" for table in created]
        plan.add(words, created[0].name, *render_creates(tuple(created), new_enums, revision_column_type))
        plan.touched.extend(t.name for t in created[1:] if t.name not in plan.touched)
    for previous, table in pairs:
        _alter_table(previous, table, renames, plan)
    dropped = tuple(table for table in old.tables if table.key not in taken)
    if dropped:
        plan.add([f"drop table {table.name}" for table in reversed(dropped)], dropped[-1].name, *render_drops(dropped))
        plan.dropped_data += [(table.name, None) for table in dropped]
        plan.touched.extend(t.name for t in reversed(dropped[:-1]) if t.name not in plan.touched)
    for name in replaced:
        values = ", ".join(pystr(v) for v in new_enums[name])
        enum_columns = ", ".join(_enum_columns(new, name))
        statement = _statement("replace_enum", [pystr(name), f"[{values}]", f"[{enum_columns}]"])
        plan.add(f"change the values of enum {name}", name, statement)
    unused = sorted(old_used - used)
    if unused:
        plan.add(f"drop enums {', '.join(unused)}", unused[0], *render_drop_enums(unused))
    guards = _data_guards(plan.dropped_data) if guard_data and plan.dropped_data else []
    return [*guards, *plan.statements], plan.changes, plan.touched


def inverse(renames: Renames) -> Renames:
    """The renames of the way back: previous keys by current key become current keys by previous key."""
    tables = {old: current for current, old in renames.tables.items()}
    columns = {}
    for (table_key, column_key), old_column in renames.columns.items():
        columns[(renames.tables.get(table_key, table_key), old_column)] = column_key
    return Renames(tables, columns)
