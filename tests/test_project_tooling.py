"""What a generated project carries beside its code: its CI workflow and pre-commit hooks run the checks this suite
runs on it, .env.example, the spec's JSON Schema tied to entities.yml, the ERD in its README, and its container files
(tests/test_generate.py lints them for every corpus spec)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from hooks.deploy import DEPLOY
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
    assert entries == {"uv run ruff check --fix", "uv run ruff format", "uv run mypy --strict app tests migrations"}


def test_entities_yml_is_tied_to_the_spec_schema(bookstore: Path) -> None:
    assert (bookstore / "entities.schema.json").read_text() == DOCS_SCHEMA.read_text()
    first_line = (bookstore / "entities.yml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=entities.schema.json"


def test_the_readme_draws_the_entities(bookstore: Path) -> None:
    assert f"```mermaid\n{erd_of('bookstore.yml')}\n```" in (bookstore / "README.md").read_text()


def test_env_example_and_git_ignore_keep_secrets_out_of_git(bookstore: Path) -> None:
    assert (bookstore / ".env.example").is_file()
    assert ".env" in (bookstore / ".gitignore").read_text().splitlines()


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of each line of a Dockerfile, continuation lines joined, comments left out."""
    text = dockerfile.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1]) for line in lines]


def test_the_image_is_built_in_stages_and_runs_as_a_user_with_a_health_check(bookstore: Path) -> None:
    instructions = _instructions(bookstore / "Dockerfile")
    stages = [index for index, (name, _) in enumerate(instructions) if name == "FROM"]
    assert len(stages) == 2
    final = dict(instructions[stages[-1] :])
    user, _, group = final["USER"].partition(":")
    assert int(user) > 0
    assert int(group) > 0
    assert final["HEALTHCHECK"].endswith(f"urlopen('http://127.0.0.1:{DEPLOY.port}{DEPLOY.health_path}', timeout=2)\"]")
    assert json.loads(final["CMD"])[:2] == ["litestar", "serve"]
    # The secrets stay out of the image.
    assert ".env" in (bookstore / ".dockerignore").read_text().splitlines()


def test_compose_migrates_once_then_starts_the_instances_on_one_database(bookstore: Path) -> None:
    services = yaml.safe_load((bookstore / "compose.yaml").read_text())["services"]
    instances = {name for name, _ in DEPLOY.instances}
    assert set(services) == {"db", "migrate", *instances}
    assert services["migrate"]["command"] == ["litestar", "database", "upgrade", "--no-prompt"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    urls = {services[name]["environment"]["DATABASE_URL"] for name in ("migrate", *instances)}
    assert len(urls) == 1
    for name in instances:
        assert services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        # Docker kills a container 10 s after SIGTERM unless told otherwise: the graceful stop needs longer.
        grace = int(services[name]["stop_grace_period"].removesuffix("s"))
        assert grace > DEPLOY.graceful_shutdown_seconds
    # No password is written down: compose refuses to start without POSTGRES_PASSWORD.
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    assert "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/" in urls.pop()
