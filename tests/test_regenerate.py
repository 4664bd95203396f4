"""Regeneration as the README tells users to run it: edit entities.yml, commit, `copier update`, upgrade.

One project lives through three updates. Each asserts that no hand edit is lost and no conflict marker is left,
that a new revision chained to the last one is written, that a database holding rows from the previous version
upgrades with those rows kept (on SQLite, and on PostgreSQL when TEST_DATABASE_URL names a server), and that the
project still passes its own checks, the drift test among them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import COPIER, ROOT, copier_copy, run
from tests.test_generate import PROJECT_CHECKS

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
UPDATE = [str(COPIER), "update", "--trust", "--defaults", "--data-file", "entities.yml", "--vcs-ref", "HEAD"]

# Hand edits in the user's own modules (created once) and in a generated one (kept by Copier's three-way merge).
HAND_EDITS = {
    "app/domain/authors/services.py": (
        "from app.db.models import Author\n",
        '''
    async def count_named(self, name: str) -> int:
        """How many authors have exactly this name."""
        return await self.count(Author.name == name)
''',
    ),
    "app/domain/authors/controllers.py": (
        "from typing import Annotated\n\nfrom litestar import get\nfrom litestar.di import NamedDependency\n"
        "from litestar.params import PathParameter\n\nfrom app.domain.authors.services import AuthorService\n",
        '''
    @get("/named/{name:str}", operation_id="CountAuthorsNamed", summary="Count the authors of a name")
    async def count_named(
        self, authors_service: NamedDependency[AuthorService], name: Annotated[str, PathParameter()]
    ) -> dict[str, int]:
        """A hand-written route beside the generated ones."""
        return {"count": await authors_service.count_named(name)}
''',
    ),
    "app/domain/authors/schemas.py": ("", '\n    source: str = "bookstore"\n'),
    "app/db/models/author.py": (
        "",
        '''
    @property
    def initials(self) -> str:
        """A hand-written property in a generated model."""
        return "".join(part[0] for part in self.name.split())
''',
    ),
}
CUSTOM_TEST = '''"""A hand-written test of the hand-written route."""

from litestar import Litestar
from litestar.testing import AsyncTestClient


async def test_count_named(client: AsyncTestClient[Litestar]) -> None:
    created = await client.post("/authors", json={"name": "Ursula K. Le Guin"})
    assert created.status_code == 201
    assert created.json()["source"] == "bookstore"
    response = await client.get("/authors/named/Ursula K. Le Guin")
    assert response.json() == {"count": 1}
'''
# Writes rows through the API (`seed`) or prints what the lists hold (`read`), on the DATABASE_URL database.
DATA_SCRIPT = """
import json
import sys

from litestar.testing import TestClient

from app.app import create_app

with TestClient(create_app()) as client:
    if sys.argv[1] == "seed":
        author = client.post("/authors", json={"name": "Ursula K. Le Guin"}).json()
        tag = client.post("/tags", json={"label": "classic"}).json()
        book = {"title": "A Wizard of Earthsea", "isbn": "9780000000001", "price": "9.99", "genre": "fiction"}
        book |= {"authorId": author["id"], "tagIds": [tag["id"]]}
        assert client.post("/books", json=book).status_code == 201
    else:
        print(json.dumps({path: client.get(path).json()["items"] for path in sys.argv[2:]}))
