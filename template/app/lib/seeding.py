"""`litestar seed`: rows for every entity, sent through the API in-process, as app/db/seed_plan.json says.

The plan (written by the generator from entities.yml) says per entity, in the order its required relations need,
how to make each field's value for row number i. Rows are numbered on from the rows a table already has, so a
second run adds new values instead of repeating them. What the API refuses (a unique value or a one-to-one target
already taken) is skipped and counted: nothing is ever half written. With access control, the client is an admin's,
and the rows of owned entities are created by the owners given, in turn.
"""

import base64
import datetime
import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.config import get_settings

PLAN_FILE = Path(__file__).resolve().parent.parent / "db" / "seed_plan.json"
_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
# Numbers without bounds of their own stay small, as a person would type them.
_SPAN = 1_000_000


@dataclass
class Outcome:
    """What seeding one entity did: rows added, and rows skipped with the last reason (a 409's detail)."""

    entity: str
    inserted: int = 0
    skipped: int = 0
    reason: str = ""
    statuses: set[int] = field(default_factory=set)  # of the refused requests


def _text(recipe: dict[str, Any], i: int) -> str:
    kind, prefix = recipe["kind"], recipe["prefix"]
    text = {"email": f"{prefix}{i}@example.com", "url": f"https://example.com/{prefix}/{i}"}.get(kind, f"{prefix}-{i}")
    longest = recipe["max_length"]
    if longest is not None and len(text) > longest:
        text = str(i)[-longest:] if kind in ("str", "text") else text
    return text.ljust(recipe["min_length"], "x")


def _number(recipe: dict[str, Any], i: int) -> Any:
    kind, low, high = recipe["kind"], recipe["minimum"], recipe["maximum"]
    if kind in ("int", "bigint"):
        low = int(low) if low is not None else 1
        high = int(high) if high is not None else low + _SPAN
        return low + i % (min(high, low + _SPAN) - low + 1)
    if kind == "float":
        low = float(low) if low is not None else 1.0
        high = float(high) if high is not None else low + _SPAN
        return low + (i % _SPAN) * (high - low) / _SPAN
    scale = recipe["scale"]
    step = Decimal(1).scaleb(-scale)
    largest = Decimal(10) ** (recipe["precision"] - scale) - step
    start = max(Decimal(low) if low is not None else Decimal(0), -largest).quantize(step, rounding=ROUND_CEILING)
    end = min(Decimal(high) if high is not None else largest, largest).quantize(step, rounding=ROUND_FLOOR)
    values = int((end - start) / step) + 1
    return str(start + step * (i % values))


def field_value(recipe: dict[str, Any], i: int) -> Any:
    """The JSON value of a field for row number i: valid, and distinct from row to row where the field allows it."""
    kind = recipe["kind"]
    if kind in ("enum", "pool"):
        return recipe["values"][i % len(recipe["values"])]
    if kind in ("str", "text", "email", "url"):
        return _text(recipe, i)
    if kind in ("int", "bigint", "float", "decimal"):
        return _number(recipe, i)
    moment = _EPOCH + datetime.timedelta(days=i, minutes=i)
    others: dict[str, Any] = {
        "bool": i % 2 == 0,
        "date": moment.date().isoformat(),
        "datetime": moment.isoformat(),
        "time": moment.time().isoformat(),
        "uuid": str(uuid.uuid4()),
        "json": {"seed": i},
        "bytes": base64.b64encode(f"seed-{i}".encode()).decode(),
    }
    return others[kind]


async def _rows(client: AsyncTestClient[Litestar], path: str) -> list[dict[str, Any]]:
    """Every row of an entity as its endpoint answers it, oldest first where the entity keeps creation times."""
    rows: list[dict[str, Any]] = []
    page_size = get_settings().max_page_size
    while True:
        params: dict[str, str | int] = {
            "currentPage": len(rows) // page_size + 1,
            "pageSize": page_size,
            "sortOrder": "asc",
        }
        answer = (await client.get(path, params=params)).json()
        rows += answer["items"]
        if len(rows) >= answer["total"] or not answer["items"]:
            return rows


async def _ids(client: AsyncTestClient[Litestar], path: str) -> list[Any]:
    return [row["id"] for row in await _rows(client, path)]


async def _create(
    client: AsyncTestClient[Litestar], entity: dict[str, Any], body: dict[str, Any], owner: Mapping[str, str] | None
) -> Any:
    """Create a row as its owner; as the client's own user when the owner may not create it (403)."""
    if owner is not None:
        answer = await client.post(entity["path"], json=body, headers=dict(owner))
        if answer.status_code != 403:
            return answer
    return await client.post(entity["path"], json=body)


async def _seed_entity(
    client: AsyncTestClient[Litestar], entity: dict[str, Any], count: int, owners: Sequence[Mapping[str, str]]
) -> Outcome:
    existing = await _rows(client, entity["path"])
    start = len(existing)
    targets = {r["target"]: await _ids(client, r["target"]) for r in entity["to_one"] + entity["many_to_many"]}
    # One-to-one targets the rows of an earlier run hold are taken.
    used = {r["name"]: {row[r["name"]] for row in existing} - {None} for r in entity["to_one"]}
    outcome = Outcome(entity["entity"])
    for i in range(start, start + count):
        body = {recipe["name"]: field_value(recipe, i) for recipe in entity["fields"]}
        for relation in entity["to_one"]:
            free = [id_ for id_ in targets[relation["target"]] if id_ not in used[relation["name"]]]
            choices = free if relation["unique"] else targets[relation["target"]]
            body[relation["name"]] = choices[i % len(choices)] if choices else None
            if relation["unique"] and choices:
                used[relation["name"]].add(body[relation["name"]])
        for relation in entity["many_to_many"]:
            body[relation["name"]] = targets[relation["target"]][i % 3 : i % 3 + 2]
        if any(body[r["name"]] is None and r["required"] for r in entity["to_one"]):
            outcome.skipped += 1
            outcome.reason = "a required relation has no row to point at"
            continue
        owner = owners[i % len(owners)] if entity.get("owned") and owners else None
        answer = await _create(client, entity, body, owner)
        if answer.status_code == 201:
            outcome.inserted += 1
        else:
            outcome.skipped += 1
            outcome.statuses.add(answer.status_code)
            outcome.reason = answer.json().get("detail", str(answer.status_code))
    return outcome


def load_plan() -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    return plan


async def seed_through(
    client: AsyncTestClient[Litestar], count: int, owners: Sequence[Mapping[str, str]] = ()
) -> list[Outcome]:
    """Up to `count` new rows per entity through a client of the app, targets of required relations first; `owners`
    are the request headers of the users who create the rows of owned entities."""
    return [await _seed_entity(client, entity, count, owners) for entity in load_plan()["entities"]]


async def seed(
    app: Litestar, count: int, headers: Mapping[str, str] | None = None, owners: Sequence[Mapping[str, str]] = ()
) -> list[Outcome]:
    """Seed through an in-process client sending `headers` (an admin's token, with access control)."""
    # One line per entity is the report: not one log line per request.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    async with AsyncTestClient(app) as client:
        client.headers.update(headers or {})
        return await seed_through(client, count, owners)
