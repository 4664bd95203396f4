"""Requests per second of the generated bookstore served by granian and by uvicorn, with one worker and with two.

    .venv/bin/python benchmarks/bench_servers.py [SECONDS] [REPEATS]

The bookstore is generated, migrated on a fresh PostgreSQL database (`scripts/postgres`) and seeded with 200 rows
per entity; each server then answers wrk (installed with apt-get when missing; 32 connections, SECONDS per run after
a 3 s warm-up) on a list page, `/health` and creates. Both servers run the app's factory with their own access log
off (the app logs each request), and the app's default pool (DATABASE_POOL_SIZE per worker, no overflow). wrk runs on
the same machine and takes CPU from the servers: read the figures as ratios between the setups of one run, which
share that cost. Best of REPEATS runs per figure; every run is printed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIER = Path(sys.executable).parent / "copier"
PORT = 8181
SERVERS = {
    "granian": ["granian", "--interface", "asgi", "--factory", "--no-access-log", "--port", str(PORT)],
    "uvicorn": ["uvicorn", "--factory", "--no-access-log", "--port", str(PORT)],
}
# wrk's script for creates: a new author per request.
POST_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/authors", nil, string.format('{"name":"bench %d %d"}', os.time(), counter))
end
"""
ENDPOINTS = {"list": ["/authors?pageSize=20"], "health": ["/health"], "create": ["/authors", "-s", "post.lua"]}


def sh(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    outcome = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if outcome.returncode != 0:
        raise SystemExit(f"$ {' '.join(command)}\n{outcome.stdout[-2000:]}{outcome.stderr[-2000:]}")
    return outcome.stdout


def wrk(project: Path, endpoint: str, seconds: int) -> float:
    url, *script = ENDPOINTS[endpoint]
    base = ["wrk", "-t1", "-c32", "--timeout", "10s", *script]
    sh([*base, "-d3s", f"http://127.0.0.1:{PORT}{url}"], project)
    report = sh([*base, f"-d{seconds}s", f"http://127.0.0.1:{PORT}{url}"], project)
    if "Non-2xx" in report or "Socket errors" in report:
        raise SystemExit(f"{endpoint}: failed requests\n{report}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", report)
    assert found, report
    return float(found.group(1))


def serve(project: Path, env: dict[str, str], server: str, workers: int) -> subprocess.Popen[bytes]:
    command = [str(project / ".venv" / "bin" / SERVERS[server][0]), *SERVERS[server][1:]]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "app.app:create_app"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{server} did not start")


def main(seconds: int, repeats: int) -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    postgres = sh(["bash", "scripts/postgres"], ROOT).strip()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        project = work / "bookstore"
        copy = [str(COPIER), "copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
        sh([*copy, str(ROOT / "examples" / "bookstore.yml"), str(ROOT), str(project)], ROOT)
        sh(["uv", "sync", "--quiet"], project)
        (project / "post.lua").write_text(POST_SCRIPT)
        database = f"bench_servers_{os.getpid()}"
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {
            "DATABASE_URL": f"{postgres.rsplit('/', 1)[0]}/{database}",
            "ACCESS_LOG": "false",
        }
        # scripts/postgres installed PostgreSQL's client with the server; it takes the URL without the driver.
        psql = ["psql", "-q", postgres.replace("+asyncpg", ""), "-c"]
        sh([*psql, f"CREATE DATABASE {database}"], project)
        try:
            sh(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
            sh(["uv", "run", "--frozen", "litestar", "seed", "--count", "200"], project, env)
            results: dict[tuple[str, int, str], list[float]] = {}
            for _ in range(repeats):
                for server in SERVERS:
                    for workers in (1, 2):
                        process = serve(project, env, server, workers)
                        try:
                            for endpoint in ENDPOINTS:
                                rate = wrk(project, endpoint, seconds)
                                results.setdefault((server, workers, endpoint), []).append(rate)
                                print(f"{server} x{workers} {endpoint}: {rate:.0f} req/s", flush=True)
                        finally:
                            process.terminate()
                            process.wait(timeout=60)
        finally:
            sh([*psql, f"DROP DATABASE {database} WITH (FORCE)"], project)
    print("\nbest req/s | " + " | ".join(ENDPOINTS))
    for server in SERVERS:
        for workers in (1, 2):
            best = [max(results[(server, workers, endpoint)]) for endpoint in ENDPOINTS]
            print(f"{server} x{workers} | " + " | ".join(f"{rate:.0f}" for rate in best))
    for endpoint in ENDPOINTS:
        ratio = max(results[("granian", 2, endpoint)]) / max(results[("uvicorn", 2, endpoint)])
        print(f"{endpoint}: granian x2 / uvicorn x2 = {ratio:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15, int(sys.argv[2]) if len(sys.argv) > 2 else 2)
