"""What a generated project carries beside its code: its CI workflow and pre-commit hooks run the checks this suite
runs on it, .env.example, the spec's JSON Schema tied to entities.yml, and the ERD in its README."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hooks.spec_schema import DOCS_SCHEMA
from tests.conftest import ROOT, copier_copy
from tests.test_generate import PROJECT_CHECKS
from tests.unit.test_erd import erd_of

# Options this suite adds for its own runs (no caches, a fixed order, quiet output): not what a project's CI needs.
SUITE_ONLY = {"--frozen", "--no-cache", "--no-incremental", "-q", "-p", "no:randomly"}


@pytest.fixture(scope="module")
def bookstore(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("tooling") / "bookstore"
    outcome = copier_copy(ROOT / "examples" / "bookstore.yml", project)
    assert outcome.returncode == 0, outcome.stderr
    return project


def test_the_ci_workflow_runs_every_check_on_sqlite_and_postgresql(bookstore: Path) -> None:
    workflow = yaml.safe_load((bookstore / ".github" / "workflows" / "ci.yml").read_text())
    jobs = workflow["jobs"]
    runs = [step["run"] for step in jobs["checks"]["steps"] if "run" in step]
    for command in PROJECT_CHECKS:
        assert " ".join(part for part in command if part not in SUITE_ONLY) in runs
    postgresql = jobs["postgresql"]
    assert postgresql["services"]["postgres"]["image"].startswith("postgres:")
    assert postgresql["env"]["TEST_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "uv run pytest" in [step.get("run") for step in postgresql["steps"]]
    python = {step["with"]["python-version"] for job in jobs.values() for step in job["steps"] if "with" in step}
    assert python == {"3.11"}


def test_pre_commit_runs_the_project_s_own_tools_offline(bookstore: Path) -> None:
    config = yaml.safe_load((bookstore / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    entries = {hook["entry"] for hook in repo["hooks"]}
    assert entries == {"uv run ruff check --fix", "uv run ruff format", "uv run mypy --strict app tests"}


def test_entities_yml_is_tied_to_the_spec_schema(bookstore: Path) -> None:
    assert (bookstore / "entities.schema.json").read_text() == DOCS_SCHEMA.read_text()
    first_line = (bookstore / "entities.yml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=entities.schema.json"


def test_the_readme_draws_the_entities(bookstore: Path) -> None:
    assert f"```mermaid\n{erd_of('bookstore.yml')}\n```" in (bookstore / "README.md").read_text()


def test_env_example_and_git_ignore_keep_secrets_out_of_git(bookstore: Path) -> None:
    assert (bookstore / ".env.example").is_file()
    assert ".env" in (bookstore / ".gitignore").read_text().splitlines()
