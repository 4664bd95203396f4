"""Updates lose nothing: a copy is a git repository of its own unless a larger repository tracks it, and an update
whose diff would delete files git does not track is refused before it changes anything (hooks/project_git.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from hooks.project_git import update_problem
from tests.conftest import COPIER, ROOT, run
from tests.test_regenerate import UPDATE

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}
COPY = [str(COPIER), "copy", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]


def sh(command: list[str], cwd: Path) -> str:
    outcome = run(command, cwd=cwd, extra_env=IDENTITY)
    assert outcome.returncode == 0, f"$ {' '.join(command)}\n{outcome.stdout}{outcome.stderr}"
    return outcome.stdout + outcome.stderr


def copy_bookstore(destination: Path) -> str:
    return sh([*COPY, str(ROOT / "examples" / "bookstore.yml"), str(ROOT), str(destination)], destination.parent)


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts
    }


def add_a_field(project: Path) -> None:
    spec = yaml.safe_load((project / "entities.yml").read_text())
    spec["entities"]["Author"]["fields"]["bio"] = {"type": "text", "required": False}
    (project / "entities.yml").write_text(yaml.safe_dump(spec, sort_keys=False))


def outer_repository(folder: Path) -> Path:
    """A repository that ignores build/, as this template's own does."""
    folder.mkdir()
    (folder / ".gitignore").write_text("/build/\n")
    sh(["git", "init", "-q"], folder)
    sh(["git", "add", "-A"], folder)
    sh(["git", "commit", "-qm", "outer"], folder)
    return folder


@pytest.mark.slow
def test_a_copy_is_a_repository_of_its_own_even_in_an_ignored_folder(tmp_path: Path) -> None:
    outer = outer_repository(tmp_path / "outer")
    (outer / "build").mkdir()
    project = outer / "build" / "bookstore"
    assert "Made the project a git repository, with its first commit." in copy_bookstore(project)
    assert sh(["git", "rev-parse", "--show-toplevel"], project).strip() == str(project)
    assert sh(["git", "status", "--porcelain"], project) == ""
    # What the demo's closing advice says: edit the spec, commit, update.
    add_a_field(project)
    sh(["git", "commit", "-qam", "Add Author.bio"], project)
    sh(UPDATE, project)
    assert (project / "migrations" / "versions" / "0002_authors.py").is_file()


@pytest.mark.slow
def test_an_update_in_an_ignored_folder_of_another_repository_is_refused_and_loses_nothing(tmp_path: Path) -> None:
    outer = outer_repository(tmp_path / "outer")
    (outer / "build").mkdir()
    project = outer / "build" / "bookstore"
    copy_bookstore(project)
    shutil.rmtree(project / ".git")  # as a copy by an earlier template version left it
    add_a_field(project)
    before = files(project)
    refused = run(UPDATE, cwd=project, extra_env=IDENTITY)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    refusals = [line for line in refused.stderr.splitlines() if line.startswith("copier update refused")]
    assert len(refusals) == 1
    assert "ignores this project's folder" in refusals[0]
    assert files(project) == before


@pytest.mark.slow
def test_a_project_in_a_tracked_folder_of_a_monorepo_updates(tmp_path: Path) -> None:
    outer = outer_repository(tmp_path / "monorepo")
    project = outer / "services" / "bookstore"
    project.parent.mkdir()
    assert "is a folder of the git repository at" in copy_bookstore(project)
    assert sh(["git", "rev-parse", "--show-toplevel"], project).strip() == str(outer)
    sh(["git", "add", "-A"], outer)
    sh(["git", "commit", "-qm", "a service"], outer)
    add_a_field(project)
    sh(["git", "commit", "-qam", "Add Author.bio"], outer)
    sh(UPDATE, project)
    assert (project / "migrations" / "versions" / "0002_authors.py").is_file()
    assert "bio" in (project / "app" / "db" / "models" / "author.py").read_text()


def git_project(folder: Path, ignore: str = "") -> Path:
    folder.mkdir(parents=True)
    for name in (".copier-answers.yml", "entities.yml", "pyproject.toml", "migrations/schema.json", "app/models.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x\n")
    (folder / ".gitignore").write_text(ignore)
    sh(["git", "init", "-q"], folder)
    sh(["git", "add", "-A"], folder)
    sh(["git", "commit", "-qm", "project"], folder)
    return folder


def test_a_committed_project_is_safe_to_update(tmp_path: Path) -> None:
    project = git_project(tmp_path / "p", ignore=".venv/\n__pycache__/\n*.sqlite3\n")
    (project / ".venv").mkdir()
    (project / "app" / "__pycache__").mkdir()
    (project / "app" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"")
    (project / "data.sqlite3").write_text("")
    assert update_problem(project) is None


def test_an_uncommitted_answers_file_is_refused(tmp_path: Path) -> None:
    project = git_project(tmp_path / "p")
    sh(["git", "rm", "-q", "--cached", ".copier-answers.yml"], project)
    problem = update_problem(project)
    assert problem is not None
    assert problem.startswith(".copier-answers.yml is not committed")


def test_an_ignored_generated_file_is_refused(tmp_path: Path) -> None:
    project = git_project(tmp_path / "p")
    (project / ".gitignore").write_text("app/generated_by_hand.py\n")
    (project / "app" / "generated_by_hand.py").write_text("x\n")
    sh(["git", "add", ".gitignore"], project)
    sh(["git", "commit", "-qm", "ignore"], project)
    problem = update_problem(project)
    assert problem is not None
    assert problem.startswith("app/generated_by_hand.py is ignored by git")


def test_a_project_outside_any_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    problem = update_problem(tmp_path / "p")
    assert problem is not None
    assert "in no git repository" in problem
