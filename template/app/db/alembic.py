"""How Alembic compares the models with a live database and writes revisions (migrations/env.py, the drift test),
and the operations that the revisions written by regeneration use beyond Alembic's own."""

import inspect
import os
import traceback
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from alembic import op
from alembic.autogenerate.api import AutogenContext
from alembic.runtime.migration import MigrationContext
from click import ClickException
from sqlalchemy import Column, Connection
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
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


def render_item(kind: str, item: Any, context: AutogenContext) -> Literal[False]:
    """Let `make-migrations` import the module of each column type from outside SQLAlchemy that it writes.

    Alembic writes such a type by its module's path (`advanced_alchemy.types.guid.GUID(length=16)`) and leaves the
    import to the revision's author: without it, the revision fails on its first run with a NameError. The same for
    the SQLAlchemy types a type holds.
    """
    if kind != "type":
        return False
    if not type(item).__module__.startswith("sqlalchemy."):
        context.imports.add(f"import {type(item).__module__}")
    # A type written by its repr (its constructor's arguments) names the types it holds bare unless the dialect
    # Alembic runs on knows it: JSONB's `astext_type=Text()` on SQLite. `ruff check --fix` (alembic.ini) drops the
    # imports a revision does not use.
    for argument in inspect.signature(type(item)).parameters:
        inner = getattr(item, argument, None)
        if isinstance(inner, TypeEngine) and getattr(sa, type(inner).__name__, None) is type(inner):
            context.imports.add(f"from sqlalchemy import {type(inner).__name__}")
    # False: Alembic renders the item itself, as it would without this hook.
    return False


@contextmanager
def migration_lock(connection: Connection, version_table: str) -> Iterator[None]:
    """On PostgreSQL, hold an advisory lock while migrating, so that upgrades started together (instances that
    migrate as they start) run one after the other: each reads the version table only once it holds the lock.

    A session lock, not a transaction's: it must outlive the transactions a migration commits, and it is released
    even when the upgrade fails. Elsewhere (SQLite: one file, one writer) there is nothing to lock.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    # One key per version table, the same in every process (hash() is salted per process).
    key = {"key": zlib.crc32(f"alembic:{version_table}".encode())}
    connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), key)
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), key)
        connection.commit()


class MigrationRefused(ClickException):
    """A migration stopped before it changed anything: by the rows (a constraint they break, a value the new type
    cannot hold), or by `refuse_to_drop_data`.

    It runs in one transaction on both databases, so nothing was changed. The `litestar` command prints the message,
    one sentence, and exits with 1: a traceback would tell the user no more.
    """


# SQLite refuses a NOT NULL column without a default on a table that has rows as a plain error, not a constraint's.
_SQLITE_REFUSALS_OF_ROWS = ("Cannot add a NOT NULL column with default value NULL",)


def refused_by_the_rows(error: DBAPIError, versions: Path) -> MigrationRefused | None:
    """The refusal of a statement the rows refuse, naming the revision's line and what the database said; None for
    any other error (a revision's own bug keeps its traceback)."""
    sqlite_refusal = isinstance(error, OperationalError) and str(error.orig).startswith(_SQLITE_REFUSALS_OF_ROWS)
    if not (isinstance(error, DataError | IntegrityError) or sqlite_refusal):
        return None
    return MigrationRefused(
        f"The database refused the migration at {_revision_line(error, versions)}: {_driver_words(error)}."
        " Nothing was changed: fix the rows (or the revision), then migrate again."
    )


def _driver_words(error: DBAPIError) -> str:
    """What the database said, on one line: asyncpg's message and its detail (the rows at fault), or sqlite3's."""
    said = str((error.orig.__cause__ or error.orig) if error.orig else error)
    # On SQLite, batch mode copies the table into `_alembic_tmp_<table>`: the user knows the table.
    return " ".join(said.replace("_alembic_tmp_", "").split()).rstrip(".")


def _revision_line(error: BaseException, versions: Path) -> str:
    """Where in a revision the error was raised: its innermost frame in a module of `versions`."""
    found, folder = "a revision", versions.resolve()
    for frame, line in traceback.walk_tb(error.__traceback__):
        module = Path(frame.f_code.co_filename).resolve()
        if module.parent == folder:
            found = f"{os.path.relpath(module)}, line {line}"
    return found


def refuse_to_drop_data(*dropped: str) -> None:
    """Stop the upgrade, before it changes anything, while a table (`"tags"`) or a column (`"books.pages"`) that the
    revision drops holds data: rows, or values that are not null. Every one that does is named at once.

    Regeneration calls it first in a revision's upgrade with each table and column the revision drops: an entity,
    field or relation removed from entities.yml, or renamed without `renamed_from`. Delete a name to drop its data.
    """
    if op.get_context().as_sql:  # `--sql` writes a script: there are no rows to count
        return
    held = []
    for name in dropped:
        table, _, column = name.partition(".")
        counted = sa.select(sa.func.count()).select_from(sa.table(table))
        if column:
            counted = counted.where(sa.column(column).is_not(None))
        count = op.get_bind().execute(counted).scalar_one()
        if count:
            held.append(f"{count} non-null value(s) of {name}" if column else f"{count} row(s) of {name}")
    if not held:
        return
    caller = inspect.stack(context=0)[1]
    raise MigrationRefused(
        f"The migration would delete {', '.join(held)}: refuse_to_drop_data at {os.path.relpath(caller.filename)},"
        f" line {caller.lineno} stops it. Nothing was changed: move or delete that data first, or delete its name"
        " from that call to drop it with the migration."
    )


def fill_nulls(table: str, column: sa.ColumnClause[Any], value: object) -> None:
    """Give the rows that have no value in `column` this one, before the column becomes NOT NULL."""
    rows = sa.table(table, column)
    op.execute(rows.update().where(column.is_(None)).values({column.name: value}))


def _quote(name: str) -> str:
    return op.get_bind().dialect.identifier_preparer.quote(name)


def add_enum_values(name: str, values: Sequence[str]) -> None:
    """New values at the end of an enum: a native type on PostgreSQL; elsewhere an enum is a plain string column."""
    if op.get_bind().dialect.name == "postgresql":
        # Enum values are snake_case identifiers (the spec refuses anything else): safe inside a quoted literal.
        for value in values:
            op.execute(sa.text(f"ALTER TYPE {_quote(name)} ADD VALUE IF NOT EXISTS '{value}'"))


def replace_enum(name: str, values: Sequence[str], columns: Sequence[tuple[str, str]]) -> None:
    """An enum whose values were removed or reordered: on PostgreSQL a new type, the columns converted to it (a row
    holding a removed value stops the upgrade, and nothing is changed); elsewhere a plain string column."""
    if op.get_bind().dialect.name != "postgresql":
        return
    old = f"{name}_previous"
    op.execute(sa.text(f"ALTER TYPE {_quote(name)} RENAME TO {_quote(old)}"))
    sa.Enum(*values, name=name).create(op.get_bind())
    for table, column in columns:
        statement = f"ALTER TABLE {_quote(table)} ALTER COLUMN {_quote(column)} TYPE {_quote(name)}"
        op.execute(sa.text(f"{statement} USING {_quote(column)}::text::{_quote(name)}"))
    op.execute(sa.text(f"DROP TYPE {_quote(old)}"))


def rename_sequence(old: str, new: str) -> None:
    """The id sequence of a renamed bigint table (databases with sequences only)."""
    op.execute(sa.text(f"ALTER SEQUENCE {_quote(old)} RENAME TO {_quote(new)}"))
