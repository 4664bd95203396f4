"""Several instances of a generated service on one PostgreSQL database, as its deploy section describes them.

On a PostgreSQL cluster of the test's own (stopping it disturbs no other test): migrations started together wait for
each other; three instances served by the production command take concurrent creates and racing duplicates spread
over them (nothing lost, the losers 409); `/health` goes 503 while the database is down and 200 again once it is back,
with no restart, and list requests answer again; an instance told to stop (SIGTERM) answers the requests it is
working on before it exits.
"""

import http.client
import json
import signal
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.served import UPGRADE, OwnPostgres, Server, get, served
from tests.test_generate import generate, load

INSTANCES = 3
CREATES = 200
RACERS = 20
MIGRATION_ROUNDS = 3
# Creates sent to an instance that is told to stop once ANSWERED_BEFORE_STOP of them have been answered.
LATE_CREATES = 400
ANSWERED_BEFORE_STOP = 40


def post(url: str, body: dict[str, Any]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def post_outcome(url: str, body: dict[str, Any]) -> int | str:
    """The status, or how the request failed: refused (never accepted) or dropped (sent, and never answered)."""
    try:
        return post(url, body)
    except (ConnectionRefusedError, urllib.error.URLError) as error:
        if isinstance(error, ConnectionRefusedError) or isinstance(error.reason, ConnectionRefusedError):
            return "refused"
        return "dropped"
    except (http.client.RemoteDisconnected, ConnectionResetError, TimeoutError):
        return "dropped"


def total(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        count: int = json.load(response)["total"]
        return count


@pytest.fixture
def postgres() -> Any:
    server = OwnPostgres()
    try:
        server.initialise()
        server.pg_ctl("start")
        yield server
    finally:
        server.remove()


def concurrent_upgrades(project: Path, database_url: str) -> list[Any]:
    env = {"DATABASE_URL": database_url}
    with ThreadPoolExecutor(INSTANCES) as pool:
        return list(pool.map(lambda _: run(UPGRADE, project, extra_env=env), range(INSTANCES)))


@pytest.mark.slow
def test_three_instances_share_one_postgresql_database(copie: Any, postgres: OwnPostgres) -> None:
    project = generate(copie, load(ROOT / "examples" / "bookstore.yml"))
    revisions = len(list((project / "migrations" / "versions").glob("*.py")))

    # Instances that migrate as they start: each revision runs once, the other upgrades wait and find it done.
    for round_ in range(MIGRATION_ROUNDS):
        upgrades = concurrent_upgrades(project, postgres.create_database(f"migrated_{round_}"))
        assert [upgrade.returncode for upgrade in upgrades] == [0] * INSTANCES, [u.stderr[-3000:] for u in upgrades]
        applied = sum((upgrade.stdout + upgrade.stderr).count("Running upgrade") for upgrade in upgrades)
        assert applied == revisions, round_

    env = {"DATABASE_URL": postgres.create_database("served")}
    with ExitStack() as stack:
        servers = [stack.enter_context(served(project, env, production=True)) for _ in range(INSTANCES)]
        urls = [server.url for server in servers]
        with ThreadPoolExecutor(32) as pool:
            creates = pool.map(
                lambda n: post(f"{urls[n % INSTANCES]}/authors", {"name": f"Author {n}"}), range(CREATES)
            )
            assert list(creates) == [201] * CREATES
            races = pool.map(lambda n: post(f"{urls[n % INSTANCES]}/tags", {"label": "contested"}), range(RACERS))
            assert sorted(races) == [201] + [409] * (RACERS - 1)
        assert [total(f"{url}/authors") for url in urls] == [CREATES] * INSTANCES
        assert [total(f"{url}/tags") for url in urls] == [1] * INSTANCES

        assert [get(f"{url}/health")[0] for url in urls] == [200] * INSTANCES
        postgres.pg_ctl("stop")
        down = [get(f"{url}/health") for url in urls]
        assert [status for status, _ in down] == [503] * INSTANCES
        assert all(int(headers["Retry-After"]) > 0 for _, headers in down)
        postgres.pg_ctl("start")
        # Back by itself: no instance was restarted.
        assert [get(f"{url}/health")[0] for url in urls] == [200] * INSTANCES
        assert [get(f"{url}/books")[0] for url in urls] == [200] * INSTANCES
        assert [total(f"{url}/authors") for url in urls] == [CREATES] * INSTANCES

        stop_while_creating(servers[0], urls[1])


def stop_while_creating(server: Server, other_url: str) -> None:
    """SIGTERM to an instance busy with creates: each create answered 201 has its row and no create wrote a row
    without its 201; creates answered after the signal are the ones it was working on or had accepted.

    A connection still in the kernel's accept queue when granian closes its listener is reset unanswered ("dropped"
    here, as a request sent and never answered): the app never saw it, and the count below shows it wrote nothing,
    so a client may send it again. Seen in 2 of about 8 CI runs under load."""
    answered = threading.Semaphore(0)
    before = total(f"{other_url}/authors")

    def create(n: int) -> int | str:
        outcome = post_outcome(f"{server.url}/authors", {"name": f"Late {n}"})
        answered.release()
        return outcome

    with ThreadPoolExecutor(32) as pool:
        outcomes = pool.map(create, range(LATE_CREATES))
        for _ in range(ANSWERED_BEFORE_STOP):
            answered.acquire()
        server.process.send_signal(signal.SIGTERM)
        finished = list(outcomes)
    assert server.process.wait(timeout=60) == 0
    assert set(finished) <= {201, "refused", "dropped"}, finished
    assert finished.count(201) > ANSWERED_BEFORE_STOP
    assert total(f"{other_url}/authors") == before + finished.count(201)
