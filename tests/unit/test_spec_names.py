"""hooks/spec.py refuses names the generated project could not hold (spec-format.md, "What the generator must
refuse"): names of the wrong case, names that meet once normalised, names the generated code already takes, and
keywords; and it renames what it can (`<name>_`)."""

from __future__ import annotations

import ast
import keyword
from typing import Any

import pytest

from hooks.reserved_names import IMPORTED_BESIDE_ENTITIES, RESERVED_ATTRIBUTES
from hooks.spec_model import SpecError
from hooks.views import build_project
from tests.unit.spec_cases import (
    assert_one_problem,
    book,
    field,
    load_shared,
    parse,
    parse_or_problems,
    with_author,
)

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
