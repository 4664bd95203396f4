"""Fixtures: one app and one database for the whole run (see tests/databases.py), emptied before each test."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from app.app import create_app
from app.config import get_settings
from app.db.models import metadata
from tests.crud import forget_created_records
from tests.databases import fresh_database


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Litestar]:
    # Building the app and its tables once keeps a run fast however many entities the project has.
    with fresh_database(tmp_path_factory.mktemp("db")) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        # The test client serves the app from its own event loop: a connection must not outlive its loop.
        patch.setenv("DATABASE_POOL_DISABLED", "true")
        get_settings.cache_clear()
        yield create_app()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
async def engine(app: Litestar) -> AsyncIterator[AsyncEngine]:
    engine = app.plugins.get(SQLAlchemyPlugin).config[0].get_engine()
    assert isinstance(engine, AsyncEngine), "app/config.py configures the plugin with SQLAlchemyAsyncConfig"
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def written_tables(engine: AsyncEngine) -> Iterator[set[str]]:
    """Names of the tables rows were inserted into since the last clean-up: the only ones to empty."""
    tables: set[str] = set()

    def record(*args: Any) -> None:
        context = args[4]
        if context is not None and context.isinsert:
            tables.add(context.compiled.statement.table.name)

    event.listen(engine.sync_engine, "after_cursor_execute", record)
    yield tables
    event.remove(engine.sync_engine, "after_cursor_execute", record)


@pytest.fixture(scope="session")
async def session_client(app: Litestar, engine: AsyncEngine) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
async def client(
    session_client: AsyncTestClient[Litestar], engine: AsyncEngine, written_tables: set[str]
) -> AsyncTestClient[Litestar]:
    """The HTTP client, on a database emptied of what earlier tests wrote."""
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            if table.name in written_tables:
                await connection.execute(table.delete())
    written_tables.clear()
    forget_created_records()
    return session_client


@pytest.fixture
def sql_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements the app sends, from the moment the test asks for this list."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine.sync_engine, "before_cursor_execute", record)
