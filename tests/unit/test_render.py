"""hooks/render.py: the Copier answers in, the render context out (or every problem in one SpecError)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from hooks.recorded_names import RECORD_KEY, legacy_record
from hooks.render import answers_yaml, build_context, database_url
from hooks.spec_model import SpecError
from hooks.views import ProjectView

ROOT = Path(__file__).resolve().parents[2]


def load_shared(name: str) -> dict[str, Any]:
    """A spec of the team's shared examples, as this repository keeps them (examples/ or tests/specs/)."""
    path = next(folder / name for folder in (ROOT / "examples", ROOT / "tests" / "specs") if (folder / name).is_file())
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def answers(spec: str = "bookstore.yml", **overrides: Any) -> dict[str, Any]:
    raw = load_shared(spec)
    result = {
        "entities": raw["entities"],
        "enums": raw.get("enums", {}),
        "database": raw.get("database", "sqlite"),
        "project_slug": "bookstore",
        "project_name": raw["project_name"],
    }
    return {**result, **overrides}


def problems_of(given: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        build_context(given)
    return caught.value.problems


def test_bookstore_context() -> None:
    context = build_context(answers())
    assert {"project", "database_url", "spec_yaml", "migration_upgrade", "migration_downgrade"} <= set(context)
    project = context["project"]
    assert isinstance(project, ProjectView)
    assert [e.class_name for e in project.entities] == ["Author", "Book", "Tag"]
    assert [(e.name, e.values) for e in project.enums] == [("Genre", ("fiction", "non_fiction", "poetry"))]
    assert project.entity("Book").table == "books"
    assert [r.key_attr for r in project.entity("Book").relations] == ["author_id", "tag_ids"]
    assert [b.name for b in project.entity("Author").back_references] == ["books"]


def test_context_does_not_change_the_answers() -> None:
    given = answers()
    before = copy.deepcopy(given)
    build_context(given)
    assert given == before


@pytest.mark.parametrize(
    ("slug", "url"),
    [("bookstore", "sqlite+aiosqlite:///bookstore.sqlite3"), ("my-books", "sqlite+aiosqlite:///my_books.sqlite3")],
)
def test_sqlite_is_the_default_database(slug: str, url: str) -> None:
    given = answers(project_slug=slug)
    del given["database"]
    assert build_context(given)["database_url"] == url
    assert build_context(answers(project_slug=slug, database="sqlite"))["database_url"] == url


def test_postgresql_database_url() -> None:
    url = build_context(answers(project_slug="my-books", database="postgresql"))["database_url"]
    assert url == "postgresql+asyncpg://localhost:5432/my_books"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize("slug", ["bookstore", "company-directory", "a1"])
def test_database_url_never_holds_a_password(database: str, slug: str) -> None:
    url = database_url(database, slug)
    parts = urlsplit(url)
    assert parts.password is None
    assert parts.username is None
    assert "@" not in url
    assert slug.replace("-", "_") in url
    assert url.startswith({"sqlite": "sqlite+aiosqlite://", "postgresql": "postgresql+asyncpg://"}[database])


@pytest.mark.parametrize("spec", ["bookstore.yml", "company.yml"])
def test_spec_yaml_loads_back_to_the_same_spec(spec: str) -> None:
    given = answers(spec)
    loaded = yaml.safe_load(build_context(given)["spec_yaml"]())
    assert loaded["entities"] == given["entities"]
    assert loaded["enums"] == given["enums"]
    assert loaded["project_name"] == given["project_name"]
    assert loaded["database"] == given["database"]
    assert list(loaded["entities"]) == list(given["entities"])  # the spec's order is kept


def test_spec_yaml_keeps_text_that_looks_like_yaml_or_code() -> None:
    description = 'Says "hi" \'there\': # not a comment\n{{ not jinja }} - [not, a, list] & *alias !tag\\n """'
    entities = {
        "Book": {
            "description": description,
            "fields": {
                "title": {"type": "str", "default": "yes: no", "pattern": "^[a-z]+: .*$", "description": "null"},
                "code": {"type": "str", "default": "0123"},
            },
        }
    }
    given = {"entities": entities, "enums": {}, "database": "sqlite", "project_slug": "x", "project_name": "Book: 1"}
    loaded = yaml.safe_load(build_context(given)["spec_yaml"]())
    assert loaded["entities"] == entities
    assert loaded["project_name"] == "Book: 1"


def test_spec_yaml_round_trips_dates_and_decimals() -> None:
    entities = yaml.safe_load("""
Event:
  fields:
    day: {type: date, default: 2024-02-29}
    price: {type: decimal, default: '9.99', min: 0.5}
""")
    given = {"entities": entities, "enums": None, "database": "sqlite", "project_slug": "x", "project_name": "X"}
    assert yaml.safe_load(build_context(given)["spec_yaml"]())["entities"] == entities


@pytest.mark.parametrize("text", ["Ticket Office 🎫", "Café, 中文 and ü", "line\u2028break \x85 \r\t tab"])
def test_spec_yaml_writes_text_as_the_user_wrote_it(text: str) -> None:
    entities = {"Note": {"description": text, "fields": {"title": {"type": "str", "default": text}}}}
    given = {"entities": entities, "enums": {}, "database": "sqlite", "project_slug": "x", "project_name": text}
    written = build_context(given)["spec_yaml"]()
    assert yaml.safe_load(written)["entities"] == entities
    for word in text.split():
        if word.isprintable():
            assert word in written  # readable, not escaped


def test_answers_file_round_trips_in_the_spec_order() -> None:
    given = answers("bookstore.yml")
    written = answers_yaml(given)
    assert yaml.safe_load(written) == given
    assert list(yaml.safe_load(written)["entities"]) == list(given["entities"])


@pytest.mark.parametrize("slug", ["Bad Slug", "1abc", "my_service", "-x", "", None, 3])
def test_bad_project_slug(slug: Any) -> None:
    problems = problems_of(answers(project_slug=slug))
    assert len(problems) == 1
    assert problems[0].startswith(f"project_slug: {slug!r} is not a project slug")


@pytest.mark.parametrize("database", ["mysql", "postgres", "", None])
def test_unknown_database(database: Any) -> None:
    assert problems_of(answers(database=database)) == [
        f"database: unknown database {database!r}; use one of: sqlite, postgresql"
    ]


def test_answer_problems_are_reported_together_with_spec_problems() -> None:
    entities = {"Book": {"fields": {"title": {"type": "strr"}, "id": "int"}}}
    problems = problems_of(answers(entities=entities, enums={}, project_slug="Bad Slug", database="oracle"))
    assert [line.partition(": ")[0] for line in problems] == [
        "project_slug",
        "database",
        "entities.Book.fields.title.type",
        "entities.Book.fields.id",
    ]


def test_spec_problems_alone() -> None:
    problems = problems_of(answers(entities={}, enums={}))
    assert [line.partition(": ")[0] for line in problems] == ["entities"]


def test_spec_error_is_a_value_error_that_the_copier_hook_reports() -> None:
    # hooks/context.py turns a ValueError into Copier's one-message error, without a traceback.
    assert issubclass(SpecError, ValueError)


def test_migration_imports_of_the_bookstore() -> None:
    assert build_context(answers())["migration_imports"] == (
        "import sqlalchemy as sa\nfrom advanced_alchemy.types import GUID, DateTimeUTC\nfrom alembic import op"
    )


def test_pattern_that_cannot_fit_max_length_is_reported_with_other_problems() -> None:
    entities = {
        "Book": {
            "fields": {
                "isbn": {"type": "str", "max_length": 5, "pattern": "^[0-9]{13}$"},
                "title": {"type": "strr"},
            }
        }
    }
    problems = problems_of(answers(entities=entities, enums={}))
    assert sorted(line.partition(": ")[0] for line in problems) == [
        "entities.Book.fields.isbn.pattern",
        "entities.Book.fields.title.type",
    ]


def generated_project(folder: Path, given: dict[str, Any]) -> dict[str, Any]:
    """A destination as a copy of `given` leaves it (its schema and first revision), and the answers an update of it
    starts from: `given` with the names it was generated with, as its answers file records them."""
    context = build_context(given)
    (folder / "migrations" / "versions").mkdir(parents=True)
    (folder / "migrations" / "schema.json").write_text(context["schema_json"])
    (folder / "migrations" / "versions" / "0001_initial.py").write_text('revision = "0001"\ndown_revision = None\n')
    return {**given, RECORD_KEY: context["project"].recorded_names}


def test_a_destination_with_a_previous_schema_gets_the_next_revision(tmp_path: Path) -> None:
    previous = answers()
    recorded = generated_project(tmp_path, previous)
    assert build_context(recorded, tmp_path)["revision_file"] == ""

    edited = copy.deepcopy(recorded)
    edited["entities"] = {name: spec for name, spec in edited["entities"].items() if name != "Tag"}
    edited["entities"]["Book"] = {**edited["entities"]["Book"], "relations": {}}
    context = build_context(edited, tmp_path)
    assert context["revision_file"] == "0002_books_book_tags_tags.py"
    assert context["revision"].down_revision == "0001"
    assert context["schema_json"] != build_context(previous)["schema_json"]


def test_changing_a_primary_key_on_update_is_refused(tmp_path: Path) -> None:
    edited = generated_project(tmp_path, answers())
    edited["entities"] = {**edited["entities"], "Tag": {**edited["entities"]["Tag"], "primary_key": "bigint"}}
    with pytest.raises(SpecError) as caught:
        build_context(edited, tmp_path)
    assert caught.value.problems == [
        "entities.Tag.primary_key: the key of an existing table cannot change type (its rows and the keys that "
        "refer to them would be lost); add a new entity instead"
    ]


def test_a_project_without_recorded_names_is_not_rendered_over(tmp_path: Path) -> None:
    given = answers()
    generated_project(tmp_path, given)
    with pytest.raises(SpecError) as caught:
        build_context(given, tmp_path)
    assert caught.value.problems[0].startswith("generated_names: .copier-answers.yml does not record the names")


def test_recorded_names_win_over_the_plural_rules(tmp_path: Path) -> None:
    entities = {
        "Hero": {"fields": {"name": "str"}, "relations": {"leaves": {"kind": "many_to_many", "target": "Leaf"}}}
    }
    entities["Leaf"] = {"fields": {"color": "str"}}
    given = answers(entities=entities, enums={})
    fresh = build_context(given)["project"]
    assert (fresh.entity("Hero").path, fresh.entity("Hero").relations[0].key_attr) == ("heroes", "leaf_ids")

    legacy = {**given, RECORD_KEY: legacy_record(entities)}
    hero = build_context(legacy)["project"].entity("Hero")
    assert (hero.path, hero.table, hero.package, hero.relations[0].key_attr) == ("heros", "heros", "heros", "leave_ids")
    assert build_context(legacy)["project"].recorded_names == legacy[RECORD_KEY]

    added = copy.deepcopy(legacy)
    added["entities"]["Knife"] = {"fields": {"blade": "str"}}
    project = build_context(added)["project"]
    assert (project.entity("Hero").path, project.entity("Knife").path) == ("heros", "knives")


@pytest.mark.parametrize(
    "record",
    [{"format": 2, "entities": {}}, {"format": 1}, {"format": 1, "entities": {"Book": {"plural": "Books"}}}, "books"],
)
def test_a_damaged_record_is_refused_in_one_line(record: Any) -> None:
    problems = problems_of({**answers(), RECORD_KEY: record})
    assert len(problems) == 1
    assert problems[0].startswith("generated_names")
