"""SQLite through the app's dialect (app/db/sqlite.py): statements answer as through SQLAlchemy's own, a commit or
rollback is skipped only when no transaction is open, a connection comes out of the pool with none open, and every
connection enforces foreign keys.

The pool's rollback of a connection handed back is one of those skipped: these tests also hand one back with a
transaction SQLAlchemy does not know of, as a driver-level statement or a cancelled request may leave it.
"""

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from app.config import Settings, create_engine
from app.db.sqlite import SQLiteDialect

# Each statement with what the test keeps of its result: rows where it returns some, else rowcount and lastrowid.
STATEMENTS = [
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, size INTEGER)",
    "INSERT INTO items (name, size) VALUES ('a', 1)",
    "INSERT INTO items (name, size) VALUES ('b', 2), ('c', 3) RETURNING id, name",
    "UPDATE items SET size = size + 10 WHERE size > 1",
    "SELECT id, name, size FROM items ORDER BY id",
    "SELECT name FROM items WHERE size > 100",
    "DELETE FROM items WHERE name = 'a'",
]


async def outcomes(engine: AsyncEngine) -> list[Any]:
    found: list[Any] = []
    async with engine.begin() as connection:
        for statement in STATEMENTS:
            result = await connection.exec_driver_sql(statement)
            if result.returns_rows:
                found.append((list(result.keys()), [tuple(row) for row in result.all()]))
            else:
                found.append((result.rowcount, result.lastrowid))
        with pytest.raises(exc.IntegrityError):
            await connection.exec_driver_sql("INSERT INTO items (name) VALUES ('b')")
    return found


async def test_statements_answer_as_through_sqlalchemys_own_dialect(tmp_path: Path) -> None:
    ours = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'ours.sqlite3'}"))
    theirs = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'theirs.sqlite3'}")
    try:
        assert isinstance(ours.dialect, SQLiteDialect)
        assert not isinstance(theirs.dialect, SQLiteDialect)
        assert await outcomes(ours) == await outcomes(theirs)
    finally:
        await ours.dispose()
        await theirs.dispose()


async def test_every_connection_enforces_foreign_keys_and_has_sqlalchemys_functions(tmp_path: Path) -> None:
    database = tmp_path / "keys.sqlite3"
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{database}", database_pool_disabled=True))
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE parents (id INTEGER PRIMARY KEY)")
            await connection.exec_driver_sql(
                "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id))"
            )
        # Without a pool, each use is a new connection: the set-up runs for every one.
        for _ in range(2):
            async with engine.connect() as connection:
                with pytest.raises(exc.IntegrityError):
                    await connection.exec_driver_sql("INSERT INTO children (parent_id) VALUES (1)")
                # SQLAlchemy's own set-up still runs: `regexp_match` filters need its REGEXP function.
                assert (await connection.exec_driver_sql("SELECT 'abc' REGEXP 'b'")).scalar() == 1
    finally:
        await engine.dispose()


async def test_only_a_commit_with_something_to_commit_reaches_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits: list[bool] = []
    commit = aiosqlite.Connection.commit

    async def counted_commit(connection: aiosqlite.Connection) -> None:
        commits.append(connection.in_transaction)
        await commit(connection)

    monkeypatch.setattr(aiosqlite.Connection, "commit", counted_commit)
    database = tmp_path / "commits.sqlite3"
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{database}", database_pool_size=1))
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE kept (id INTEGER)")
        async with engine.begin() as connection:
            await connection.exec_driver_sql("SELECT count(*) FROM kept")
        assert commits == []
        async with engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO kept (id) VALUES (1)")
        assert commits == [True]
    finally:
        await engine.dispose()
    # Committed: another connection, outside the app's engine, reads the row.
    async with aiosqlite.connect(database) as other:
        assert [tuple(row) for row in await other.execute_fetchall("SELECT id FROM kept")] == [(1,)]


async def driver_connection(connection: AsyncConnection) -> Any:
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    return driver


async def test_a_transaction_left_open_is_rolled_back_when_its_connection_is_handed_back(tmp_path: Path) -> None:
    # One pooled connection: the second checkout gets the connection the first handed back.
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'pool.sqlite3'}", database_pool_size=1)
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            driver = await driver_connection(connection)
            await driver.execute("BEGIN")
            await driver.execute("CREATE TABLE left_open (id INTEGER)")
        async with engine.connect() as connection:
            assert not (await driver_connection(connection)).in_transaction
            found = await connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'left_open'")
            assert list(found.scalars()) == []
    finally:
        await engine.dispose()


async def test_a_committed_connection_is_handed_back_as_it_is(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'pool.sqlite3'}", database_pool_size=1)
    engine = create_engine(settings)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE kept (id INTEGER)")
        async with engine.connect() as connection:
            found = await connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'kept'")
            assert list(found.scalars()) == ["kept"]
    finally:
        await engine.dispose()
