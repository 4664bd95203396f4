"""The database pool: a connection comes out of it with no transaction open, whatever its last user left.

On SQLite the pool rolls back only a connection that holds a transaction (app/config.py): these tests hand one back
with a transaction SQLAlchemy does not know of, as a driver-level statement or a cancelled request may leave it.
"""

from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from app.config import Settings, create_engine


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
