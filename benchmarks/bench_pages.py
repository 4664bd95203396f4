"""List pages at scale: the generated bookstore's authors on PostgreSQL, 1,000 rows against 1,000,000.

    .venv/bin/python benchmarks/bench_pages.py [ROWS] [SAMPLES]

Two fresh databases on `scripts/postgres`'s server, migrated by the project, get 1,000 and ROWS (1,000,000 by default)
authors straight from SQL (two by two with the same creation time, so that the id has ties to break), then ANALYZE.
The app is served by granian with one worker; one client on one kept-alive connection asks for each page SAMPLES
times (after 5 unmeasured) and the median time is reported. Pages of 20 in the default order (newest first):

- the first page by offset (`GET /authors`, which counts every match) and by cursor (`cursor=start`);
- halfway through the table (500,000 rows deep at 1,000,000): by offset (`currentPage=25001`) and by cursor (the
  nextCursor of the page before it, which must list the same authors).

The targets: the first cursor page at ROWS rows takes at most 2x the first page at 1,000 rows, and the deep cursor
page at most 2x the first page of the same walk. The table is printed and written to
benchmarks/results/pages-postgresql.md.
"""

import datetime
import http.client
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.serving import ROOT, generate_bookstore, granian, postgres_database, project_env, sh

PORT = 8192
SMALL = 1_000
PAGE_SIZE = 20
WARM_UP = 5
TARGET = 2.0


def seed(url: str, rows: int) -> None:
    """`rows` authors, created one second apart two by two (ties on the order column), then statistics."""
    insert = (
        "INSERT INTO authors (id, name, created_at, updated_at) "
        "SELECT gen_random_uuid(), 'author ' || i, t, t FROM "
        f"(SELECT i, timestamptz '2020-01-01' + (i / 2) * interval '1 second' AS t FROM generate_series(1, {rows}) i) s"
    )
    psql = ["psql", "-q", url.replace("+asyncpg", ""), "-c"]
    sh([*psql, insert], ROOT)
    sh([*psql, "ANALYZE authors"], ROOT)


@dataclass
class Client:
    """One kept-alive connection to the served app."""

    connection: http.client.HTTPConnection

    def get(self, path: str) -> dict[str, object]:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status} {body[:500]!r}")
        page: dict[str, object] = json.loads(body)
        return page

    def median_ms(self, path: str, samples: int) -> float:
        for _ in range(WARM_UP):
            self.get(path)
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            self.get(path)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def deep_label(rows: int) -> str:
    return f"{rows // 2:,} deep"


def measure(project: Path, url: str, rows: int, samples: int) -> dict[str, float]:
    """The median time of each page, in ms, on a database of `rows` authors."""
    sh(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, project_env(url))
    seed(url, rows)
    figures = {}
    with granian(project, project_env(url), "app.app:create_app", PORT):
        client = Client(http.client.HTTPConnection("127.0.0.1", PORT, timeout=600))
        figures["offset, first page"] = client.median_ms(f"/authors?pageSize={PAGE_SIZE}", samples)
        figures["cursor, first page"] = client.median_ms(f"/authors?pageSize={PAGE_SIZE}&cursor=start", samples)
        if rows > SMALL:
            deep_page = rows // 2 // PAGE_SIZE + 1
            before = client.get(f"/authors?pageSize={PAGE_SIZE}&currentPage={deep_page - 1}")
            cursor = before["nextCursor"]
            assert isinstance(cursor, str), before
            figures[f"offset, {deep_label(rows)}"] = client.median_ms(
                f"/authors?pageSize={PAGE_SIZE}&currentPage={deep_page}", samples
            )
            deep = f"/authors?pageSize={PAGE_SIZE}&cursor={cursor}"
            by_offset = client.get(f"/authors?pageSize={PAGE_SIZE}&currentPage={deep_page}")["items"]
            if client.get(deep)["items"] != by_offset:
                raise SystemExit("the deep cursor page is not the offset page it follows")
            figures[f"cursor, {deep_label(rows)}"] = client.median_ms(deep, samples)
        client.connection.close()
    return figures


def report(small: dict[str, float], large: dict[str, float], rows: int, samples: int) -> str:
    first_ratio = large["cursor, first page"] / small["offset, first page"]
    deep_ratio = large[f"cursor, {deep_label(rows)}"] / large["cursor, first page"]
    lines = [
        f"# List pages at scale, PostgreSQL, {datetime.date.today().isoformat()}",
        "",
        f"`benchmarks/bench_pages.py {rows} {samples}`: median of {samples} requests per page on one kept-alive",
        f"connection, granian with one worker; pages of {PAGE_SIZE} authors, newest first.",
        "",
        f"| page | {SMALL:,} rows, ms | {rows:,} rows, ms |",
        "| --- | --- | --- |",
    ]
    for page, time_ms in large.items():
        lines.append(
            f"| {page} | {small[page]:.2f} | {time_ms:.2f} |" if page in small else f"| {page} | | {time_ms:.2f} |"
        )
    lines += [
        "",
        f"- first cursor page at {rows:,} rows / first page at {SMALL:,}: {first_ratio:.2f}x"
        f" (target at most {TARGET}x)",
        f"- cursor page {deep_label(rows)} / first page of the walk: {deep_ratio:.2f}x (target at most {TARGET}x)",
    ]
    return "\n".join(lines) + "\n"


def main(rows: int, samples: int) -> None:
    if rows <= SMALL:
        raise SystemExit(f"ROWS must be more than {SMALL:,}, the table it is compared with")
    with tempfile.TemporaryDirectory() as scratch:
        project = generate_bookstore(Path(scratch))
        with postgres_database("bench_pages_small") as url:
            small = measure(project, url, SMALL, samples)
        with postgres_database("bench_pages_large") as url:
            large = measure(project, url, rows, samples)
    text = report(small, large, rows, samples)
    print(text)
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "pages-postgresql.md").write_text(text)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(int(arguments[0]) if arguments else 1_000_000, int(arguments[1]) if len(arguments) > 1 else 40)
