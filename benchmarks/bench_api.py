"""Requests per second and latency of the generated bookstore's author endpoints against a hand-written reference.

    .venv/bin/python benchmarks/bench_api.py [SECONDS] [REPEATS] [sqlite|postgresql]

The reference (benchmarks/reference/app.py) is the same resource written as the Advanced Alchemy "Litestar
integration" guide writes it. Both apps run in the generated project's environment under granian with one worker, on
one database (a fresh SQLite file, or a fresh database on `scripts/postgres`) holding 300 authors; wrk (one thread,
8 connections, SECONDS per run after a 2 s warm-up) alternates between them, operation by operation: list (a page of
20), get, create and update (of a random seeded author). Best of REPEATS runs per figure; every run is printed. The
table (requests per second, p50 and p99 in ms, and the generated app's ratio to the reference) is printed and
written to benchmarks/results/api-<database>.md. wrk shares the machine with the servers: read ratios, not rates.
"""

import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIER = Path(sys.executable).parent / "copier"
PORT = 8191
SEEDED = 300
APPS = {"generated": "app.app:create_app", "reference": "reference_app:create_app"}
OPERATIONS = ("list", "get", "create", "update")


@dataclass(frozen=True)
class Run:
    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float


def sh(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    outcome = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if outcome.returncode != 0:
        raise SystemExit(f"$ {' '.join(command)}\n{outcome.stdout[-2000:]}{outcome.stderr[-2000:]}")
    return outcome.stdout


def lua_scripts(ids: list[str]) -> dict[str, str]:
    """wrk's script of each operation: the request it sends, on a random seeded author where it names one."""
    table = "ids = {" + ", ".join(f'"{author_id}"' for author_id in ids) + "}\n"
    pick = "local id = ids[math.random(#ids)]\n"
    body = 'string.format(\'{"name":"bench %d"}\', math.random(1000000))'
    header = 'wrk.headers["Content-Type"] = "application/json"\n'
    return {
        "list": 'request = function() return wrk.format("GET", "/authors?pageSize=20") end\n',
        "get": table + f'request = function() {pick} return wrk.format("GET", "/authors/" .. id) end\n',
        "create": header + f'request = function() return wrk.format("POST", "/authors", nil, {body}) end\n',
        "update": table
        + header
        + f'request = function() {pick} return wrk.format("PATCH", "/authors/" .. id, nil, {body}) end\n',
    }


def milliseconds(text: str) -> float:
    """wrk's latency (`812.00us`, `1.27ms`, `2.01s`) in milliseconds."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert found, text
    return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]


def wrk(project: Path, operation: str, seconds: int) -> Run:
    base = ["wrk", "-t1", "-c8", "--timeout", "10s", "--latency", "-s", f"{operation}.lua"]
    sh([*base, "-d2s", f"http://127.0.0.1:{PORT}"], project)
    report = sh([*base, f"-d{seconds}s", f"http://127.0.0.1:{PORT}"], project)
    if "Non-2xx" in report or "Socket errors" in report:
        raise SystemExit(f"{operation}: failed requests\n{report}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    p50, p99 = (re.search(rf"^\s+{q}%\s+(\S+)", report, re.MULTILINE) for q in (50, 99))
    assert rate, report
    assert p50, report
    assert p99, report
    return Run(float(rate.group(1)), milliseconds(p50.group(1)), milliseconds(p99.group(1)))


def serve(project: Path, env: dict[str, str], factory: str) -> subprocess.Popen[bytes]:
    granian = str(project / ".venv" / "bin" / "granian")
    command = [granian, "--interface", "asgi", "--factory", "--no-access-log", "--port", str(PORT), factory]
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/authors?pageSize=1", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"{factory} did not start")


def seed(count: int) -> list[str]:
    """Authors created through the served app; their ids."""
    ids = []
    for index in range(count):
        body = json.dumps({"name": f"author {index}"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}/authors", body, {"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            ids.append(json.load(response)["id"])
    return ids


def table(results: dict[tuple[str, str], list[Run]], database: str, seconds: int, repeats: int) -> str:
    lines = [
        f"# API benchmark, {database}, {datetime.date.today().isoformat()}",
        "",
        f"`benchmarks/bench_api.py {seconds} {repeats} {database}`: best of {repeats} runs of {seconds} s per figure,",
        "granian with one worker, wrk with one thread and 8 connections on the same machine.",
        "",
        "| operation | generated req/s | p50 ms | p99 ms | reference req/s | p50 ms | p99 ms | generated / reference |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for operation in OPERATIONS:
        best = {app: max(results[app, operation], key=lambda run: run.rate) for app in APPS}
        cells = [f"{best[app].rate:.0f} | {best[app].p50:.2f} | {best[app].p99:.2f}" for app in APPS]
        ratio = best["generated"].rate / best["reference"].rate
        lines.append(f"| {operation} | {' | '.join(cells)} | {ratio:.2f}x |")
    return "\n".join(lines) + "\n"


def database_url(database: str, work: Path) -> tuple[str, list[str]]:
    """The URL both apps use, and the psql command that drops the database afterwards (none for SQLite)."""
    if database == "sqlite":
        return f"sqlite+aiosqlite:///{work / 'bench.db'}", []
    server = sh(["bash", "scripts/postgres"], ROOT).strip()
    name = f"bench_api_{os.getpid()}"
    # scripts/postgres installed PostgreSQL's client with the server; it takes the URL without the driver.
    psql = ["psql", "-q", server.replace("+asyncpg", ""), "-c"]
    sh([*psql, f"CREATE DATABASE {name}"], ROOT)
    return f"{server.rsplit('/', 1)[0]}/{name}", [*psql, f"DROP DATABASE {name} WITH (FORCE)"]


def main(seconds: int, repeats: int, database: str) -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        project = work / "bookstore"
        copy = [str(COPIER), "copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
        sh([*copy, str(ROOT / "examples" / "bookstore.yml"), str(ROOT), str(project)], ROOT)
        sh(["uv", "sync", "--quiet"], project)
        shutil.copy(ROOT / "benchmarks" / "reference" / "app.py", project / "reference_app.py")
        url, drop = database_url(database, work)
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {"DATABASE_URL": url, "ACCESS_LOG": "false"}
        try:
            sh(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
            process = serve(project, env, APPS["generated"])
            try:
                ids = seed(SEEDED)
            finally:
                process.terminate()
                process.wait(timeout=60)
            random.shuffle(ids)
            for operation, script in lua_scripts(ids).items():
                (project / f"{operation}.lua").write_text(script)
            results: dict[tuple[str, str], list[Run]] = {}
            for _ in range(repeats):
                for operation in OPERATIONS:
                    for app, factory in APPS.items():
                        process = serve(project, env, factory)
                        try:
                            run = wrk(project, operation, seconds)
                        finally:
                            process.terminate()
                            process.wait(timeout=60)
                        results.setdefault((app, operation), []).append(run)
                        print(
                            f"{app} {operation}: {run.rate:.0f} req/s, p50 {run.p50} ms, p99 {run.p99} ms", flush=True
                        )
        finally:
            if drop:
                sh(drop, ROOT)
    report = table(results, database, seconds, repeats)
    print("\n" + report)
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / f"api-{database}.md").write_text(report)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        int(arguments[0]) if len(arguments) > 0 else 10,
        int(arguments[1]) if len(arguments) > 1 else 2,
        arguments[2] if len(arguments) > 2 else "sqlite",
    )
