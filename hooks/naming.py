"""Name conversions between the spec's identifiers and generated Python, SQL and URL names."""

from __future__ import annotations

import keyword
import re

_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_KEBAB_PATH = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Plurals that the suffix rules below get wrong; enough for common entity names.
_IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "datum": "data",
    "criterion": "criteria",
    "analysis": "analyses",
    "index": "indices",
}
# Singulars ending in -ie, whose plural -ies is not the plural of a -y word.
_IE_WORDS = frozenset({"movie", "cookie", "zombie", "calorie", "rookie", "selfie", "prairie", "sortie", "pie", "tie"})
_IRREGULAR_SINGULARS = {plural: singular for singular, plural in _IRREGULAR_PLURALS.items()}


def is_pascal_case(name: str) -> bool:
    return bool(_PASCAL.match(name))


def is_snake_case(name: str) -> bool:
    return bool(_SNAKE.match(name))


def is_path_segment(path: str) -> bool:
    return bool(_KEBAB_PATH.match(path))


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


def pluralize(word: str) -> str:
    """English plural of the last word of a snake_case name (`book_tag` -> `book_tags`)."""
    head, _, last = word.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in _IRREGULAR_PLURALS:
        return prefix + _IRREGULAR_PLURALS[last]
    if re.search(r"[^aeiou]y$", last):
        return prefix + last[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", last):
        return prefix + last + "es"
    return prefix + last + "s"


def singularize(word: str) -> str:
    """Best-effort inverse of `pluralize` (`tags` -> `tag`); returns the word itself when unsure."""
    head, _, last = word.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in _IRREGULAR_SINGULARS:
        return prefix + _IRREGULAR_SINGULARS[last]
    if last[:-1] in _IE_WORDS:
        return prefix + last[:-1]
    if re.search(r"[^aeiou]ies$", last):
        return prefix + last[:-3] + "y"
    if re.search(r"(sses|xes|zzes|ches|shes)$", last) or re.search(r"[^aoc]uses$", last):
        return prefix + last[:-2]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 1:
        return prefix + last[:-1]
    return word


def is_python_keyword(name: str) -> bool:
    return keyword.iskeyword(name) or keyword.issoftkeyword(name)


_SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def project_slug(project_name: str) -> str:
    """`Company Directory` -> `company-directory`: a distribution name and a safe file name."""
    words = re.findall(r"[a-z0-9]+", snake_case(re.sub(r"[^A-Za-z0-9]+", " ", str(project_name))).replace("_", " "))
    slug = "-".join(words)
    return slug if slug[:1].isalpha() else f"project-{slug}".rstrip("-")


def is_project_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug))


# Attribute names that a generated class cannot use as such (SQLAlchemy declarative, Pydantic's
# BaseModel, Advanced Alchemy's bases) or that would shadow a module imported by generated code.
# A field with one of these names gets the attribute `<name>_`; its column and API name stay `<name>`.
RESERVED_ATTRIBUTES = frozenset(
    {
        # names the model's class body itself uses (`relationship(...)`, `@property`)
        "relationship",
        "mapped_column",
        "property",
        "metadata",
        "registry",
        "copy",
        "dict",
        "json",
        "schema",
        "schema_json",
        "construct",
        "validate",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "update_forward_refs",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "to_dict",
        "datetime",
        "decimal",
        "enum",
        "uuid",
        "typing",
        "sa",
        "op",
    }
)
# Names the generated modules import or define at module level: an entity or enum of one of these names would
# shadow an import (or be shadowed by it). Keep in step with the imports the view model writes.
GENERATED_MODULE_NAMES = frozenset(
    {
        # typing, the standard library
        "Annotated",
        "Any",
        "TYPE_CHECKING",
        "TypeAlias",
        "Decimal",
        "UUID",
        # SQLAlchemy and Advanced Alchemy
        "Mapped",
        "Enum",
        "Column",
        "Table",
        "ForeignKey",
        "CheckConstraint",
        "String",
        "Text",
        "Integer",
        "BigInteger",
        "Float",
        "Numeric",
        "Boolean",
        "Date",
        "Time",
        "LargeBinary",
        "GUID",
        "DateTimeUTC",
        "JsonB",
        "UUIDBase",
        "UUIDAuditBase",
        "BigIntBase",
        "BigIntAuditBase",
        "ModelDictT",
        "OffsetPagination",
        "FilterTypes",
        "SQLAlchemyAsyncRepository",
        "SQLAlchemyAsyncRepositoryService",
        "SQLAlchemyPlugin",
        # Pydantic, Litestar
        "Field",
        "EmailStr",
        "Base64Bytes",
        "AwareDatetime",
        "Controller",
        "Litestar",
        "Parameter",
        "NamedDependency",
        "JSONBody",
        "SkipValidation",
        "AsyncTestClient",
        "PydanticPlugin",
        "OpenAPIConfig",
        "ScalarRenderPlugin",
        "CLIPlugin",
        # the project's own helpers
        "Schema",
        "ReadSchema",
        "HttpUrlStr",
        "Client",
        # app.lib.filters and the list filters' own types
        "SortOrder",
        "EqualTo",
        "StatementFilter",
        "QueryParameter",
        "PathParameter",
        "Literal",
    }
)


def reserved_name_reason(name: str) -> str | None:
    """Why `name` cannot be a class attribute of a generated model or schema, or None if it can."""
    if is_python_keyword(name):
        return "it is a Python keyword"
    if name in RESERVED_ATTRIBUTES:
        return "SQLAlchemy, Pydantic or the generated imports already use it"
    return None


# Keyword arguments that Litestar injects by name into handlers and dependencies: a query parameter of the list
# filters cannot use one of these as its Python name.
LITESTAR_RESERVED_KWARGS = frozenset(
    {"state", "request", "socket", "headers", "cookies", "query", "body", "data", "scope"}
)
