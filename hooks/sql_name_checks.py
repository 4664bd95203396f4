"""Names the database would refuse: every table, column, sequence and enum type the migrations create, checked
against PostgreSQL's longest identifier once the spec is otherwise valid (they are derived from the spec, and the
schema is where every one of them is known). Constraint and index names are left out: SQLAlchemy shortens those the
same way in the models and the migrations."""

from __future__ import annotations

from .names import POSTGRESQL_IDENTIFIER_LIMIT
from .schema import ColumnSchema, Schema, TableSchema
from .spec_reading import Problems
from .views import ProjectView


def _too_long(name: str) -> str | None:
    """Why `name` cannot be a PostgreSQL identifier (`has 67 characters (...)`), or None."""
    if len(name) <= POSTGRESQL_IDENTIFIER_LIMIT:
        return None
    return f"has {len(name)} characters (PostgreSQL allows {POSTGRESQL_IDENTIFIER_LIMIT})"


def _owner(table: TableSchema) -> tuple[str, str]:
    """(the entity, the relation or "") a table stands for, from its key ("entity:Book", "link:Book.tags")."""
    entity, _, relation = table.key.partition(":")[2].partition(".")
    return entity, relation


def _table_place(table: TableSchema, project: ProjectView) -> tuple[str, str, str]:
    """(the spec place that names the table, what the table is, what shortens its names)."""
    entity, relation = _owner(table)
    if relation:
        return f"entities.{entity}.relations.{relation}", "link table", "choose a shorter relation or entity name"
    overridden = any(e.name == entity and "table" in e.spec.overrides for e in project.entities)
    return f"entities.{entity}{'.table' if overridden else ''}", "table", "set a shorter 'table'"


def _column_problem(table: TableSchema, column: ColumnSchema, project: ProjectView, problems: Problems) -> None:
    why = _too_long(column.name)
    if why is None:
        return
    kind, _, name = column.key.partition(":")
    table_place, _, _ = _table_place(table, project)
    entity_place = table_place.removesuffix(".table")
    if kind == "field":
        problems.add(f"{entity_place}.fields.{name}", f"as a column name it {why}; choose a shorter name")
    elif kind == "relation":
        problems.add(
            f"{entity_place}.relations.{name}", f"its column '{column.name}' {why}; choose a shorter relation name"
        )
    else:
        # A link table's column is named after an entity (or a self reference's relation).
        problems.add(
            table_place, f"its link table's column '{column.name}' {why}; choose a shorter entity or relation name"
        )


def check_sql_names(schema: Schema, project: ProjectView, problems: Problems) -> None:
    for enum in project.enums:
        if why := _too_long(enum.sql_name):
            problems.add(f"enums.{enum.name}", f"its type name '{enum.sql_name}' {why}; choose a shorter name")
    # In the spec's order (the schema puts a table after those it refers to), each entity's link tables after it.
    order = {e.name: index for index, e in enumerate(project.entities)}
    for table in sorted(schema.tables, key=lambda t: (order.get(_owner(t)[0], -1), bool(_owner(t)[1]))):
        place, what, fix = _table_place(table, project)
        if why := _too_long(table.name):
            # Its sequence is longer still: one line says both.
            problems.add(place, f"the {what} name '{table.name}' {why}; {fix}")
        elif table.sequence and (why := _too_long(table.sequence)):
            problems.add(place, f"the id sequence '{table.sequence}' {why}; {fix}")
        for column in table.columns:
            _column_problem(table, column, project, problems)
