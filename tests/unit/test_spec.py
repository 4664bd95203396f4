"""hooks/spec.py against the spec contract (spec-format.md), above all its section "What the generator must refuse".

Every refusal is checked on a minimal spec: exactly one line, at the right place, saying what is wrong.
Tests marked xfail(strict=True) document bugs found in hooks/: they start failing (XPASS) once the bug is fixed.
"""

from __future__ import annotations

import ast
import datetime
import keyword
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.reserved_names import IMPORTED_BESIDE_ENTITIES, RESERVED_ATTRIBUTES
from hooks.spec import parse_spec
from hooks.spec_model import Spec, SpecError
from hooks.views import build_project

ROOT = Path(__file__).resolve().parents[2]


# --- helpers -------------------------------------------------------------------------------------------------------


def problems_of(entities: Any, enums: Any = None) -> list[str]:
    """The lines of the SpecError that parse_spec must raise."""
    with pytest.raises(SpecError) as caught:
        parse_spec(entities, enums)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def assert_one_problem(entities: Any, enums: Any, place: str, *fragments: str) -> str:
    """The spec is refused with exactly one line `place: message`, the message containing every fragment."""
    problems = problems_of(entities, enums)
    assert len(problems) == 1, problems
    line_place, separator, message = problems[0].partition(": ")
    assert separator, problems
    assert line_place == place, problems
    for fragment in fragments:
        assert fragment in message, problems
    return message


def book(fields: dict[str, Any] | None = None, relations: dict[str, Any] | None = None, **options: Any) -> dict:
    """A spec with one entity `Book` (a `title` field unless fields are given)."""
    body: dict[str, Any] = {"fields": {"title": "str"} if fields is None else fields, **options}
    if relations is not None:
        body["relations"] = relations
    return {"Book": body}


def field(**options: Any) -> dict:
    """A spec whose only field is `entities.Book.fields.n`."""
    return book({"n": options})


def with_author(relations: dict[str, Any], author_fields: dict[str, Any] | None = None) -> dict:
    """`Book` with the given relations, and an `Author` to point them at."""
    return {"Author": {"fields": author_fields or {"name": "str"}}, **book(relations=relations)}


def parse(entities: Any, enums: Any = None) -> Spec:
    return parse_spec(entities, enums)


def parse_or_problems(entities: Any, enums: Any = None) -> tuple[Spec | None, list[str]]:
    """The spec, or the problems that refuse it: for tests where refusing is one of the acceptable outcomes."""
    try:
        return parse(entities, enums), []
    except SpecError as error:
        return None, error.problems


def load_shared(name: str) -> dict[str, Any]:
    """A spec of the team's shared examples, as this repository keeps them (examples/ or tests/specs/)."""
    path = next(folder / name for folder in (ROOT / "examples", ROOT / "tests" / "specs") if (folder / name).is_file())
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


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


# --- names of the required case ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [("book", "Book"), ("Book_Tag", "BookTag"), ("book_tag", "BookTag"), ("Book-Tag", "BookTag")],
)
def test_entity_name_not_pascal_case(name: str, hint: str) -> None:
    assert_one_problem({name: {"fields": {"title": "str"}}}, None, f"entities.{name}", "PascalCase", f"'{hint}'")


@pytest.mark.parametrize("name", ["Book Tag", "2Book", 1])
def test_entity_name_not_an_identifier_gives_one_line(name: Any) -> None:
    message = assert_one_problem({name: {"fields": {"title": "str"}}}, None, f"entities.{name}", "PascalCase")
    assert "'2Book'" not in message


@pytest.mark.parametrize("name", ["firstName", "First", "first-name", "1st", "first name", "_first", "first_"])
def test_field_name_not_snake_case(name: str) -> None:
    assert_one_problem(book({name: "str"}), None, f"entities.Book.fields.{name}", "snake_case")


def test_field_name_hint_is_the_snake_case_spelling() -> None:
    assert_one_problem(book({"publishedOn": "date"}), None, "entities.Book.fields.publishedOn", "'published_on'")


@pytest.mark.parametrize("name", ["myAuthor", "Author", "author-ref", "2author"])
def test_relation_name_not_snake_case(name: str) -> None:
    entities = with_author({name: {"kind": "many_to_one", "target": "Author"}})
    assert_one_problem(entities, None, f"entities.Book.relations.{name}", "snake_case")


