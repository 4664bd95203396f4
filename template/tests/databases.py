"""Throw-away test databases: a SQLite file by default, or a new database on the server TEST_DATABASE_URL names.

    TEST_DATABASE_URL=postgresql+asyncpg://user:password@localhost:5432/postgres uv run pytest

runs the same tests on PostgreSQL; each run (and each migration test) gets a database of its own, dropped after.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

# Not `DROP DATABASE ... WITH (FORCE)`: that also ends the autovacuum worker that may be busy with the new tables,
# which a role without superuser rights may not do ("must be a member of the role whose process is being
# terminated"). This role's own sessions are ended first; a plain DROP then asks autovacuum to stop, and waits.
END_OWN_SESSIONS = text(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = :name AND usename = current_user AND pid <> pg_backend_pid()"
)


@asynccontextmanager
async def _on_server(server_url: str) -> AsyncIterator[AsyncConnection]:
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()


async def _create(server_url: str, name: str) -> None:
    async with _on_server(server_url) as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')


async def _drop(server_url: str, name: str) -> None:
    async with _on_server(server_url) as connection:
        await connection.execute(END_OWN_SESSIONS, {"name": name})
        await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """The URL of an empty database that exists until the block ends."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite+aiosqlite:///{folder / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create(server_url, name))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_drop(server_url, name))
