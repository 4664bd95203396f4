"""benchmarks/bench_api.py: its reference app is held to the generated code's bar and serves what the benchmark sends
it; the reading of wrk's report and the table it writes."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_api import APPS, OPERATIONS, Run, lua_scripts, milliseconds, table
from tests.conftest import ROOT, run
from tests.test_generate import generate, load

# In-process requests to the reference app on the bookstore's migrated database: every operation the benchmark runs.
SMOKE = """
import os
from litestar.testing import TestClient
from reference_app import create_app

with TestClient(create_app()) as client:
    created = client.post("/authors", json={"name": "Ursula"})
    assert created.status_code == 201, created.text
    author = created.json()["id"]
    assert client.get(f"/authors/{author}").json()["name"] == "Ursula"
    assert client.patch(f"/authors/{author}", json={"name": "Le Guin"}).json()["name"] == "Le Guin"
    page = client.get("/authors", params={"pageSize": 20}).json()
    assert [item["id"] for item in page["items"]] == [author], page
"""


@pytest.mark.slow
def test_the_reference_app_is_clean_and_serves_the_benchmarks_requests(copie: Any, tmp_path: Path) -> None:
    project = generate(copie, load(ROOT / "examples" / "bookstore.yml"))
    shutil.copy(ROOT / "benchmarks" / "reference" / "app.py", project / "reference_app.py")
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'reference.db'}"}
    for command in (
        ["uv", "run", "--frozen", "ruff", "check", "--no-cache", "reference_app.py"],
        ["uv", "run", "--frozen", "ruff", "format", "--check", "--no-cache", "reference_app.py"],
        ["uv", "run", "--frozen", "mypy", "--strict", "--no-incremental", "reference_app.py"],
        ["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"],
        ["uv", "run", "--frozen", "python", "-c", SMOKE],
    ):
        outcome = run(command, cwd=project, extra_env=env)
        assert outcome.returncode == 0, f"$ {' '.join(command)}\n{outcome.stdout[-3000:]}{outcome.stderr[-3000:]}"


def test_wrk_latencies_read_in_milliseconds() -> None:
    assert milliseconds("812.00us") == pytest.approx(0.812)
    assert milliseconds("1.27ms") == pytest.approx(1.27)
    assert milliseconds("2.01s") == pytest.approx(2010)


def test_each_operation_sends_its_request_on_a_seeded_author() -> None:
    scripts = lua_scripts(["a1", "b2"])
    assert set(scripts) == set(OPERATIONS)
    assert '"GET", "/authors/" .. id' in scripts["get"]
    assert '"PATCH", "/authors/" .. id' in scripts["update"]
    assert 'ids = {"a1", "b2"}' in scripts["update"]
    assert '"POST", "/authors"' in scripts["create"]


def test_the_table_gives_the_best_run_and_the_ratio() -> None:
    results = {
        (app, operation): [Run(100.0 * (index + 1) * (2 if app == "generated" else 1), 1.0, 2.0) for index in range(2)]
        for app in APPS
        for operation in OPERATIONS
    }
    report = table(results, "sqlite", 10, 2)
    assert "| list | 400 | 1.00 | 2.00 | 200 | 1.00 | 2.00 | 2.00x |" in report.splitlines()
