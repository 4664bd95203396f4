"""How long `copier update` takes on a large project in which some entities changed, against `copier copy` of it.

    .venv/bin/python benchmarks/bench_update.py [ENTITIES] [CHANGED] [REPEATS]

A project is generated from a spec of ENTITIES entities and committed; then CHANGED of them get a new field and
the update (which also writes the migration) is timed. The baseline, in the same run, is the copy of the same
project: the ratio says what an update costs next to generating the project anew. Best of REPEATS runs.

The update's phases: the hook's own work is timed in this process on the same inputs (the spec check and view model
of the previous and the new answers, which an update builds once each; the migration planning, once, for the
project's folder); Copier's renders are timed inside the Copier process (benchmarks/copier_timed.py: three for an
update, one for a copy, the hook's work included); the rest is Copier's other work (starting, answers, clones of the
template, the scratch repositories, diff and apply, tasks). The floor printed last is what an update would cost if
it rendered once, as a copy does, with that other work as it is: the best a template can do without changing
Copier's algorithm.
"""

import json
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

# Copier's command line, with the seconds of each render written to the file named next.
COPIER = [sys.executable, str(ROOT / "benchmarks" / "copier_timed.py")]
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


def settle() -> None:
    """Flush what the previous steps wrote: a run then starts as a user's would, not behind the kernel's writeback of
    the thousands of files the setup just wrote (on this machine's disk, later runs were up to 50 % slower)."""
    os.sync()


@dataclass(frozen=True)
class CopierRun:
    seconds: float  # the whole command, as a user waits for it
    renders: tuple[float, ...]  # seconds of each render inside it

    @property
    def other(self) -> float:
        """Seconds of what is not rendering."""
        return self.seconds - sum(self.renders)


def run_copier(arguments: list[str], cwd: Path | None = None) -> CopierRun:
    handle, name = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    timings = Path(name)
    settle()
    start = time.perf_counter()
    subprocess.run([*COPIER, str(timings), *arguments], cwd=cwd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    renders = tuple(json.loads(timings.read_text())["renders"])
    timings.unlink()
    return CopierRun(seconds, renders)


def copy(spec_file: Path, destination: Path) -> CopierRun:
    shutil.rmtree(destination, ignore_errors=True)
    command = ["copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
    return run_copier([*command, str(spec_file), str(ROOT), str(destination)])


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


def update(spec: dict[str, Any], changed: int, work: Path) -> tuple[CopierRun, int, HookPhases]:
    """One `copier update`, the revisions it wrote, and the hook's part of it timed apart."""
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
    command = ["update", "-q", "--trust", "--defaults", "--data-file", "entities.yml", "--vcs-ref", "HEAD"]
    run = run_copier(command, cwd=project)
    return run, len(list((project / "migrations" / "versions").glob("0002_*.py"))), phases


def main() -> None:
    entities = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    changed = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    spec = make_spec(entities)
    updates: list[CopierRun] = []
    copies: list[CopierRun] = []
    phases: list[HookPhases] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for _ in range(repeats):
            run, revisions, hook = update(spec, changed, work)
            assert revisions == 1, "the update wrote no revision"
            assert len(run.renders) == 3, f"the update rendered {len(run.renders)} times, not 3"
            updates.append(run)
            phases.append(hook)
            copies.append(copy(work / "entities.yml", work / "copy"))
    best = min(updates, key=lambda run: run.seconds)
    best_copy = min(copies, key=lambda run: run.seconds)
    view_models = min(phase.view_models for phase in phases)
    planning = min(phase.planning for phase in phases)
    renders = ", ".join(f"{seconds:.2f}" for seconds in best.renders)
    floor = best.other + min(best.renders)
    print(f"{entities} entities, {changed} changed; best of {repeats} (every run, to show this machine's spread)")
    print(f"  copier update (with its migration) : {best.seconds:6.2f} s   ({spread(updates)})")
    print(f"    hook: spec check, view models    : {view_models:6.2f} s   (previous and new answers, timed apart)")
    print(f"    hook: migration planning         : {planning:6.2f} s   (timed apart)")
    print(f"    Copier: its three renders        : {sum(best.renders):6.2f} s   ({renders}; the hook's work included)")
    print(f"    Copier: the rest                 : {best.other:6.2f} s   (start, answers, clones, git, tasks)")
    print(f"  copier copy of the same project    : {best_copy.seconds:6.2f} s   ({spread(copies)})")
    print(f"    Copier: its render               : {sum(best_copy.renders):6.2f} s")
    print(f"    Copier: the rest                 : {best_copy.other:6.2f} s")
    print(f"  ratio                              : {best.seconds / best_copy.seconds:6.2f}")
    print(f"  floor: the update rendering once   : {floor / best_copy.seconds:6.2f}   (its other work as it is)")


def spread(runs: list[CopierRun]) -> str:
    return ", ".join(f"{run.seconds:.1f}" for run in runs)


if __name__ == "__main__":
    main()
