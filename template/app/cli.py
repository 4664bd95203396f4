"""Project commands added to the `litestar` CLI: `litestar check-db-status`, `litestar seed`."""

import anyio
import click
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, SQLAlchemyPlugin
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from litestar import Litestar
from litestar.plugins import CLIPluginProtocol
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from app.lib.seeding import seed


def _current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def database_status(config: SQLAlchemyAsyncConfig) -> tuple[bool, str]:
    """(healthy, message): whether the database answers and is migrated to the latest revision."""
    script = ScriptDirectory(config.alembic_config.script_location)
    heads = set(script.get_heads())
    try:
        async with config.get_engine().connect() as connection:
            current = await connection.run_sync(_current_revisions)
    except (SQLAlchemyError, OSError) as error:
        return False, f"Database unreachable: {error}"
    if current == heads:
        return True, f"Database reachable and at head ({', '.join(sorted(heads))})."
    have = ", ".join(sorted(current)) or "no revision"
    return False, f"Database reachable but not at head: at {have}, head is {', '.join(sorted(heads))}."


class CLIPlugin(CLIPluginProtocol):
    """Registers the project's own commands on the Litestar CLI."""

    def on_cli_init(self, cli: click.Group) -> None:
        @cli.command(name="check-db-status")
        def check_db_status(app: Litestar) -> None:
            """Say whether the database is reachable and migrated to head; exit 1 if not."""
            configs = app.plugins.get(SQLAlchemyPlugin).config
            config = next(config for config in configs if isinstance(config, SQLAlchemyAsyncConfig))
            healthy, message = anyio.run(database_status, config)
            click.echo(message)
            if not healthy:
                raise SystemExit(1)

        @cli.command(name="seed")
        @click.option("--count", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Rows per entity.")
        def seed_rows(app: Litestar, count: int) -> None:
            """Add up to COUNT rows to every entity through the API, and say where fewer fit."""
            for outcome in anyio.run(seed, app, count):
                line = f"{outcome.entity}: {outcome.inserted} row(s) added"
                if outcome.skipped:
                    line += f", {outcome.skipped} did not fit ({outcome.reason})"
                click.echo(line)
