"""hooks/seed_plan.py: what `litestar seed` sends, as versioned data."""

from __future__ import annotations

import json
import re
from typing import Any

from hooks.render import build_context
from hooks.seed_plan import POOL_SIZE, VERSION
from tests.unit.test_render import answers


def plan_of(spec: str) -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(build_context(answers(spec))["seed_plan"])
    return plan


def test_targets_of_required_relations_come_first() -> None:
    plan = plan_of("company.yml")
    assert plan["version"] == VERSION
    order = [entity["entity"] for entity in plan["entities"]]
    assert order.index("Department") < order.index("Employee")
    book = next(entity for entity in plan_of("bookstore.yml")["entities"] if entity["entity"] == "Book")
    assert book["to_one"] == [{"name": "authorId", "target": "/authors", "required": True, "unique": False}]
    assert book["many_to_many"] == [{"name": "tagIds", "target": "/tags"}]


def test_pattern_fields_draw_from_a_pool_of_distinct_matching_values() -> None:
    book = next(entity for entity in plan_of("bookstore.yml")["entities"] if entity["entity"] == "Book")
    isbn = next(recipe for recipe in book["fields"] if recipe["name"] == "isbn")
    assert isbn["kind"] == "pool"
    assert len(set(isbn["values"])) == POOL_SIZE
    assert all(re.fullmatch(r"[0-9]{13}", value) for value in isbn["values"])


def test_self_references_and_one_to_ones_are_marked() -> None:
    entities = {entity["entity"]: entity for entity in plan_of("company.yml")["entities"]}
    assert all(relation["target"] != "/departments" for relation in entities["Department"]["to_one"])
    assert entities["Desk"]["to_one"][0]["unique"] is True
    assert entities["Desk"]["to_one"][0]["required"] is False
