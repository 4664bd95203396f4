"""hooks/names.py: the registry of the names the generator derives and of those it must not take."""

from __future__ import annotations

import ast
import keyword
import re
from pathlib import Path

import pytest

from hooks.names import (
    AUTH_TEST_FOLDER_MODULES,
    CLASS_SUFFIXES,
    MODEL_FOLDER_MODULES,
    TEST_FOLDER_MODULES,
    EntityNames,
    default_plural,
    filter_parameter,
    model_module,
    python_module,
    relation_key,
)
from hooks.recorded_names import RecordedNames, legacy_record, read_record, record
from hooks.reserved_names import DEPENDENCY_NAMES, PYTHON_KEYWORDS, attribute, attribute_reason

TEMPLATE = Path(__file__).resolve().parents[2] / "template"


def written_modules(folder: str) -> tuple[set[str], set[str]]:
    """The Python modules the template writes in `folder` beside the per-entity ones: always, and only with `auth`."""
    always: set[str] = set()
    with_auth: set[str] = set()
    for path in (TEMPLATE / folder).iterdir():
        if "{% yield" in path.name:
            continue  # the per-entity module or folder itself
        name = re.sub(r"{%.*?%}", "", path.name.removesuffix(".jinja"))
        if "{{" in name:
            continue  # a derived name: the built-in User's model module, checked with the users' names (USER_NAMES)
        if name.endswith(".py"):
            (with_auth if "project.auth" in path.name else always).add(name.removesuffix(".py"))
    return always, with_auth


def test_every_module_beside_the_entity_test_folders_is_reserved() -> None:
    # A test folder named like one of them shadows it or is shadowed (tests/schemathesis_hooks/ broke test_contract).
    assert written_modules("tests") == (TEST_FOLDER_MODULES, AUTH_TEST_FOLDER_MODULES)


def test_the_dependency_names_are_those_the_template_gives_its_handlers() -> None:
    # A list filter named like one would be handed the dependency (`filters` recursed): DEPENDENCY_NAMES renames it.
    lib = TEMPLATE / "app" / "lib"
    tree = ast.parse((lib / "filters.py").read_text())
    provider = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "service_dependencies")
    keys = {
        k.value for n in ast.walk(provider) if isinstance(n, ast.Dict) for k in n.keys if isinstance(k, ast.Constant)
    }
    # Advanced Alchemy's session and engine, as the template's functions take them (`db_session: NamedDependency[...]`).
    named = set()
    for path in lib.glob("*.py*"):
        named |= set(re.findall(r"(\w+): NamedDependency\[Async(?:Session|Engine)\]", path.read_text()))
    assert keys
    assert named
    # And Advanced Alchemy's engine, which no function of the template takes but Litestar would give.
    assert keys | named | {"db_engine"} == DEPENDENCY_NAMES


def test_every_module_beside_the_entity_models_is_reserved() -> None:
    assert written_modules("app/db/models") == (MODEL_FOLDER_MODULES, set())


def test_the_keywords_are_those_of_every_python_the_template_supports() -> None:
    # A fixed list, so that a name is handled the same whatever Python runs Copier.
    assert set(keyword.kwlist) <= PYTHON_KEYWORDS
    assert {"_", "case", "match"} <= PYTHON_KEYWORDS
    assert "type" not in PYTHON_KEYWORDS  # a soft keyword since 3.12, and a good name


@pytest.mark.parametrize(
    ("name", "handled"),
    [
        ("title", "title"),
        ("type", "type"),
        ("class", "class_"),
        ("match", "match_"),
        ("l", "l_"),
        ("metadata", "metadata_"),
        ("model_dump", "model_dump_"),
        ("model_name", "model_name"),
        ("str", "str_"),
        ("field_validator", "field_validator_"),
        ("registry", "registry_"),
    ],
)
def test_a_field_attribute_is_its_name_unless_taken(name: str, handled: str) -> None:
    assert attribute(name) == handled
    assert (attribute_reason(name) is None) == (name == handled)


