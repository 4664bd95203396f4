"""Turning access control on in a project that has run without it: `copier update` with an `auth` section writes the
migration of the users table and the owner columns, keeps every row, and the API then asks for tokens. The rows
that existed have no owner: admins see them, other users do not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, copier_copy
from tests.test_regenerate import UPDATE, assert_checks_pass, checked, commit, data, revisions

LIBRARY = ROOT / "examples" / "library.yml"
SECRET = {"SECRET_KEY": "regeneration-test-key-of-more-than-32-characters"}
ADMIN, MEMBER, PASSWORD = "admin@example.com", "member@example.com", "a-long-password"

LIBRARY_DATA = """
import json
import sys

from litestar.testing import TestClient

from app.app import create_app


def token(client: TestClient, email: str) -> dict[str, str]:
    answer = client.post("/auth/login", json={"email": email, "password": sys.argv[2]})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['accessToken']}"}


with TestClient(create_app()) as client:
    if sys.argv[1] == "seed":
        book = client.post("/books", json={"title": "Earthsea", "isbn": "9780000000001"}).json()
        loan = client.post("/loans", json={"bookId": book["id"], "dueOn": "2027-01-01"})
        assert loan.status_code == 201, loan.text
    elif sys.argv[1] == "anonymous":
        print(json.dumps({"status": client.get("/loans").status_code}))
    else:
        found = {}
        for email in sys.argv[3:]:
            found[email] = client.get("/loans", headers=token(client, email)).json()["items"]
        print(json.dumps(found))
"""


def without_auth(spec: dict[str, Any]) -> dict[str, Any]:
    """The library as it was before access control: no auth, no access or owned options, no relations to User."""
    spec = {key: value for key, value in spec.items() if key != "auth"}
    for entity in spec["entities"].values():
        entity.pop("access", None)
        entity.pop("owned", None)
        relations = entity.get("relations", {})
        for name in [name for name, relation in relations.items() if relation["target"] == "User"]:
            del relations[name]
    return spec


@pytest.mark.slow
def test_adding_auth_migrates_keeps_rows_and_closes_the_api(tmp_path: Path) -> None:
    library = yaml.safe_load(LIBRARY.read_text())
    first = tmp_path / "library.yml"
    first.write_text(yaml.safe_dump(without_auth(library), sort_keys=False))
    project = tmp_path / "library"
    assert copier_copy(first, project).returncode == 0
    checked(["uv", "sync", "--quiet"], project)
    commit(project, "generated")
    database = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'library.sqlite3'}"}
    checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, database)
    data(project, database, "seed", source=LIBRARY_DATA)

    (project / "entities.yml").write_text(LIBRARY.read_text())
    commit(project, "auth")
    output = checked(UPDATE, project)
    assert "auth added" in output
    assert revisions(project) == {"0001": "None", "0002": '"0001"'}
    revision = next((project / "migrations" / "versions").glob("0002_*.py")).read_text()
    assert 'op.create_table(\n        "users"' in revision
    assert 'batch_op.add_column(sa.Column("owner_id"' in revision

    checked(["uv", "sync", "--quiet"], project)
    env = database | SECRET
    checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
    for email, roles in ((ADMIN, ["--role", "admin"]), (MEMBER, ["--role", "member"])):
        create = ["uv", "run", "--frozen", "litestar", "users", "create", "--email", email, "--password", PASSWORD]
        checked([*create, *roles], project, env)
    assert '"status": 401' in data(project, env, "anonymous", source=LIBRARY_DATA)
    seen = yaml.safe_load(data(project, env, "read", PASSWORD, ADMIN, MEMBER, source=LIBRARY_DATA))
    assert len(seen[ADMIN]) == 1, "the loan made before auth is the admins'"
    assert seen[MEMBER] == [], "and no one else's"
    assert_checks_pass(project)