@pytest.mark.parametrize("back_populates", ["Books", "book-list", 3])
def test_back_populates_not_snake_case(back_populates: Any) -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Author", "back_populates": back_populates}})
    assert_one_problem(entities, None, "entities.Book.relations.author.back_populates", "snake_case")


@pytest.mark.parametrize("name", ["genre", "GENRE_KIND", "Genre Kind"])
def test_enum_name_not_pascal_case(name: str) -> None:
    assert_one_problem(book(), {name: ["fiction"]}, f"enums.{name}", "PascalCase")


@pytest.mark.parametrize("value", ["Fiction", "non-fiction", "1st", "non fiction", 1, None])
def test_enum_value_not_snake_case(value: Any) -> None:
    assert_one_problem(book(), {"Genre": ["poetry", value]}, "enums.Genre", f"value {value!r}", "snake_case")


def test_enum_value_listed_twice() -> None:
    assert_one_problem(book(), {"Genre": ["fiction", "poetry", "fiction"]}, "enums.Genre", "'fiction'", "twice")


@pytest.mark.parametrize("values", [[], None, "fiction", {"fiction": 1}])
def test_enum_without_a_list_of_values(values: Any) -> None:
    assert_one_problem(book(), {"Genre": values}, "enums.Genre", "non-empty list")


def test_field_of_an_empty_enum_reports_only_the_enum() -> None:
    assert_one_problem(book({"genre": "Genre"}), {"Genre": []}, "enums.Genre", "non-empty list")


@pytest.mark.parametrize(
    ("options", "place", "fragment"),
    [
        ({"table": "Books"}, "entities.Book.table", "'Books'"),
        ({"table": "book-list"}, "entities.Book.table", "'book-list'"),
        ({"path": "Books"}, "entities.Book.path", "'Books'"),
        ({"path": "book/list"}, "entities.Book.path", "'book/list'"),
        ({"path": "book_list"}, "entities.Book.path", "'book_list'"),
        ({"renamed_from": "book"}, "entities.Book.renamed_from", "PascalCase"),
    ],
)
def test_bad_entity_option_value(options: dict[str, Any], place: str, fragment: str) -> None:
    assert_one_problem(book(**options), None, place, fragment)


def test_field_renamed_from_must_be_snake_case() -> None:
    assert_one_problem(
        field(type="str", renamed_from="Title"), None, "entities.Book.fields.n.renamed_from", "snake_case"
    )


# --- names that collide after normalisation ------------------------------------------------------------------------


def test_camel_case_field_beside_its_snake_case_spelling_is_one_line() -> None:
    assert_one_problem(
        book({"first_name": "str", "firstName": "str"}), None, "entities.Book.fields.firstName", "snake_case"
    )


def test_fields_that_meet_in_camel_case() -> None:
    assert_one_problem(
        book({"a_1": "int", "a1": "int"}), None, "entities.Book.fields.a1", "camelCase", "'a1'", "fields.a_1"
    )


def test_entity_names_that_meet_in_snake_case() -> None:
    assert_one_problem(
        {"HTTPServer": None, "HttpServer": None}, None, "entities.HttpServer", "'http_server'", "entities.HTTPServer"
    )


def test_two_entities_on_one_table() -> None:
    entities = {"Book": {"fields": {"title": "str"}}, "Tome": {"table": "books", "fields": {"title": "str"}}}
    assert_one_problem(entities, None, "entities.Tome.table", "'books'", "entities.Book.table")


def test_two_entities_on_one_path() -> None:
    entities = {"Book": {"path": "items"}, "Item": None}
    assert_one_problem(entities, None, "entities.Item.path", "'items'", "entities.Book.path")


def test_entity_and_enum_of_one_name() -> None:
    assert_one_problem({"Genre": None}, {"Genre": ["fiction"]}, "entities.Genre", "enum", "'Genre'")


def test_enum_type_name_and_table_of_one_name() -> None:
    assert_one_problem(book(), {"Books": ["fiction"]}, "enums.Books", "'books'", "entities.Book.table")


@pytest.mark.parametrize("suffix", ["Create", "Update", "Read", "Service", "Controller", "Repository"])
def test_entity_named_like_a_generated_class(suffix: str) -> None:
    assert_one_problem({"Book": None, f"Book{suffix}": None}, None, f"entities.Book{suffix}", "entity Book")


def test_enum_named_like_a_generated_class() -> None:
    assert_one_problem(book(), {"BookRead": ["a"]}, "enums.BookRead", "entity Book")


