"""Run by Copier after `copier copy` (copier.yml `_tasks`), in the new project: make it a git repository of its own,
with a first commit where git knows who commits, unless it is a folder of a larger repository that tracks it.

`copier update` works on git history: a project in an ignored folder of another repository (`build/bookstore` of the
template's own demo) would have its files taken for deleted by the update (see hooks/project_git.py).
"""

from __future__ import annotations

import sys
from pathlib import Path


def make_repository(project: Path) -> str:
    """Make the project a repository where it needs one; what was done, in one line."""
    from hooks.project_git import git, needs_own_repository, repository_root

    if not needs_own_repository(project):
        root = repository_root(project)
        if root == project.resolve():
            # `copier recopy`, or a copy into the top of a repository: the files were written over committed ones.
            return "The project is a git repository already: review what changed (`git diff`), then commit it."
        return f"The project is a folder of the git repository at {root}: commit it there."
    git(project, "-c", "init.defaultBranch=main", "init", "-q")
    # Every file above one byte streamed into one pack instead of a loose object file each: git's "big file" path,
    # taken for this one command. A 100-entity project's first commit took 1.05 s, 0.52 s so, on this disk.
    git(project, "-c", "core.bigFileThreshold=1", "add", "-A")
    # Git knows who commits from its configuration or the environment; where it does not, the commit is the user's.
    if git(project, "commit", "-q", "-m", "Generated from entities.yml").returncode != 0:
        return "Made the project a git repository; commit it (`git commit -m 'Generated'`) before `copier update`."
    return "Made the project a git repository, with its first commit."


if __name__ == "__main__":
    # Run as a script by Copier: the template's folder holds the `hooks` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(make_repository(Path.cwd()), file=sys.stderr)
