"""Every good spec generates a project that installs, lints, type-checks and passes its own tests.

A project of more than SAMPLE_ABOVE entities runs the generated tests of a sample of its entities that together go
through every branch of the templates (tests/project_checks.py: `covering_sample`), and collects the rest; its
migrations, lint and types are checked in full. The generated tests run again on PostgreSQL for the specs that
together use everything that differs there (`postgres_specs`), when TEST_DATABASE_URL names a server.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.names import USER_NAMES
from hooks.reserved_names import MODEL_ATTRIBUTES, PYDANTIC_ATTRIBUTES
from hooks.spec_auth import auth_on
from tests.conftest import ROOT, good_specs, run
from tests.container_checks import container_problems
from tests.project_checks import (
    clashing_names,
    covering_sample,
    load_project,
    postgres_specs,
    unregistered_class_body_names,
    unregistered_imports,
)

SAMPLE_ABOVE = 30
POSTGRES_SPECS = postgres_specs([spec for spec in good_specs() if len(load_project(spec).entities) <= SAMPLE_ABOVE])
# What a generated project must pass, as its README tells its users to run it.
PROJECT_CHECKS = (
    ["uv", "run", "--frozen", "ruff", "check", "--no-cache", "."],
    ["uv", "run", "--frozen", "ruff", "format", "--check", "--no-cache", "."],
    ["uv", "run", "--frozen", "mypy", "--strict", "--no-incremental", "app", "tests", "migrations"],
    ["uv", "run", "--frozen", "pytest", "-q", "-p", "no:randomly"],
)


def load(spec: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(spec.read_text())
    return data


def generate(copie: Any, data: dict[str, Any]) -> Path:
    result = copie.copy(extra_answers=data)
    assert result.exit_code == 0, result.exception
    project: Path = result.project_dir
    synced = run(["uv", "sync", "--quiet"], cwd=project)
    assert synced.returncode == 0, synced.stderr
    return project


def test_a_sample_and_the_postgresql_specs_are_chosen() -> None:
    large = load_project(ROOT / "tests" / "specs" / "large_100.yml")
    sample = covering_sample(large)
    assert 0 < len(sample) < len(large.entities) / 4
    assert POSTGRES_SPECS
    assert len(POSTGRES_SPECS) < len(good_specs()) / 2


@pytest.mark.slow
@pytest.mark.parametrize("spec", good_specs(), ids=lambda spec: spec.stem)
def test_generated_project_passes_its_checks(copie: Any, spec: Path) -> None:
    data = load(spec)
    project = generate(copie, data)
    assert_layout_follows_the_spec(project, data)
    view = load_project(spec)
    assert clashing_names(project) == []
    assert unregistered_imports(project, view) == []
    assert unregistered_class_body_names(project) == []

    tests = PROJECT_CHECKS[-1]
    checks = [*PROJECT_CHECKS[:-1]]
    if len(view.entities) > SAMPLE_ABOVE:
        checks.append([*tests, "--collect-only"])
        tests = [*tests, "tests/test_migrations.py", *(f"tests/{e.package}" for e in covering_sample(view))]
    runs = [(command, {}) for command in [*checks, tests]]
    if spec.stem == "bookstore":
        # The contract test writes through the app without the client fixture: run first, what it wrote is still
        # emptied before the next test (whose entities' folders sort after it, as some projects' do).
        runs.append(([*tests, "tests/test_contract.py", "tests/test_seed.py"], {}))
    postgres = os.environ.get("TEST_DATABASE_URL")
    if postgres and spec in POSTGRES_SPECS:
        runs.append((tests, {"TEST_DATABASE_URL": postgres}))
    failures = []
    for command, extra_env in runs:
        outcome = run(command, cwd=project, extra_env=extra_env)
        if outcome.returncode != 0:
            where = " (PostgreSQL)" if extra_env else ""
            failures.append(f"$ {' '.join(command)}{where}\n{outcome.stdout[-4000:]}{outcome.stderr[-4000:]}")
    assert not failures, "\n\n".join(failures)


def assert_layout_follows_the_spec(project: Path, data: dict[str, Any]) -> None:
    """One model, one domain package of five modules and one test module per entity; the spec and README kept; the
    container files valid and the README's deploy section."""
    assert yaml.safe_load((project / "entities.yml").read_text())["entities"] == data["entities"]
    readme = (project / "README.md").read_text()
    # With access control the built-in user has a model and a domain package of its own (users, not an entity's).
    # Without it, a spec's own `User` has the same module and package names.
    builtin = auth_on(data.get("auth"))
    assert (project / "app" / "lib" / "auth.py").is_file() == builtin
    assert (project / "tests" / "access.py").is_file() == builtin
    if builtin:
        assert (project / "app" / "db" / "models" / f"{USER_NAMES.module}.py").is_file()
        assert (project / "app" / "domain" / USER_NAMES.package / "controllers.py").is_file()
    models = {path.stem for path in (project / "app" / "db" / "models").glob("*.py")} - {"__init__", "enums"}
    models -= {USER_NAMES.module} if builtin else set()
    domains = {path.name for path in (project / "app" / "domain").iterdir() if path.is_dir()} - {"__pycache__"}
    domains -= {USER_NAMES.package} if builtin else set()
    assert len(models) == len(domains) == len(data["entities"])
    for name in data["entities"]:
        assert f"| {name} |" in readme
    for domain in domains:
        for module in ("generated.py", "generated_controller.py", "schemas.py", "services.py", "controllers.py"):
            assert (project / "app" / "domain" / domain / module).is_file()
        assert (project / "tests" / domain / f"test_{domain}_api.py").is_file()
    assert (project / "migrations" / "versions" / "0001_initial.py").is_file()
    assert (project / ".dockerignore").is_file()
    assert container_problems(project) == []
    assert "\n## Deploy\n" in readme


ATTRIBUTES_SCRIPT = """
import json
from advanced_alchemy.base import BigIntAuditBase, BigIntBase, UUIDAuditBase, UUIDBase
from pydantic import BaseModel

def public(*classes):
    return sorted({name for cls in classes for name in dir(cls) if not name.startswith("_")})

bases = (BigIntAuditBase, BigIntBase, UUIDAuditBase, UUIDBase)
print(json.dumps({"pydantic": public(BaseModel), "models": public(*bases)}))
"""


@pytest.mark.slow
def test_the_registry_knows_what_the_generated_classes_inherit(copie: Any) -> None:
    """Every public attribute of Pydantic's BaseModel and of the model bases is a name the registry handles, as the
    libraries the project installs define them."""
    project = generate(copie, load(ROOT / "examples" / "bookstore.yml"))
    outcome = run(["uv", "run", "--frozen", "python", "-c", ATTRIBUTES_SCRIPT], cwd=project)
    assert outcome.returncode == 0, outcome.stderr
    found = json.loads(outcome.stdout)
    assert set(found["pydantic"]) <= PYDANTIC_ATTRIBUTES
    generated_columns = {"id", "created_at", "updated_at", "sa_orm_sentinel"}
    assert set(found["models"]) - generated_columns <= MODEL_ATTRIBUTES
