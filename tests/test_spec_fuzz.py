"""The spec fuzz: specs drawn from the names registry's reserved and derived names, with random text in descriptions,
defaults and patterns, and now and then access control (roles, levels, owned entities, relations to the User). Each
is refused in lines that each name a place, or renders modules that compile, and that import and build the app in a
project's environment (one process for all of them, the models' registry emptied between two).
"""

from __future__ import annotations

import os
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.names import (
    ADMIN_ROLE,
    AUTH_CLASSES,
    AUTH_ROUTES,
    AUTH_TABLES,
    AUTH_TEST_FOLDER_MODULES,
    AUTHENTICATED_LEVEL,
    CLASS_SUFFIXES,
    MODEL_FOLDER_MODULES,
    PROJECT_ROUTES,
    PROJECT_TABLES,
    PUBLIC_LEVEL,
    TEST_FOLDER_MODULES,
    USER_NAMES,
)
from hooks.reserved_names import (
    AMBIGUOUS_NAMES,
    DEPENDENCY_NAMES,
    FILTER_HELPERS,
    IMPORTED_BESIDE_ENTITIES,
    LITESTAR_RESERVED_KWARGS,
    PYTHON_KEYWORDS,
    RESERVED_ATTRIBUTES,
)
from hooks.spec_auth import ACCESS_KEYS
from hooks.spec_model import ON_DELETE_RULES, RELATION_KINDS, SCALAR_TYPES, SpecError
from tests.conftest import ROOT, copier_copy, run
from tests.project_render import python_modules
from tests.test_generate import load

EXAMPLES = int(os.environ.get("SPEC_FUZZ_EXAMPLES", "300"))
PROBLEM_PLACES = ("entities", "enums", "auth", "project_slug", "database")
PASCAL_NAMES = sorted(
    {"Book", "Author", "Hero", "Series", "Person", "Datum", "Data", "Factory", "Enums", "Crud", "Version"}
    | {f"Book{suffix}" for suffix in CLASS_SUFFIXES}
    | {name.capitalize() for name in PYTHON_KEYWORDS if name.isalpha()}
    | {name for name in PYTHON_KEYWORDS if name[:1].isupper()}
    | AMBIGUOUS_NAMES
    | IMPORTED_BESIDE_ENTITIES
    | AUTH_CLASSES
)
SNAKE_NAMES = sorted(
    (
        {name for name in PYTHON_KEYWORDS if name.islower() and name.isalpha()}
        | RESERVED_ATTRIBUTES
        | LITESTAR_RESERVED_KWARGS
        | FILTER_HELPERS
        | DEPENDENCY_NAMES
        | MODEL_FOLDER_MODULES
        | TEST_FOLDER_MODULES
        | AUTH_TEST_FOLDER_MODULES
        | set(PROJECT_ROUTES)
        | set(PROJECT_TABLES)
        | set(AUTH_ROUTES)
        | set(AUTH_TABLES)
        | {"id", "created_at", "updated_at", "author_id", "tag_ids", "ids", "current_page", "data_flag", "dataset", "l"}
    )
    - {"__init__"}
)
PATTERNS = ["^[a-z]+$", "^[0-9]{3}-[0-9]{4}$", '^[A-Z"\\\\]{2,8}$', "(", "^(a|b)*$", "\\d+", "^.{0,5}$"]

# Names from the registry now and then, the rest plain, so that about half the specs are accepted and most accepted
# ones still meet a hostile name: entity and enum names from the registry are mostly refused (imports, keywords) and
# come one time in sixteen, field names mostly handled and come one time in six. Hypothesis favours the first and
# last of several choices: the registry's names stand in the middle.
plain_pascal, plain_snake = (
    st.from_regex(r"\A[A-Z][a-z]{2,8}\Z"),
    st.from_regex(r"\A[a-z][a-z0-9]{1,6}(_[a-z0-9]{1,4}){0,2}\Z"),
)


def sometimes(pool: list[str], plain: st.SearchStrategy[str], one_in: int) -> st.SearchStrategy[str]:
    """A name of the pool one time in `one_in`, a plain one otherwise."""
    return st.sampled_from(range(one_in)).flatmap(lambda n: st.sampled_from(pool) if n == one_in // 2 else plain)


pascal = sometimes(PASCAL_NAMES, plain_pascal, 16)
enum_name = sometimes(PASCAL_NAMES, st.from_regex(r"\A[A-Z][a-z]{2,8}Kind\Z"), 16)
snake = sometimes(SNAKE_NAMES, plain_snake, 6)
relation_name = sometimes(SNAKE_NAMES, plain_snake, 12)
text = st.text(min_size=1, max_size=30)
number = st.one_of(
    st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False), st.text(string.digits, min_size=1, max_size=4)
)
# True one time in eight, in the middle of the choices for the same reason.
rarely = st.sampled_from((False, False, False, True, False, False, False, False))
STRING_OPTIONS = ("max_length", "min_length", "searchable", "pattern")


