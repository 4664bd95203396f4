"""hooks/spec.py refuses what the contract does not know or what contradicts itself (spec-format.md, "What the
generator must refuse"): unknown keys (with a suggestion), types, enums, targets and choices, and options that
contradict each other or the type they are on."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import yaml

from hooks.views import build_project
from tests.unit.spec_cases import (
    assert_one_problem,
    book,
    field,
    parse,
    problems_of,
    with_author,
)

# --- unknown keys, with suggestions --------------------------------------------------------------------------------


def test_the_contracts_own_example_line() -> None:
    problems = problems_of(book({"title": {"type": "str", "maxlen": 100}}))
    assert problems == ["entities.Book.fields.title: unknown option 'maxlen'; did you mean 'max_length'?"]


@pytest.mark.parametrize(
    ("entities", "place", "key", "suggestion"),
    [
        pytest.param(book(fieldz={"a": "str"}), "entities.Book", "fieldz", "fields", id="entity-fieldz"),
        pytest.param(book(primarykey="uuid"), "entities.Book", "primarykey", "primary_key", id="entity-primarykey"),
        pytest.param(book(tabel="books"), "entities.Book", "tabel", "table", id="entity-tabel"),
        pytest.param(book(audited=False), "entities.Book", "audited", "audit", id="entity-audited"),
        pytest.param(
            field(type="str", requird=False), "entities.Book.fields.n", "requird", "required", id="field-requird"
        ),
        pytest.param(field(type="int", minimum=1), "entities.Book.fields.n", "minimum", "min", id="field-minimum"),
        pytest.param(
            field(type="str", defualt="x"), "entities.Book.fields.n", "defualt", "default", id="field-defualt"
        ),
        pytest.param(
            with_author({"author": {"kind": "many_to_one", "target": "Author", "ondelete": "cascade"}}),
            "entities.Book.relations.author",
            "ondelete",
            "on_delete",
            id="relation-ondelete",
        ),
        pytest.param(
            with_author({"author": {"kind": "many_to_one", "target": "Author", "back_populate": "books"}}),
            "entities.Book.relations.author",
            "back_populate",
            "back_populates",
            id="relation-back_populate",
        ),
    ],
)
def test_unknown_option_is_named_with_a_suggestion(entities: dict, place: str, key: str, suggestion: str) -> None:
    message = assert_one_problem(entities, None, place, f"unknown option '{key}'")
    assert message.endswith(f"did you mean '{suggestion}'?")


@pytest.mark.parametrize(
    ("entities", "place"),
    [
        pytest.param(book(colour="red"), "entities.Book", id="entity"),
        pytest.param(field(type="str", colour="red"), "entities.Book.fields.n", id="field"),
        pytest.param(
            with_author({"author": {"kind": "many_to_one", "target": "Author", "colour": "red"}}),
            "entities.Book.relations.author",
            id="relation",
        ),
    ],
)
def test_unknown_option_without_a_close_match_has_no_suggestion(entities: dict, place: str) -> None:
    message = assert_one_problem(entities, None, place, "unknown option 'colour'")
    assert "did you mean" not in message


def test_every_unknown_option_of_a_field_is_reported() -> None:
    problems = problems_of(field(type="str", maxlen=3, colour="red"))
    assert sorted(problems) == [
        "entities.Book.fields.n: unknown option 'colour'",
        "entities.Book.fields.n: unknown option 'maxlen'; did you mean 'max_length'?",
    ]


# --- unknown types, enums, targets and choices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "enums", "fragments"),
    [
        ("strr", None, ("unknown type 'strr'", "did you mean 'str'?")),
        ("datetim", None, ("unknown type 'datetim'", "did you mean 'datetime'?")),
        ("Genr", {"Genre": ["fiction"]}, ("unknown type 'Genr'", "did you mean 'Genre'?")),
        ("Colour", {"Genre": ["fiction"]}, ("unknown type 'Colour'",)),
        ("genre", {"Genre": ["fiction"]}, ("unknown type 'genre'", "did you mean 'Genre'?")),
    ],
)
def test_unknown_type_or_enum(type_name: str, enums: dict | None, fragments: tuple[str, ...]) -> None:
    assert_one_problem(book({"n": type_name}), enums, "entities.Book.fields.n.type", *fragments)


def test_shorthand_and_long_form_report_an_unknown_type_alike() -> None:
    assert problems_of(book({"n": "strr"})) == problems_of(book({"n": {"type": "strr"}}))


def test_missing_type_is_refused() -> None:
    assert_one_problem(field(required=False), None, "entities.Book.fields.n", "'type' is required", "str, text")


def test_unknown_target() -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Autor"}})
    assert_one_problem(
        entities, None, "entities.Book.relations.author.target", "unknown entity 'Autor'", "did you mean 'Author'?"
    )


def test_enum_is_not_a_relation_target() -> None:
    entities = book(relations={"genre": {"kind": "many_to_one", "target": "Genre"}})
    assert_one_problem(entities, {"Genre": ["fiction"]}, "entities.Book.relations.genre.target", "'Genre'")


@pytest.mark.parametrize("kind", ["one_to_many", "many-to-one", "belongs_to"])
def test_unknown_relation_kind(kind: str) -> None:
    entities = with_author({"author": {"kind": kind, "target": "Author"}})
    assert_one_problem(
        entities, None, "entities.Book.relations.author.kind", f"not '{kind}'", "many_to_one, one_to_one, many_to_many"
    )


def test_unknown_on_delete() -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Author", "on_delete": "delete"}})
    assert_one_problem(
        entities, None, "entities.Book.relations.author.on_delete", "'delete'", "cascade, restrict, set_null"
    )


def test_unknown_primary_key() -> None:
    assert_one_problem(book(primary_key="int"), None, "entities.Book.primary_key", "'int'", "uuid, bigint")


# --- options that contradict ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "low", "high", "fragment"),
    [
        ("int", 5, 1, "min 5 is greater than max 1"),
        ("bigint", 10, -10, "min 10 is greater than max -10"),
        ("float", 2.5, 1.5, "min 2.5 is greater than max 1.5"),
        ("decimal", "2.5", 1, "min 2.5 is greater than max 1"),
    ],
)
def test_min_greater_than_max(kind: str, low: Any, high: Any, fragment: str) -> None:
    assert_one_problem(field(type=kind, min=low, max=high), None, "entities.Book.fields.n", fragment)


def test_min_length_greater_than_max_length() -> None:
    entities = field(type="str", min_length=5, max_length=2)
    assert_one_problem(entities, None, "entities.Book.fields.n", "min_length 5 is greater than max_length 2")


def test_min_length_greater_than_the_default_max_length() -> None:
    entities = field(type="str", min_length=300)
    assert_one_problem(entities, None, "entities.Book.fields.n", "min_length 300 is greater than max_length 255")


def test_scale_greater_than_precision() -> None:
    entities = field(type="decimal", precision=4, scale=5)
    assert_one_problem(entities, None, "entities.Book.fields.n", "scale 5", "precision 4")


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"type": "int", "min": 5, "default": 1}, "default 1 is below min 5"),
        ({"type": "int", "max": 5, "default": 10}, "default 10 is above max 5"),
        ({"type": "float", "min": 0, "default": -0.5}, "default -0.5 is below min 0"),
        ({"type": "decimal", "max": "9.99", "default": "10"}, "default 10 is above max 9.99"),
        ({"type": "str", "max_length": 3, "default": "abcd"}, "longer than max_length 3"),
        ({"type": "str", "default": "x" * 256}, "longer than max_length 255"),
        ({"type": "text", "min_length": 2, "default": "a"}, "shorter than min_length 2"),
        ({"type": "str", "pattern": "^[0-9]+$", "default": "abc"}, "does not match pattern '^[0-9]+$'"),
    ],
)
def test_default_outside_its_bounds(options: dict[str, Any], fragment: str) -> None:
    assert_one_problem(field(**options), None, "entities.Book.fields.n.default", fragment)


def test_default_on_the_bounds_is_accepted() -> None:
    spec = parse(field(type="int", min=1, max=1, default=1))
    assert spec.entity("Book").fields[0].default == 1


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("str", 3),
        ("text", ["a"]),
        ("email", "not-an-email"),
        ("url", "ftp://example.com"),
        ("url", "example.com"),
        ("int", "3"),
        ("int", 1.5),
        ("int", True),
        ("bigint", "x"),
        ("float", "1.5"),
        ("float", True),
        ("decimal", "abc"),
        ("decimal", "nan"),
        ("bool", "yes"),
        ("bool", 1),
        ("date", "25/12/2024"),
        ("date", datetime.datetime(2024, 1, 1, 10, 0)),
        ("datetime", "tomorrow"),
        ("datetime", datetime.date(2024, 1, 1)),
        ("time", "25:99"),
        ("uuid", "abc"),
        ("uuid", 42),
    ],
)
def test_default_of_the_wrong_type(kind: str, value: Any) -> None:
    assert_one_problem(field(type=kind, default=value), None, "entities.Book.fields.n.default", f"not a valid {kind}")


def test_unquoted_time_default_gets_a_hint() -> None:
    raw = yaml.safe_load("n: {type: time, default: 9:30}")  # YAML 1.1 reads 9:30 as the number 570
    assert_one_problem(book(raw), None, "entities.Book.fields.n.default", "not a valid time", "quotes")


def test_default_not_an_enum_value() -> None:
    assert_one_problem(
        field(type="Genre", default="romance"),
        {"Genre": ["fiction", "poetry"]},
        "entities.Book.fields.n.default",
        "'romance'",
        "Genre",
        "fiction, poetry",
    )


def test_null_default_is_refused() -> None:
    assert_one_problem(field(type="str", default=None), None, "entities.Book.fields.n.default", "leave it out")


@pytest.mark.parametrize("required", [True, False])
def test_required_on_many_to_many(required: bool) -> None:
    entities = {
        "Tag": None,
        **book(relations={"tags": {"kind": "many_to_many", "target": "Tag", "required": required}}),
    }
    assert_one_problem(entities, None, "entities.Book.relations.tags.required", "many_to_many")


@pytest.mark.parametrize(
    "relation",
    [
        {"kind": "many_to_one", "target": "Book"},
        {"kind": "many_to_one", "target": "Book", "required": True},
        {"kind": "one_to_one", "target": "Book", "back_populates": "child"},
    ],
)
def test_required_self_reference(relation: dict[str, Any]) -> None:
    entities = book(relations={"parent": relation})
    assert_one_problem(entities, None, "entities.Book.relations.parent", "required self reference", "required: false")


@pytest.mark.parametrize(
    "relation",
    [
        {"kind": "many_to_one", "target": "Author", "on_delete": "set_null"},
        {"kind": "many_to_one", "target": "Author", "required": True, "on_delete": "set_null"},
        {"kind": "one_to_one", "target": "Author", "on_delete": "set_null"},
    ],
)
def test_set_null_on_a_required_relation(relation: dict[str, Any]) -> None:
    entities = with_author({"author": relation})
    assert_one_problem(entities, None, "entities.Book.relations.author.on_delete", "set_null", "required")


def test_set_null_on_many_to_many() -> None:
    entities = {
        "Tag": None,
        **book(relations={"tags": {"kind": "many_to_many", "target": "Tag", "on_delete": "set_null"}}),
    }
    assert_one_problem(entities, None, "entities.Book.relations.tags.on_delete", "set_null", "many_to_many")


def test_self_reference_back_populates_equal_to_its_name() -> None:
    relation = {"kind": "many_to_one", "target": "Book", "required": False, "back_populates": "parent"}
    assert_one_problem(book(relations={"parent": relation}), None, "entities.Book.relations.parent.back_populates")


@pytest.mark.parametrize(
    ("kind", "option", "value"),
    [
        ("int", "max_length", 3),
        ("bool", "min_length", 1),
        ("date", "searchable", True),
        ("int", "searchable", True),
        ("str", "min", 1),
        ("date", "max", 1),
        ("str", "precision", 3),
        ("float", "scale", 2),
        ("text", "pattern", "^a"),
        ("email", "pattern", "^a"),
        ("json", "unique", True),
        ("json", "index", True),
        ("json", "default", {}),
        ("bytes", "unique", True),
        ("bytes", "index", True),
        ("bytes", "default", "AA=="),
    ],
)
def test_option_that_does_not_apply_to_the_type(kind: str, option: str, value: Any) -> None:
    options = {"type": kind, option: value}
    assert_one_problem(book({"n": options}), None, f"entities.Book.fields.n.{option}", f"does not apply to type {kind}")


def test_enum_field_refuses_string_options() -> None:
    entities = field(type="Genre", max_length=3)
    assert_one_problem(entities, {"Genre": ["a"]}, "entities.Book.fields.n.max_length", "does not apply to type Genre")


@pytest.mark.parametrize(
    ("options", "place", "fragment"),
    [
        ({"type": "str", "required": "yes"}, "entities.Book.fields.n.required", "true or false"),
        ({"type": "str", "unique": 1}, "entities.Book.fields.n.unique", "true or false"),
        ({"type": "str", "max_length": -1}, "entities.Book.fields.n.max_length", "-1"),
        ({"type": "str", "max_length": "10"}, "entities.Book.fields.n.max_length", "'10'"),
        ({"type": "str", "max_length": 0}, "entities.Book.fields.n.max_length", "at least 1"),
        ({"type": "int", "min": "1"}, "entities.Book.fields.n.min", "'1'"),
        ({"type": "int", "max": 1.5}, "entities.Book.fields.n.max", "1.5"),
        ({"type": "str", "pattern": "("}, "entities.Book.fields.n.pattern", "regular expression"),
        ({"type": "str", "description": ""}, "entities.Book.fields.n.description", "non-empty"),
    ],
)
def test_option_value_of_the_wrong_kind(options: dict[str, Any], place: str, fragment: str) -> None:
    assert_one_problem(book({"n": options}), None, place, fragment)


def test_audit_must_be_a_boolean() -> None:
    assert_one_problem(book(audit="no"), None, "entities.Book.audit", "true or false")


def test_relation_required_must_be_a_boolean() -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Author", "required": "no"}})
    assert_one_problem(entities, None, "entities.Book.relations.author.required", "true or false")


def test_zero_precision_is_refused() -> None:
    assert_one_problem(field(type="decimal", precision=0), None, "entities.Book.fields.n.precision")


@pytest.mark.parametrize("default", ["12345.5", "1.234"])
def test_decimal_default_beyond_precision_and_scale(default: str) -> None:
    assert_one_problem(
        field(type="decimal", precision=4, scale=2, default=default), None, "entities.Book.fields.n.default"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{type: float, default: .inf}",
        "{type: float, default: -.inf}",
        "{type: float, default: .nan}",
        "{type: float, min: .nan}",
        "{type: float, max: .inf}",
    ],
)
def test_float_infinity_and_nan_are_refused(source: str) -> None:
    problems = problems_of(book({"n": yaml.safe_load(source)}))
    assert len(problems) == 1
    assert problems[0].startswith("entities.Book.fields.n")


@pytest.mark.parametrize(
    ("options", "enums"),
    [
        ({"type": "bool", "unique": True}, None),
        ({"type": "int", "min": 1, "max": 1, "unique": True}, None),
        ({"type": "Genre", "unique": True}, {"Genre": ["fiction"]}),
    ],
)
def test_unique_field_with_too_few_values_is_refused(options: dict[str, Any], enums: dict | None) -> None:
    assert_one_problem(field(**options), enums, "entities.Book.fields.n.unique", "possible value")


def test_unique_field_samples_are_distinct() -> None:
    spec = parse(field(type="int", min=1, max=3, unique=True))
    entity = build_project(spec).entity("Book")
    samples = entity.tests.samples(entity.fields[0])
    assert len(set(samples)) == len(samples), samples
