"""Entry point used by the Copier hook: raw answers in, render context out."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .cases import is_project_slug
from .code import Imports, long_str
from .deploy import DEPLOY
from .erd import mermaid_erd
from .migration_code import initial_imports, render_downgrade, render_upgrade
from .names import QUERY_PARAMETER_PREFIX
from .recorded_names import RECORD_KEY, read_record
from .revision import VERSIONS_DIR, Revision, next_revision
from .schema import Schema, project_schema
from .schema_diff import project_renames
from .schema_file import SCHEMA_FILE, dump_schema, load_schema
from .seed_plan import seed_plan
from .spec import parse_spec
from .spec_auth import auth_on
from .spec_model import DATABASES, SpecError
from .spec_reading import Problems
from .spec_schema import schema_text
from .sql_name_checks import check_sql_names
from .views import ProjectView, build_project


def database_url(database: str, slug: str) -> str:
    """The default DATABASE_URL of a generated project; the environment overrides it, and holds any password."""
    if database == "postgresql":
        return f"postgresql+asyncpg://localhost:5432/{slug.replace('-', '_')}"
    return f"sqlite+aiosqlite:///{slug.replace('-', '_')}.sqlite3"


def _answer_problems(answers: Mapping[str, Any]) -> list[str]:
    problems = []
    slug = answers.get("project_slug")
    if not isinstance(slug, str) or not is_project_slug(slug):
        problems.append(
            f"project_slug: {slug!r} is not a project slug: lowercase letters, digits and single dashes, "
            "starting with a letter (e.g. 'my-service')"
        )
    database = answers.get("database", "sqlite")
    if database not in DATABASES:
        problems.append(f"database: unknown database {database!r}; use one of: {', '.join(DATABASES)}")
    return problems


def import_block(module: str, *names: str) -> str:
    """`from module import names`, wrapped as ruff wraps it: for the few imports written in templates."""
    return Imports().add(module, *names).render()


def toml_str(text: str) -> str:
    """A TOML basic string: JSON escapes, but any Unicode character written as itself (TOML has no surrogates)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


# libyaml's emitter, where PyYAML was built with it, is four times faster than PyYAML's own: Copier writes
# entities.yml and the answers file three times per update. It spells characters beyond the Basic Multilingual Plane
# (emoji) as escapes, so entities.yml, which is the user's, falls back to PyYAML's own emitter when the spec has any.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _beyond_basic_plane(data: Any) -> bool:
    """Whether any text in the data has a character beyond U+FFFF."""
    if isinstance(data, str):
        return bool(data) and max(data) > "\uffff"
    if isinstance(data, Mapping):
        return any(_beyond_basic_plane(key) or _beyond_basic_plane(value) for key, value in data.items())
    if isinstance(data, list | tuple):
        return any(_beyond_basic_plane(item) for item in data)
    return False


def spec_yaml(answers: Mapping[str, Any]) -> str:
    """The spec as the project's entities.yml: the answers that make it, safely quoted by the YAML dumper."""
    spec = {key: answers[key] for key in ("project_name", "database", "enums") if answers.get(key)}
    spec |= {"auth": answers["auth"]} if auth_on(answers.get("auth")) else {}
    spec["entities"] = answers["entities"]
    dumper = yaml.SafeDumper if _beyond_basic_plane(spec) else _FAST_DUMPER
    return yaml.dump(spec, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120)


def answers_yaml(answers: Mapping[str, Any], recorded_names: Mapping[str, Any] | None = None) -> str:
    """The body of .copier-answers.yml, in the spec's order: a sorted file would differ from the spec it records.
    (Copier's file, not the user's: libyaml's escapes of emoji are acceptable there.) `recorded_names` are the names
    the entities were generated with (recorded_names.py), kept for the next update."""
    data = {**answers, RECORD_KEY: dict(recorded_names)} if recorded_names else dict(answers)
    return yaml.dump(data, Dumper=_FAST_DUMPER, indent=4, allow_unicode=True, default_flow_style=False, sort_keys=False)


def previous_schema(destination: Path | None) -> Schema | None:
    """The schema of the project being regenerated in `destination`; None on a first copy."""
    if destination is None or not (destination / SCHEMA_FILE).is_file():
        return None
    try:
        return load_schema((destination / SCHEMA_FILE).read_text(encoding="utf-8"))
    except ValueError as error:
        raise SpecError([str(error)]) from None


