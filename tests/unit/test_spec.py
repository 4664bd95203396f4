"""hooks/spec.py against the spec contract (spec-format.md), above all its section "What the generator must refuse":
empty or malformed input, several problems reported together, the example specs and the contract's defaults. The
refusals of names are in test_spec_names.py, those of keys, types and options in test_spec_options.py.

Every refusal is checked on a minimal spec (tests/unit/spec_cases.py): exactly one line, at the right place, saying
what is wrong.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
import yaml

from tests.unit.spec_cases import (
    assert_one_problem,
    book,
    field,
    load_shared,
    parse,
    problems_of,
    with_author,
)

# --- empty or malformed input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("entities", [None, [], {}, "Book", ["Book"], 42, yaml.safe_load("")])
def test_no_entities(entities: Any) -> None:
    assert_one_problem(entities, None, "entities", "at least one entity")


@pytest.mark.parametrize("enums", [["Genre"], "Genre", 3])
def test_enums_not_a_mapping(enums: Any) -> None:
    assert_one_problem(book(), enums, "enums", "mapping")


@pytest.mark.parametrize(
    ("entities", "place", "fragment"),
    [
        ({"Book": []}, "entities.Book", "mapping"),
        ({"Book": "title"}, "entities.Book", "mapping"),
        (book(["title"]), "entities.Book.fields", "mapping"),
        (book("title"), "entities.Book.fields", "mapping"),
        (book({"title": None}), "entities.Book.fields.title", "not None"),
        (book({"title": ["str"]}), "entities.Book.fields.title", "['str']"),
        (book({"title": 3}), "entities.Book.fields.title", "not 3"),
        (book({"title": {"type": ["str"]}}), "entities.Book.fields.title.type", "unknown type"),
        (book(relations=["author"]), "entities.Book.relations", "mapping"),
        (book(relations={"author": None}), "entities.Book.relations.author", "kind and target"),
        (book(relations={"author": "Author"}), "entities.Book.relations.author", "kind and target"),
    ],
)
def test_malformed_parts(entities: dict, place: str, fragment: str) -> None:
    assert_one_problem(entities, None, place, fragment)


def test_bad_enums_and_no_entities_are_reported_together() -> None:
    problems = problems_of(None, {"genre": ["fiction"]})
    assert [line.partition(": ")[0] for line in problems] == ["enums.genre", "entities"]


# --- several problems: all of them, one line each, in one error ----------------------------------------------------


def test_several_problems_are_reported_at_once() -> None:
    entities = {
        "book": {"fields": {"title": "str"}},
        "Author": {
            "primarykey": "uuid",
            "fields": {"firstName": "str", "age": {"type": "int", "min": 10, "max": 1}, "id": "int"},
            "relations": {"books": {"kind": "many_to_many", "target": "Boook", "required": True}},
        },
        "Tag": {"fields": {"label": {"type": "strr"}, "rank": {"type": "Level", "default": "top"}}},
    }
    problems = problems_of(entities, {"Level": ["Low", "high", "high"]})
    places = [line.partition(": ")[0] for line in problems]
    assert sorted(places) == sorted(
        [
            "enums.Level",  # 'Low' is not snake_case
            "enums.Level",  # 'high' twice
            "entities.book",
            "entities.Author",  # primarykey
            "entities.Author.fields.firstName",
            "entities.Author.fields.age",
            "entities.Author.relations.books.target",
            "entities.Author.fields.id",
            "entities.Tag.fields.label.type",
            "entities.Tag.fields.rank.default",
        ]
    ), problems
    assert len(set(problems)) == len(problems)


def test_problems_of_an_entity_with_a_bad_name_are_reported_too() -> None:
    problems = problems_of({"book": {"fields": {"title": {"type": "str", "maxlen": 3}}}})
    assert problems == [
        "entities.book: entity names must be PascalCase identifiers (e.g. 'Book')",
        "entities.book.fields.title: unknown option 'maxlen'; did you mean 'max_length'?",
    ]


@pytest.mark.parametrize(("target", "body"), [("book", None), ("Book", [])])
def test_relation_to_a_refused_entity_does_not_crash(target: str, body: Any) -> None:
    entities = {
        "Author": {
            "fields": {"name": "str"},
            "relations": {"book": {"kind": "many_to_one", "target": target, "back_populates": "authors"}},
        },
        target: body,
    }
    problems = problems_of(entities)
    assert [line.partition(": ")[0] for line in problems] == [f"entities.{target}"]


# --- the example specs and the defaults of the contract ------------------------------------------------------------


def test_bookstore_parses_with_the_contracts_defaults() -> None:
    raw = load_shared("bookstore.yml")
    spec = parse(raw["entities"], raw["enums"])
    assert [e.name for e in spec.entities] == ["Author", "Book", "Tag"]
    assert [(e.name, e.values) for e in spec.enums] == [("Genre", ("fiction", "non_fiction", "poetry"))]
    for entity in spec.entities:
        assert entity.primary_key == "uuid"
        assert entity.audit is True
    author, book_, tag = spec.entities
    assert (author.names.table, author.names.path, author.description) == (
        "authors",
        "authors",
        "A person who writes books.",
    )
    assert (book_.names.table, book_.names.path) == ("books", "books")
    assert (tag.names.table, tag.names.path) == ("tags", "tags")

    fields = {f.name: f for f in book_.fields}
    assert list(fields) == ["title", "isbn", "price", "pages", "genre", "published_on"]
    assert (fields["title"].max_length, fields["title"].min_length) == (250, 1)
    assert (fields["title"].searchable, fields["title"].index, fields["title"].unique) == (True, True, False)
    assert fields["title"].required is True
    assert fields["isbn"].pattern == "^[0-9]{13}$"
    assert (fields["price"].precision, fields["price"].scale, fields["price"].minimum) == (10, 2, Decimal(0))
    assert fields["price"].maximum is None
    assert (fields["pages"].required, fields["pages"].minimum) == (False, 1)
    assert (fields["genre"].type, fields["genre"].enum, fields["genre"].default) == ("enum", "Genre", "fiction")
    assert fields["published_on"].has_default is False
    assert fields["published_on"].default is None

    author_rel, tags = book_.relations
    assert (author_rel.kind, author_rel.target, author_rel.required) == ("many_to_one", "Author", True)
    assert (author_rel.on_delete, author_rel.back_populates, author_rel.key_attr) == ("cascade", "books", "author_id")
    assert (tags.kind, tags.target, tags.required, tags.key_attr) == ("many_to_many", "Tag", False, "tag_ids")
    assert {f.name: f.required for f in author.fields} == {"name": True, "dob": False}


def test_company_parses_with_the_contracts_defaults() -> None:
    raw = load_shared("company.yml")
    spec = parse(raw["entities"], raw["enums"])
    department, employee, desk = (spec.entity(name) for name in ("Department", "Employee", "Desk"))
    assert (department.primary_key, department.audit) == ("bigint", True)
    assert (employee.primary_key, employee.audit, employee.names.table, employee.names.path) == (
        "uuid",
        True,
        "employees",
        "employees",
    )
    assert (desk.audit, desk.names.table) == (False, "desks")

    fields = {f.name: f for f in employee.fields}
    assert fields["hired_at"].type == "datetime"  # the shorthand `hired_at: datetime`
    assert fields["hired_at"].required is True
    assert fields["active"].default is True
    assert fields["level"].default == "junior"
    assert (fields["email"].type, fields["email"].max_length) == ("email", None)
    assert fields["salary"].minimum == 0.0
    assert isinstance(fields["salary"].minimum, float)
    budget = department.fields[1]
    assert (budget.precision, budget.scale, budget.required) == (14, 2, False)

    relations = {(e.name, r.name): r for e in spec.entities for r in e.relations}
    assert relations["Department", "parent"].on_delete == "set_null"  # not required: set_null by default
    assert relations["Department", "parent"].required is False
    assert relations["Employee", "department"].on_delete == "restrict"
    assert relations["Employee", "manager"].on_delete == "set_null"
    assert (relations["Desk", "occupant"].kind, relations["Desk", "occupant"].on_delete) == ("one_to_one", "set_null")


def test_defaults_of_a_minimal_spec() -> None:
    entities = {
        "BookTag": {"fields": {"label": "str", "price": "decimal", "notes": "text", "site": "url"}},
        "Category": {"relations": {"tag": {"kind": "many_to_one", "target": "BookTag"}}},
        "Person": None,
    }
    spec = parse(entities)
    tag, category, person = spec.entities
    assert (tag.names.table, tag.names.path, tag.primary_key, tag.audit, tag.description) == (
        "book_tags",
        "book-tags",
        "uuid",
        True,
        None,
    )
    assert (category.names.table, category.names.path) == ("categories", "categories")
    assert (person.names.table, person.names.path, person.fields, person.relations) == ("people", "people", (), ())
    label, price, notes, site = tag.fields
    assert (label.max_length, label.min_length, label.required, label.unique, label.index) == (
        255,
        None,
        True,
        False,
        False,
    )
    assert (price.precision, price.scale) == (12, 2)
    assert (notes.max_length, site.max_length) == (None, None)
    assert all(not f.searchable and f.description is None and not f.has_default for f in tag.fields)
    relation = category.relations[0]
    assert (relation.required, relation.on_delete, relation.back_populates) == (True, "restrict", None)


@pytest.mark.parametrize(("required", "on_delete"), [(True, "restrict"), (False, "set_null")])
@pytest.mark.parametrize("kind", ["many_to_one", "one_to_one"])
def test_on_delete_default_follows_required(kind: str, required: bool, on_delete: str) -> None:
    spec = parse(with_author({"author": {"kind": kind, "target": "Author", "required": required}}))
    relation = spec.entity("Book").relations[0]
    assert (relation.required, relation.on_delete) == (required, on_delete)


def test_many_to_many_links_cascade_by_default() -> None:
    # set_null is refused for many_to_many and restrict would block deleting a tagged Tag: links are deleted.
    spec = parse({"Tag": None, **book(relations={"tags": {"kind": "many_to_many", "target": "Tag"}})})
    assert spec.entity("Book").relations[0].on_delete == "cascade"


def test_explicit_options_are_kept() -> None:
    entities = book(
        {"n": {"type": "str", "max_length": 10, "description": "A name.", "renamed_from": "old_n", "unique": True}},
        table="tomes",
        path="tomes",
        primary_key="bigint",
        audit=False,
        description="A tome.",
        renamed_from="Tome",
    )
    entity = parse(entities).entity("Book")
    assert (entity.names.table, entity.names.path, entity.primary_key, entity.audit) == (
        "tomes",
        "tomes",
        "bigint",
        False,
    )
    assert (entity.description, entity.renamed_from) == ("A tome.", "Tome")
    n = entity.fields[0]
    assert (n.max_length, n.description, n.renamed_from, n.unique) == (10, "A name.", "old_n", True)


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("date", "2024-02-29", datetime.date(2024, 2, 29)),
        ("date", datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
        ("datetime", "2024-02-29T10:30:00+00:00", datetime.datetime(2024, 2, 29, 10, 30, tzinfo=datetime.UTC)),
        ("time", "09:30", datetime.time(9, 30)),
        ("uuid", "0f0f0f0f-0000-4000-8000-000000000000", uuid.UUID("0f0f0f0f-0000-4000-8000-000000000000")),
        ("decimal", "9.99", Decimal("9.99")),
        ("decimal", 3, Decimal(3)),
        ("float", 2, 2.0),
        ("int", 7, 7),
        ("bool", False, False),
        ("email", "a@example.com", "a@example.com"),
        ("url", "https://example.com/x", "https://example.com/x"),
        ("str", "", ""),
    ],
)
def test_valid_defaults_are_converted_to_the_fields_type(kind: str, raw: Any, value: Any) -> None:
    default = parse(field(type=kind, default=raw)).entity("Book").fields[0].default
    assert default == value
    assert type(default) is type(value)


def test_enums_may_be_absent_or_empty() -> None:
    assert parse(book(), None).enums == ()
    assert parse(book(), {}).enums == ()