def test_field_named_like_a_relation() -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Author"}})
    entities["Book"]["fields"]["author"] = "str"
    assert_one_problem(entities, None, "entities.Book.fields.author", "'author'", "relations.author")


def test_back_populates_collides_with_a_field_of_the_target() -> None:
    entities = with_author({"author": {"kind": "many_to_one", "target": "Author", "back_populates": "name"}})
    assert_one_problem(entities, None, "entities.Author.fields.name", "'name'", "back_populates")


def test_two_back_populates_of_one_name_on_the_target() -> None:
    entities = with_author(
        {
            "author": {"kind": "many_to_one", "target": "Author", "back_populates": "books"},
            "editor": {"kind": "many_to_one", "target": "Author", "back_populates": "books"},
        }
    )
    assert_one_problem(entities, None, "entities.Book.relations.editor.back_populates", "'books'")


# --- fields that collide with generated ones -----------------------------------------------------------------------


@pytest.mark.parametrize("primary_key", ["uuid", "bigint"])
def test_field_named_id(primary_key: str) -> None:
    entities = book({"id": "int", "title": "str"}, primary_key=primary_key)
    assert_one_problem(entities, None, "entities.Book.fields.id", "'id'", "generated")


@pytest.mark.parametrize("name", ["created_at", "updated_at"])
@pytest.mark.parametrize("audit", [{}, {"audit": True}])
def test_audit_column_names_are_taken_when_audited(name: str, audit: dict[str, bool]) -> None:
    assert_one_problem(book({name: "datetime"}, **audit), None, f"entities.Book.fields.{name}", f"'{name}'")


def test_audit_column_names_are_free_without_audit() -> None:
    spec = parse(book({"created_at": "datetime", "updated_at": "date"}, audit=False))
    entity = spec.entity("Book")
    assert entity.audit is False
    assert [(f.name, f.type) for f in entity.fields] == [("created_at", "datetime"), ("updated_at", "date")]


@pytest.mark.parametrize("kind", ["many_to_one", "one_to_one"])
def test_field_named_like_a_to_one_key(kind: str) -> None:
    entities = with_author({"author": {"kind": kind, "target": "Author"}})
    entities["Book"]["fields"]["author_id"] = "uuid"
    assert_one_problem(entities, None, "entities.Book.fields.author_id", "'author_id'", "relations.author")


def test_field_named_like_a_many_to_many_key() -> None:
    entities = {"Tag": None, **book(relations={"tags": {"kind": "many_to_many", "target": "Tag"}})}
    entities["Book"]["fields"]["tag_ids"] = "str"
    assert_one_problem(entities, None, "entities.Book.fields.tag_ids", "'tag_ids'", "relations.tags")


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


# --- keywords and names of the generated code's imports ------------------------------------------------------------

CONTRACT_NAMES = ["date", "type", "from", "order", "user", "metadata", "json"]


def _class_body(*lines: str) -> ast.Module:
    return ast.parse("class Model:\n" + "\n".join(lines) + "\n")


@pytest.mark.parametrize("name", [*CONTRACT_NAMES, "class", "import", "registry", "match", "datetime", "uuid", "sa"])
def test_field_with_a_keyword_or_reserved_name_gets_a_safe_attribute(name: str) -> None:
    spec = parse(book({name: "str"}))
    entity = build_project(spec).entity("Book")
    view = entity.fields[0]
    assert view.name == name  # the column and the API keep the spec's name
    assert view.api_name == name
    assert view.attr.isidentifier()
    assert not keyword.iskeyword(view.attr)
    assert view.attr not in RESERVED_ATTRIBUTES
    model_line = entity.model.attribute_lines[-1]
    if view.attr != name:
        assert view.needs_column_name
        assert f'"{name}"' in model_line  # mapped_column("from", ...)
    _class_body(model_line, *entity.api.create_lines, *entity.api.read_lines)  # valid Python


@pytest.mark.parametrize(
    "name", [n.capitalize() for n in CONTRACT_NAMES if n.capitalize() not in IMPORTED_BESIDE_ENTITIES]
)
def test_entities_named_like_the_contracts_words_are_accepted(name: str) -> None:
    project = build_project(parse({name: {"fields": {"title": "str"}}}))
    entity = project.entity(name)
    assert entity.class_name == name
    plurals = {"Metadata": "metadata"}  # uncountable
    assert entity.names.table == entity.names.domain == plurals.get(name, f"{name.lower()}s")


