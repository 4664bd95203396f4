"""hooks/sql_name_checks.py: every table, column, sequence and enum type name a spec derives fits PostgreSQL's 63
characters, or the spec is refused with a line naming the spec's place (at 63 a project runs on PostgreSQL; past it
the migration fails there)."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.cases import snake_case
from hooks.names import LONGEST_CLASS_NAME, POSTGRESQL_IDENTIFIER_LIMIT
from hooks.render import build_context
from hooks.spec_model import SpecError

LIMIT = POSTGRESQL_IDENTIFIER_LIMIT


def problems(entities: dict[str, Any], enums: dict[str, Any] | None = None) -> list[str]:
    answers = {"project_name": "Names", "project_slug": "names", "entities": entities, "enums": enums or {}}
    try:
        build_context(answers)
    except SpecError as error:
        return error.problems
    return []


def snake(length: int) -> str:
    """A snake_case name of `length` characters."""
    return ("a_long_name_" * 10)[: length - 1] + "x"


def pascal(snake_length: int) -> str:
    """A PascalCase name whose snake_case spelling has `snake_length` characters."""
    return "A" + "b" * (snake_length - 1)


def with_table(table: str, **options: Any) -> dict[str, Any]:
    return {"Book": {"table": table, "fields": {"title": "str"}, **options}}


def with_field(name: str) -> dict[str, Any]:
    return {"Book": {"fields": {name: "str"}}}


def with_relation(name: str) -> dict[str, Any]:
    # A to-one relation's column is `<name>_id`.
    relation = {"kind": "many_to_one", "target": "Author"}
    return {"Author": {"fields": {"name": "str"}}, "Book": {"fields": {"title": "str"}, "relations": {name: relation}}}


def with_link(name: str) -> dict[str, Any]:
    # Book's many-to-many relation's link table is `book_<name>`.
    relation = {"kind": "many_to_many", "target": "Tag"}
    return {"Tag": {"fields": {"label": "str"}}, "Book": {"fields": {"title": "str"}, "relations": {name: relation}}}


def with_self_link(name: str) -> dict[str, Any]:
    # A many-to-many self reference's second column is `<name>_id`, its link table `a_<name>`.
    return {"A": {"fields": {"label": "str"}, "relations": {name: {"kind": "many_to_many", "target": "A"}}}}


# (the spec at the limit, the spec one character past it, the place of the line, what the line says)
CASES = {
    "table": (
        with_table(snake(LIMIT)),
        with_table(snake(LIMIT + 1)),
        "entities.Book.table",
        f"the table name '{snake(LIMIT + 1)}' has {LIMIT + 1} characters",
    ),
    "sequence": (
        with_table(snake(LIMIT - len("_id_seq")), primary_key="bigint"),
        with_table(snake(LIMIT + 1 - len("_id_seq")), primary_key="bigint"),
        "entities.Book.table",
        f"the id sequence '{snake(LIMIT + 1 - len('_id_seq'))}_id_seq' has {LIMIT + 1} characters",
    ),
    "field": (
        with_field(snake(LIMIT)),
        with_field(snake(LIMIT + 1)),
        f"entities.Book.fields.{snake(LIMIT + 1)}",
        f"as a column name it has {LIMIT + 1} characters",
    ),
    "relation": (
        with_relation(snake(LIMIT - len("_id"))),
        with_relation(snake(LIMIT + 1 - len("_id"))),
        f"entities.Book.relations.{snake(LIMIT + 1 - len('_id'))}",
        f"its column '{snake(LIMIT + 1 - len('_id'))}_id' has {LIMIT + 1} characters",
    ),
    "link table": (
        with_link(snake(LIMIT - len("book_"))),
        with_link(snake(LIMIT + 1 - len("book_"))),
        f"entities.Book.relations.{snake(LIMIT + 1 - len('book_'))}",
        f"the link table name 'book_{snake(LIMIT + 1 - len('book_'))}' has {LIMIT + 1} characters",
    ),
    "link column": (
        with_self_link(snake(LIMIT - len("_id"))),
        with_self_link(snake(LIMIT + 1 - len("_id"))),
        f"entities.A.relations.{snake(LIMIT + 1 - len('_id'))}",
        f"its link table's column '{snake(LIMIT + 1 - len('_id'))}_id' has {LIMIT + 1} characters",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_name_at_the_limit_is_kept_and_one_past_it_refused_in_one_line(case: tuple[Any, ...]) -> None:
    at_limit, past_limit, place, message = case
    assert problems(at_limit) == []
    [line] = problems(past_limit)
    assert line.startswith(f"{place}: {message} (PostgreSQL allows {LIMIT});")


def one_letter_words(groups: int) -> str:
    """A PascalCase name of LONGEST_CLASS_NAME characters whose snake_case spelling grows by two characters with
    each group after the first: `ABCdBCd...` is `a_b_cd_b_cd...`."""
    name = "A" + "BCd" * groups
    return name + "e" * (LONGEST_CLASS_NAME - len(name))


def test_an_enum_type_name_past_the_limit_is_refused() -> None:
    # An enum name within LONGEST_CLASS_NAME can still make a type name past 63 with one-letter words.
    def with_enum(name: str) -> list[str]:
        return problems({"Book": {"fields": {"kind": name}}}, {name: ["one", "two"]})

    fits, too_long = one_letter_words(12), one_letter_words(13)
    assert (len(fits), len(too_long)) == (LONGEST_CLASS_NAME, LONGEST_CLASS_NAME)
    assert (len(snake_case(fits)), len(snake_case(too_long))) == (LIMIT, LIMIT + 2)
    assert with_enum(fits) == []
    [line] = with_enum(too_long)
    assert line.startswith(f"enums.{too_long}: its type name '{snake_case(too_long)}' has {LIMIT + 2} characters")


def test_every_name_past_the_limit_is_reported() -> None:
    entities = {**with_field(snake(LIMIT + 1))["Book"], "table": snake(LIMIT + 2)}
    lines = problems({"Book": entities})
    assert [line.split(":")[0] for line in lines] == ["entities.Book.table", f"entities.Book.fields.{snake(LIMIT + 1)}"]