@pytest.mark.parametrize(
    ("attr", "parameter"),
    [
        ("genre", "genre"),
        ("state", "state_"),
        ("page_filters", "page_filters_"),
        ("dataset_id", "query_dataset_id"),
        # Dependencies: Litestar would give the parameter the list filters (a recursion), the session or a service.
        ("filters", "filters_"),
        ("db_session", "db_session_"),
        ("books_service", "books_service_"),
        ("service", "service"),
    ],
)
def test_a_filter_parameter_never_shadows_nor_reads_as_the_body(attr: str, parameter: str) -> None:
    assert filter_parameter(attr) == parameter


def test_modules_and_packages_are_never_keywords() -> None:
    assert (model_module("BookTag"), model_module("Class"), model_module("Match")) == ("book_tag", "class_", "match_")
    assert (python_module("books"), python_module("as")) == ("books", "as_")


@pytest.mark.parametrize(
    ("class_name", "plural", "payload_factory"),
    [
        ("BookTag", "book_tags", "book_tag_payload"),
        ("Test", "tests", "payload_for_test"),
        ("Testimonial", "testimonials", "payload_for_testimonial"),
        ("Contest", "contests", "contest_payload"),
    ],
)
def test_no_factory_of_the_tests_looks_like_a_test_to_pytest(
    class_name: str, plural: str, payload_factory: str
) -> None:
    names = EntityNames(class_name=class_name, plural=plural, table=plural, path=plural, domain=plural)
    assert names.payload_factory == payload_factory
    assert not names.create_factory.startswith("test")


def test_entity_names_are_derived_in_one_place() -> None:
    names = EntityNames(class_name="BookTag", plural="book_tags", table="book_tags", path="book-tags", domain="tags")
    assert names.derived_classes == tuple(f"BookTag{suffix}" for suffix in CLASS_SUFFIXES)
    assert (names.cls("Create"), names.cls("SortField"), names.cls("Id")) == (
        "BookTagCreate",
        "BookTagSortField",
        "BookTagId",
    )
    with pytest.raises(KeyError):
        names.cls("Factory")
    assert (names.module, names.package, names.service_key, names.id_param) == (
        "book_tag",
        "tags",
        "book_tags_service",
        "book_tag_id",
    )
    assert names.handlers["list"] == ("list_book_tags", "ListBookTags")
    assert names.handlers["delete"] == ("delete_book_tag", "DeleteBookTag")
    assert (names.label, names.plural_label, names.a_label, names.title) == (
        "book tag",
        "book tags",
        "a book tag",
        "Book Tags",
    )
    assert names.test_class == "TestBookTags"


def test_plurals_and_relation_keys_follow_the_rules() -> None:
    assert (default_plural("Hero"), default_plural("BookShelf"), default_plural("Series")) == (
        "heroes",
        "book_shelves",
        "series",
    )
    assert relation_key("author", to_one=True) == "author_id"
    assert (relation_key("leaves", to_one=False), relation_key("related", to_one=False)) == ("leaf_ids", "related_ids")


def test_a_record_reads_back() -> None:
    written = record({"Hero": "heros", "Leaf": "leafs"}, {("Hero", "leaves"): "leave_ids"})
    assert read_record(written) == RecordedNames({"Hero": "heros", "Leaf": "leafs"}, {("Hero", "leaves"): "leave_ids"})
    assert read_record(None) == RecordedNames()


def test_the_legacy_record_holds_what_earlier_templates_derived() -> None:
    entities = {
        "Hero": {"relations": {"leaves": {"kind": "many_to_many", "target": "Leaf"}, "quiz": {"kind": "many_to_one"}}},
        "Leaf": None,
        "Quiz": {"fields": {"title": "str"}},
    }
    recorded = read_record(legacy_record(entities))
    assert recorded.plurals == {"Hero": "heros", "Leaf": "leafs", "Quiz": "quizes"}
    assert recorded.relation_keys == {("Hero", "leaves"): "leave_ids"}
