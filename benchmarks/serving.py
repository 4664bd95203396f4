"""What the serving benchmarks share (bench_servers.py, bench_api.py, bench_pages.py): commands, wrk, a generated
and installed bookstore, a PostgreSQL database of their own, and a server that answers before it is measured."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIER = Path(sys.executable).parent / "copier"


def sh(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    outcome = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if outcome.returncode != 0:
        raise SystemExit(f"$ {' '.join(command)}\n{outcome.stdout[-2000:]}{outcome.stderr[-2000:]}")
    return outcome.stdout


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)


def generate_bookstore(work: Path) -> Path:
    """examples/bookstore.yml generated from this template's HEAD into `work`, its environment installed."""
    project = work / "bookstore"
    copy = [str(COPIER), "copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
    sh([*copy, str(ROOT / "examples" / "bookstore.yml"), str(ROOT), str(project)], ROOT)
    sh(["uv", "sync", "--quiet"], project)
    return project


def project_env(database_url: str) -> dict[str, str]:
    """The environment of the generated project's commands and servers: its own venv, this database, no access log."""
    inherited = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return inherited | {"DATABASE_URL": database_url, "ACCESS_LOG": "false"}


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A fresh database on `scripts/postgres`'s server for the time of the block; its URL."""
    server = sh(["bash", "scripts/postgres"], ROOT).strip()
    name = f"{prefix}_{os.getpid()}"
    # scripts/postgres installed PostgreSQL's client with the server; it takes the URL without the driver.
    psql = ["psql", "-q", server.replace("+asyncpg", ""), "-c"]
    sh([*psql, f"CREATE DATABASE {name}"], ROOT)
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        sh([*psql, f"DROP DATABASE {name} WITH (FORCE)"], ROOT)


@contextmanager
def serving(command: list[str], project: Path, env: dict[str, str], ready_url: str) -> Iterator[None]:
    """The server started by `command` for the time of the block, once `ready_url` answers."""
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit(f"{' '.join(command)} did not start")
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


@contextmanager
def granian(project: Path, env: dict[str, str], factory: str, port: int) -> Iterator[None]:
    """An app of the project (`module:factory`) under granian with one worker, for the time of the block."""
    command = [str(project / ".venv" / "bin" / "granian"), "--interface", "asgi", "--factory", "--no-access-log"]
    with serving([*command, "--port", str(port), factory], project, env, f"http://127.0.0.1:{port}/authors?pageSize=1"):
        yield
