"""Regeneration of a five-entity blog whose update touches many tables at once, on SQLite and PostgreSQL: an entity
and a field renamed, an enum's values replaced, types widened and changed. Rows from the first version are kept, and
after the update the project passes its own checks (the revision among them: its lines within the line length).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.test_regenerate import (
    UPDATE,
    assert_checks_pass,
    checked,
    copy_project,
    data,
    edit_spec,
    revisions,
    upgrade_and_read,
)

BLOG_DATA = """
import json
import sys

from litestar.testing import TestClient

from app.app import create_app

with TestClient(create_app()) as client:
    if sys.argv[1] == "seed":
        user = client.post("/users", json={"handle": "ursula", "email": "ursula@example.com"}).json()
        tag = client.post("/tags", json={"name": "fantasy"}).json()
        post = {"title": "Earthsea", "body": "A wizard.", "readingMinutes": 12, "authorId": user["id"]}
        post = client.post("/posts", json=post | {"tagIds": [tag["id"]]}).json()
        comment = client.post("/comments", json={"body": "Lovely.", "postId": post["id"], "authorId": user["id"]})
        assert comment.status_code == 201, comment.text
    else:
        print(json.dumps({path: client.get(path).json()["items"] for path in sys.argv[2:]}))
"""


def many_changes(spec: dict[str, Any]) -> None:
    """An entity and a field renamed, an enum's values replaced, a wider integer, a longer string, text to string."""
    entities = spec["entities"]
    spec["enums"]["PostStatus"] = ["draft", "scheduled", "published"]
    post = entities["Post"]
    post["fields"]["headline"] = {**post["fields"].pop("title"), "renamed_from": "title", "max_length": 300}
    post["fields"]["reading_minutes"]["type"] = "bigint"
    post["relations"]["labels"] = {**post["relations"].pop("tags"), "target": "Label", "renamed_from": "tags"}
    entities["Label"] = {**entities.pop("Tag"), "renamed_from": "Tag"}
    entities["Label"]["fields"]["name"]["max_length"] = 80
    entities["Profile"]["fields"]["bio"] = {"type": "str", "max_length": 3000, "required": False}


@pytest.mark.slow
def test_an_update_touching_many_tables_keeps_rows_and_passes_the_checks(
    tmp_path: Path, databases: list[dict[str, str]]
) -> None:
    project = tmp_path / "blog"
    copy_project(ROOT / "examples" / "blog.yml", project)
    for env in databases:
        checked(["uv", "run", "--frozen", "litestar", "database", "upgrade", "--no-prompt"], project, env)
        data(project, env, "seed", source=BLOG_DATA)

    edit_spec(project, many_changes)
    checked(UPDATE, project)
    assert revisions(project) == {"0001": "None", "0002": '"0001"'}
    revision = next((project / "migrations" / "versions").glob("0002_*.py")).read_text()
    assert all(len(line) <= 120 for line in revision.splitlines())
    for found in upgrade_and_read(project, databases, "/posts", "/labels", "/users", source=BLOG_DATA):
        [post], [label], [user] = found["/posts"], found["/labels"], found["/users"]
        assert (post["headline"], post["readingMinutes"], post["status"]) == ("Earthsea", 12, "draft")
        assert (post["labelIds"], label["name"], post["authorId"]) == ([label["id"]], "fantasy", user["id"])
    assert_checks_pass(project)
