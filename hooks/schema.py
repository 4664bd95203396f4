"""The database schema a project's models define, as plain data: what migrations/schema.json stores (schema_file.py)
and what the initial migration and regenerated revisions are written from (migration_code.py, revision.py)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .names import AUDIT_COLUMNS, OWNER_COLUMN, USER_NAMES, default_order_columns, index_name
from .sql_types import Check, SqlType, field_checks, key_type

if TYPE_CHECKING:
    from .views import EntityView, ProjectView

# A column's default as JSON holds it: decimals, dates, times and uuids as their text.
JsonValue = str | int | float | bool


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    type: SqlType
    nullable: bool
    # What the column stands for in the spec, stable across renames: "id", "field:<name>", "relation:<name>",
    # "owner"/"target" (link tables), or the column name of the columns Advanced Alchemy adds.
    key: str = ""
    # The value that fills existing rows when the column becomes NOT NULL: the field's default, or for audit columns
    # the time of the migration.
    default: JsonValue | None = None
    default_now: bool = False
    # A bigint id: the database numbers the rows (SQLite only does so for INTEGER, which it is there).
    autoincrement: bool = False


@dataclass(frozen=True)
class ForeignKeySchema:
    column: str
    target_table: str
    on_delete: str  # as SQL says it: CASCADE, RESTRICT, SET NULL


@dataclass(frozen=True)
class IndexSchema:
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class TableSchema:
    name: str
    # What the table stands for in the spec, stable across renames: "entity:<Name>" or "link:<Name>.<relation>".
    key: str
    columns: tuple[ColumnSchema, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeySchema, ...] = ()
    unique: tuple[str, ...] = ()
    indexes: tuple[IndexSchema, ...] = ()
    checks: tuple[Check, ...] = ()
    sequence: str | None = None

    @property
    def enums(self) -> tuple[str, ...]:
        """The enum types the table's columns use."""
        return tuple(dict.fromkeys(c.type.enum for c in self.columns if c.type.enum))

    # Constraint names, as Advanced Alchemy's naming convention gives them to the models.
    def unique_name(self, column: str) -> str:
        return f"uq_{self.name}_{column}"

    def index_name(self, index: IndexSchema) -> str:
        return index_name(self.name, index.columns)

    def foreign_key_name(self, fk: ForeignKeySchema) -> str:
        return f"fk_{self.name}_{fk.column}_{fk.target_table}"

    def check_name(self, name: str) -> str:
        return f"ck_{self.name}_{name}"


@dataclass(frozen=True)
class Schema:
    tables: tuple[TableSchema, ...]
    enums: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def enum_values(self) -> Mapping[str, tuple[str, ...]]:
        return dict(self.enums)


