"""What the copy's task does with git, and the line it says it in (hooks/after_copy.py)."""

import subprocess
from pathlib import Path

from hooks.after_copy import make_repository


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def test_a_copy_outside_any_repository_becomes_one(tmp_path: Path) -> None:
    (tmp_path / "entities.yml").write_text("entities: {}\n")
    said = make_repository(tmp_path)
    assert said.startswith("Made the project a git repository")
    assert git(tmp_path, "rev-parse", "--show-toplevel").strip() == str(tmp_path.resolve())


def test_a_copy_into_a_folder_of_a_repository_is_committed_there(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    project = tmp_path / "services" / "bookstore"
    project.mkdir(parents=True)
    said = make_repository(project)
    assert said == f"The project is a folder of the git repository at {tmp_path.resolve()}: commit it there."
    assert not (project / ".git").exists()


def test_a_recopy_over_the_repository_says_to_review_the_changes(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    said = make_repository(tmp_path)
    assert said == "The project is a git repository already: review what changed (`git diff`), then commit it."
