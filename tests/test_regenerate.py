"""The documented way to apply an edited spec: `copier recopy`, then `make-migrations`; hand-written code survives."""

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from tests.conftest import COPIER, ROOT, copier_copy, run

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
HAND_WRITTEN = '''
    async def bestsellers(self) -> int:
        """A hand-written method that regeneration must keep."""
        return 42
'''


def checked(command: list[str], cwd: Path) -> str:
    outcome = run(command, cwd=cwd)
    assert outcome.returncode == 0, f"$ {' '.join(command)}\n{outcome.stdout}{outcome.stderr}"
    return outcome.stdout + outcome.stderr


@pytest.mark.slow
def test_recopy_applies_a_new_field_and_keeps_hand_edits(tmp_path: Path) -> None:
    project = tmp_path / "bookstore"
    assert copier_copy(ROOT / "examples" / "bookstore.yml", project).returncode == 0
    checked(["git", "init", "-q"], project)
    checked(["uv", "sync", "--quiet"], project)
    checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project)
    services = project / "app" / "domain" / "books" / "services.py"
    services.write_text(services.read_text() + HAND_WRITTEN)
    spec = yaml.safe_load((project / "entities.yml").read_text())
    spec["entities"]["Book"]["fields"]["subtitle"] = {"type": "str", "max_length": 120, "required": False}
    (project / "entities.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    checked(["git", "add", "-A"], project)
    checked([*GIT, "commit", "-qm", "hand edit and a new field"], project)

    recopy = [str(COPIER), "recopy", "--trust", "--defaults", "--overwrite", "--vcs-ref", "HEAD"]
    checked([*recopy, "--data-file", "entities.yml"], project)

    assert HAND_WRITTEN in services.read_text()
    assert checked(["git", "status", "--porcelain", "migrations", "entities.yml"], project) == ""
    assert "subtitle" in (project / "app" / "db" / "models" / "book.py").read_text()
    grep = subprocess.run(["git", "grep", "-n", "-e", "^<<<<<<< ", "-e", "^>>>>>>> "], cwd=project, capture_output=True)
    assert grep.stdout == b""
    migrate = ["uv", "run", "--frozen", "litestar", "database", "make-migrations", "-m", "add subtitle", "--no-prompt"]
    checked(migrate, project)
    assert len(list((project / "migrations" / "versions").glob("*_add_subtitle.py"))) == 1
    checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project)
    # The database migrated before the change now has the new column, through the new revision.
    with closing(sqlite3.connect(project / "bookstore.sqlite3")) as database:
        assert "subtitle" in {row[1] for row in database.execute("PRAGMA table_info(books)")}
    assert "at head" in checked(["uv", "run", "--frozen", "litestar", "check-db-status"], project)
    checked(["uv", "run", "--frozen", "ruff", "check", "--no-cache", "."], project)
    checked(["uv", "run", "--frozen", "ruff", "format", "--check", "--no-cache", "."], project)
    checked(["uv", "run", "--frozen", "pytest", "-q"], project)