"""


def checked(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    outcome = run(command, cwd=cwd, extra_env=env)
    assert outcome.returncode == 0, f"$ {' '.join(command)}\n{outcome.stdout}{outcome.stderr}"
    return outcome.stdout + outcome.stderr


def commit(project: Path, message: str) -> None:
    checked(["git", "add", "-A"], project)
    # Empty when nothing changed since the copy's own first commit.
    checked([*GIT, "commit", "-q", "--allow-empty", "-m", message], project)


def copy_project(spec: Path, project: Path) -> None:
    """`copier copy` of a spec, installed and committed, as a user starts (the copy is a git repository already)."""
    assert copier_copy(spec, project).returncode == 0
    checked(["uv", "sync", "--quiet"], project)
    commit(project, "generated")


def edit_spec(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    spec = yaml.safe_load((project / "entities.yml").read_text())
    change(spec)
    (project / "entities.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    commit(project, "edit entities.yml")


def update(project: Path) -> str:
    output = checked(UPDATE, project)
    markers = subprocess.run(["git", "grep", "-n", "-e", "^<<<<<<< ", "-e", "^>>>>>>> "], cwd=project, check=False)
    assert markers.returncode == 1, "conflict markers left by the update"
    assert not list(project.rglob("*.rej"))
    for path, (_, addition) in HAND_EDITS.items():
        assert addition in (project / path).read_text(), f"hand edit lost in {path}"
    assert (project / "tests" / "authors" / "test_authors_custom.py").read_text() == CUSTOM_TEST
    return output


def revisions(project: Path) -> dict[str, str]:
    """Revision id -> the revision it follows, for every file in migrations/versions."""
    chain = {}
    for path in (project / "migrations" / "versions").glob("*.py"):
        text = path.read_text()
        revision = re.search(r'^revision = "(\w+)"', text, re.MULTILINE)
        down = re.search(r"^down_revision[^=]*= (.+)$", text, re.MULTILINE)
        assert revision, path
        assert down, path
        chain[revision.group(1)] = down.group(1)
    return chain


def data(project: Path, env: dict[str, str], *arguments: str, source: str = DATA_SCRIPT) -> str:
    """Run a data script (DATA_SCRIPT by default) in the project, kept outside it so that the project's own checks do
    not see it."""
    script = project.parent / "data.py"
    script.write_text(source)
    outcome = run(
        ["uv", "run", "--frozen", "python", str(script), *arguments], project, extra_env=env | {"PYTHONPATH": "."}
    )
    assert outcome.returncode == 0, outcome.stderr
    return outcome.stdout


def upgrade_and_read(
    project: Path, databases: list[dict[str, str]], *paths: str, source: str = DATA_SCRIPT
) -> list[dict[str, Any]]:
    """Upgrade every database to head and read the given lists from each."""
    found = []
    for env in databases:
        checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
        assert "at head" in checked(["uv", "run", "--frozen", "litestar", "check-db-status"], project, env)
        output = data(project, env, "read", *paths, source=source)
        found.append(json.loads(output))
    return found


def assert_checks_pass(project: Path) -> None:
    for command in PROJECT_CHECKS:
        checked(command, project)
    if os.environ.get("TEST_DATABASE_URL"):
        # The whole chain on an empty PostgreSQL database, then autogenerate finds no difference with the models.
        server = {"TEST_DATABASE_URL": os.environ["TEST_DATABASE_URL"]}
        checked(["uv", "run", "--frozen", "pytest", "-q", "tests/test_migrations.py"], project, server)


def first_change(spec: dict[str, Any]) -> None:
    """Renames (a field, an entity, a relation), new fields with and without defaults, a new entity and relation,
    a longer column, a field made required, a new enum value."""
    spec["enums"]["Genre"].append("essay")
    entities = spec["entities"]
    entities["Author"]["fields"]["name"]["max_length"] = 150
    entities["Author"]["fields"]["bio"] = {"type": "text", "required": False}
    book = entities["Book"]
    book["fields"]["code"] = {**book["fields"].pop("isbn"), "renamed_from": "isbn"}
    book["fields"]["pages"] = {"type": "int", "min": 1, "default": 100}
    book["fields"]["stock"] = {"type": "int", "min": 0, "default": 0}
    book["relations"]["labels"] = {**book["relations"].pop("tags"), "target": "Label", "renamed_from": "tags"}
    book["relations"]["publisher"] = {"kind": "many_to_one", "target": "Publisher", "required": False}
    entities["Label"] = {**entities.pop("Tag"), "renamed_from": "Tag"}
    entities["Publisher"] = {"fields": {"name": {"type": "str", "max_length": 80, "unique": True}}}


def second_change(spec: dict[str, Any]) -> None:
    """Removals (an entity, a field, an enum value), a wider type, uniqueness traded for an index, a field made
    optional."""
    entities = spec["entities"]
    del entities["Publisher"]
    del entities["Book"]["relations"]["publisher"]
    del entities["Author"]["fields"]["dob"]
    spec["enums"]["Genre"].remove("poetry")
    entities["Book"]["fields"]["stock"]["type"] = "bigint"
    entities["Book"]["fields"]["title"]["required"] = False
    entities["Label"]["fields"]["label"].update(unique=False, index=True)


@pytest.mark.slow
def test_update_applies_spec_changes_keeps_hand_edits_and_rows(tmp_path: Path, databases: list[dict[str, str]]) -> None:
    project = tmp_path / "bookstore"
    copy_project(ROOT / "examples" / "bookstore.yml", project)
    for env in databases:
        checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
        data(project, env, "seed")
    for path, (imports, addition) in HAND_EDITS.items():
        source = (project / path).read_text()
        docstring_end = source.index('"""', 3) + 3
        (project / path).write_text(source[:docstring_end] + "\n\n" + imports + source[docstring_end:] + addition)
    (project / "tests" / "authors" / "test_authors_custom.py").write_text(CUSTOM_TEST)
    checked(["uv", "run", "--frozen", "ruff", "check", "--fix", "--quiet", "app"], project)
    checked(["uv", "run", "--frozen", "ruff", "format", "--quiet", "app"], project)
    commit(project, "hand edits")
    initial = (project / "migrations" / "versions" / "0001_initial.py").read_text()

    edit_spec(project, first_change)
    output = update(project)
    assert "Tag (renamed to Label)" in output
    assert revisions(project) == {"0001": "None", "0002": '"0001"'}
    # What the update did, as the user reads it after `copier update`.
    [revision] = [path.name for path in (project / "migrations" / "versions").glob("0002_*.py")]
    assert f"Migration written: migrations/versions/{revision}" in output
    assert "  added: Publisher, Author.bio, Book.stock, Book.publisher" in output
    assert "  renamed: Tag -> Label, Book.isbn -> Book.code, Book.tags -> Book.labels" in output
    assert "uv run litestar database upgrade --no-prompt" in output
    assert (project / "migrations" / "versions" / "0001_initial.py").read_text() == initial
    for found in upgrade_and_read(project, databases, "/books", "/labels", "/authors"):
        [book], [label], [author] = found["/books"], found["/labels"], found["/authors"]
        assert (book["code"], book["pages"], book["stock"], book["publisherId"]) == ("9780000000001", 100, 0, None)
        assert (book["labelIds"], label["label"], book["authorId"]) == ([label["id"]], "classic", author["id"])
        assert (author["name"], author["bio"], author["source"]) == ("Ursula K. Le Guin", None, "bookstore")
    assert not (project / "app" / "domain" / "tags").exists()
    assert_checks_pass(project)
    publisher_service = project / "app" / "domain" / "publishers" / "services.py"
    publisher_service.write_text(publisher_service.read_text() + '\n    AUDITED = "by hand"\n')
    publisher_test = project / "tests" / "publishers" / "test_publishers_custom.py"
    publisher_test.write_text('"""Written by hand."""\n')
    commit(project, "first update")

    edit_spec(project, second_change)
    output = update(project)
    assert "kept (edited since it was generated): app/domain/publishers/services.py" in output
    assert "removed (generated, unchanged): app/domain/publishers/generated.py" in output
    assert "removed (generated, unchanged): app/db/models/publisher.py" in output
    assert re.findall(r"kept \(not generated\): (\S+)", output) == ["tests/publishers/test_publishers_custom.py"]
    assert sorted(path.name for path in (project / "app" / "domain" / "publishers").iterdir()) == ["services.py"]
    assert sorted(path.name for path in (project / "tests" / "publishers").iterdir()) == ["test_publishers_custom.py"]
    assert not (project / "app" / "db" / "models" / "publisher.py").exists()
    assert revisions(project) == {"0001": "None", "0002": '"0001"', "0003": '"0002"'}
    for found in upgrade_and_read(project, databases, "/books", "/authors"):
        [book], [author] = found["/books"], found["/authors"]
        assert (book["code"], book["stock"], book["genre"], "publisherId" in book) == (
            "9780000000001",
            0,
            "fiction",
            False,
        )
        assert (author["name"], "dob" in author) == ("Ursula K. Le Guin", False)
    # As the update said: the kept file uses code that is gone; the user moves what they need and deletes it.
    publisher_service.unlink()
    publisher_test.unlink()
    assert_checks_pass(project)
    commit(project, "second update")

    # Nothing changed: nothing is written.
    checked(UPDATE, project)
    assert checked(["git", "status", "--porcelain"], project) == ""

    # A spec with a mistake stops the update with one line naming it, and changes nothing.
    edit_spec(project, lambda spec: spec["entities"]["Author"]["fields"]["name"].update(maxlen=10))
    refused = run(UPDATE, project)
    assert refused.returncode != 0
    assert "entities.Author.fields.name: unknown option 'maxlen'; did you mean 'max_length'?" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert checked(["git", "status", "--porcelain"], project) == ""