@pytest.mark.parametrize(
    "name", sorted(n.capitalize() for n in CONTRACT_NAMES if n.capitalize() in IMPORTED_BESIDE_ENTITIES)
)
def test_entities_named_like_a_generated_import_are_refused_in_one_line(name: str) -> None:
    with pytest.raises(SpecError) as refusal:
        parse({name: {"fields": {"title": "str"}}})
    assert refusal.value.problems == [
        f"entities.{name}: '{name}' is a name the generated code imports; choose another name"
    ]


@pytest.mark.parametrize("value", ["from", "class", "none", "true", "mro", "name", "value"])
def test_enum_values_that_are_keywords_become_valid_members(value: str) -> None:
    project = build_project(parse(book({"g": "Genre"}), {"Genre": ["fiction", value]}))
    members = dict(project.enums[0].members)
    assert members[value.upper()] == value
    assert all(m.isidentifier() and not keyword.iskeyword(m) for m in members)


@pytest.mark.parametrize(
    ("name", "back_populates"),
    [("from", "items"), ("class", "items"), ("metadata", "items"), ("parent", "from"), ("parent", "metadata")],
)
def test_relation_with_a_keyword_or_reserved_name_is_handled_or_refused(name: str, back_populates: str) -> None:
    relation = {"kind": "many_to_one", "target": "Book", "required": False, "back_populates": back_populates}
    spec, problems = parse_or_problems(book(relations={name: relation}))
    if spec is None:
        assert len(problems) == 1, problems
        return
    entity = build_project(spec).entity("Book")
    for line in entity.model.attribute_lines[-2:]:
        statement = _class_body(line).body[0].body[0]  # type: ignore[attr-defined]
        assert isinstance(statement, ast.AnnAssign)
        assert statement.target.id not in RESERVED_ATTRIBUTES  # type: ignore[attr-defined]


def _imported_names(block: str) -> list[str]:
    return [
        alias.asname or alias.name
        for node in ast.walk(ast.parse(block))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    ]


def _import_clashes(project: Any) -> list[str]:
    """Names that a generated module imports twice, or imports while defining a class of that name."""
    clashes = []
    for entity in project.entities:
        model = [*_imported_names(entity.model.imports), entity.class_name]
        model += _imported_names(entity.model.type_checking_imports.replace("    ", ""))
        for module, names in [
            ("model", model),
            ("generated", _imported_names(entity.api.imports)),
            ("controller", _imported_names(entity.routes.imports)),
        ]:
            clashes += [f"{entity.name} {module}: {n}" for n in sorted(set(names)) if names.count(n) > 1]
    return clashes


@pytest.mark.parametrize("name", ["bookstore.yml", "company.yml"])
def test_example_specs_have_no_import_clash(name: str) -> None:
    raw = load_shared(name)
    assert _import_clashes(build_project(parse(raw["entities"], raw["enums"]))) == []


@pytest.mark.parametrize(
    ("entity", "enum"),
    [
        ("UUID", None),
        ("Decimal", None),
        ("Any", None),
        ("Field", None),
        ("Mapped", None),
        ("Schema", None),
        ("Book", "Enum"),
        ("Book", "Decimal"),
    ],
)
def test_names_of_generated_imports_are_handled_or_refused(entity: str, enum: str | None) -> None:
    fields: dict[str, Any] = {"price": "decimal", "data": "json", "code": {"type": "str", "max_length": 3}}
    if enum:
        fields["kind"] = enum
    entities = {entity: {"fields": fields, "relations": {"peers": {"kind": "many_to_many", "target": entity}}}}
    spec, problems = parse_or_problems(entities, {enum: ["a"]} if enum else None)
    if spec is None:
        assert len(problems) == 1, problems
        return
    assert _import_clashes(build_project(spec)) == []


def test_required_relations_in_a_cycle_are_refused_once() -> None:
    entities = {
        "Person": {"fields": {"name": "str"}, "relations": {"passport": {"kind": "one_to_one", "target": "Passport"}}},
        "Passport": {"fields": {"number": "str"}, "relations": {"holder": {"kind": "many_to_one", "target": "Person"}}},
    }
    assert_one_problem(entities, None, "entities.Person.relations.passport", "cycle", "Passport.holder")


def test_required_relations_without_a_cycle_are_accepted_however_dense() -> None:
    entities = {
        f"E{index:02d}": {
            "fields": {"name": "str"},
            "relations": {f"to_{other}": {"kind": "many_to_one", "target": f"E{other:02d}"} for other in range(index)},
        }
        for index in range(30)
    }
    assert len(parse(entities).entities) == 30
