"""Alembic environment used by `litestar database ...`: the project's models are the target schema."""

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, pool
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_engine_from_config

from app.db.alembic import compare_type, migration_lock, refused_by_the_rows, render_item
from app.db.models import metadata

if TYPE_CHECKING:
    from advanced_alchemy.alembic.commands import AlembicCommandConfig

config = cast("AlembicCommandConfig", context.config)


def _configure(**options: Any) -> None:
    context.configure(
        target_metadata=metadata,
        compare_type=compare_type if config.compare_type else False,
        version_table=config.version_table_name,
        version_table_schema=config.version_table_schema,
        version_table_pk=config.version_table_pk,
        user_module_prefix=config.user_module_prefix,
        render_as_batch=config.render_as_batch,
        render_item=render_item,
        **options,
    )


def run_migrations_offline() -> None:
    _configure(url=config.db_url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _enforce_sqlite_foreign_keys(connection: Connection, enforce: bool) -> None:
    connection.exec_driver_sql("PRAGMA foreign_keys=ON" if enforce else "PRAGMA foreign_keys=OFF")
    # The pragma is a no-op inside a transaction: commit the one SQLAlchemy opened for it.
    connection.commit()


def _migrate(connection: Connection, **options: Any) -> None:
    # Instances that migrate as they start take turns: the later ones find the database at head.
    with migration_lock(connection, config.version_table_name):
        _configure(connection=connection, **options)
        try:
            with context.begin_transaction():
                context.run_migrations()
        except DBAPIError as error:
            refusal = refused_by_the_rows(error, Path(ScriptDirectory.from_config(config).versions))
            if refusal is None:
                raise
            raise refusal from error


def _begin_in_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def do_run_migrations(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        _migrate(connection)
        return
    # Batch migrations copy and drop tables: with foreign keys on, that would cascade to child rows.
    enforced = bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
    _enforce_sqlite_foreign_keys(connection, enforce=False)
    # sqlite3 runs DDL outside any transaction unless one is open: the upgrade opens one, so that a revision that
    # fails half-way (a duplicate where a unique constraint comes, once batch mode has copied the table) leaves the
    # database as it was, as on PostgreSQL, instead of a `_alembic_tmp_` table that stops every later upgrade.
    event.listen(connection, "begin", _begin_in_sqlite)
    try:
        _migrate(connection, transactional_ddl=True)
    finally:
        event.remove(connection, "begin", _begin_in_sqlite)
        # The connection may be the app's, going back to its pool: it leaves as it came, with what a failed
        # migration left undone (a migration that succeeded has committed).
        connection.rollback()
        _enforce_sqlite_foreign_keys(connection, enforce=enforced)


async def run_migrations_online() -> None:
    configuration = config.get_section(config.config_ini_section) or {}
    configuration["sqlalchemy.url"] = config.db_url
    engine = cast(
        "AsyncEngine",
        config.engine or async_engine_from_config(configuration, prefix="sqlalchemy.", poolclass=pool.NullPool),
    )
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
