"""How the database's failures reach a client (app/lib/problems.py): a database that cannot take the request now
(down, busy, locked, not found) is a 503 to retry; a statement it refuses is a bug of the service, a 500 logged with
its traceback; a value it cannot store (PostgreSQL's data exceptions) is the request's fault, a 400, logged as a
check the request missed. Real SQLite errors, raised through SQLAlchemy as the app's engine raises them."""

from pathlib import Path
from typing import cast

import pytest
import structlog
from litestar.types import Scope
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from structlog.testing import capture_logs

from app.lib import observability
from app.lib.problems import response_status


def failure(engine: Engine, statement: str) -> OperationalError:
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text(statement))
    return raised.value


@pytest.mark.parametrize(
    "statement", ["SELECT missing_column FROM sqlite_master", "SELECT * FROM missing_table", "SELEC 1"]
)
def test_a_statement_the_database_refuses_is_a_500(statement: str) -> None:
    assert response_status(failure(create_engine("sqlite://"), statement)) == 500


def test_a_database_that_cannot_be_opened_is_a_503(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'no such folder' / 'app.sqlite'}")
    assert response_status(failure(engine, "SELECT 1")) == 503


def test_a_database_another_connection_holds_locked_is_a_503(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'app.sqlite'}", connect_args={"timeout": 0})
    with engine.connect() as holder:
        holder.exec_driver_sql("BEGIN EXCLUSIVE")
        assert response_status(failure(engine, "SELECT * FROM sqlite_master")) == 503


class PostgresError(Exception):
    """What SQLAlchemy's asyncpg adapter raises: the server's SQLSTATE on the error."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "status"),
    [
        ("22P05", 400),  # untranslatable character: `\u0000` in a jsonb value
        ("22021", 400),  # character not in repertoire: NUL in text
        ("42703", 500),  # undefined column: a bug of the service
    ],
)
async def test_a_value_postgresql_cannot_store_is_a_400_logged_as_a_missed_check(
    sqlstate: str, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = DBAPIError("INSERT INTO t VALUES ($1)", {}, PostgresError(sqlstate))
    assert response_status(error) == status
    # A logger of the test's own: the module's may be bound to the processors of an app an earlier test built.
    monkeypatch.setattr(observability, "logger", structlog.get_logger("app"))
    with capture_logs() as logs:
        await observability.log_server_error(error, cast("Scope", {"path": "/things"}))
    if status == 400:
        assert logs == [
            {
                "event": "database refused a value",
                "log_level": "warning",
                "path": "/things",
                "status": 400,
                "sqlstate": sqlstate,
            }
        ]
    else:
        assert [(log["event"], log["log_level"]) for log in logs] == [("request failed", "error")]