@st.composite
def field_options(draw: Any, types: list[str]) -> dict[str, Any]:
    """A field of any type, with the options that apply to it now and then, and one that does not more rarely."""
    kind = draw(st.sampled_from(types))
    strings, numbers = kind in ("str", "text", "email", "url"), kind in ("int", "bigint", "float", "decimal")
    candidates: list[tuple[str, Any]] = [("required", st.booleans()), ("description", text)]
    if kind not in ("json", "bytes"):  # which take no unique, index or default
        default = number if numbers else text if strings or kind not in SCALAR_TYPES else st.one_of(text, st.booleans())
        candidates += [("unique", st.booleans()), ("index", st.booleans()), ("default", default)]
    if strings:
        candidates += [("max_length", st.integers(1, 300)), ("min_length", st.integers(0, 5))]
        candidates += [("searchable", st.booleans())]
    if kind == "str":
        candidates += [("pattern", st.one_of(st.sampled_from(PATTERNS), text))]
    if numbers:
        candidates += [("min", number), ("max", number)]
    options = {option: draw(value) for option, value in candidates if draw(rarely)}
    if draw(rarely) and draw(rarely):
        options[draw(st.sampled_from(("precision", "min_length", "unique", "pattern")))] = 1
    return {"type": kind, **options}


@st.composite
def access(draw: Any, roles: list[str]) -> dict[str, Any]:
    """Some operations' levels: public, authenticated, a role (admin's, a spec's, or an unknown one), or a list."""
    role = st.sampled_from([ADMIN_ROLE, *roles, "unknown_role"])
    level = st.one_of(st.sampled_from([PUBLIC_LEVEL, AUTHENTICATED_LEVEL]), role, st.lists(role, max_size=2))
    return {key: draw(level) for key in draw(st.lists(st.sampled_from(ACCESS_KEYS), max_size=3, unique=True))}


@st.composite
def specs(draw: Any) -> dict[str, Any]:
    enums = {
        name: draw(st.lists(snake, min_size=1, max_size=3, unique=True))
        for name in draw(st.lists(enum_name, max_size=2, unique=True))
    }
    names = draw(st.lists(pascal, min_size=1, max_size=4, unique=True))
    # Access control one time in four: its own options then come now and then on each entity.
    with_auth = draw(st.sampled_from((False, True, False, False)))
    roles = draw(st.lists(snake, max_size=2, unique=True)) if with_auth else None
    targets = [*names, USER_NAMES.class_name] if roles is not None or draw(rarely) else names
    types = [*SCALAR_TYPES, *enums]
    entities: dict[str, Any] = {}
    for index, name in enumerate(names):
        fields = {field: draw(field_options(types)) for field in draw(st.lists(snake, max_size=4, unique=True))}
        if index == 0:  # every spec meets at least one name of the registry's
            fields.setdefault(draw(st.sampled_from(SNAKE_NAMES)), draw(field_options(types)))
        relations = {}
        for relation in draw(st.lists(relation_name, max_size=2, unique=True)):
            target = draw(st.sampled_from(targets))
            options: dict[str, Any] = {"kind": draw(st.sampled_from(RELATION_KINDS)), "target": target}
            if options["kind"] == "many_to_many":  # `required` does not apply: now and then only
                options |= {"required": True} if draw(rarely) else {}
            elif target == name:  # a required self reference is refused: now and then only
                options["required"] = draw(rarely)
            elif draw(rarely):
                options["required"] = draw(st.booleans())
            if draw(rarely):
                options["back_populates"] = draw(snake)
            if draw(rarely):
                options["on_delete"] = draw(st.sampled_from(ON_DELETE_RULES))
            if draw(rarely):
                options["embed"] = draw(st.booleans())
            relations[relation] = options
        entity: dict[str, Any] = {"fields": fields, "relations": relations}
        for option in ("table", "domain"):
            if draw(rarely):
                entity[option] = draw(snake)
        if draw(rarely):
            entity["description"] = draw(text)
        if roles is not None or draw(rarely):
            entity |= {"owned": True} if draw(rarely) else {}
            entity |= {"access": draw(access(roles or []))} if draw(st.booleans()) else {}
        entities[name] = entity
    spec = {"project_name": draw(text) or "Fuzz", "enums": enums, "entities": entities}
    if roles is not None:
        spec["auth"] = {"roles": roles, **({"access": draw(access(roles))} if draw(st.booleans()) else {})}
    return spec


