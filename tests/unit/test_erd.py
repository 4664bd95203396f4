"""hooks/erd.py: the Mermaid diagram of the generated README, and the template's README showing bookstore's."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.erd import mermaid_erd
from hooks.render import build_context
from tests.unit.test_render import answers

ROOT = Path(__file__).resolve().parents[2]


def erd_of(spec: str) -> str:
    diagram: str = build_context(answers(spec))["erd"]
    return diagram


def test_bookstore_diagram_has_every_entity_column_and_relation() -> None:
    lines = erd_of("bookstore.yml").splitlines()
    assert lines[0] == "erDiagram"
    assert "    Book {" in lines
    for column in ("uuid id PK", "str isbn UK", 'int pages "optional"', "Genre genre", "uuid author_id FK"):
        assert f"        {column}" in lines
    assert '    Author ||--o{ Book : "author"' in lines
    assert '    Book }o--o{ Tag : "tags"' in lines


def test_optional_and_one_to_one_relations_have_their_ends() -> None:
    lines = erd_of("company.yml").splitlines()
    relations = [line for line in lines if "--" in line]
    assert any(re.fullmatch(r'    (\w+) \|o--o\{ \1 : "\w+"', line) for line in relations), "an optional self reference"
    assert any("--o| " in line for line in relations), "a one-to-one"
    assert any(line.endswith('"optional"') and "FK, UK" in line for line in lines)


def test_the_template_readme_shows_the_bookstore_diagram_as_generated() -> None:
    readme = (ROOT / "README.md").read_text()
    assert f"```mermaid\n{erd_of('bookstore.yml')}\n```" in readme


def test_descriptions_never_reach_the_diagram() -> None:
    given = answers("bookstore.yml")
    given["entities"]["Author"]["description"] = 'A "quoted" } text\n```'
    diagram = mermaid_erd(build_context(given)["project"])
    assert "quoted" not in diagram
    assert "```" not in diagram


def test_an_embedded_relation_is_marked_on_its_line() -> None:
    given = answers("bookstore.yml")
    given["entities"]["Book"]["relations"]["author"]["embed"] = True
    diagram = mermaid_erd(build_context(given)["project"])
    assert '    Author ||--o{ Book : "author (embedded)"' in diagram.splitlines()
    assert '    Book }o--o{ Tag : "tags"' in diagram.splitlines()
