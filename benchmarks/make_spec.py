"""Write a large, varied, valid entity spec: `python benchmarks/make_spec.py 100 > tests/specs/large_100.yml`.

Entity i gets a few fields of rotating types and, from the second on, a many_to_one relation to an earlier entity;
every fifth has a many_to_many to another earlier one and every seventh an optional self reference, so that the
spec exercises the same code paths as a real one at scale. The output is deterministic.
"""

import sys
from typing import Any

import yaml

FIELD_KINDS: list[dict[str, Any]] = [
    {"type": "str", "max_length": 120, "searchable": True},
    {"type": "int", "min": 0, "required": False},
    {"type": "decimal", "precision": 12, "scale": 2, "min": 0},
    {"type": "bool", "default": False},
    {"type": "date", "required": False},
    {"type": "datetime", "required": False},
    {"type": "text", "required": False},
    {"type": "email", "required": False},
    {"type": "Status", "default": "active"},
    {"type": "uuid", "required": False},
    {"type": "json", "required": False},
    {"type": "float", "required": False},
]


def entity_name(index: int) -> str:
    return f"Item{index:03d}"


def make_spec(count: int) -> dict[str, Any]:
    entities: dict[str, Any] = {}
    for index in range(count):
        fields: dict[str, Any] = {"name": {"type": "str", "max_length": 80, "unique": True, "searchable": True}}
        for offset in range(4):
            kind = FIELD_KINDS[(index + offset) % len(FIELD_KINDS)]
            fields[f"{kind['type'].lower()}_{offset}"] = dict(kind)
        relations: dict[str, Any] = {}
        if index:
            relations["owner"] = {"kind": "many_to_one", "target": entity_name(index // 2), "on_delete": "cascade"}
        if index % 5 == 4:
            relations["links"] = {"kind": "many_to_many", "target": entity_name(index - 3)}
        if index % 7 == 6:
            relations["parent"] = {"kind": "many_to_one", "target": entity_name(index), "required": False}
        entity: dict[str, Any] = {"fields": fields}
        if relations:
            entity["relations"] = relations
        if index % 4 == 3:
            entity["primary_key"] = "bigint"
        if index % 6 == 5:
            entity["audit"] = False
        entities[entity_name(index)] = entity
    return {
        "project_name": f"Large {count}",
        "enums": {"Status": ["active", "paused", "retired"]},
        "entities": entities,
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(f"# {size} generated entities: `python benchmarks/make_spec.py {size}`. Do not edit by hand.")
    print(yaml.safe_dump(make_spec(size), sort_keys=False, width=120), end="")
