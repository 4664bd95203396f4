"""benchmarks/bench_api.py: its reference and ceiling apps are held to the generated code's bar and serve what the
benchmark sends them; the reading of wrk's report and the table it writes."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_api import APP_SOURCES, APPS, OPERATIONS, Run, lua_scripts, milliseconds, table
from tests.conftest import ROOT, run
from tests.test_generate import generate, load

# In-process requests to a hand-written app on the bookstore's migrated database: every operation the benchmark runs.
SMOKE = """
import sys
from importlib import import_module
from litestar.testing import TestClient

create_app = import_module(sys.argv[1]).create_app

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
def test_the_hand_written_apps_are_clean_and_serve_the_benchmarks_requests(copie: Any, tmp_path: Path) -> None:
    project = generate(copie, load(ROOT / "examples" / "bookstore.yml"))
    for module, source in APP_SOURCES.items():
        shutil.copy(ROOT / "benchmarks" / "reference" / source, project / module)
    checks = [["ruff", "check", "--no-cache"], ["ruff", "format", "--check", "--no-cache"]]
    checks.append(["mypy", "--strict", "--no-incremental"])
    commands: list[tuple[list[str], dict[str, str]]] = [([*check, *APP_SOURCES], {}) for check in checks]
    for module in APP_SOURCES:
        # Each on a database of its own, which holds only the author it creates.
        env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / module}.db"}
        commands.append((["litestar", "database", "upgrade", "--no-prompt"], env))
        commands.append((["python", "-c", SMOKE, module.removesuffix(".py")], env))
    for argv, env in commands:
        outcome = run(["uv", "run", "--frozen", *argv], cwd=project, extra_env=env)
        assert outcome.returncode == 0, f"$ {' '.join(argv)}\n{outcome.stdout[-3000:]}{outcome.stderr[-3000:]}"


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
        (app, operation): [
            Run(100.0 * (index + 1) * {"generated": 2, "ceiling": 4}.get(app, 1), 1.0, 2.0) for index in range(2)
        ]
        for app in APPS
        for operation in OPERATIONS
    }
    report = table(results, "sqlite", 10, 2)
    assert "| list | 400 | 1.00 | 2.00 | 200 | 1.00 | 2.00 | 800 | 1.00 | 2.00 | 2.00x | 0.50x |" in report.splitlines()
