"""The database schema a project's models define, as plain data, and the Alembic operations that create it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .code import INDENT, argument, call, pystr
from .viewmodel import ColumnType, EntityView, ProjectView, _pk_column_type, py

_SENTINEL = ColumnType("Integer", "sqlalchemy")
_AUDIT = ColumnType("DateTimeUTC", "advanced_alchemy.types", "timezone=True")
_BIGINT_PK_EXPR = 'sa.BigInteger().with_variant(sa.Integer(), "sqlite")'
# Advanced Alchemy declares bigint keys with a Sequence; Alembic creates tables, not sequences.
IF_SEQUENCES = "if op.get_bind().dialect.supports_sequences:"
# Rows that exist when audit columns are added get the time of the migration.
AUDIT_BACKFILL = "sa.func.current_timestamp()"


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    type_expr: str  # one line; for an enum column "sa.Enum", its values in enum_values
    nullable: bool
    # What the column stands for in the spec, stable across renames: "id", "field:<name>", "relation:<name>",
    # "owner"/"target" (link tables), or the column name of the columns Advanced Alchemy adds.
    key: str = ""
    # The value that fills existing rows when the column becomes NOT NULL (a Python expression), if any.
    backfill: str | None = None
    enum: str | None = None
    enum_values: tuple[str, ...] = ()

    @property
    def type_identity(self) -> str:
        """What a type change is judged by: an enum column changes type only when its enum does."""
        return f"enum:{self.enum}" if self.enum else self.type_expr

    def type_at(self, indent: int) -> str:
        """The type expression, wrapped as ruff would at `indent` when it is one argument of an exploded call."""
        if not self.enum:
            return self.type_expr
        return argument(indent, "sa.Enum", [*(pystr(v) for v in self.enum_values), f"name={pystr(self.enum)}"]).lstrip()


@dataclass(frozen=True)
class ForeignKeySchema:
    column: str
    target_table: str
    on_delete: str


@dataclass(frozen=True)
class TableSchema:
    name: str
    # What the table stands for in the spec, stable across renames: "entity:<Name>" or "link:<Name>.<relation>".
    key: str
    columns: tuple[ColumnSchema, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeySchema, ...] = ()
    unique: tuple[str, ...] = ()
    indexes: tuple[tuple[str, bool], ...] = ()
    checks: tuple[tuple[str, str], ...] = ()
    sequence: str | None = None
    enums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    # Constraint names, as Advanced Alchemy's naming convention gives them to the models.
    def unique_name(self, column: str) -> str:
        return f"uq_{self.name}_{column}"

    def index_name(self, column: str) -> str:
        return f"ix_{self.name}_{column}"

    def foreign_key_name(self, fk: ForeignKeySchema) -> str:
        return f"fk_{self.name}_{fk.column}_{fk.target_table}"

    def check_name(self, name: str) -> str:
        return f"ck_{self.name}_{name}"


def _pk_expr(primary_key: str) -> str:
    return _BIGINT_PK_EXPR if primary_key == "bigint" else _pk_column_type(primary_key).migration_expr


def _entity_table(entity: EntityView, project: ProjectView) -> TableSchema:
    enum_values = {e.name: e.values for e in project.enums}
    columns = [ColumnSchema("id", _pk_expr(entity.primary_key), nullable=False, key="id")]
    unique: list[str] = []
    indexes: list[tuple[str, bool]] = []
    enums: list[tuple[str, tuple[str, ...]]] = []
    for f in entity.fields:
        backfill = py(f.spec.default) if f.spec.has_default else None
        if f.enum_name:
            values = enum_values[f.enum_name]
            enums.append((str(f.enum_sql_name), values))
            columns.append(
                ColumnSchema(f.name, "sa.Enum", f.nullable, f"field:{f.name}", backfill, f.enum_sql_name, values)
            )
        else:
            columns.append(ColumnSchema(f.name, f.column_type.migration_expr, f.nullable, f"field:{f.name}", backfill))
        # A column both unique and indexed gets a unique index rather than a constraint, as in SQLAlchemy.
        if f.spec.index:
            indexes.append((f.name, f.spec.unique))
        elif f.spec.unique:
            unique.append(f.name)
    foreign_keys = []
    for r in entity.to_one:
        column = r.key_attr
        key_type = _pk_column_type(r.target_pk).migration_expr
        columns.append(ColumnSchema(column, key_type, r.nullable, key=f"relation:{r.name}"))
        foreign_keys.append(ForeignKeySchema(column, r.target_table, r.on_delete_sql))
        if r.kind == "one_to_one":
            unique.append(column)
        else:
            indexes.append((column, False))
    if entity.primary_key == "uuid":
        columns.append(ColumnSchema("sa_orm_sentinel", _SENTINEL.migration_expr, nullable=True, key="sa_orm_sentinel"))
    if entity.audit:
        columns.extend(
            ColumnSchema(name, _AUDIT.migration_expr, False, key=name, backfill=AUDIT_BACKFILL)
            for name in ("created_at", "updated_at")
        )
    return TableSchema(
        name=entity.table,
        key=f"entity:{entity.name}",
        columns=tuple(columns),
        primary_key=("id",),
        foreign_keys=tuple(foreign_keys),
        unique=tuple(unique),
        indexes=tuple(indexes),
        checks=entity.checks,
        sequence=f"{entity.table}_id_seq" if entity.primary_key == "bigint" else None,
        enums=tuple(dict(enums).items()),
    )


def _association_tables(entity: EntityView) -> list[TableSchema]:
    tables = []
    for r in entity.many_to_many:
        if not (r.association_table and r.owner_column and r.target_column):
            raise ValueError(f"many-to-many relation {r.name} has no association table")
        owner_type = _pk_column_type(entity.primary_key).migration_expr
        target_type = _pk_column_type(r.target_pk).migration_expr
        tables.append(
            TableSchema(
                name=r.association_table,
                key=f"link:{entity.name}.{r.name}",
                columns=(
                    ColumnSchema(r.owner_column, owner_type, nullable=False, key="owner"),
                    ColumnSchema(r.target_column, target_type, nullable=False, key="target"),
                ),
                primary_key=(r.owner_column, r.target_column),
                foreign_keys=(
                    ForeignKeySchema(r.owner_column, entity.table, "CASCADE"),
                    ForeignKeySchema(r.target_column, r.target_table, r.on_delete_sql),
                ),
                indexes=((r.target_column, False),),
            )
        )
    return tables


def project_tables(project: ProjectView) -> tuple[TableSchema, ...]:
    """Every table, each after the tables its foreign keys point to (where no cycle forbids it)."""
    entity_tables = {e.table: _entity_table(e, project) for e in project.entities}
    ordered: list[TableSchema] = []
    pending = list(entity_tables.values())
    while pending:
        done = {t.name for t in ordered}
        ready = [t for t in pending if all(fk.target_table in done | {t.name} for fk in t.foreign_keys)]
        ready = ready or pending[:1]
        ordered.extend(ready)
        pending = [t for t in pending if t not in ready]
    for entity in project.entities:
        ordered.extend(_association_tables(entity))
    return tuple(ordered)


def render_create(table: TableSchema, type_of: Callable[[ColumnSchema, int], str] = ColumnSchema.type_at) -> list[str]:
    """Statements (each possibly several lines) at the indentation of a function body; `type_of` writes a column's
    type as an argument at the given indentation."""
    statements = []
    if table.sequence:
        sequence = f"sa.Sequence({pystr(table.sequence)})"
        statements.append(f"{IF_SEQUENCES}\n{INDENT * 2}op.execute(sa.schema.CreateSequence({sequence}))")
    # Each column is an argument of op.create_table(...), its type an argument of sa.Column(...): indent 3.
    items = [call(2, "sa.Column", [pystr(c.name), type_of(c, 3), f"nullable={c.nullable}"], ",") for c in table.columns]
    for fk in table.foreign_keys:
        name = table.foreign_key_name(fk)
        args = [f"[{pystr(fk.column)}]", f"[{pystr(fk.target_table + '.id')}]", f"name=op.f({pystr(name)})"]
        items.append(call(2, "sa.ForeignKeyConstraint", [*args, f"ondelete={pystr(fk.on_delete)}"], ","))
    for name, sql in table.checks:
        items.append(call(2, "sa.CheckConstraint", [pystr(sql), f"name=op.f({pystr(table.check_name(name))})"], ","))
    pk_args = [pystr(c) for c in table.primary_key] + [f"name=op.f({pystr('pk_' + table.name)})"]
    items.append(call(2, "sa.PrimaryKeyConstraint", pk_args, ","))
    for column in table.unique:
        items.append(
            call(2, "sa.UniqueConstraint", [pystr(column), f"name=op.f({pystr(table.unique_name(column))})"], ",")
        )
    statements.append(
        f"{INDENT}op.create_table(\n{INDENT * 2}{pystr(table.name)},\n" + "\n".join(items) + f"\n{INDENT})"
    )
    for column, unique in table.indexes:
        index = f"op.f({pystr(table.index_name(column))})"
        statements.append(
            call(1, "op.create_index", [index, pystr(table.name), f"[{pystr(column)}]", f"unique={unique}"])
        )
    return [s.removeprefix(INDENT) for s in statements]


def render_upgrade(tables: tuple[TableSchema, ...]) -> list[str]:
    return [statement for table in tables for statement in render_create(table)]


def render_drop(table: TableSchema) -> list[str]:
    statements = [f"op.drop_table({pystr(table.name)})"]
    if table.sequence:
        sequence = f"sa.Sequence({pystr(table.sequence)})"
        statements.append(f"{IF_SEQUENCES}\n{INDENT * 2}op.execute(sa.schema.DropSequence({sequence}))")
    return statements


def render_drop_enums(names: list[str]) -> list[str]:
    return [f"sa.Enum(name={pystr(name)}).drop(op.get_bind(), checkfirst=True)" for name in sorted(names)]


def render_downgrade(tables: tuple[TableSchema, ...]) -> list[str]:
    statements = [statement for table in reversed(tables) for statement in render_drop(table)]
    return statements + render_drop_enums(list({name for table in tables for name, _ in table.enums}))


def advanced_alchemy_types(tables: tuple[TableSchema, ...]) -> tuple[str, ...]:
    """The Advanced Alchemy column types that the migration names."""
    used = {c.type_expr.split("(")[0] for t in tables for c in t.columns}
    return tuple(sorted(used & {"GUID", "DateTimeUTC", "JsonB"}))
