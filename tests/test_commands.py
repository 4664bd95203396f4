"""The generated project's own commands as its README gives them, on SQLite and on PostgreSQL with the connection
pool on, as a user runs them (the generated tests run without a pool): migrate, check the database, seed twice.

The library has access control, so `litestar seed` first creates its admin and owners through the database, then
adds rows through an in-process client of the app: two event loops, one pool. A model the user adds by hand gets its
revision from `litestar database make-migrations`.
"""

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.test_generate import PROJECT_CHECKS, generate, load

LITESTAR = ["uv", "run", "--frozen", "litestar"]
SECRET = {"SECRET_KEY": "commands-test-key-of-more-than-32-characters"}
ROWS = 3
# Columns of Advanced Alchemy's types (GUID ids, DateTimeUTC audit columns, JsonB), which Alembic writes by their
# module's path.
HAND_WRITTEN_MODEL = '''"""Shelves: a model written by hand beside the generated ones."""

import datetime
from typing import Any

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Shelf(UUIDAuditBase):
    """A shelf of the library."""

    __tablename__ = "shelves"

    label: Mapped[str] = mapped_column(String(length=40))
    checked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    layout: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
'''


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


@pytest.mark.slow
def test_a_model_added_by_hand_gets_a_revision_that_passes_the_checks_and_migrates(
    copie: Any, databases: list[dict[str, str]]
) -> None:
    project = generate(copie, load(ROOT / "examples" / "library.yml"))
    (project / "app" / "db" / "models" / "shelf.py").write_text(HAND_WRITTEN_MODEL)
    models = project / "app" / "db" / "models" / "__init__.py"
    registered = models.read_text().replace("\nmetadata = ", "from app.db.models.shelf import Shelf\n\nmetadata = ")
    models.write_text(registered.replace("__all__ = (", '__all__ = (\n    "Shelf",'))
    # As the pre-commit hook would: the import and the name go where isort puts them.
    assert run(["uv", "run", "--frozen", "ruff", "check", "--fix", "--quiet", "app"], project).returncode == 0
    versions = project / "migrations" / "versions"
    # Alembic writes some types differently on each database: the revision is made on each in turn.
    for database in databases:
        before = set(versions.glob("*.py"))
        litestar(project, database, "database", "upgrade", "--no-prompt")
        litestar(project, database, "database", "make-migrations", "--message", "shelves", "--no-prompt")
        [revision] = set(versions.glob("*.py")) - before
        assert "op.create_table(" in revision.read_text()
        for check in PROJECT_CHECKS[:-1]:
            outcome = run(check, project)
            assert outcome.returncode == 0, outcome.stdout + outcome.stderr
        litestar(project, database, "database", "upgrade", "--no-prompt")
        litestar(project, database, "database", "downgrade", "--no-prompt", "--", "-1")
        litestar(project, database, "database", "upgrade", "--no-prompt")
        assert "at head" in litestar(project, database, "check-db-status")[0]
        litestar(project, database, "database", "downgrade", "--no-prompt", "--", "-1")
        revision.unlink()
