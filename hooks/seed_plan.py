"""What `litestar seed` sends, as data: per entity, in the order its required relations need, how to make the value
of each field for row number i (app/lib/seeding.py reads it from app/db/seed_plan.json).

Data rather than code: nothing of a spec reaches generated Python through it, and the one module that reads it is
the same in every project. Values go through the API, so what the API refuses (a unique value already taken, a
one-to-one target already linked) is skipped and counted, never half written.
"""

from __future__ import annotations

import json
from graphlib import TopologicalSorter
from typing import Any

from .samples import SampleError
from .spec_model import NUMBER_TYPES, STRING_TYPES
from .sql_types import DEFAULT_LENGTHS, INTEGER_RANGES, field_type
from .test_values import field_strings
from .views import EntityView, FieldView, ProjectView

VERSION = 1
# Pattern fields take their values from a pool derived here (the runtime has no regex sampler): a unique one can
# hold at most this many seeded rows.
POOL_SIZE = 200


def _pool(field: FieldView) -> list[str]:
    for count in (POOL_SIZE, 50, 10, 3):
        try:
            return field_strings(field.spec, count)
        except SampleError:
            continue
    return []


def _field_recipe(field: FieldView) -> dict[str, Any]:
    spec = field.spec
    recipe: dict[str, Any] = {"name": field.api_name, "kind": spec.type}
    if spec.type == "enum":
        recipe["values"] = list(field.enum_values)
    elif spec.pattern is not None:
        recipe |= {"kind": "pool", "values": _pool(field)}
    elif spec.type in STRING_TYPES:
        recipe |= {
            "min_length": spec.min_length or 0,
            "max_length": spec.max_length or DEFAULT_LENGTHS.get(spec.type),
            "prefix": spec.name.replace("_", "-"),
        }
    elif spec.type in NUMBER_TYPES:
        low, high = INTEGER_RANGES.get(field_type(spec).name, (None, None))
        recipe |= {
            "minimum": str(spec.minimum) if spec.minimum is not None else low,
            "maximum": str(spec.maximum) if spec.maximum is not None else high,
            "precision": spec.precision,
            "scale": spec.scale,
        }
    return recipe


def _entity_plan(entity: EntityView, keys: dict[str, str]) -> dict[str, Any]:
    return {
        "entity": entity.class_name,
        "path": f"/{entity.path}",
        # Rows of an owned entity are created by seeded owners (app/lib/seeding.py), not all by the admin.
        "owned": entity.owned,
        "fields": [_field_recipe(field) for field in entity.fields],
        "to_one": [
            {
                "name": relation.api_name,
                "target": keys[relation.target_class],
                "required": relation.spec.required,
                "unique": relation.kind == "one_to_one",
            }
            for relation in entity.to_one
            if not relation.is_self_reference
        ],
        "many_to_many": [
            {"name": relation.api_name, "target": keys[relation.target_class]} for relation in entity.many_to_many
        ],
    }


def seed_plan(project: ProjectView) -> str:
    """The plan as JSON: entities ordered so that the targets of required relations come first."""
    graph = TopologicalSorter(
        {
            entity.class_name: {r.target_class for r in entity.required_to_one if not r.is_self_reference}
            for entity in project.entities
        }
    )
    position = {name: index for index, name in enumerate(graph.static_order())}
    keys = {entity.class_name: f"/{entity.path}" for entity in project.stored_entities}
    entities = sorted(project.entities, key=lambda entity: position[entity.class_name])
    plan = {"version": VERSION, "entities": [_entity_plan(entity, keys) for entity in entities]}
    return json.dumps(plan, indent=1, ensure_ascii=False) + "\n"
