"""Run by Copier at the end of `copier update` (copier.yml `_migrations`), in the project: when entities left the
spec, remove the files generated for them that nobody edited, keep every file someone wrote or edited, and say which;
in any case say what changed in the spec and which migration the update wrote (hooks/update_summary.py).

Copier alone deletes an old entity's files whether or not they were edited (and misses a folder named `tags`,
which `filecmp.dircmp` ignores). This script decides by content instead: a file the previous version of the template
generated for a removed entity is removed when its committed content is still what that version generated.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ANSWERS_FILE = ".copier-answers.yml"
# libyaml's safe loader where PyYAML has it: this runs after every update, and most return right after reading.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def committed(path: str) -> bytes | None:
    """The file as the last commit has it (the project was clean when the update started); None if untracked."""
    shown = subprocess.run(["git", "show", f"HEAD:{path}"], capture_output=True, check=False)
    return shown.stdout if shown.returncode == 0 else None


def render(answers: dict[str, Any], destination: Path) -> set[str]:
    """What the template at the answers' commit generates for those answers: the relative paths of its files."""
    import copier  # only when entities left: most updates return before, and Copier takes a while to import

    data = {key: value for key, value in answers.items() if not key.startswith("_")}
    copier.run_copy(
        answers["_src_path"],
        destination,
        data=data,
        vcs_ref=answers["_commit"],
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    return {str(path.relative_to(destination)) for path in destination.rglob("*") if path.is_file()}


def sort_removed_files(old: dict[str, Any], new: dict[str, Any], project: Path) -> tuple[list[str], ...]:
    """(removed, kept, yours): the files generated for entities that are gone, by whether they are still as generated,
    and the files beside them that no version of the template generated."""
    with tempfile.TemporaryDirectory() as scratch:
        before, after = Path(scratch, "before"), Path(scratch, "after")
        generated_before, generated_after = render(old, before), render(new, after)
        removed, kept = [], []
        for path in sorted(generated_before - generated_after):
            content = committed(path)
            if content is None:
                continue
            target = project / path
            if content == (before / path).read_bytes():
                target.unlink(missing_ok=True)
                removed.append(path)
            else:
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                kept.append(path)
    left = prune(project, removed)
    yours = [path for path in left if path not in generated_before | generated_after]
    return removed, kept, yours


def prune(project: Path, removed: list[str]) -> list[str]:
    """Remove the folders the removed files leave empty; list the files still in their folders."""
    left: set[str] = set()
    for folder in sorted({(project / path).parent for path in removed}, key=lambda p: -len(p.parts)):
        for cache in folder.glob("__pycache__"):
            for compiled in cache.glob("*.pyc"):
                compiled.unlink()
            cache.rmdir()
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        elif folder.is_dir():
            left.update(str(p.relative_to(project)) for p in folder.iterdir() if p.is_file())
    return sorted(left)


def written_revisions(project: Path) -> list[str]:
    """The revision files the update wrote: in the versions folder, not in the last commit."""
    from hooks.revision import VERSIONS_DIR

    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", "HEAD", f"{VERSIONS_DIR}/"], capture_output=True, text=True
    )
    known = set(listed.stdout.split())
    return sorted(
        path
        for path in (str(file.relative_to(project)) for file in (project / VERSIONS_DIR).glob("*.py"))
        if path not in known
    )


def report_removed_entities(old: dict[str, Any], new: dict[str, Any], project: Path) -> list[str]:
    """Remove the unedited files of entities that left the spec; the lines that say what was removed and kept."""
    gone = sorted(set(old.get("entities") or {}) - set(new.get("entities") or {}))
    if not gone:
        return []
    removed, kept, yours = sort_removed_files(old, new, project)
    renamed = {e.get("renamed_from"): name for name, e in (new.get("entities") or {}).items() if isinstance(e, dict)}
    named = [f"{name} (renamed to {renamed[name]})" if name in renamed else name for name in gone]
    lines = [f"Entities no longer in entities.yml: {', '.join(named)}."]
    lines += [f"  removed (generated, unchanged): {path}" for path in removed]
    lines += [f"  kept (edited since it was generated): {path}" for path in kept]
    lines += [f"  kept (not generated): {path}" for path in yours]
    if kept or yours:
        lines.append("The kept files may use code that no longer exists: move what you need, then delete them.")
    return lines


def main() -> int:
    from hooks.spec_auth import auth_on
    from hooks.update_summary import spec_changes, summary

    project = Path.cwd()
    previous = committed(ANSWERS_FILE)
    if previous is None:
        return 0
    old = yaml.load(previous, Loader=YAML_LOADER)
    new = yaml.load((project / ANSWERS_FILE).read_text(encoding="utf-8"), Loader=YAML_LOADER)
    lines = summary(
        spec_changes(old.get("entities"), new.get("entities")),
        enums_changed=old.get("enums") != new.get("enums"),
        revisions=written_revisions(project),
        auth_change=(auth_on(old.get("auth")), auth_on(new.get("auth"))),
    )
    lines += report_removed_entities(old, new, project)
    print("\n".join(lines), file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run as a script by Copier: the template's folder holds the `hooks` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
