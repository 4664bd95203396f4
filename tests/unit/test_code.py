"""hooks/code.py writes Python the way ruff formats and sorts it; ruff itself is the judge here."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hooks.code import INDENT, LINE_LENGTH, Imports, call, entry, exploded, isort_sorted, literal, parameter, pystr
from hooks.names import CLASS_SUFFIXES
from hooks.spec import parse_spec
from hooks.views import build_project

RUFF = Path(sys.executable).with_name("ruff")
if not RUFF.exists():  # pragma: no cover - another layout of the virtualenv
    RUFF = Path(shutil.which("ruff") or "ruff")
RUFF_OPTIONS = ["--isolated", "--line-length", str(LINE_LENGTH), "--target-version", "py311"]
# ruff finds first-party packages in the project it runs in; the generated project's are `app` and `tests`.
FIRST_PARTY = ["--config", "lint.isort.known-first-party = ['app', 'tests']"]


def assert_ruff_accepts(source: str, tmp_path: Path) -> None:
    """`ruff check --select I,E501` and `ruff format` would change nothing in the source."""
    path = tmp_path / "snippet.py"
    path.write_text(source)
    lint = [str(RUFF), "check", "--select", "I,E501", *RUFF_OPTIONS, *FIRST_PARTY, "--diff", str(path)]
    checked = subprocess.run(lint, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, source + checked.stdout + checked.stderr
    fmt = [str(RUFF), "format", *RUFF_OPTIONS, "--diff", str(path)]
    formatted = subprocess.run(fmt, capture_output=True, text=True, check=False)
    assert formatted.returncode == 0, source + formatted.stdout + formatted.stderr


def in_function(code: str, indent: int) -> str:
    """Code rendered at `indent` levels, wrapped in enough blocks to be a valid module."""
    heads = [f"{INDENT * level}if x{level}:\n" for level in range(indent)]
    return "".join(heads) + code + "\n"


# --- pystr -----------------------------------------------------------------------------------------------------------

TRICKY = [
    "",
    "plain",
    "it's",
    'say "hi"',
    "a'b\"c",
    'two "" and one \'',
    '"""',
    "'''",
    'x"""y',
    "back\\slash",
    "ends with \\",
    "\\n is not a newline",
    "line\nbreak",
    "crlf\r\n",
    "tab\there",
    "nul\x00",
    "escape \x1b[0m",
    "del \x7f",
    "line separator \u2028",
    "accents: é ü ñ, 漢字",
    "{braces} and %s",
    '"; import os; os.system("rm -rf /")  #',
    "'''; raise SystemExit  #",
]


@pytest.mark.parametrize(
    ("text", "literal_"),
    [
        ("plain", '"plain"'),
        ("it's", '"it\'s"'),
        ('say "hi"', "'say \"hi\"'"),
        ("a'b\"c", '"a\'b\\"c"'),
        ('"""', '\'"""\''),
        ("back\\slash", '"back\\\\slash"'),
        ("line\nbreak", '"line\\nbreak"'),
        ("tab\there", '"tab\\there"'),
        ("nul\x00", '"nul\\x00"'),
        ("\u2028", '"\\u2028"'),
        ("é", '"é"'),
        ("", '""'),
    ],
)
def test_pystr_exact(text: str, literal_: str) -> None:
    assert pystr(text) == literal_


@pytest.mark.parametrize("text", TRICKY)
def test_pystr_is_one_string_literal_of_the_same_text(text: str) -> None:
    module = ast.parse(f"x = {pystr(text)}\n")
    assert len(module.body) == 1
    value = module.body[0].value  # type: ignore[attr-defined]
    assert isinstance(value, ast.Constant)
    assert value.value == text
    assert "\n" not in pystr(text)


def test_pystr_literals_are_formatted_as_ruff_writes_them(tmp_path: Path) -> None:
    source = "".join(f"x{index} = {pystr(text)}\n" for index, text in enumerate(TRICKY))
    assert_ruff_accepts(source, tmp_path)


# --- call, literal, exploded ------------------------------------------------------------------------------------------


def test_call_on_one_line_when_it_fits() -> None:
    assert call(0, "f", ["a", "b"]) == "f(a, b)"
    assert call(1, "x = f", ["a"], ",") == "    x = f(a),"
    assert call(0, "f", []) == "f()"
    assert call(0, "Annotated", ["int", "Field(ge=0)"], brackets="[]") == "Annotated[int, Field(ge=0)]"


