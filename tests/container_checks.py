"""The container files of a generated project, checked without a container engine (none runs here): the Dockerfile
with hadolint, compose.yaml against the Compose Specification's JSON Schema (tests/data/README.md says whence)."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import jsonschema_rs
import yaml

DATA = Path(__file__).resolve().parent / "data"
HADOLINT = Path(sys.executable).parent / "hadolint"


@cache
def _compose_validator() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(json.loads((DATA / "compose-spec.json").read_text()))


def compose_problems(compose_file: Path) -> list[str]:
    """Where compose.yaml breaks the Compose Specification (empty: it follows it)."""
    document = yaml.safe_load(compose_file.read_text())
    return [f"{error.instance_path}: {error.message}" for error in _compose_validator().iter_errors(document)]


def dockerfile_problems(dockerfile: Path) -> list[str]:
    """hadolint's findings, of any level, inline `# hadolint ignore=` comments disregarded."""
    command = [str(HADOLINT), "--config", str(DATA / "hadolint.yaml"), "--disable-ignore-pragma", "--no-color"]
    outcome = subprocess.run([*command, str(dockerfile)], capture_output=True, text=True, check=False)
    if outcome.returncode == 0:
        return []
    return outcome.stdout.splitlines() or [outcome.stderr]


def container_problems(project: Path) -> list[str]:
    return dockerfile_problems(project / "Dockerfile") + compose_problems(project / "compose.yaml")
