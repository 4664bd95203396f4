"""Throw-away test databases: a SQLite file by default, or a new database on the server TEST_DATABASE_URL names.

    TEST_DATABASE_URL=postgresql+asyncpg://user:password@localhost:5432/postgres uv run pytest

runs the same tests on PostgreSQL; each run (and each migration test) gets a database of its own, dropped after.
"""

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import create_async_engine


async def _on_server(server_url: str, statement: str) -> None:
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """The URL of an empty database that exists until the block ends."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite+aiosqlite:///{folder / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_on_server(server_url, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
