"""The generated project's own commands as its README gives them, on SQLite and on PostgreSQL with the connection
pool on, as a user runs them (the generated tests run without a pool): migrate, check the database, seed twice.

The library has access control, so `litestar seed` first creates its admin and owners through the database, then
adds rows through an in-process client of the app: two event loops, one pool.
"""

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.test_generate import generate, load

LITESTAR = ["uv", "run", "--frozen", "litestar"]
SECRET = {"SECRET_KEY": "commands-test-key-of-more-than-32-characters"}
ROWS = 3


def litestar(project: Path, env: dict[str, str], *arguments: str) -> tuple[str, str]:
    """A command's standard output and error; it must succeed and log nothing it could not write."""
    outcome = run([*LITESTAR, *arguments], project, extra_env=env | SECRET)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "--- Logging error ---" not in outcome.stderr, outcome.stderr
    return outcome.stdout, outcome.stderr


@pytest.mark.slow
def test_migrate_check_and_seed_twice_on_each_database(copie: Any, databases: list[dict[str, str]]) -> None:
    project = generate(copie, load(ROOT / "examples" / "library.yml"))
    for database in databases:
        env = {key: value for key, value in database.items() if key != "DATABASE_POOL_DISABLED"}
        litestar(project, env, "database", "upgrade", "--no-prompt")
        assert "at head" in litestar(project, env, "check-db-status")[0]
        first, errors = litestar(project, env, "seed", "--count", str(ROWS))
        assert first.startswith("Admin admin@example.com created, password (shown this once): "), first + errors
        added = [f"{entity}: {ROWS} row(s) added" for entity in ("Book", "Loan", "Review")]
        assert first.splitlines()[1:] == added, first + errors
        # The admin exists now: no password again, and as many rows more.
        second, errors = litestar(project, env, "seed", "--count", str(ROWS))
        assert second.splitlines() == added, second + errors