def test_call_at_exactly_the_line_length_stays_on_one_line() -> None:
    head = "result = function"
    argument = "a" * (LINE_LENGTH - len(head) - 2)
    line = call(0, head, [argument])
    assert len(line) == LINE_LENGTH
    assert "\n" not in line
    longer = call(0, head, [argument + "a"])
    assert longer == f"{head}(\n    {argument}a\n)"


def test_call_puts_the_arguments_on_one_indented_line_when_that_fits() -> None:
    args = [f"argument_{index}" for index in range(9)]
    assert call(1, "value = some_function", args) == (
        "    value = some_function(\n        " + ", ".join(args) + "\n    )"
    )


def test_call_puts_one_argument_per_line_with_a_trailing_comma_when_nothing_else_fits() -> None:
    args = [f"keyword_argument_{index}=value_{index}" for index in range(8)]
    lines = call(1, "value = some_function", args).split("\n")
    assert lines[0] == "    value = some_function("
    assert lines[1:-1] == [f"        {arg}," for arg in args]
    assert lines[-1] == "    )"


CALLS = {
    "short": (0, "value = f", ["a", "b"], ""),
    "hugging": (0, "result = some_function", [f"argument_{index}" for index in range(10)], ""),
    "exploded": (0, "result = some_function", [f"keyword_argument_{index}=value_{index}" for index in range(8)], ""),
    "indented": (2, "total = compute", [f"argument_number_{index}" for index in range(6)], ""),
    "signature": (1, "async def method", ["self", *[f"parameter_{index}: int" for index in range(6)]], " -> None:"),
    "long signature": (
        1,
        "async def method",
        ["self", *[f"parameter_{index}: int" for index in range(12)]],
        " -> int:",
    ),
}


@pytest.mark.parametrize("name", CALLS)
def test_call_is_formatted_as_ruff_formats_it(name: str, tmp_path: Path) -> None:
    indent, head, args, tail = CALLS[name]
    code = call(indent, head, args, tail)
    if tail.endswith(":"):
        code += f"\n{INDENT * (indent + 1)}pass"
        code = "class A:\n" + code if indent == 1 else code
        assert_ruff_accepts(code + "\n", tmp_path)
    else:
        assert_ruff_accepts(in_function(code, indent), tmp_path)


def test_literal_on_one_line_when_it_fits() -> None:
    assert literal(0, "x = ", ["1", "2"]) == "x = [1, 2]"
    assert literal(0, "x = ", ["1"], brackets="()") == "x = (1,)"
    assert literal(0, "x = ", ["1", "2"], brackets="()") == "x = (1, 2)"
    assert literal(1, "", ['"a": 1', '"b": 2'], ",", brackets="{}") == '    {"a": 1, "b": 2},'


def test_literal_explodes_when_too_long() -> None:
    items = [f'"item_{index}"' for index in range(30)]
    assert literal(0, "x = ", items) == "x = [\n" + "".join(f"    {item},\n" for item in items) + "]"


def test_literal_explodes_around_a_multi_line_item() -> None:
    inner = call(2, "CheckConstraint", ['"n" >= 0' * 20, 'name="n_min"'])
    assert "\n" in inner
    assert literal(1, "__table_args__ = ", [inner], brackets="()") == (
        "    __table_args__ = (\n" + f"        {inner.strip()},\n" + "    )"
    )


@pytest.mark.parametrize("length", [20, 50, 55, 56, 57, 63])
def test_dict_entries_and_parameters_of_any_name_length_are_formatted_as_ruff_formats_them(
    length: int, tmp_path: Path
) -> None:
    # Keys and values as long as the longest names a spec may give (fields of 63 characters, PostgreSQL's limit).
    key, value = pystr("k" * length), pystr("v" * length + "-1")
    entries = literal(0, "mapping = ", [entry(1, key, value), entry(1, '"id"', '"id"')], brackets="{}")
    nested = literal(2, "", [entry(3, key, value)], ",", "{}")
    annotation = f"NamedDependency[{'S' * length}Service]"
    signature = call(0, "def handler", ["self", parameter(1, "n" * length, annotation)], " -> None:")
    update = literal(1, "update=", [key, value], ",", "()").strip().removesuffix(",")
    source = "\n".join(
        [
            entries,
            call(0, "rows = f", [f"samples=[\n{nested}\n    ]", update]),
            "",
            "",
            signature,
            "    pass",
        ]
    )
    assert_ruff_accepts(source + "\n", tmp_path)
    if len(f"    {key}: {value},") > LINE_LENGTH:
        assert f"{key}: (\n" in entries


def test_exploded_keeps_one_item_per_line() -> None:
    assert exploded(0, "x = ", ["    1", "    2"]) == "x = [\n    1,\n    2,\n]"
    assert exploded(1, "", ["        1"], ",", brackets="()") == "    (\n        1,\n    ),"