def regeneration_revision(
    project: ProjectView, schema: Schema, previous: Schema | None, destination: Path
) -> Revision | None:
    """The revision that brings the destination's database from its previous schema to the spec's (None when they
    are equal, and on a first copy: the initial migration creates everything)."""
    if previous is None:
        return None
    try:
        return next_revision(previous, schema, project_renames(project), destination / VERSIONS_DIR)
    except ValueError as error:
        raise SpecError([f"entities.{error}"]) from None


# A run of Copier renders each version of the template in up to three workers (an update's old copy, destination and
# new copy), and hooks/context.py loads this module once per version: what depends on the answers alone is built once
# per distinct answers, and only what depends on the destination once per worker.
_PROJECT_CONTEXTS: list[tuple[dict[str, Any], Schema, dict[str, Any]]] = []
_PROJECT_CONTEXTS_KEPT = 4


def project_context(answers: Mapping[str, Any]) -> tuple[Schema, dict[str, Any]]:
    """Validate the answers (raising SpecError with every problem) and build what the templates need from them, with
    the schema it describes; the same answers (by equality) get the same objects."""
    for known, schema, context in _PROJECT_CONTEXTS:
        if known == answers:
            return schema, context
    problems = _answer_problems(answers)
    try:
        recorded = read_record(answers.get(RECORD_KEY))
    except ValueError as error:
        raise SpecError([*problems, str(error)]) from None
    try:
        spec = parse_spec(answers.get("entities"), answers.get("enums"), recorded, answers.get("auth"))
    except SpecError as error:
        raise SpecError(problems + error.problems) from None
    if problems:
        raise SpecError(problems)
    project = build_project(spec)
    schema = project_schema(project)
    sql_problems = Problems()
    check_sql_names(schema, project, sql_problems)
    if sql_problems.lines:
        raise SpecError(sql_problems.lines)
    # The tests' values are derived now, so that a problem with them stops the run before anything is written.
    _ = project.tests.case_entries
    tables = schema.tables
    # A copy: the cache outlives the answers it was given, which are Copier's objects.
    kept_answers = copy.deepcopy(dict(answers))
    context = {
        "project": project,
        "query_parameter_prefix": QUERY_PARAMETER_PREFIX,
        "long_str": long_str,
        "toml_str": toml_str,
        "import_block": import_block,
        # Called by entities.yml alone, so that the other renders of a run do not pay for it, and then only once.
        "spec_yaml": functools.cache(functools.partial(spec_yaml, kept_answers)),
        "database_url": database_url(answers.get("database", "sqlite"), answers["project_slug"]),
        "schema_json": dump_schema(schema),
        "erd": mermaid_erd(project),
        "seed_plan": seed_plan(project),
        "deploy": DEPLOY,
        "spec_json_schema": schema_text(),
        "migration_upgrade": render_upgrade(tables, schema.enum_values),
        "migration_downgrade": render_downgrade(tables),
        "migration_imports": initial_imports(tables),
    }
    _PROJECT_CONTEXTS.insert(0, (kept_answers, schema, context))
    del _PROJECT_CONTEXTS[_PROJECT_CONTEXTS_KEPT:]
    return schema, context


def build_context(answers: Mapping[str, Any], destination: Path | None = None) -> dict[str, Any]:
    """Validate the answers (raising SpecError with every problem) and build what the templates need.

    `destination` is the folder being written: when it holds a generated project, the context also has the
    migration that takes its database from its previous schema to this one.
    """
    schema, context = project_context(answers)
    project: ProjectView = context["project"]
    previous = previous_schema(destination)
    if previous is not None and answers.get(RECORD_KEY) is None:
        # Without the names it was generated with, the project could be rendered with other ones (a renamed folder,
        # table or path): Copier would then delete its files. The before-update task records them.
        raise SpecError(
            [
                f"{RECORD_KEY}: .copier-answers.yml does not record the names this project was generated with; "
                "run `copier update --trust` (its before-update task records them) rather than a copy over it"
            ]
        )
    revision = regeneration_revision(project, schema, previous, destination) if destination else None
    return {
        **context,
        "revision": revision,
        "revision_file": revision.filename if revision else "",
    }
