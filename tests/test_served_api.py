"""Generated APIs served as in production, used as an attacker and an operator would.

Schemathesis (pinned in pyproject.toml) runs against the served bookstore, company and ecommerce (14 entities) apps
with every check and its examples, coverage, fuzzing and stateful phases, a fixed seed and a bounded number of
examples per operation: it must find nothing, on SQLite and (company) on PostgreSQL. The library, which has access
control, is run twice: with the token of a user without roles, and with an admin's. A PostgreSQL restart costs no
request once the server is back, and while it is down the API answers 503 with Retry-After.
"""

import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.served import OwnPostgres, get, served
from tests.test_generate import generate, load

ST = Path(sys.executable).parent / "st"
FUZZED_SPECS = [
    ROOT / "examples" / "bookstore.yml",
    ROOT / "tests" / "specs" / "company.yml",
    ROOT / "examples" / "ecommerce.yml",
]
EXAMPLES_PER_OPERATION = 25
SEED = 1
SECRET = {"SECRET_KEY": "served-test-key-of-more-than-32-characters"}
PASSWORD = "a-long-password"


def assert_schemathesis_finds_nothing(url: str, project: Path, folder: Path, *options: str) -> None:
    command = [str(ST), "run", f"{url}/schema/openapi.json", "--checks", "all", *options]
    command += ["--phases", "examples,coverage,fuzzing,stateful", "--max-examples", str(EXAMPLES_PER_OPERATION)]
    command += ["--seed", str(SEED), "--no-color"]
    # As the generated README runs it: a valid request's made-up cursor becomes `start`.
    hooks = {"SCHEMATHESIS_HOOKS": str(project / "tests" / "schemathesis_hooks.py")}
    outcome = run(command, folder, timeout=600, extra_env=hooks)
    assert outcome.returncode == 0, outcome.stdout[-8000:] + outcome.stderr[-2000:]
    assert "passed" in outcome.stdout, outcome.stdout[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("spec", FUZZED_SPECS, ids=lambda spec: spec.stem)
def test_schemathesis_finds_nothing(copie: Any, spec: Path, tmp_path: Path) -> None:
    project = generate(copie, load(spec))
    database = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data.sqlite3'}"}
    with served(project, database) as server:
        assert_schemathesis_finds_nothing(server.url, project, tmp_path)


@pytest.mark.slow
def test_schemathesis_finds_nothing_on_postgresql(copie: Any, databases: list[dict[str, str]], tmp_path: Path) -> None:
    """The production database under the same run: what PostgreSQL refuses where SQLite takes it (NUL in a text,
    in a json field's keys and texts) must be refused as the document says. Company has every scalar type."""
    if len(databases) < 2:
        pytest.skip("TEST_DATABASE_URL is not set")
    project = generate(copie, load(ROOT / "tests" / "specs" / "company.yml"))
    with served(project, databases[1]) as server:
        assert_schemathesis_finds_nothing(server.url, project, tmp_path)


def access_token(url: str, email: str) -> str:
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    request = urllib.request.Request(f"{url}/auth/login", body, {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        token: str = json.load(response)["accessToken"]
        return token


@pytest.mark.slow
def test_schemathesis_finds_nothing_with_a_token_of_the_lowest_role_and_an_admins(copie: Any, tmp_path: Path) -> None:
    project = generate(copie, load(ROOT / "examples" / "library.yml"))
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data.sqlite3'}"} | SECRET
    with served(project, env) as server:
        users = {"nobody@example.com": [], "admin@example.com": ["--role", "admin"]}
        for email, roles in users.items():
            create = ["uv", "run", "--frozen", "litestar", "users", "create", "--email", email, "--password", PASSWORD]
            created = run([*create, *roles], project, extra_env=env)
            assert created.returncode == 0, created.stderr
        # Both tokens before any run: a run spends the sign-in limit. The user without roles runs first: the admin's
        # run changes and deletes the users it finds.
        tokens = [access_token(server.url, email) for email in users]
        for token in tokens:
            assert_schemathesis_finds_nothing(server.url, project, tmp_path, "-H", f"Authorization: Bearer {token}")


@pytest.mark.slow
def test_a_postgresql_restart_costs_no_request(copie: Any) -> None:
    postgres = OwnPostgres()
    try:
        postgres.initialise()
        postgres.pg_ctl("start")
        project = generate(copie, load(ROOT / "examples" / "bookstore.yml"))
        with served(project, {"DATABASE_URL": postgres.url}) as server:
            url = server.url
            assert get(f"{url}/books")[0] == 200
            postgres.pg_ctl("restart")
            # Pooled connections died with the server: each is checked before use and replaced.
            assert [get(f"{url}/books")[0] for _ in range(5)] == [200] * 5
            postgres.pg_ctl("stop")
            status, headers = get(f"{url}/books")
            assert status == 503
            assert int(headers["Retry-After"]) > 0
            postgres.pg_ctl("start")
            assert get(f"{url}/books")[0] == 200
    finally:
        postgres.remove()
