"""Requests per second of the generated bookstore served by granian and by uvicorn, with one worker and with two.

    .venv/bin/python benchmarks/bench_servers.py [SECONDS] [REPEATS]

The bookstore is generated, migrated on a fresh PostgreSQL database (`scripts/postgres`) and seeded with 200 rows
per entity; each server then answers wrk (installed with apt-get when missing; 32 connections, SECONDS per run after
a 3 s warm-up) on a list page, `/health` and creates. Both servers run the app's factory with their own access log
off (the app logs each request), and the app's default pool (DATABASE_POOL_SIZE per worker, no overflow). wrk runs on
the same machine and takes CPU from the servers: read the figures as ratios between the setups of one run, which
share that cost. Best of REPEATS runs per figure; every run is printed.
"""

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serving import ensure_wrk, generate_bookstore, postgres_database, project_env, serving, sh

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
HEALTH_URL = f"http://127.0.0.1:{PORT}/health"
ENDPOINTS = {"list": ["/authors?pageSize=20"], "health": ["/health"], "create": ["/authors", "-s", "post.lua"]}


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


def server_command(project: Path, server: str, workers: int) -> list[str]:
    command = [str(project / ".venv" / "bin" / SERVERS[server][0]), *SERVERS[server][1:]]
    return [*command, "--workers", str(workers), "app.app:create_app"]


def main(seconds: int, repeats: int) -> None:
    ensure_wrk()
    results: dict[tuple[str, int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch, postgres_database("bench_servers") as url:
        project = generate_bookstore(Path(scratch))
        (project / "post.lua").write_text(POST_SCRIPT)
        env = project_env(url)
        sh(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
        sh(["uv", "run", "--frozen", "litestar", "seed", "--count", "200"], project, env)
        for _ in range(repeats):
            for server in SERVERS:
                for workers in (1, 2):
                    with serving(server_command(project, server, workers), project, env, HEALTH_URL):
                        for endpoint in ENDPOINTS:
                            rate = wrk(project, endpoint, seconds)
                            results.setdefault((server, workers, endpoint), []).append(rate)
                            print(f"{server} x{workers} {endpoint}: {rate:.0f} req/s", flush=True)
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
