"""Every bad spec is refused with one line per problem, a non-zero exit, no traceback, nothing written.

Each file in tests/specs/bad/ states the lines it must produce in `# error:` comments at its top. All of them go
through the Copier hook's entry point in this process (the same lines Copier prints); a handful also go through the
`copier` command, which shows the exit code, the absence of a traceback and that nothing is written.
"""

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier.errors import UserMessageError
from jinja2 import Environment

from hooks.check_spec import check, copier_answers
from hooks.context import SpecContextHook
from tests.conftest import COPIER, ROOT, copier_copy, run

BAD_SPECS = sorted((ROOT / "tests" / "specs" / "bad").glob("*.yml"))
# Through the `copier` command: several problems at once, input that is no mapping, a refusal from each layer.
CLI_SPECS = [
    "several_problems",
    "entities_not_a_mapping",
    "operation_id_collision",
    "default_wrong_type",
    "auth_problems",
]
PROBLEM_PREFIXES = ("entities", "enums", "auth", "project_slug", "database", "generated_names", "migrations")


def expected_lines(spec: Path) -> list[str]:
    return [line.removeprefix("# error: ") for line in spec.read_text().splitlines() if line.startswith("# error: ")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def copier_context(spec: Path, destination: Path) -> dict[str, Any]:
    """What Copier hands the hook for `copier copy --defaults --data-file spec` (hooks/check_spec.py knows the
    defaults of the questions a spec leaves out)."""
    data = yaml.safe_load(spec.read_text()) or {}
    return {**copier_answers(data), "_copier_phase": "render", "_copier_conf": {"dst_path": destination}}


def test_every_bad_spec_states_its_errors() -> None:
    assert len(BAD_SPECS) > len(CLI_SPECS)
    for spec in BAD_SPECS:
        assert expected_lines(spec), f"{spec.name} has no '# error:' line"
    assert {spec.stem for spec in BAD_SPECS} >= set(CLI_SPECS)


@pytest.mark.parametrize("spec", BAD_SPECS, ids=lambda spec: spec.stem)
def test_bad_spec_is_refused_by_the_hook_in_one_line_per_problem(spec: Path, tmp_path: Path) -> None:
    hook = SpecContextHook(Environment())
    with pytest.raises(UserMessageError) as refusal:
        hook.hook(copier_context(spec, tmp_path / "new"))
    assert str(refusal.value).splitlines() == expected_lines(spec)


@pytest.mark.parametrize("name", CLI_SPECS)
def test_bad_spec_is_refused_by_copier_and_nothing_is_written(name: str, tmp_path: Path) -> None:
    spec = ROOT / "tests" / "specs" / "bad" / f"{name}.yml"
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


def test_a_mistyped_name_in_a_template_stops_the_copy(tmp_path: Path) -> None:
    """copier.yml turns on StrictUndefined: a template naming what the context lacks fails, it writes no ""."""
    template = tmp_path / "template"
    shutil.copytree(ROOT, template, ignore=shutil.ignore_patterns(".venv", ".git", "build", "__pycache__"))
    readme = template / "template" / "README.md.jinja"
    readme.write_text(readme.read_text().replace("{{ entity.table }}", "{{ entity.tabel }}"))
    command = [str(COPIER), "copy", "--trust", "--defaults"]
    data = str(ROOT / "examples" / "bookstore.yml")
    outcome = run([*command, "--data-file", data, str(template), str(tmp_path / "new")], cwd=tmp_path, timeout=120)
    assert outcome.returncode != 0
    assert "tabel" in outcome.stderr


@pytest.mark.parametrize("spec", BAD_SPECS, ids=lambda spec: spec.stem)
def test_check_spec_says_what_copier_would(spec: Path) -> None:
    assert check(spec) == expected_lines(spec)


FLOW_MAPPING = "while parsing a flow mapping from line 3, column 13"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "entities:\n  Book:\n    fields: {title: str\n",
            f"spec.yml:4:1: not YAML: expected ',' or '}}', but got '<stream end>' ({FLOW_MAPPING})",
        ),
        ("entities:\n  Book: x: y\n", "spec.yml:2:10: not YAML: mapping values are not allowed here"),
        ("", "spec.yml: empty: write at least one entity under 'entities:'"),
        ("- Book\n", "spec.yml: must be a mapping of answers (project_name, enums, entities, ...), not list"),
    ],
)
def test_a_file_that_is_no_spec_is_one_line_with_its_place(text: str, line: str, tmp_path: Path) -> None:
    (tmp_path / "spec.yml").write_text(text)
    outcome = run([sys.executable, str(ROOT / "hooks" / "check_spec.py"), "spec.yml"], cwd=tmp_path)
    assert outcome.returncode == 1
    assert outcome.stderr.splitlines() == [line]


def test_check_spec_accepts_a_good_spec() -> None:
    outcome = run([sys.executable, str(ROOT / "hooks" / "check_spec.py"), "examples/bookstore.yml"], cwd=ROOT)
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stderr.strip() == "examples/bookstore.yml: a good spec"
