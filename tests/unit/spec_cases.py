"""What the tests of hooks/spec.py share: a minimal spec (`book`, `field`, `with_author`), and the spec parsed or its
refusal checked (`assert_one_problem`: exactly one line, at the right place, saying what is wrong)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks.spec import parse_spec
from hooks.spec_model import Spec, SpecError

ROOT = Path(__file__).resolve().parents[2]


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
