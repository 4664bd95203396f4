"""Requests per second and latency of the generated bookstore's author endpoints against hand-written ones.

    .venv/bin/python benchmarks/bench_api.py [SECONDS] [REPEATS] [sqlite|postgresql]

The reference (benchmarks/reference/app.py) is the same resource written as the Advanced Alchemy "Litestar
integration" guide writes it; the ceiling (benchmarks/reference/ceiling.py) answers each route with one hand-written
SQL statement and msgspec structs, the most this stack does. The apps run in the generated project's environment
under granian with one worker, on one database (a fresh SQLite file, or a fresh database on `scripts/postgres`)
holding 300 authors; wrk (one thread, 8 connections, SECONDS per run after a 2 s warm-up) alternates between them,
operation by operation: list (a page of 20), get, create and update (of a random seeded author), the REPEATS rounds of
an operation before the next operation. Best of REPEATS runs per figure; every run is printed. The table (requests
per second, p50 and p99 in ms, and the generated app's ratios to the reference and to the ceiling) is printed and
written to benchmarks/results/api-<database>.md. wrk shares the machine with the servers: read ratios, not rates.
"""

import datetime
import json
import random
import re
import shutil
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serving import (
    ROOT,
    ensure_wrk,
    generate_bookstore,
    granian,
    postgres_database,
    project_env,
    sh,
)

PORT = 8191
SEEDED = 300
APPS = {"generated": "app.app:create_app", "reference": "reference_app:create_app", "ceiling": "ceiling_app:create_app"}
# What each app's module is copied from into the generated project.
APP_SOURCES = {"reference_app.py": "app.py", "ceiling_app.py": "ceiling.py"}
OPERATIONS = ("list", "get", "create", "update")


@dataclass(frozen=True)
class Run:
    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float


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


def wrk(project: Path, app: str, operation: str, seconds: int) -> Run:
    base = ["wrk", "-t1", "-c8", "--timeout", "10s", "--latency", "-s", f"{operation}.lua"]
    sh([*base, "-d2s", f"http://127.0.0.1:{PORT}"], project)
    report = sh([*base, f"-d{seconds}s", f"http://127.0.0.1:{PORT}"], project)
    if "Non-2xx" in report or "Socket errors" in report:
        raise SystemExit(f"{app} {operation}: failed requests\n{report}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    p50, p99 = (re.search(rf"^\s+{q}%\s+(\S+)", report, re.MULTILINE) for q in (50, 99))
    assert rate, report
    assert p50, report
    assert p99, report
    return Run(float(rate.group(1)), milliseconds(p50.group(1)), milliseconds(p99.group(1)))


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
        "| operation | "
        + " | ".join(f"{app} req/s | p50 ms | p99 ms" for app in APPS)
        + " | generated / reference | generated / ceiling |",
        "| --- " * (3 * len(APPS) + 3) + "|",
    ]
    for operation in OPERATIONS:
        best = {app: max(results[app, operation], key=lambda run: run.rate) for app in APPS}
        cells = [f"{best[app].rate:.0f} | {best[app].p50:.2f} | {best[app].p99:.2f}" for app in APPS]
        ratios = [f"{best['generated'].rate / best[app].rate:.2f}x" for app in ("reference", "ceiling")]
        lines.append(f"| {operation} | {' | '.join(cells)} | {' | '.join(ratios)} |")
    return "\n".join(lines) + "\n"


@contextmanager
def database(kind: str, work: Path) -> Iterator[str]:
    """The URL both apps use: a SQLite file in `work`, or a fresh PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{work / 'bench.db'}"
        return
    with postgres_database("bench_api") as url:
        yield url


def main(seconds: int, repeats: int, kind: str) -> None:
    ensure_wrk()
    results: dict[tuple[str, str], list[Run]] = {}
    with tempfile.TemporaryDirectory() as scratch, database(kind, Path(scratch)) as url:
        project = generate_bookstore(Path(scratch))
        for module, source in APP_SOURCES.items():
            shutil.copy(ROOT / "benchmarks" / "reference" / source, project / module)
        env = project_env(url)
        sh(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
        with granian(project, env, APPS["generated"], PORT):
            ids = seed(SEEDED)
        random.shuffle(ids)
        for operation, script in lua_scripts(ids).items():
            (project / f"{operation}.lua").write_text(script)
        # Operation by operation, so that the rows the creates add come after every list page was measured (a page
        # counts every row: it would get slower from one round to the next).
        for operation in OPERATIONS:
            for _ in range(repeats):
                for app, factory in APPS.items():
                    with granian(project, env, factory, PORT):
                        run = wrk(project, app, operation, seconds)
                    results.setdefault((app, operation), []).append(run)
                    figures = f"{run.rate:.0f} req/s, p50 {run.p50} ms, p99 {run.p99} ms"
                    print(f"{app} {operation}: {figures}", flush=True)
    report = table(results, kind, seconds, repeats)
    print("\n" + report)
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / f"api-{kind}.md").write_text(report)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        int(arguments[0]) if len(arguments) > 0 else 10,
        int(arguments[1]) if len(arguments) > 1 else 2,
        arguments[2] if len(arguments) > 2 else "sqlite",
    )
