"""Code fragments that spec text flows into stay valid Python that ruff leaves as it is."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hooks.code import argument, attribute, docstring, long_str, one_line
from hooks.render import toml_str
from hooks.spec import parse_spec
from hooks.views import build_project

RUFF = Path(sys.executable).parent / "ruff"


def ruff_accepts(source: str, tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(source)
    for command in (["check", "--select", "E,W"], ["format", "--check"]):
        outcome = subprocess.run(
            [str(RUFF), *command, "--isolated", "--line-length", "120", str(path)], capture_output=True, text=True
        )
        assert outcome.returncode == 0, source + outcome.stdout + outcome.stderr


@pytest.mark.parametrize(
    "text",
    [
        '"Bed" means a place to lie down.',
        'Known as the "Station"',
        'Has """ triple',
        "x" * 300,
        'short "q"',
        # Too long for one line with the closing quotes, short enough without them (at indent 1: 111 to 113).
        *(("word " * 30)[:length].strip() for length in (111, 112, 113)),
    ],
)
def test_docstring_survives_any_text(text: str, tmp_path: Path) -> None:
    safe = one_line(text)
    source = f"class A:\n{docstring(1, safe)}\n"
    tree = ast.parse(source)
    assert " ".join(ast.get_docstring(tree.body[0]).split()) == safe  # type: ignore[arg-type]
    ruff_accepts(source, tmp_path)


@pytest.mark.parametrize("text", ["short", "a long description " * 12, 'with "quotes" and \\ backslash ' * 5])
def test_long_str_is_the_same_string_and_ruff_clean(text: str, tmp_path: Path) -> None:
    value = argument(1, "title: str = Field", [long_str(text, 2, "description=")])
    source = f"class A:\n{value}\n"
    call = ast.parse(source).body[0].body[0].value  # type: ignore[attr-defined]
    assert ast.literal_eval(call.keywords[0].value) == text
    ruff_accepts(source, tmp_path)


@pytest.mark.parametrize("text", ["plain", 'quote " and \\ backslash', "emoji 🎶 and ü", "tab\tnew\nline", "del\x7f"])
def test_toml_str_reads_back(text: str) -> None:
    assert tomllib.loads(f"key = {toml_str(text)}")["key"] == text


def project(entities: dict[str, Any], enums: dict[str, Any] | None = None) -> Any:
    return build_project(parse_spec(entities, enums))


def test_link_table_never_takes_an_entity_table() -> None:
    built = project(
        {
            "ProductCategory": {"fields": {"name": "str"}},
            "Product": {
                "fields": {"name": "str"},
                "relations": {"categories": {"kind": "many_to_many", "target": "ProductCategory"}},
            },
        }
    )
    link = built.entity("Product").relations[0].link
    assert link is not None
    assert link.name == "product_categories_links"
    assert {e.table for e in built.entities} == {"product_categories", "products"}


def test_filter_of_a_field_named_like_a_litestar_kwarg_is_renamed() -> None:
    built = project({"Ticket": {"fields": {"state": "Stage"}}}, {"Stage": ["open", "closed"]})
    params = {p.query: p.name for p in built.entity("Ticket").routes.query_params}
    assert params["state"] == "state_"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"type": "decimal", "precision": 5, "scale": 4, "min": 0, "max": 1}, ["0.0000", "0.5000", "1.0000"]),
        ({"type": "int", "min": 1, "max": 3}, [1, 2, 3]),
        ({"type": "decimal", "precision": 3, "scale": 2}, ["1.00", "2.01", "3.02"]),
    ],
)
def test_number_samples_stay_within_bounds(options: dict[str, Any], expected: list[Any]) -> None:
    entity = project({"Line": {"fields": {"n": options}}}).entity("Line")
    assert entity.tests.samples(entity.fields[0]) == expected


ANNOTATIONS = [
    "Genre | None",
    "OriginCountryCategoryName",
    'Annotated[Decimal, DecimalText(12, 4, minimum="-99999999.9999", maximum="99999999.9999")]',
    'Annotated[Decimal, DecimalText(12, 4, minimum="-99999999.9999", maximum="99999999.9999")] | None',
    'Annotated[str, TextPattern(r"^[A-Z\\"\'\\\\]{2,12}$")] | None',
    "list[BigIntKey] | None",
]


@pytest.mark.parametrize("annotation", ANNOTATIONS)
@pytest.mark.parametrize("name_length", [1, 30, 45, 60, 80])
@pytest.mark.parametrize(
    ("value", "args"),
    [
        ("", None),
        ("None", None),
        ("OriginCountryCategoryName.EUROPEAN_UNION_MEMBER_STATE_OF_THE_UNION", None),
        ("Field", ['description="Some words about the field."']),
        ("Field", ["default=None", "min_length=1", "max_length=250", 'description="' + "long words " * 8 + '"']),
    ],
)
def test_an_attribute_is_as_ruff_writes_it(
    annotation: str, name_length: int, value: str, args: list[str] | None, tmp_path: Path
) -> None:
    source = f"class A:\n{attribute(1, 'a' * name_length, annotation, value, args)}\n"
    ruff_accepts(source, tmp_path)


@pytest.mark.parametrize("name", ["Book", "EmergencyContact", "HousekeepingTaskAssignment"])
def test_include_code_is_as_ruff_formats_it_whatever_the_names(name: str, tmp_path: Path) -> None:
    """The `include` parameter, its guard and the response schema of an entity with long names and many relations."""
    relations = {f"related_record_number_{i}": {"kind": "many_to_many", "target": "Other"} for i in range(8)}
    relations["owner_of_this_record"] = {"kind": "many_to_one", "target": "Other", "required": False}
    roles = [f"a_rather_long_role_name_{i}" for i in range(6)]
    entities = {name: {"relations": relations, "access": {"read": roles[1:]}}, "Other": {"access": {"read": roles[:2]}}}
    auth = {"roles": roles, "access": {"read": "authenticated"}}
    entity = build_project(parse_spec(entities, None, None, auth)).entities[0]
    routes = entity.routes
    header = "from typing import Annotated, Literal, TypeAlias\nfrom pydantic import MISSING\n\n"
    handlers = "\n\n".join(f"{routes.handler(role)}\n        pass" for role in ("list", "get"))
    source = f"{routes.include_alias}\n{routes.include_guards}\n\n\n{routes.response_class}\n\n\nclass C:\n{handlers}\n"
    ruff_accepts(header.replace("\n\n", "\n\n\n") + source, tmp_path)


@pytest.mark.parametrize("count", [1, 3, 6, 12])
@pytest.mark.parametrize("owned", [False, True])
def test_create_hook_is_as_ruff_formats_it_whatever_the_many_to_many_count(
    count: int, owned: bool, tmp_path: Path
) -> None:
    """`to_model_on_create` starts every many-to-many list empty: one line, or a dict exploded inside the call."""
    relations = {f"related_records_{i}": {"kind": "many_to_many", "target": "Other"} for i in range(count)}
    entities = {"Book": {"relations": relations, **({"owned": True} if owned else {})}, "Other": {}}
    auth = {"roles": ["member"], "access": {"read": "authenticated"}} if owned else None
    api = build_project(parse_spec(entities, None, None, auth)).entities[0].api
    source = f"class C:\n{api.hook_signature('to_model_on_create')}\n{api.create_hook_body}\n"
    ruff_accepts(source, tmp_path)
