"""`litestar seed`: every entity gets rows the API accepts, and a second run adds rows instead of repeating them
(one-to-one relations included: it leaves alone the targets the first run's rows hold)."""

import pytest

from app.lib.seeding import load_plan, seed_through
from tests.crud import Client

ROWS = 3


async def test_seed_fills_every_entity_and_a_second_run_adds_to_it(client: Client) -> None:
    first = await seed_through(client, ROWS)
    second = await seed_through(client, ROWS)
    for entity, before, after in zip(load_plan()["entities"], first, second, strict=True):
        assert before.inserted > 0, f"{entity['entity']}: {before.reason}"
        # Only what no more rows fit (a unique value or a one-to-one target taken) may be refused: a conflict.
        assert before.statuses | after.statuses <= {409}, f"{entity['entity']}: {before.reason or after.reason}"
        listed = (await client.get(entity["path"], params={"pageSize": 1})).json()
        assert listed["total"] == before.inserted + after.inserted


async def test_a_second_run_gives_one_to_one_relations_targets_left_free(client: Client) -> None:
    one_to_one = {e["entity"]: [r["name"] for r in e["to_one"] if r["unique"]] for e in load_plan()["entities"]}
    if not any(one_to_one.values()):
        pytest.skip("no one-to-one relation in entities.yml")
    await seed_through(client, ROWS)
    second = await seed_through(client, ROWS)
    for outcome in second:
        # Each run adds rows to every target first: a row of the second run finds a target no row holds yet.
        taken = [name for name in one_to_one[outcome.entity] if outcome.reason.startswith(f"{name}:")]
        assert not taken, f"{outcome.entity}: {outcome.reason}"
