"""How Alembic compares the models with a live database, shared by migrations/env.py and the drift test."""

from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column
from sqlalchemy.types import TypeEngine


def sqlite_affinity(declared_type: str) -> str:
    """The column affinity SQLite gives a declared type (https://www.sqlite.org/datatype3.html, 3.1)."""
    name = declared_type.upper()
    if "INT" in name:
        return "INTEGER"
    if any(part in name for part in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in name or not name:
        return "BLOB"
    if any(part in name for part in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def compare_type(
    context: MigrationContext,
    inspected_column: Column[Any],
    metadata_column: Column[Any],
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """On SQLite a column keeps only its affinity, so compare affinities; elsewhere use Alembic's comparison.

    Without this, every GUID column (BINARY(16), reflected by SQLite as NUMERIC) would look changed.
    """
    if context.dialect.name != "sqlite":
        return None
    declared = metadata_type.compile(dialect=context.dialect)
    return sqlite_affinity(declared) != sqlite_affinity(inspected_type.compile(dialect=context.dialect))
