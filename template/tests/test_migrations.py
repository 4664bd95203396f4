"""The migrations in migrations/versions build exactly the schema the models describe, and `check-db-status` says so."""

from pathlib import Path

import anyio
import pytest
from advanced_alchemy.alembic.commands import AlembicCommands
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.cli import database_status
from app.config import Settings, create_alchemy_config
from app.db.alembic import compare_type
from app.db.models import metadata


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "migrated.sqlite3"


@pytest.fixture
def alchemy_config(database: Path) -> SQLAlchemyAsyncConfig:
    return create_alchemy_config(Settings(database_url=f"sqlite+aiosqlite:///{database}"))


def schema_differences(database: Path) -> list[object]:
    """What `litestar database make-migrations` would write for this database: nothing when there is no drift."""
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            options = {"compare_type": compare_type, "render_as_batch": True}
            context = MigrationContext.configure(connection, opts=options)
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_upgrade_to_head_gives_the_models_schema(database: Path, alchemy_config: SQLAlchemyAsyncConfig) -> None:
    AlembicCommands(sqlalchemy_config=alchemy_config).upgrade("head")
    assert schema_differences(database) == []


def test_downgrade_to_base_removes_every_table(database: Path, alchemy_config: SQLAlchemyAsyncConfig) -> None:
    commands = AlembicCommands(sqlalchemy_config=alchemy_config)
    commands.upgrade("head")
    commands.downgrade("base")
    engine = create_engine(f"sqlite:///{database}")
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_check_db_status_reports_head(alchemy_config: SQLAlchemyAsyncConfig) -> None:
    healthy, message = anyio.run(database_status, alchemy_config)
    assert not healthy
    assert "not at head" in message

    AlembicCommands(sqlalchemy_config=alchemy_config).upgrade("head")
    healthy, message = anyio.run(database_status, alchemy_config)
    assert healthy, message
    assert "at head" in message
