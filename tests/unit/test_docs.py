"""The documents a user reads beside the code: docs/entities.schema.json (the JSON Schema editors check entities.yml
with) and docs/spec.md agree with what the validator accepts; no link leaves the repository; CHANGELOG.md has every
version."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, time
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from hooks.names import ADMIN_ROLE, AUTHENTICATED_LEVEL, PUBLIC_LEVEL
from hooks.spec import ENTITY_OPTIONS, RELATION_OPTIONS
from hooks.spec_auth import ACCESS_KEYS, AUTH_OPTIONS
from hooks.spec_fields import FIELD_OPTIONS
from hooks.spec_model import DATABASES, ON_DELETE_RULES, PRIMARY_KEYS, RELATION_KINDS, SCALAR_TYPES
from hooks.spec_schema import DOCS_SCHEMA, schema_text, spec_json_schema
from tests.conftest import ROOT, good_specs

BAD_SPECS = ROOT / "tests" / "specs" / "bad"
# Bad specs whose problem a JSON Schema can state: the rest (collisions, cycles, bounds that contradict, targets
# that do not exist) only the validator sees.
SCHEMA_STATES = [
    "bool_option_not_boolean",
    "domain_not_snake_case",
    "entities_not_a_mapping",
    "entity_not_pascal_case",
    "enum_duplicate_value",
    "enum_empty",
    "enum_name_not_pascal_case",
    "enum_value_not_snake_case",
    "field_not_snake_case",
    "missing_type",
    "no_entities",
    "null_default",
    "option_not_for_type",
    "precision_zero",
    "renamed_from_not_snake_case",
    "required_many_to_many",
    "table_not_snake_case",
    "unique_on_json",
    "unknown_entity_option",
    "unknown_field_option",
    "unknown_relation_kind",
    "unknown_type",
]


def as_json(value: Any) -> Any:
    """The spec as an editor's YAML language server sees it: YAML's dates and times are text in JSON."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date | time) else v))


def errors(spec: Any) -> list[str]:
    validator = jsonschema_rs.validator_for(spec_json_schema())
    return [error.message for error in validator.iter_errors(as_json(spec))]


def test_the_committed_schema_is_what_the_validator_reads() -> None:
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == schema_text(), "run `uv run python -m hooks.spec_schema`"


@pytest.mark.parametrize("spec", good_specs(), ids=lambda path: path.stem)
def test_every_good_spec_is_valid(spec: Path) -> None:
    assert errors(yaml.safe_load(spec.read_text())) == []


@pytest.mark.parametrize("name", SCHEMA_STATES)
def test_bad_specs_fail_it(name: str) -> None:
    assert errors(yaml.safe_load((BAD_SPECS / f"{name}.yml").read_text())) != []


@pytest.mark.parametrize(
    "change",
    [
        {"colour": "red"},
        {"database": "mysql"},
        {"entities": {"Book": {"fields": {"title": {"type": "strr"}}}}},
        {"entities": {"Book": {"fields": {"title": {"type": "str", "max_length": "long"}}}}},
        {"entities": {"Book": {"fields": {"title": {"type": "int", "pattern": "^a$"}}}}},
        {"entities": {"book": {"fields": {"title": "str"}}}},
        {"entities": {"Book": {"fields": {"Title": "str"}}}},
        {"entities": {"Book": {"relations": {"author": {"kind": "one_to_many", "target": "Author"}}}}},
        {"entities": {"Book": {"primary_key": "int"}}},
        {"entities": {}},
    ],
)
def test_unknown_keys_wrong_types_and_wrong_case_fail_it(change: dict[str, Any]) -> None:
    assert errors({"entities": {"Author": {"fields": {"name": "str"}}}} | change) != []


def test_the_reference_names_every_key_and_value_the_validator_accepts() -> None:
    # Prose only: a fenced example's three backticks would pair with the prose's own.
    reference = re.sub(r"^```.*?^```", "", (ROOT / "docs" / "spec.md").read_text(), flags=re.MULTILINE | re.DOTALL)
    words = {word for span in re.findall(r"`([^`]+)`", reference) for word in span.split()}
    questions = spec_json_schema()["properties"]
    accepted = {*questions, *FIELD_OPTIONS, *RELATION_OPTIONS, *ENTITY_OPTIONS}
    accepted |= {*SCALAR_TYPES, *RELATION_KINDS, *ON_DELETE_RULES, *PRIMARY_KEYS, *DATABASES}
    accepted |= {*AUTH_OPTIONS, *ACCESS_KEYS, PUBLIC_LEVEL, AUTHENTICATED_LEVEL, ADMIN_ROLE}
    assert accepted - words == set()


def test_no_link_of_the_docs_leaves_the_repository() -> None:
    for document in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)", document.read_text()):
            if not target.startswith("http"):
                assert (document.parent / target).resolve().is_relative_to(ROOT), f"{document.name}: {target}"
                assert (document.parent / target).exists(), f"{document.name}: {target}"


def test_the_changelog_has_a_section_for_every_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    sections = re.findall(r"^## (\S+)", changelog, flags=re.MULTILINE)
    listed = subprocess.run(["git", "tag", "--list", "v*"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert set(listed.stdout.split()) <= set(sections)
    assert sections[0] == "Unreleased" or sections[0] in listed.stdout.split()
