"""Shared paths and helpers of the template's test suite."""

import importlib.util
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPECS = ROOT.parent / "shared" / "specs"
COPIER = Path(sys.executable).parent / "copier"


def load_module(path: Path, name: str) -> ModuleType:
    """A module straight from its file: for what is not an installed package (hooks/, the template's own modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def good_specs() -> list[Path]:
    """Every spec the suite generates: our examples, our test corpus and, where it exists, ../shared/specs (those
    that are not copies of ours: tests/specs/company.yml and examples/bookstore.yml are)."""
    specs = sorted((ROOT / "examples").glob("*.yml")) + sorted((ROOT / "tests" / "specs").glob("*.yml"))
    ours = {spec.read_bytes() for spec in specs}
    shared = sorted(SHARED_SPECS.glob("*.yml")) if SHARED_SPECS.is_dir() else []
    specs += [spec for spec in shared if spec.read_bytes() not in ours]
    # Largest first, so that the longest check starts while the other workers take the rest.
    return sorted(specs, key=lambda spec: -spec.stat().st_size)


def project_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment for a generated project's commands: without this suite's virtualenv and database,
    and with `extra`."""
    # PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every command of a generated project compile
    # Litestar, SQLAlchemy and Pydantic anew: unset, the first command writes the bytecode the others load.
    hidden = {"VIRTUAL_ENV", "TEST_DATABASE_URL", "PYTHONDONTWRITEBYTECODE"}
    return {key: value for key, value in os.environ.items() if key not in hidden} | extra


def run(
    command: list[str], cwd: Path, timeout: float = 900, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output; the generated project's own virtualenv is created by uv.

    The generated tests run on SQLite unless `extra_env` names a PostgreSQL server (TEST_DATABASE_URL).
    """
    env = project_env(extra_env or {})
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def copier_copy(spec: Path, destination: Path) -> subprocess.CompletedProcess[str]:
    """`copier copy` exactly as the README tells users to run it."""
    command = [str(COPIER), "copy", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file", str(spec)]
    return run([*command, str(ROOT), str(destination)], cwd=ROOT, timeout=120)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[list[dict[str, str]]]:
    """The environments of the databases the project is upgraded on: a SQLite file and, if one can be had, a
    PostgreSQL database."""
    found = [{"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data.sqlite3'}"}]
    server = os.environ.get("TEST_DATABASE_URL")
    name = f"regenerate_{uuid.uuid4().hex[:8]}"
    psql = ["psql", "-q", "-v", "ON_ERROR_STOP=1", (server or "").replace("+asyncpg", "")]
    if server:
        subprocess.run([*psql, "-c", f'CREATE DATABASE "{name}"'], check=True)
        found.append({"DATABASE_URL": server.rsplit("/", 1)[0] + f"/{name}", "DATABASE_POOL_DISABLED": "true"})
    yield found
    if server:
        # As the generated tests/databases.py does: FORCE may not end an autovacuum worker for this role.
        end_sessions = (
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            f" WHERE datname = '{name}' AND usename = current_user AND pid <> pg_backend_pid()"
        )
        drop = [*psql, "-c", end_sessions, "-c", f'DROP DATABASE IF EXISTS "{name}"']
        subprocess.run(drop, check=True, capture_output=True)
