"""Generated projects served as their README tells users to serve them (`litestar run`), for the tests that use the
API over HTTP: schemathesis, and a database restart. Also a PostgreSQL server of the test's own, which it may stop
and start without disturbing the server the other tests share."""

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from tests.conftest import project_env, run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[int, Message]:
    """Status and headers of a GET (error statuses included); headers are looked up in any case."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


UPGRADE = ["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"]


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def served(project: Path, env: dict[str, str], production: bool = False) -> Iterator[Server]:
    """The project's app served on a free port, migrated first. `litestar run` as the README tells users to serve it
    while they develop, or its production command (`litestar serve`)."""
    migrated = run(UPGRADE, project, extra_env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    port = free_port()
    serve = "serve" if production else "run"
    command = ["uv", "run", "--frozen", "litestar", serve, "--host", "127.0.0.1", "--port", str(port)]
    log = (project / f"server-{port}.log").open("w")
    server = subprocess.Popen(command, cwd=project, env=project_env(env), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if get(f"{url}/schema/openapi.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(Path(log.name).read_text())
        yield Server(url, server)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class OwnPostgres:
    """A PostgreSQL cluster in a folder of the test's, on a port of its own, run as the `postgres` user."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path, whose parents only root may enter.
        self.folder = Path(tempfile.mkdtemp(prefix="crud-postgres-"))
        self.port = free_port()
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not binaries or shutil.which("runuser") is None:
            raise RuntimeError("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) and runuser are needed")
        self.bin = binaries[-1].parent
        self.data = self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, cwd="/")

    def initialise(self) -> None:
        shutil.chown(self.folder, "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "server.log")
        pg_ctl = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "-m", "fast"]
        self._as_postgres(*pg_ctl, action)

    def create_database(self, name: str) -> str:
        """A new empty database (name: a plain identifier); its URL."""
        psql = [str(self.bin / "psql"), "-h", str(self.folder), "-p", str(self.port), "-U", "postgres"]
        self._as_postgres(*psql, "-c", f"CREATE DATABASE {name}")
        return self.url.removesuffix("/postgres") + f"/{name}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)
