"""Every good spec generates a project that installs, lints, type-checks and passes its own tests."""

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import good_specs, run

# The generated tests also run on PostgreSQL when TEST_DATABASE_URL names a server (scripts/test starts one), for
# every spec up to this size: the 100-entity spec would only repeat the same paths, slowly.
POSTGRES_MAX_ENTITIES = 30
# What a generated project must pass, as its README tells its users to run it.
PROJECT_CHECKS = (
    ["uv", "run", "--frozen", "ruff", "check", "--no-cache", "."],
    ["uv", "run", "--frozen", "ruff", "format", "--check", "--no-cache", "."],
    ["uv", "run", "--frozen", "mypy", "--strict", "--no-incremental", "app", "tests"],
    ["uv", "run", "--frozen", "pytest", "-q", "-p", "no:randomly"],
)


def load(spec: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(spec.read_text())
    return data


@pytest.mark.slow
@pytest.mark.parametrize("spec", good_specs(), ids=lambda spec: spec.stem)
def test_generated_project_passes_its_checks(copie: Any, spec: Path) -> None:
    data = load(spec)
    result = copie.copy(extra_answers=data)
    assert result.exit_code == 0, result.exception
    project: Path = result.project_dir
    assert_layout_follows_the_spec(project, data)

    synced = run(["uv", "sync", "--quiet"], cwd=project)
    assert synced.returncode == 0, synced.stderr
    runs = [(command, {}) for command in PROJECT_CHECKS]
    postgres = os.environ.get("TEST_DATABASE_URL")
    if postgres and len(load(spec)["entities"]) <= POSTGRES_MAX_ENTITIES:
        runs.append((PROJECT_CHECKS[-1], {"TEST_DATABASE_URL": postgres}))
    failures = []
    for command, extra_env in runs:
        outcome = run(command, cwd=project, extra_env=extra_env)
        if outcome.returncode != 0:
            where = " (PostgreSQL)" if extra_env else ""
            failures.append(f"$ {' '.join(command)}{where}\n{outcome.stdout[-4000:]}{outcome.stderr[-4000:]}")
    assert not failures, "\n\n".join(failures)


def assert_layout_follows_the_spec(project: Path, data: dict[str, Any]) -> None:
    """One model, one domain package of five modules and one test module per entity; the spec and README kept."""
    assert yaml.safe_load((project / "entities.yml").read_text())["entities"] == data["entities"]
    readme = (project / "README.md").read_text()
    models = {path.stem for path in (project / "app" / "db" / "models").glob("*.py")} - {"__init__", "enums"}
    domains = {path.name for path in (project / "app" / "domain").iterdir() if path.is_dir()} - {"__pycache__"}
    assert len(models) == len(domains) == len(data["entities"])
    for name in data["entities"]:
        assert f"| {name} |" in readme
    for domain in domains:
        for module in ("generated.py", "generated_controller.py", "schemas.py", "services.py", "controllers.py"):
            assert (project / "app" / "domain" / domain / module).is_file()
        assert (project / "tests" / domain / f"test_{domain}_api.py").is_file()
    assert (project / "migrations" / "versions" / "0001_initial.py").is_file()
