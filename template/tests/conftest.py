"""Fixtures: each test gets the app on a fresh SQLite database and an HTTP client for it."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.app import create_app
from app.config import get_settings
from app.db.models import metadata


@pytest.fixture
async def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncTestClient[Litestar]]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
    get_settings.cache_clear()
    app = create_app()
    engine = app.plugins.get(SQLAlchemyPlugin).config[0].get_engine()
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    async with AsyncTestClient(app=app) as test_client:
        yield test_client
    await engine.dispose()
    get_settings.cache_clear()
