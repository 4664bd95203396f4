"""hooks/schema_file.py: migrations/schema.json as versioned data, and the upgrade of version 1 files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.names import default_order_columns, index_name
from hooks.schema import IndexSchema, Schema, project_schema
from hooks.schema_diff import Renames, plan_changes
from hooks.schema_file import SchemaFileError, dump_schema, load_schema
from hooks.spec import parse_spec
from hooks.views import build_project

ROOT = Path(__file__).resolve().parents[2]
# schema.json files written by the template before version 2 (commit ae26d08), for specs of this corpus.
VERSION_1 = sorted((Path(__file__).parent / "data" / "schema_v1").glob("*.json"))


def spec_schema(name: str) -> Schema:
    path = next(
        folder / f"{name}.yml"
        for folder in (ROOT / "examples", ROOT / "tests" / "specs")
        if (folder / f"{name}.yml").is_file()
    )
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return project_schema(build_project(parse_spec(data["entities"], data.get("enums"))))


ORDER_INDEX = default_order_columns(audit=True)


def without_order_indexes(schema: Schema) -> Schema:
    """The schema as templates wrote it before lists' default order had an index."""
    tables = [
        dataclasses.replace(table, indexes=tuple(i for i in table.indexes if i.columns != ORDER_INDEX))
        for table in schema.tables
    ]
    return dataclasses.replace(schema, tables=tuple(tables))


@pytest.mark.parametrize("path", VERSION_1, ids=lambda path: path.stem)
def test_a_version_1_file_reads_as_the_schema_of_its_spec(path: Path) -> None:
    # What regeneration compares: no change found, so no revision for a project that only updates the template
    # (but for the index of the default order, which came later: see the test below).
    old, new = load_schema(path.read_text()), without_order_indexes(spec_schema(path.stem))
    assert plan_changes(old, new, Renames()) == ([], [], [])
    assert plan_changes(new, old, Renames()) == ([], [], [])


@pytest.mark.parametrize("path", VERSION_1, ids=lambda path: path.stem)
def test_an_older_project_gets_the_index_of_the_default_order(path: Path) -> None:
    old, new = load_schema(path.read_text()), spec_schema(path.stem)
    statements, _, touched = plan_changes(old, new, Renames())
    audited = [t.name for t in new.tables if IndexSchema(ORDER_INDEX) in t.indexes]
    assert audited
    assert touched == audited
    for table, statement in zip(audited, statements, strict=True):
        name = index_name(table, ORDER_INDEX)
        assert statement == (
            f'with op.batch_alter_table("{table}") as batch_op:\n'
            f'        batch_op.create_index(op.f("{name}"), ["created_at", "id"], unique=False)'
        )


@pytest.mark.parametrize("path", VERSION_1, ids=lambda path: path.stem)
def test_version_2_keeps_what_version_1_held(path: Path) -> None:
    old = load_schema(path.read_text())
    new = spec_schema(path.stem)
    assert [t.name for t in old.tables] == [t.name for t in new.tables]
    for old_table, new_table in zip(old.tables, new.tables, strict=True):
        assert [(c.name, c.type, c.nullable, c.default, c.default_now) for c in old_table.columns] == [
            (c.name, c.type, c.nullable, c.default, c.default_now) for c in new_table.columns
        ]
        assert [c.sql for c in old_table.checks] == [c.sql for c in new_table.checks]


def test_a_version_2_index_names_one_column() -> None:
    schema = spec_schema("bookstore")
    data = json.loads(dump_schema(schema))
    data["version"] = 2
    for table in data["tables"]:
        table["indexes"] = [
            {"column": i["columns"][0], "unique": i["unique"]} for i in table["indexes"] if len(i["columns"]) == 1
        ]
    assert load_schema(json.dumps(data)) == without_order_indexes(schema)


def test_version_1_fill_values_become_values() -> None:
    ecommerce = load_schema((Path(__file__).parent / "data" / "schema_v1" / "ecommerce.json").read_text())
    defaults = {c.default for t in ecommerce.tables for c in t.columns if c.default is not None}
    assert {True, False, "USD"} <= defaults
    assert all(
        not isinstance(value, str) or not value.startswith(("Decimal(", "UUID(", "datetime.")) for value in defaults
    )


@pytest.mark.parametrize("name", ["bookstore", "company", "ecommerce", "hostile_text"])
def test_version_3_round_trips(name: str) -> None:
    schema = spec_schema(name)
    text = dump_schema(schema)
    assert json.loads(text)["version"] == 3
    assert load_schema(text) == schema
    assert "sa." not in text  # the meaning as data: no Python expressions


def test_version_2_holds_types_and_defaults_as_values() -> None:
    tables = json.loads(dump_schema(spec_schema("bookstore")))["tables"]
    books = next(t for t in tables if t["name"] == "books")
    columns = {c["name"]: c for c in books["columns"]}
    assert columns["title"] == {
        "name": "title",
        "key": "field:title",
        "type": "string",
        "length": 250,
        "nullable": False,
    }
    assert columns["price"]["type"] == "numeric"
    assert (columns["price"]["precision"], columns["price"]["scale"]) == (10, 2)
    assert columns["genre"] == {
        "name": "genre",
        "key": "field:genre",
        "type": "enum",
        "enum": "genre",
        "nullable": False,
        "default": "fiction",
    }
    assert columns["created_at"]["default_now"] is True
    assert books["checks"][0] == {"name": "price_min", "column": "price", "operator": ">=", "bound": "0"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"version": 4, "enums": {}, "tables": []}', "version 4 is newer than this template reads"),
        ("{not json", "cannot be read"),
        ('{"version": 2, "enums": {}}', "cannot be read"),
        (
            '{"enums": {}, "tables": [{"name": "t", "columns": [{"type_expr": "sa.Money()"}]}]}',
            "unknown version 1 column type",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line(text: str, message: str) -> None:
    with pytest.raises(SchemaFileError) as refusal:
        load_schema(text)
    assert str(refusal.value).startswith("migrations/schema.json: ")
    assert message in str(refusal.value)
    assert "\n" not in str(refusal.value)