def json_value(value: object) -> JsonValue:
    """A default as JSON holds it."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"no JSON form for the default {value!r}")


def _entity_table(entity: EntityView) -> TableSchema:
    columns = [
        ColumnSchema("id", key_type(entity.primary_key), False, "id", autoincrement=entity.primary_key == "bigint")
    ]
    unique: list[str] = []
    indexes: list[IndexSchema] = []
    for f in entity.fields:
        default = None if f.spec.default is None else json_value(f.spec.default)
        columns.append(ColumnSchema(f.name, f.sql_type, f.nullable, f"field:{f.name}", default))
        # A column both unique and indexed gets a unique index rather than a constraint, as in SQLAlchemy.
        if f.spec.index:
            indexes.append(IndexSchema((f.name,), f.spec.unique))
        elif f.spec.unique:
            unique.append(f.name)
    foreign_keys = []
    for r in entity.to_one:
        columns.append(ColumnSchema(r.key_attr, r.key_sql_type, r.nullable, key=f"relation:{r.name}"))
        foreign_keys.append(ForeignKeySchema(r.key_attr, r.target_table, r.on_delete_sql))
        if r.kind == "one_to_one":
            unique.append(r.key_attr)
        else:
            indexes.append(IndexSchema((r.key_attr,)))
    if entity.owned:
        # The user who created the row; a user's removal leaves their rows to the admins.
        columns.append(ColumnSchema(OWNER_COLUMN, key_type("uuid"), nullable=True, key="owner"))
        foreign_keys.append(ForeignKeySchema(OWNER_COLUMN, USER_NAMES.table, "SET NULL"))
        indexes.append(IndexSchema((OWNER_COLUMN,)))
    if entity.primary_key == "uuid":
        columns.append(ColumnSchema("sa_orm_sentinel", SqlType("integer"), nullable=True, key="sa_orm_sentinel"))
    if entity.audit:
        columns.extend(
            ColumnSchema(name, SqlType("datetime"), False, key=name, default_now=True) for name in AUDIT_COLUMNS
        )
    if len(order := default_order_columns(audit=entity.audit)) > 1:
        # Lists are ordered by it unless asked otherwise: their pages, and cursor pages deep in a big table, read
        # this index instead of sorting the table.
        indexes.append(IndexSchema(order))
    return TableSchema(
        name=entity.table,
        key=f"entity:{entity.name}",
        columns=tuple(columns),
        primary_key=("id",),
        foreign_keys=tuple(foreign_keys),
        unique=tuple(unique),
        indexes=tuple(indexes),
        checks=tuple(check for f in entity.fields for check in field_checks(f.spec)),
        sequence=f"{entity.table}_id_seq" if entity.primary_key == "bigint" else None,
    )


def _link_tables(entity: EntityView) -> list[TableSchema]:
    tables = []
    for r in entity.many_to_many:
        if r.link is None:
            raise ValueError(f"many-to-many relation {r.name} has no link table")
        tables.append(
            TableSchema(
                name=r.link.name,
                key=f"link:{entity.name}.{r.name}",
                columns=(
                    ColumnSchema(r.link.owner_column, key_type(entity.primary_key), nullable=False, key="owner"),
                    ColumnSchema(r.link.target_column, r.key_sql_type, nullable=False, key="target"),
                ),
                primary_key=(r.link.owner_column, r.link.target_column),
                foreign_keys=(
                    ForeignKeySchema(r.link.owner_column, entity.table, "CASCADE"),
                    ForeignKeySchema(r.link.target_column, r.target_table, r.on_delete_sql),
                ),
                indexes=(IndexSchema((r.link.target_column,)),),
            )
        )
    return tables


def _waits_for(table: TableSchema, done: set[str], *, optional: bool) -> bool:
    """Whether the table has a foreign key (a required one unless `optional`) to a table not in `done` but its own."""
    nullable = {c.name: c.nullable for c in table.columns}
    return any(
        fk.target_table not in done | {table.name} and (optional or not nullable[fk.column])
        for fk in table.foreign_keys
    )


def project_tables(project: ProjectView) -> tuple[TableSchema, ...]:
    """Every table, each after the tables its foreign keys point to. Where relations form a cycle (`Department.head`
    and `Employee.department`), the first table whose keys into the cycle are all optional comes first: its keys
    there become forward references (`forward_references`), and the spec refuses a cycle of required relations."""
    ordered: list[TableSchema] = [_entity_table(project.user)] if project.user else []
    pending = [_entity_table(e) for e in project.entities]
    while pending:
        done = {t.name for t in ordered}
        ready = [t for t in pending if not _waits_for(t, done, optional=True)]
        ready = ready or [next((t for t in pending if not _waits_for(t, done, optional=False)), pending[0])]
        ordered.extend(ready)
        pending = [t for t in pending if t not in ready]
    for entity in project.entities:
        ordered.extend(_link_tables(entity))
    return tuple(ordered)


def forward_references(tables: tuple[TableSchema, ...]) -> frozenset[tuple[str, str]]:
    """(table, column) of each foreign key to a table that comes after its own in `tables`: a cycle of relations.
    Such a key is added once both tables exist, and dropped before either is (on PostgreSQL a key needs its target
    table, which `use_alter` tells SQLAlchemy too)."""
    position = {table.name: index for index, table in enumerate(tables)}
    return frozenset(
        (table.name, fk.column)
        for index, table in enumerate(tables)
        for fk in table.foreign_keys
        if position.get(fk.target_table, -1) > index
    )


def project_schema(project: ProjectView) -> Schema:
    return Schema(project_tables(project), tuple((e.sql_name, e.values) for e in project.enums))
