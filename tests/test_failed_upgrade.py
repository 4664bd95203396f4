"""An upgrade the rows refuse changes nothing, on SQLite as on PostgreSQL: two authors share a name, the update makes
names unique, and `litestar database upgrade` fails with the database as it was (on SQLite, batch mode had already
copied the table: without a transaction around the upgrade its `_alembic_tmp_authors` stayed, and stopped every
later upgrade). The command says so in one sentence naming the revision's line, without a traceback. Once the user
renames one author, the same upgrade goes through. So does an upgrade that would drop columns holding data (a field
renamed without `renamed_from`, one removed): it stops before anything changes, naming them all, until the user takes
their names out of the call that stops it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.test_regenerate import UPDATE, checked, copy_project, data, edit_spec

UPGRADE = ["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"]
STATUS = ["uv", "run", "--frozen", "litestar", "check-db-status"]
BOX = str.maketrans(dict.fromkeys("╭╮╰╯─│", " "))
ADVICE = " Nothing was changed: fix the rows (or the revision), then migrate again."

AUTHORS = """
import asyncio
import json
import os
import sys

from litestar.testing import TestClient
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from app.app import create_app


# The tables, the columns of authors and the names it holds, read without the app (whose models may be ahead).
async def stored() -> dict[str, list[str]]:
    engine = create_async_engine(os.environ["DATABASE_URL"])
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        columns = await connection.run_sync(lambda sync: [c["name"] for c in inspect(sync).get_columns("authors")])
        held = await connection.exec_driver_sql("SELECT name FROM authors ORDER BY name") if "name" in columns else None
        names = [row[0] for row in held] if held is not None else []
    await engine.dispose()
    return {"tables": sorted(tables), "columns": sorted(columns), "names": names}


if sys.argv[1] == "stored":
    print(json.dumps(asyncio.run(stored())))
    sys.exit()

with TestClient(create_app()) as client:
    if sys.argv[1] == "add":
        for _ in range(2):
            assert client.post("/authors", json={"name": "A. N. Other", "dob": "1929-10-21"}).status_code == 201
    else:
        first = client.get("/authors").json()["items"][0]
        assert client.patch(f"/authors/{first['id']}", json={"name": "Someone Else"}).status_code == 200
"""


def bookstore_with_two_authors(tmp_path: Path, databases: list[dict[str, str]]) -> tuple[Path, list[Any]]:
    """The bookstore at its first revision on every database, with two authors of one name; what each stores."""
    project = tmp_path / "bookstore"
    copy_project(ROOT / "examples" / "bookstore.yml", project)
    stored = []
    for env in databases:
        checked(UPGRADE, project, env)
        data(project, env, "add", source=AUTHORS)
        stored.append(json.loads(data(project, env, "stored", source=AUTHORS)))
    return project, stored


def refused_upgrade(project: Path, env: dict[str, str]) -> str:
    """What a refused `litestar database upgrade` said: one sentence, in the Litestar command's error box, on one
    line here, and no traceback."""
    refused = run(UPGRADE, project, extra_env=env)
    assert refused.returncode != 0
    said = " ".join(refused.stderr.translate(BOX).split())
    assert "Traceback" not in said, said
    return said


def database_refusal(project: Path, env: dict[str, str], revision: str) -> str:
    """What the database said, and the advice after it, when the rows refuse the upgrade at `revision`."""
    said = refused_upgrade(project, env)
    found = re.search(
        rf"The database refused the migration at migrations/versions/{re.escape(revision)}, line \d+: (.*)", said
    )
    assert found, said
    return found[1]


@pytest.mark.slow
def test_an_upgrade_the_rows_refuse_leaves_the_database_as_it_was(
    tmp_path: Path, databases: list[dict[str, str]]
) -> None:
    project, before = bookstore_with_two_authors(tmp_path, databases)

    edit_spec(project, lambda spec: spec["entities"]["Author"]["fields"]["name"].update(unique=True))
    checked(UPDATE, project)
    for env, found in zip(databases, before, strict=True):
        assert database_refusal(project, env, "0002_authors.py") in {
            "UNIQUE constraint failed: authors.name." + ADVICE,
            'could not create unique index "uq_authors_name" DETAIL: Key (name)=(A. N. Other) is duplicated.' + ADVICE,
        }
        assert json.loads(data(project, env, "stored", source=AUTHORS)) == found
        status = run(STATUS, project, extra_env=env)
        assert "not at head: at 0001" in status.stdout + status.stderr

        data(project, env, "rename", source=AUTHORS)
        checked(UPGRADE, project, env)
        assert "at head (0002)" in checked(STATUS, project, env)

    # A new required field without a default: the rows have no value for it (SQLite says so as a plain error).
    edit_spec(project, lambda spec: spec["entities"]["Author"]["fields"].update(email={"type": "str"}))
    checked(UPDATE, project)
    for env in databases:
        assert database_refusal(project, env, "0003_authors.py") in {
            "Cannot add a NOT NULL column with default value NULL." + ADVICE,
            'column "email" of relation "authors" contains null values.' + ADVICE,
        }
        assert "at 0002" in run(STATUS, project, extra_env=env).stdout


def rename_without_renamed_from(spec: dict[str, Any]) -> None:
    """The mistake `renamed_from` exists for (the column is dropped, with what it holds, and a new one added), and
    removals: a field holding values and an entity without rows."""
    fields = spec["entities"]["Author"]["fields"]
    fields["full_name"] = {**fields.pop("name"), "required": False}
    del fields["dob"]
    del spec["entities"]["Tag"]
    del spec["entities"]["Book"]["relations"]["tags"]


@pytest.mark.slow
def test_an_upgrade_that_would_drop_data_stops_until_the_line_that_stops_it_is_deleted(
    tmp_path: Path, databases: list[dict[str, str]]
) -> None:
    project, before = bookstore_with_two_authors(tmp_path, databases)

    edit_spec(project, rename_without_renamed_from)
    checked(UPDATE, project)
    [revision] = (project / "migrations" / "versions").glob("0002_*.py")
    call = 'refuse_to_drop_data("authors.name", "authors.dob", "tags", "book_tags")'
    line = revision.read_text().splitlines().index(f"    {call}") + 1
    for env, found in zip(databases, before, strict=True):
        said = refused_upgrade(project, env)
        # Every table and column that holds data, at once; the empty tables of Tag are not named.
        assert (
            "The migration would delete 2 non-null value(s) of authors.name, 2 non-null value(s) of authors.dob: "
            f"refuse_to_drop_data at {revision.relative_to(project)}, line {line} stops it. Nothing was changed: move "
            "or delete that data first, or delete its name from that call to drop it with the migration." in said
        ), said
        assert json.loads(data(project, env, "stored", source=AUTHORS)) == found
        assert "not at head: at 0001" in run(STATUS, project, extra_env=env).stdout

    # The user means it: the names go, and the same revision drops the columns.
    revision.write_text(revision.read_text().replace(call, 'refuse_to_drop_data("tags", "book_tags")'))
    for env in databases:
        checked(UPGRADE, project, env)
        assert "at head (0002)" in checked(STATUS, project, env)
        columns = json.loads(data(project, env, "stored", source=AUTHORS))["columns"]
        assert ("name" in columns, "dob" in columns, "full_name" in columns) == (False, False, True)