def test_literals_are_formatted_as_ruff_formats_them(tmp_path: Path) -> None:
    checks = [call(2, "CheckConstraint", [pystr(f'"n{i}" >= 0'), f'name="n{i}_min"']) for i in range(3)]
    long_check = call(2, "CheckConstraint", [pystr('"a_rather_long_column_name" >= 0 ' * 4), 'name="n_min"'])
    source = "\n".join(
        [
            literal(0, "a = ", ["1", "2"]),
            literal(0, "b = ", ["1"], brackets="()"),
            literal(0, "c = ", [f'"item_{index}"' for index in range(30)]),
            literal(0, "d = ", ['"key": 1'], brackets="{}"),
            exploded(0, "e = ", ["    1", "    2"]),
            "",
            "",
            "class A:",
            literal(1, "__table_args__ = ", checks, brackets="()"),
            literal(1, "other = ", [long_check], brackets="()"),
        ]
    )
    assert_ruff_accepts(source + "\n", tmp_path)


# --- Imports ----------------------------------------------------------------------------------------------------------


def test_imports_in_sections_separated_by_blank_lines() -> None:
    imports = (
        Imports()
        .add("app.lib.schemas", "Schema")
        .module("pytest")
        .add("uuid", "UUID")
        .add("sqlalchemy", "String")
        .add("__future__", "annotations")
        .module("datetime")
        .add("tests.factories", "create_book")
    )
    assert imports.render() == (
        "from __future__ import annotations\n"
        "\n"
        "import datetime\n"
        "from uuid import UUID\n"
        "\n"
        "import pytest\n"
        "from sqlalchemy import String\n"
        "\n"
        "from app.lib.schemas import Schema\n"
        "from tests.factories import create_book"
    )


def test_straight_imports_come_before_from_imports_in_a_section() -> None:
    imports = Imports().add("datetime", "date").module("uuid").add("alembic", "op").module("sqlalchemy as sa")
    assert (
        imports.render() == "import uuid\nfrom datetime import date\n\nimport sqlalchemy as sa\nfrom alembic import op"
    )


def test_modules_in_natural_order() -> None:
    imports = Imports().add("app.m10", "x").add("app.m2", "x").add("app.M1", "x").add("app", "x")
    assert imports.render().split("\n") == [
        "from app import x",
        "from app.M1 import x",
        "from app.m2 import x",
        "from app.m10 import x",
    ]


def test_names_ordered_constants_classes_then_the_rest_naturally() -> None:
    imports = Imports().add("x", "b", "Name10", "a2", "TYPE_CHECKING", "A", "Name2", "a10", "GUID", "field_validator")
    assert imports.render() == "from x import GUID, TYPE_CHECKING, A, Name2, Name10, a2, a10, b, field_validator"


def test_names_are_imported_once() -> None:
    imports = Imports().add("x", "a", "b").add("x", "a").module("y").module("y")
    assert imports.render() == "import y\nfrom x import a, b"


def test_adding_no_names_adds_nothing() -> None:
    assert Imports().add("typing").render() == ""
    assert Imports().add("typing").add("uuid", "UUID").render() == "from uuid import UUID"


def test_long_import_is_wrapped_one_name_per_line_with_a_trailing_comma() -> None:
    names = [f"BookThing{index}" for index in range(1, 12)]
    assert Imports().add("app.domain.books.schemas", *names).render() == (
        "from app.domain.books.schemas import (\n" + "".join(f"    {name},\n" for name in names) + ")"
    )


@pytest.mark.parametrize("length", [LINE_LENGTH, LINE_LENGTH + 1])
def test_import_wrapping_starts_past_the_line_length(length: int, tmp_path: Path) -> None:
    head = "from app.module import "
    block = Imports().add("app.module", "x" * (length - len(head))).render()
    assert ("\n" in block) is (length > LINE_LENGTH)
    assert_ruff_accepts(block + "\n", tmp_path)


def test_indented_imports(tmp_path: Path) -> None:
    names = [f"Model{index}" for index in range(12)]
    block = Imports().add("app.db.models.book", "Book").add("app.db.models.many", *names).render(indent=1)
    assert block.startswith(
        "    from app.db.models.book import Book\n    from app.db.models.many import (\n        Model0,\n"
    )
    assert all(line.startswith(INDENT) for line in block.split("\n"))
    assert_ruff_accepts("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n" + block + "\n", tmp_path)