IMPORT_SCRIPT = """
import importlib, sys, traceback
from pathlib import Path
from advanced_alchemy.base import orm_registry

failures = 0
for project in sys.argv[1:]:
    sys.path.insert(0, project)
    try:
        importlib.import_module("app.app").create_app()
        for module in sorted(Path(project, "tests").glob("*/test_*_api.py")):
            importlib.import_module(".".join(module.relative_to(project).with_suffix("").parts))
    except Exception:
        failures += 1
        print(f"--- {project}", file=sys.stderr)
        traceback.print_exc()
    finally:
        sys.path.remove(project)
        for name in [n for n in sys.modules if n in ("app", "tests") or n.startswith(("app.", "tests."))]:
            del sys.modules[name]
        orm_registry.dispose(cascade=True)
        orm_registry.metadata.clear()
sys.exit(1 if failures else 0)
"""


class Examiner:
    """Renders specs as the hook would; keeps the refusals' first lines and writes the accepted specs' modules."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.accepted: list[Path] = []
        self.refused: list[str] = []

    def __call__(self, spec: dict[str, Any]) -> None:
        try:
            modules = python_modules(spec)
        except SpecError as error:
            problems = error.problems
        else:
            problems = []
        if problems:
            for line in problems:
                assert "\n" not in line, line
                assert line.startswith(PROBLEM_PLACES), line
            self.refused.append(problems[0])
            return
        project = self.folder / f"example{len(self.accepted)}"
        for path, source in modules.items():
            compile(source, path, "exec")
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).write_text(source)
        self.accepted.append(project)

    def assert_accepted_ones_import(self, environment: Path) -> None:
        assert self.accepted
        command = ["uv", "run", "--frozen", "python", "-c", IMPORT_SCRIPT, *map(str, self.accepted)]
        outcome = run(command, cwd=environment)
        assert outcome.returncode == 0, outcome.stderr[-6000:]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated library (access control brings the most dependencies) with its dependencies installed. Its
    rendering in this process is what Copier wrote, and so is a bookstore's, which has no access control."""
    folder = tmp_path_factory.mktemp("environment")
    for spec in ("bookstore", "library"):
        project = folder / spec
        assert copier_copy(ROOT / "examples" / f"{spec}.yml", project).returncode == 0
        rendered = python_modules(load(ROOT / "examples" / f"{spec}.yml"))
        for path, source in rendered.items():
            assert (project / path).read_text() == source, path
        written = {str(path.relative_to(project)) for path in project.rglob("*.py") if ".venv" not in path.parts}
        assert written == set(rendered), f"{spec}: modules Copier wrote and this process did not render, or the reverse"
    assert run(["uv", "sync", "--quiet"], cwd=project).returncode == 0
    return project


def sweep_specs() -> list[dict[str, Any]]:
    """Every name of the registry once as each kind of name a spec gives: a field (filtered as a boolean, and as an
    enum), a relation and a back reference; an entity and an enum."""
    found: list[dict[str, Any]] = []
    for name in SNAKE_NAMES:
        book = {"fields": {"title": "str", name: {"type": "bool", "default": False}}}
        tag = {"fields": {name: {"type": "Kind", "default": "basic"}, "label": {"type": "str", "required": False}}}
        found.append({"enums": {"Kind": ["basic", "special"]}, "entities": {"Book": book, "Tag": tag}})
        relation = {"kind": "many_to_one", "target": "Book", "required": False, "back_populates": name}
        found.append({"entities": {"Book": {"fields": {"title": "str"}}, "Tag": {"relations": {name: relation}}}})
    for name in PASCAL_NAMES:
        found.append(
            {
                "entities": {
                    name: {"fields": {"title": "str"}},
                    "Book": {"relations": {"owner": {"kind": "many_to_one", "target": name}}},
                }
            }
        )
        found.append({"enums": {name: ["basic"]}, "entities": {"Book": {"fields": {"kind": name}}}})
    return found


@pytest.mark.slow
def test_every_name_of_the_registry_is_refused_or_handled(environment: Path, tmp_path: Path) -> None:
    examine = Examiner(tmp_path)
    for spec in sweep_specs():
        examine(spec)
    print(f"registry sweep: {len(examine.accepted)} specs accepted, {len(examine.refused)} refused", file=sys.stderr)
    examine.assert_accepted_ones_import(environment)


@pytest.mark.slow
def test_every_spec_is_refused_in_lines_or_renders_modules_that_compile_and_import(
    environment: Path, tmp_path: Path
) -> None:
    examine = Examiner(tmp_path)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(specs())
    def fuzz(spec: dict[str, Any]) -> None:
        examine(spec)

    fuzz()
    print(f"spec fuzz: {len(examine.accepted)} specs accepted, {len(examine.refused)} refused", file=sys.stderr)
    assert examine.refused
    examine.assert_accepted_ones_import(environment)
