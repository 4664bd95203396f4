"""Every bad spec is refused by `copier copy` with one line per problem, a non-zero exit, no traceback, nothing written.

Each file in tests/specs/bad/ states the lines it must produce in `# error:` comments at its top.
"""

from pathlib import Path

import pytest

from tests.conftest import ROOT, copier_copy

BAD_SPECS = sorted((ROOT / "tests" / "specs" / "bad").glob("*.yml"))
PROBLEM_PREFIXES = ("entities", "enums", "project_slug", "database")


def expected_lines(spec: Path) -> list[str]:
    return [line.removeprefix("# error: ") for line in spec.read_text().splitlines() if line.startswith("# error: ")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_every_bad_spec_states_its_errors() -> None:
    assert BAD_SPECS
    for spec in BAD_SPECS:
        assert expected_lines(spec), f"{spec.name} has no '# error:' line"


@pytest.mark.parametrize("spec", BAD_SPECS, ids=lambda spec: spec.stem)
def test_bad_spec_is_refused_and_nothing_is_written(spec: Path, tmp_path: Path) -> None:
    new_folder = tmp_path / "new"
    outcome = copier_copy(spec, new_folder)
    assert outcome.returncode != 0
    assert "Traceback" not in outcome.stderr
    problems = [line for line in outcome.stderr.splitlines() if line.startswith(PROBLEM_PREFIXES)]
    assert problems == expected_lines(spec), outcome.stderr
    assert not new_folder.exists()


def test_bad_spec_leaves_an_existing_folder_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "todo.md").write_text("mine\n")
    before = snapshot(folder)
    outcome = copier_copy(ROOT / "tests" / "specs" / "bad" / "several_problems.yml", folder)
    assert outcome.returncode != 0
    assert snapshot(folder) == before
