"""The SQLite dialect of the app's engine: SQLAlchemy's aiosqlite dialect with fewer trips to the connection's thread.

aiosqlite runs each sqlite3 call on a thread of its own, and every call is a hand-off to that thread and back to the
event loop, which under load costs more than the query: SQLAlchemy's adapter makes four per statement (open a
cursor, execute, fetch, close) and one for every commit and rollback, also when no transaction is open and sqlite3
has nothing to do. Here a statement is one hand-off (the same four calls, run together on that thread) and a commit or
rollback with no transaction open is none: a get went from five hand-offs to one, and from as many gets a second as
the Advanced Alchemy guide's way to 1.3 times as many (the template's README, "Speed"). What runs in SQLite is
unchanged, but for the one setting every connection needs: foreign keys enforced. `create_engine` (app/config.py)
names this dialect for a `sqlite+aiosqlite` URL.
"""

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, cast

import aiosqlite
from sqlalchemy import URL
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_cursor, SQLiteDialect_aiosqlite

DRIVER = "aiosqlite_app"
DRIVER_NAME = f"sqlite+{DRIVER}"

# What one statement leaves on its cursor: description, lastrowid, rowcount and the rows it returned.
StatementOutcome = tuple[Any, int, int, list[Any]]


def run_statement(connection: sqlite3.Connection, statement: str, parameters: Any) -> StatementOutcome:
    """On the connection's thread: what SQLAlchemy's adapter does in four hand-offs (cursor, execute, fetchall,
    close), with the same values kept."""
    cursor = connection.cursor()
    try:
        if parameters is None:
            cursor.execute(statement)
        else:
            cursor.execute(statement, parameters)
        if cursor.description:
            return cursor.description, -1, -1, cursor.fetchall()
        # sqlite3 sets lastrowid on every execute (None only before the first).
        return None, cast("int", cursor.lastrowid), cursor.rowcount, []
    finally:
        cursor.close()


def in_transaction(dbapi_connection: Any) -> bool:
    """Whether sqlite3 has a transaction open on this connection (the pool's or the adapter's): it begins one before
    the first write or savepoint, never for a read."""
    return bool(cast("aiosqlite.Connection", dbapi_connection.driver_connection).in_transaction)


class SQLiteDialect(SQLiteDialect_aiosqlite):
    """aiosqlite, one hand-off per statement, none to end a transaction that was never begun; foreign keys on."""

    # Compiled statements are cached as for SQLAlchemy's own dialect: nothing here changes how SQL is compiled.
    supports_statement_cache = True

    def on_connect(self) -> Callable[[Any], None]:
        set_up = super().on_connect()  # SQLAlchemy's: the regexp and floor functions

        def connect(dbapi_connection: Any) -> None:
            if set_up is not None:
                set_up(dbapi_connection)
            # SQLite ignores foreign keys (ON DELETE included) unless each connection asks for them.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return connect

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        self._execute(cursor, statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        self._execute(cursor, statement, None)

    def do_commit(self, dbapi_connection: Any) -> None:
        # sqlite3 commits nothing without a transaction: a read's commit at the end of its request is skipped.
        if in_transaction(dbapi_connection):
            dbapi_connection.commit()

    def do_rollback(self, dbapi_connection: Any) -> None:
        # The same for the rollback of a connection handed back to the pool, or of a session closed after reading.
        if in_transaction(dbapi_connection):
            dbapi_connection.rollback()

    @staticmethod
    def _execute(cursor: AsyncAdapt_aiosqlite_cursor, statement: str, parameters: Any) -> None:
        if cursor.server_side:
            # A streamed result fetches as it is read: SQLAlchemy's own way (the app streams none).
            cursor.execute(statement, parameters)
            return
        connection = cast("aiosqlite.Connection", cursor._connection)
        # aiosqlite's own way to run a call on its thread, which each of its methods goes through (untyped there).
        on_its_thread: Callable[..., Awaitable[StatementOutcome]] = connection._execute
        try:
            outcome = cursor.await_(on_its_thread(run_statement, connection._conn, statement, parameters))
        except Exception as error:
            cursor._adapt_connection._handle_exception(error)
        cursor.description, cursor.lastrowid, cursor.rowcount, rows = outcome
        cursor._rows = deque(rows)


registry.register(f"sqlite.{DRIVER}", __name__, SQLiteDialect.__name__)


def with_this_dialect(url: URL) -> URL:
    """A `sqlite+aiosqlite` URL made to name this dialect; any other URL as it is."""
    return url.set(drivername=DRIVER_NAME) if url.drivername == "sqlite+aiosqlite" else url
