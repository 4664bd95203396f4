"""The migrations in migrations/versions build exactly the schema the models describe, and `check-db-status` says so."""

from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import anyio
import pytest
from advanced_alchemy.alembic.commands import AlembicCommands
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from app.cli import database_status
from app.config import Settings, create_alchemy_config
from app.db.alembic import compare_type
from app.db.models import metadata
from tests.databases import fresh_database


@pytest.fixture
def alchemy_config(tmp_path: Path) -> Iterator[SQLAlchemyAsyncConfig]:
    with fresh_database(tmp_path) as url:
        # Each check below runs in an event loop of its own: no connection may be pooled across them.
        yield create_alchemy_config(Settings(database_url=url, database_pool_disabled=True))


def _differences(connection: Connection) -> list[object]:
    options = {"compare_type": compare_type, "render_as_batch": True}
    return list(compare_metadata(MigrationContext.configure(connection, opts=options), metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def _inspect(config: SQLAlchemyAsyncConfig) -> tuple[list[object], set[str]]:
    """What `litestar database make-migrations` would write (nothing when there is no drift), and the tables."""
    engine = config.get_engine()
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences), await connection.run_sync(_tables)
    finally:
        await engine.dispose()


def test_upgrade_to_head_gives_the_models_schema(alchemy_config: SQLAlchemyAsyncConfig) -> None:
    AlembicCommands(sqlalchemy_config=alchemy_config).upgrade("head")
    differences, _ = anyio.run(_inspect, alchemy_config)
    assert differences == []


def test_downgrade_to_base_removes_every_table(alchemy_config: SQLAlchemyAsyncConfig) -> None:
    commands = AlembicCommands(sqlalchemy_config=alchemy_config)
    commands.upgrade("head")
    commands.downgrade("base")
    _, tables = anyio.run(_inspect, alchemy_config)
    assert tables <= {"alembic_version"}


def test_check_db_status_reports_head(alchemy_config: SQLAlchemyAsyncConfig) -> None:
    healthy, message = anyio.run(database_status, alchemy_config)
    assert not healthy
    assert "not at head" in message

    AlembicCommands(sqlalchemy_config=alchemy_config).upgrade("head")
    healthy, message = anyio.run(database_status, alchemy_config)
    assert healthy, message
    assert "at head" in message


async def _foreign_keys_of_pooled_connections(engine: AsyncEngine) -> list[int]:
    """`PRAGMA foreign_keys` of each connection waiting in the pool, all taken out together."""
    assert isinstance(engine.pool, QueuePool), "a SQLite file is served through a pool (app/config.py)"
    async with AsyncExitStack() as stack:
        connections = [await stack.enter_async_context(engine.connect()) for _ in range(engine.pool.checkedin())]
        return [(await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar_one() for connection in connections]


def test_sqlite_migration_hands_its_connection_back_enforcing_foreign_keys(tmp_path: Path) -> None:
    """Migrating turns SQLite's foreign keys off on its connection (batch migrations copy tables): a project that
    migrates with its pooled engine, in its own process, must not serve requests on that connection without them."""
    # The pool on, whatever the tests' environment says (tests/conftest.py turns it off for the app under test).
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'pooled.sqlite3'}", database_pool_disabled=False)
    config = create_alchemy_config(settings)
    engine = config.get_engine()
    try:
        AlembicCommands(sqlalchemy_config=config).upgrade("head")
        assert anyio.run(_foreign_keys_of_pooled_connections, engine) == [1]
    finally:
        anyio.run(engine.dispose)
