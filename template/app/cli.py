"""Project commands added to the `litestar` CLI: `litestar check-db-status`, `litestar seed`, `litestar serve`."""

import logging
import os
import shutil

import anyio
import click
import structlog
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


# Seconds a worker has to finish the requests in flight once the server is told to stop (SIGTERM), before it is killed.
GRACEFUL_SHUTDOWN_SECONDS = 20


def server_command(host: str, port: int, workers: int) -> list[str]:
    """Granian, the faster of the two servers measured on this stack (README: Deploy), serving the app's factory.

    Its access log is off: the app writes one line per request with its id (app/lib/observability.py).
    """
    options = ["--interface", "asgi", "--factory", "--host", host, "--port", str(port), "--workers", str(workers)]
    options += ["--no-access-log", "--workers-kill-timeout", str(GRACEFUL_SHUTDOWN_SECONDS)]
    return ["granian", *options, "app.app:create_app"]


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
            # The seed's requests are not traffic of the service: no access log line for each of them.
            structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
            for outcome in anyio.run(seed, app, count):
                line = f"{outcome.entity}: {outcome.inserted} row(s) added"
                if outcome.skipped:
                    line += f", {outcome.skipped} did not fit ({outcome.reason})"
                click.echo(line)

        @cli.command(name="serve")
        @click.option("--host", default="127.0.0.1", show_default=True, envvar="HOST", help="Address to listen on.")
        @click.option("--port", default=8000, show_default=True, envvar="PORT", type=click.IntRange(1, 65535))
        @click.option(
            "--workers",
            default=os.cpu_count() or 1,
            show_default="CPU count",
            envvar="WEB_CONCURRENCY",
            type=click.IntRange(1, 256),
            help="Worker processes, each with its own database pool.",
        )
        def serve(host: str, port: int, workers: int) -> None:
            """Serve the app in production: WORKERS processes; SIGTERM lets the requests in flight finish."""
            command = server_command(host, port, workers)
            executable = shutil.which(command[0])
            if executable is None:
                raise click.ClickException(f"{command[0]} is not installed: run `uv sync`")
            # The server replaces this process, so that it receives the signals sent to it (docker stop: SIGTERM).
            os.execv(executable, command)
