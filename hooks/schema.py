"""The database schema a project's models define, as plain data, and the Alembic operations that create it."""

from __future__ import annotations

from dataclasses import dataclass

from .viewmodel import ColumnType, EntityView, ProjectView, _pk_column_type

_SENTINEL = ColumnType("Integer", "sqlalchemy")
_AUDIT = ColumnType("DateTimeUTC", "advanced_alchemy.types", "timezone=True")
_BIGINT_PK_EXPR = 'sa.BigInteger().with_variant(sa.Integer(), "sqlite")'


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    type_expr: str
    nullable: bool


@dataclass(frozen=True)
class ForeignKeySchema:
    column: str
    target_table: str
    on_delete: str


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: tuple[ColumnSchema, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeySchema, ...] = ()
    unique: tuple[str, ...] = ()
    indexes: tuple[tuple[str, bool], ...] = ()
    checks: tuple[tuple[str, str], ...] = ()
    sequence: str | None = None
    enums: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _pk_expr(primary_key: str) -> str:
    return _BIGINT_PK_EXPR if primary_key == "bigint" else _pk_column_type(primary_key).migration_expr


def _entity_table(entity: EntityView, project: ProjectView) -> TableSchema:
    enum_values = {e.name: e.values for e in project.enums}
    columns = [ColumnSchema("id", _pk_expr(entity.primary_key), nullable=False)]
    unique: list[str] = []
    indexes: list[tuple[str, bool]] = []
    enums: list[tuple[str, tuple[str, ...]]] = []
    for f in entity.fields:
        if f.enum_name:
            values = enum_values[f.enum_name]
            quoted = ", ".join(repr(v) for v in values)
            type_expr = f"sa.Enum({quoted}, name={f.enum_sql_name!r})"
            enums.append((f.enum_sql_name, values))
        else:
            type_expr = f.column_type.migration_expr
        columns.append(ColumnSchema(f.name, type_expr, f.nullable))
        # A column both unique and indexed gets a unique index rather than a constraint, as in SQLAlchemy.
        if f.spec.index:
            indexes.append((f.name, f.spec.unique))
        elif f.spec.unique:
            unique.append(f.name)
    foreign_keys = []
    for r in entity.to_one:
        column = r.key_attr
        columns.append(ColumnSchema(column, _pk_column_type(r.target_pk).migration_expr, r.nullable))
        foreign_keys.append(ForeignKeySchema(column, r.target_table, r.on_delete_sql))
        if r.kind == "one_to_one":
            unique.append(column)
        else:
            indexes.append((column, False))
    if entity.primary_key == "uuid":
        columns.append(ColumnSchema("sa_orm_sentinel", _SENTINEL.migration_expr, nullable=True))
    if entity.audit:
        columns.extend(ColumnSchema(name, _AUDIT.migration_expr, False) for name in ("created_at", "updated_at"))
    return TableSchema(
        name=entity.table,
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
        assert r.association_table and r.owner_column and r.target_column
        owner_type = _pk_column_type(entity.primary_key).migration_expr
        target_type = _pk_column_type(r.target_pk).migration_expr
        tables.append(
            TableSchema(
                name=r.association_table,
                columns=(
                    ColumnSchema(r.owner_column, owner_type, nullable=False),
                    ColumnSchema(r.target_column, target_type, nullable=False),
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


def _render_create(table: TableSchema) -> list[str]:
    lines = []
    if table.sequence:
        lines += [
            "if op.get_bind().dialect.supports_sequences:",
            f"    op.execute(sa.schema.CreateSequence(sa.Sequence({table.sequence!r})))",
        ]
    body = [f"sa.Column({c.name!r}, {c.type_expr}, nullable={c.nullable})" for c in table.columns]
    for fk in table.foreign_keys:
        name = f"fk_{table.name}_{fk.column}_{fk.target_table}"
        body.append(
            f"sa.ForeignKeyConstraint([{fk.column!r}], [{fk.target_table + '.id'!r}], "
            f"name=op.f({name!r}), ondelete={fk.on_delete!r})"
        )
    body += [f"sa.CheckConstraint({sql!r}, name=op.f({f'ck_{table.name}_{name}'!r}))" for name, sql in table.checks]
    pk_columns = ", ".join(repr(c) for c in table.primary_key)
    body.append(f"sa.PrimaryKeyConstraint({pk_columns}, name=op.f({'pk_' + table.name!r}))")
    body += [f"sa.UniqueConstraint({c!r}, name=op.f({f'uq_{table.name}_{c}'!r}))" for c in table.unique]
    lines.append("op.create_table(")
    lines.append(f"    {table.name!r},")
    lines += [f"    {item}," for item in body]
    lines.append(")")
    for column, unique in table.indexes:
        index = f"ix_{table.name}_{column}"
        lines.append(f"op.create_index(op.f({index!r}), {table.name!r}, [{column!r}], unique={unique})")
    return lines


def render_upgrade(tables: tuple[TableSchema, ...]) -> list[str]:
    return [line for table in tables for line in _render_create(table)]


def render_downgrade(tables: tuple[TableSchema, ...]) -> list[str]:
    lines = []
    for table in reversed(tables):
        lines.append(f"op.drop_table({table.name!r})")
        if table.sequence:
            lines += [
                "if op.get_bind().dialect.supports_sequences:",
                f"    op.execute(sa.schema.DropSequence(sa.Sequence({table.sequence!r})))",
            ]
    enum_names = sorted({name for table in tables for name, _ in table.enums})
    lines += [f"sa.Enum(name={name!r}).drop(op.get_bind(), checkfirst=True)" for name in enum_names]
    return lines
