"""benchmarks/bench_generate.py and bench_update.py: the baseline renders the same tree as the template, the
update's phases time the hook's work on a real project, and Copier timed in its process writes what Copier does."""

from pathlib import Path

import yaml

from benchmarks.bench_generate import baseline_template, time_copy
from benchmarks.bench_update import changed_spec, copy, hook_phases
from benchmarks.make_spec import make_spec
from tests.conftest import ROOT


def files(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if ".git" not in path.parts}


def test_the_baseline_renders_the_templates_tree_and_the_update_phases_are_timed(tmp_path: Path) -> None:
    spec = make_spec(3)
    spec_file = tmp_path / "entities.yml"
    spec_file.write_text(yaml.safe_dump(spec))
    time_copy(ROOT, spec_file, tmp_path, repeats=1)
    ours = tmp_path / "ours"
    (tmp_path / "out").rename(ours)
    time_copy(baseline_template(tmp_path / "baseline"), spec_file, tmp_path, repeats=1)
    assert files(tmp_path / "out") == files(ours)

    phases = hook_phases(ours, changed_spec(spec, 2))
    assert phases.view_models > 0
    assert phases.planning > 0


def test_copier_with_its_renders_timed_writes_the_same_project(tmp_path: Path) -> None:
    spec_file = tmp_path / "entities.yml"
    spec_file.write_text(yaml.safe_dump(make_spec(2)))
    time_copy(ROOT, spec_file, tmp_path, repeats=1)
    run = copy(spec_file, tmp_path / "timed")
    assert len(run.renders) == 1
    assert 0 < run.renders[0] < run.seconds
    plain, timed = tmp_path / "out", tmp_path / "timed"
    assert files(timed) == files(plain)
    # What the benchmark times is what a user's `copier copy` writes.
    for name in files(plain) - {".copier-answers.yml"}:
        if (plain / name).is_file():
            assert (timed / name).read_bytes() == (plain / name).read_bytes(), name
    # The answers too, but for the commit, which Copier makes up anew for a template with uncommitted changes.
    plain_answers, timed_answers = (
        yaml.safe_load((project / ".copier-answers.yml").read_text()) for project in (plain, timed)
    )
    assert {**plain_answers, "_commit": None} == {**timed_answers, "_commit": None}
