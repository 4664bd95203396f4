"""The case conversions of hooks/cases.py."""

from __future__ import annotations

import pytest

from hooks.cases import (
    camel_case,
    is_pascal_case,
    is_path_segment,
    is_project_slug,
    is_snake_case,
    kebab_case,
    pascal_case,
    project_slug,
    snake_case,
    snake_case_hint,
)
from hooks.reserved_names import PYTHON_KEYWORDS


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("Book", "book"),
        ("BookTag", "book_tag"),
        ("firstName", "first_name"),
        ("HTTPServer", "http_server"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("Item2Name", "item2_name"),
        ("book-tag", "book_tag"),
        ("already_snake", "already_snake"),
        ("ABC", "abc"),
        ("X", "x"),
    ],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake


@pytest.mark.parametrize(
    ("snake", "camel"),
    [
        ("published_on", "publishedOn"),
        ("author_id", "authorId"),
        ("tag_ids", "tagIds"),
        ("title", "title"),
        ("a_1", "a1"),
    ],
)
def test_camel_case(snake: str, camel: str) -> None:
    assert camel_case(snake) == camel


@pytest.mark.parametrize(("snake", "pascal"), [("book_tag", "BookTag"), ("book", "Book"), ("book_tags_2", "BookTags2")])
def test_pascal_case(snake: str, pascal: str) -> None:
    assert pascal_case(snake) == pascal


@pytest.mark.parametrize(("snake", "kebab"), [("book_tags", "book-tags"), ("books", "books"), ("a_b_c", "a-b-c")])
def test_kebab_case(snake: str, kebab: str) -> None:
    assert kebab_case(snake) == kebab


@pytest.mark.parametrize("name", ["BookTag", "HTTPServer", "UserAccount", "Item2Name"])
def test_snake_case_and_pascal_case_round_trip_on_simple_words(name: str) -> None:
    if name == "HTTPServer":
        assert pascal_case(snake_case(name)) == "HttpServer"  # acronyms are not recoverable
    else:
        assert pascal_case(snake_case(name)) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Book", True),
        ("BookTag", True),
        ("HTTPServer", True),
        ("Book2", True),
        ("book", False),
        ("Book_Tag", False),
        ("2Book", False),
        ("Book Tag", False),
        ("Book-Tag", False),
        ("", False),
    ],
)
def test_is_pascal_case(name: str, expected: bool) -> None:
    assert is_pascal_case(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("title", True),
        ("published_on", True),
        ("a1", True),
        ("a_1", True),
        ("Title", False),
        ("firstName", False),
        ("_title", False),
        ("title_", False),
        ("a__b", False),
        ("1st", False),
        ("first-name", False),
        ("", False),
    ],
)
def test_is_snake_case(name: str, expected: bool) -> None:
    assert is_snake_case(name) is expected


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Title", "title"),
        ("firstName", "first_name"),
        ("first-name", "first_name"),
        ("metadata_", "metadata"),
        ("_title", "title"),
        ("a__b", "a_b"),
        ("1st", None),
        ("", None),
        ("é", None),
    ],
)
def test_snake_case_hint_is_snake_case_or_nothing(name: str, hint: str | None) -> None:
    assert snake_case_hint(name) == hint


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("books", True),
        ("book-tags", True),
        ("v2", True),
        ("Books", False),
        ("book_tags", False),
        ("book/tags", False),
        ("-books", False),
        ("books-", False),
        ("book--tags", False),
        ("", False),
    ],
)
def test_is_path_segment(path: str, expected: bool) -> None:
    assert is_path_segment(path) is expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Company Directory", "company-directory"),
        ("Bookstore", "bookstore"),
        ("My  API v2!", "my-api-v2"),
        ("HTTPServer", "http-server"),
        ("My_Service", "my-service"),
        ("Book Store 2", "book-store-2"),
        ("--x--", "x"),
        ("123 Go", "project-123-go"),
        ("", "project"),
        ("   ", "project"),
    ],
)
def test_project_slug(name: str, slug: str) -> None:
    assert project_slug(name) == slug
    assert is_project_slug(slug)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("bookstore", True),
        ("company-directory", True),
        ("app2", True),
        ("Bookstore", False),
        ("my_service", False),
        ("1app", False),
        ("-app", False),
        ("app-", False),
        ("a--b", False),
        ("my service", False),
        ("", False),
    ],
)
def test_is_project_slug(slug: str, expected: bool) -> None:
    assert is_project_slug(slug) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("from", True), ("class", True), ("match", True), ("case", True), ("date", False), ("order", False)],
)
def test_python_keywords_include_soft_keywords(name: str, expected: bool) -> None:
    assert (name in PYTHON_KEYWORDS) is expected