BLOCKS = {
    "model": Imports()
    .add("__future__", "annotations")
    .module("datetime")
    .add("decimal", "Decimal")
    .add("typing", "TYPE_CHECKING", "Any")
    .add("uuid", "UUID")
    .add("advanced_alchemy.base", "UUIDAuditBase", "orm_registry")
    .add("advanced_alchemy.types", "GUID", "DateTimeUTC", "JsonB")
    .add("sqlalchemy", "Numeric", "String", "ForeignKey", "Column", "Table", "CheckConstraint", "Enum")
    .add("sqlalchemy.orm", "Mapped", "mapped_column", "relationship")
    .add("app.db.models.enums", "Genre", "Level", "enum_values"),
    "test": Imports()
    .add("typing", "Any")
    .module("pytest")
    .add("litestar", "Litestar")
    .add("litestar.testing", "AsyncTestClient")
    .add("tests.factories", "create_book", "book_payload", "create_tag2", "create_tag10", "BOOK_SAMPLES"),
    "migration": Imports()
    .module("sqlalchemy as sa")
    .add("advanced_alchemy.types", "GUID", "DateTimeUTC")
    .add("alembic", "op"),
    "wrapped": Imports()
    .add("app.domain.employees.schemas", *(f"Employee{s}" for s in CLASS_SUFFIXES))
    .add("pydantic", "AwareDatetime", "Base64Bytes", "EmailStr", "Field", "field_validator"),
}


@pytest.mark.parametrize("name", BLOCKS)
def test_import_blocks_are_sorted_as_ruff_sorts_them(name: str, tmp_path: Path) -> None:
    assert_ruff_accepts(BLOCKS[name].render() + "\n", tmp_path)


@pytest.mark.parametrize("module", ["json", "os", "re"])
def test_every_standard_module_is_in_the_standard_section(module: str, tmp_path: Path) -> None:
    assert_ruff_accepts(Imports().module(module).module("pytest").render() + "\n", tmp_path)


def test_isort_sorted_orders_like_imports() -> None:
    assert isort_sorted(["metadata", "Book", "Author", "TAG10", "TAG2", "BookTag"]) == [
        "TAG2",
        "TAG10",
        "Author",
        "Book",
        "BookTag",
        "metadata",
    ]


# --- a fragment of generated code that nests one call in another ------------------------------------------------------


def test_id_alias_line_of_a_long_entity_name_is_ruff_formatted(tmp_path: Path) -> None:
    name = "Book" + "Thing" * 6  # `book_thing_..._thing`: the longest entity name there may be (40)
    entity = build_project(parse_spec({name: None}, None)).entity(name)
    assert len(entity.routes.id_alias_line.splitlines()) > 1
    assert_ruff_accepts(entity.routes.id_alias_line + "\n", tmp_path)


def test_id_alias_line_is_ruff_formatted(tmp_path: Path) -> None:
    entity = build_project(parse_spec({"BookTag": None}, None)).entity("BookTag")
    assert entity.routes.id_alias_line == (
        'BookTagId: TypeAlias = Annotated[UUID, PathParameter(title="BookTag ID", description="The record\'s id.")]'
    )
    assert_ruff_accepts(entity.routes.id_alias_line + "\n", tmp_path)


def test_an_order_index_name_too_long_for_postgresql_is_marked_final() -> None:
    # SQLAlchemy refuses a plain name over 63 characters on PostgreSQL, and shortens a final one (conv) as it shortens
    # the migration's op.f() name: the model's index and the database's then have the same name.
    table = "users_who_placed_orders_and_kept_their_sessions_open"
    model = build_project(parse_spec({"Author": {"table": table}}, None)).entity("Author").model
    assert model.order_index == [f'        Index(conv("ix_{table}_created_at_id"), "created_at", "id")']
    assert "from sqlalchemy.schema import conv" in model.imports


def test_an_order_index_name_postgresql_takes_as_it_is_stays_plain() -> None:
    model = build_project(parse_spec({"Author": None}, None)).entity("Author").model
    assert model.order_index == ['        Index("ix_authors_created_at_id", "created_at", "id")']
    assert "conv" not in model.imports


@pytest.mark.parametrize(
    ("fields", "imported"),
    [
        ({"starts": "time"}, False),  # TimeInput and TimeOutput: no `datetime.time` in the schemas
        ({"starts": {"type": "time", "default": "08:00:00"}}, True),  # the default is `datetime.time.fromisoformat`
        ({"opens": "date"}, True),  # the read schema says `datetime.date`
    ],
)
def test_the_schemas_import_datetime_only_where_they_name_it(fields: dict[str, Any], imported: bool) -> None:
    entity = build_project(parse_spec({"Shift": {"audit": False, "fields": fields}}, None)).entity("Shift")
    assert ("import datetime" in entity.api.imports) is imported
