"""Case conversions and checks between the spec's identifiers and Python, SQL and URL names."""

from __future__ import annotations

import re

# The patterns as text too: the JSON Schema of the spec (spec_schema.py) states the same ones.
PASCAL = r"^[A-Z][A-Za-z0-9]*$"
SNAKE = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
KEBAB_PATH = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_PASCAL = re.compile(PASCAL)
_SNAKE = re.compile(SNAKE)
_KEBAB_PATH = re.compile(KEBAB_PATH)
_SLUG = re.compile(SLUG)
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def is_pascal_case(name: str) -> bool:
    return bool(_PASCAL.match(name))


def is_snake_case(name: str) -> bool:
    return bool(_SNAKE.match(name))


def is_path_segment(path: str) -> bool:
    return bool(_KEBAB_PATH.match(path))


def is_project_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug))


def snake_case(name: str) -> str:
    """`BookTag` -> `book_tag`, `firstName` -> `first_name`, `HTTPServer` -> `http_server`."""
    return _WORD_BOUNDARY.sub("_", name).replace("-", "_").lower()


def camel_case(snake: str) -> str:
    """`published_on` -> `publishedOn` (the API's JSON and query casing)."""
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def pascal_case(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def kebab_case(snake: str) -> str:
    return snake.replace("_", "-")


def pascal_case_hint(name: str) -> str:
    """What a name that is not PascalCase probably meant (`book_tag` -> `BookTag`)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", snake_case(name)) if part)


def snake_case_hint(name: str) -> str | None:
    """What a name that is not snake_case probably meant (`firstName` -> `first_name`, `metadata_` -> `metadata`: a
    trailing underscore is the generator's to add), or None when no snake_case name comes out of it."""
    hint = "_".join(re.findall(r"[a-z0-9]+", snake_case(name)))
    return hint if is_snake_case(hint) else None


def project_slug(project_name: str) -> str:
    """`Company Directory` -> `company-directory`: a distribution name and a safe file name."""
    words = re.findall(r"[a-z0-9]+", snake_case(re.sub(r"[^A-Za-z0-9]+", " ", str(project_name))).replace("_", " "))
    slug = "-".join(words)
    return slug if slug[:1].isalpha() else f"project-{slug}".rstrip("-")
