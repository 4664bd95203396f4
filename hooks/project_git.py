"""The git repository a generated project lives in: what `copier update` needs of it to lose nothing.

Copier's update diffs the previous generated version against the project's tree in the index of the repository that
holds it, and applies that diff to the project. A project file that repository does not track (the project in an
ignored folder of another repository, say) looks deleted by the user, and the update deletes it. So: a copy makes
the project a repository of its own unless it sits in a folder a larger repository tracks (a monorepo), and an
update is refused before it changes anything when the project's files are not tracked.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# Files every generated project has at its root: the update needs them tracked.
PROJECT_FILES = (".copier-answers.yml", "entities.yml", "pyproject.toml", "migrations/schema.json")
# Where the template writes: an ignored file there is a generated file the update would lose.
GENERATED_FOLDERS = ("app/", "tests/", "migrations/")
# What a project ignores on purpose (its own .gitignore): caches, bytecode, local databases and settings.
IGNORED_ON_PURPOSE = ("__pycache__/", ".pyc", ".sqlite3", ".venv/", ".mypy_cache/", ".ruff_cache/", ".pytest_cache/")


def git(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *arguments], cwd=project, capture_output=True, text=True, check=False)


def repository_root(project: Path) -> Path | None:
    """The top of the git work tree that holds the project, or None outside any."""
    found = git(project, "rev-parse", "--show-toplevel")
    return Path(found.stdout.strip()).resolve() if found.returncode == 0 else None


def is_ignored(project: Path) -> bool:
    """Whether the repository that holds the project ignores the project's folder."""
    return git(project, "check-ignore", "-q", ".").returncode == 0


def needs_own_repository(project: Path) -> bool:
    """A copy outside any repository, or in a folder its repository ignores, gets a repository of its own."""
    return repository_root(project) is None or is_ignored(project)


def update_problem(project: Path) -> str | None:
    """Why `copier update` would lose files of the project, in one line; None when it is safe."""
    root = repository_root(project)
    if root is None:
        return "the project is in no git repository: `git init`, commit it, then update"
    if is_ignored(project):
        return (
            f"the git repository at {root} ignores this project's folder, so an update would delete its files: "
            "make the project a repository of its own (`git init`, commit), or stop ignoring it, then update"
        )
    # ls-files names paths from the project; status --porcelain from the repository's root.
    tracked = set(git(project, "ls-files", "--", *PROJECT_FILES).stdout.splitlines())
    untracked = [name for name in PROJECT_FILES if (project / name).is_file() and name not in tracked]
    if untracked:
        return f"{untracked[0]} is not committed, so an update would lose it: commit the project, then update"
    status = git(project, "status", "--porcelain", "--ignored", "--", ".").stdout.splitlines()
    for line in status:
        if not line.startswith("!! "):
            continue
        inside = (root / line[3:]).resolve().relative_to(project.resolve()).as_posix() + (
            "/" if line.endswith("/") else ""
        )
        if inside.startswith(GENERATED_FOLDERS) and not any(part in inside for part in IGNORED_ON_PURPOSE):
            return (
                f"{inside} is ignored by git, so an update would lose it: stop ignoring it and commit it, then update"
            )
    return None
