"""How the database's failures reach a client (app/lib/problems.py): a database that cannot take the request now
(down, busy, locked, not found) is a 503 to retry; a statement it refuses is a bug of the service, a 500 logged with
its traceback. Real SQLite errors, raised through SQLAlchemy as the app's engine raises them."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

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
