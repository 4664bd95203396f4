"""`litestar seed`: every entity gets rows the API accepts, and a second run adds rows instead of repeating them."""

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
