"""How long `copier update` takes on a large project in which some entities changed, against `copier copy` of it.

    .venv/bin/python benchmarks/bench_update.py [ENTITIES] [CHANGED] [REPEATS]

A project is generated from a spec of ENTITIES entities and committed; then CHANGED of them get a new field and
the update (which also writes the migration) is timed. The baseline, in the same run, is the copy of the same
project: the ratio says what an update costs next to generating the project anew. Best of REPEATS runs.

The update's phases: the hook's own work is timed in this process on the same inputs (the spec check and view model
of the previous and the new answers, which an update builds once each; the migration planning, once, for the
project's folder); Copier is the rest of the update (its three renders of the project, its git work, its tasks).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.make_spec import make_spec  # noqa: E402
from hooks import render  # noqa: E402

COPIER = Path(sys.executable).parent / "copier"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


def settle() -> None:
    """Flush what the previous steps wrote: a run then starts as a user's would, not behind the kernel's writeback of
    the thousands of files the setup just wrote (on this machine's disk, later runs were up to 50 % slower)."""
    os.sync()


def copy(spec_file: Path, destination: Path) -> float:
    shutil.rmtree(destination, ignore_errors=True)
    command = [str(COPIER), "copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
    settle()
    start = time.perf_counter()
    subprocess.run([*command, str(spec_file), str(ROOT), str(destination)], check=True, capture_output=True)
    return time.perf_counter() - start


def changed_spec(spec: dict[str, Any], count: int) -> dict[str, Any]:
    entities = dict(spec["entities"])
    for name in list(entities)[:count]:
        fields = dict(entities[name].get("fields") or {})
        fields["benchmark_note"] = {"type": "str", "max_length": 40, "required": False}
        entities[name] = {**entities[name], "fields": fields}
    return {**spec, "entities": entities}


@dataclass(frozen=True)
class HookPhases:
    view_models: float  # seconds: spec check and view model of the previous and of the new answers
    planning: float  # seconds: the migration from the project's schema to the new one


def hook_phases(project: Path, new_spec: dict[str, Any]) -> HookPhases:
    """The hook's work in an update of `project` (committed, not yet updated) to `new_spec`, timed on its own."""
    previous = yaml.safe_load((project / ".copier-answers.yml").read_text())
    new = {**previous, "entities": new_spec["entities"]}
    render._PROJECT_CONTEXTS.clear()  # as in a new Copier process
    start = time.perf_counter()
    render.project_context(previous)
    schema, context = render.project_context(new)
    built = time.perf_counter()
    revision = render.regeneration_revision(context["project"], schema, render.previous_schema(project), project)
    planned = time.perf_counter()
    assert revision is not None, "the changed spec planned no migration"
    return HookPhases(built - start, planned - built)


def update(spec: dict[str, Any], changed: int, work: Path) -> tuple[float, int, HookPhases]:
    """Seconds of one `copier update`, the revisions it wrote, and the hook's part of it timed apart."""
    spec_file, project = work / "entities.yml", work / "project"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    copy(spec_file, project)
    # The copy made the project a repository and committed it where git knows who commits: committed here otherwise.
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-q", "--allow-empty", "-m", "generated"], cwd=project, check=True)
    new_spec = changed_spec(spec, changed)
    phases = hook_phases(project, new_spec)
    (project / "entities.yml").write_text(yaml.safe_dump(new_spec, sort_keys=False))
    subprocess.run([*GIT, "commit", "-qam", "spec changed"], cwd=project, check=True)
    command = [str(COPIER), "update", "-q", "--trust", "--defaults", "--data-file", "entities.yml", "--vcs-ref", "HEAD"]
    settle()
    start = time.perf_counter()
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return seconds, len(list((project / "migrations" / "versions").glob("0002_*.py"))), phases


def main() -> None:
    entities = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    changed = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    spec = make_spec(entities)
    updates, copies, phases = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for _ in range(repeats):
            seconds, revisions, hook = update(spec, changed, work)
            assert revisions == 1, "the update wrote no revision"
            updates.append(seconds)
            phases.append(hook)
            copies.append(copy(work / "entities.yml", work / "copy"))
    best = min(updates)
    view_models = min(phase.view_models for phase in phases)
    planning = min(phase.planning for phase in phases)
    print(f"{entities} entities, {changed} changed; best of {repeats} (every run, to show this machine's spread)")
    print(f"  copier update (with its migration) : {best:6.2f} s   ({spread(updates)})")
    print(f"    hook: spec check, view models    : {view_models:6.2f} s   (previous and new answers, timed apart)")
    print(f"    hook: migration planning         : {planning:6.2f} s   (timed apart)")
    print(f"    Copier: renders, git, tasks      : {best - view_models - planning:6.2f} s   (the rest)")
    print(f"  copier copy of the same project    : {min(copies):6.2f} s   ({spread(copies)})")
    print(f"  ratio                              : {best / min(copies):6.2f}")


def spread(seconds: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in seconds)


if __name__ == "__main__":
    main()
