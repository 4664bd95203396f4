"""Check an entity spec before handing it to Copier: `python hooks/check_spec.py entities.yml`.

Copier reads a `--data-file` itself, before any code of the template runs: a file that is empty or is not YAML stops
it with a Python traceback. This says the same in one line with the line and column, and then checks the spec as
`copier copy` would (every problem, one line each). It needs only PyYAML, which Copier installs. Exit status 0 when
the spec is good, 1 when it is not.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

# The defaults copier.yml gives the questions a spec may leave out.
DEFAULT_PROJECT_NAME = "My Service"


def read_spec(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the data, None), or (None, one line saying why the file is no spec)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        return None, f"{path}: cannot be read ({error.strerror})"
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        since = error.context_mark
        context = (
            f" ({error.context} from line {since.line + 1}, column {since.column + 1})"
            if error.context and since
            else ""
        )
        return None, f"{where}: not YAML: {error.problem or error.context}{context}"
    except yaml.YAMLError as error:
        return None, f"{path}: not YAML: {error}"
    if data is None:
        return None, f"{path}: empty: write at least one entity under 'entities:'"
    if not isinstance(data, Mapping):
        return (
            None,
            f"{path}: must be a mapping of answers (project_name, enums, entities, ...), not {type(data).__name__}",
        )
    return dict(data), None


def copier_answers(data: Mapping[str, Any]) -> dict[str, Any]:
    """The answers Copier gives the hook for `copier copy --defaults --data-file`: the data, and the defaults of the
    questions it leaves out."""
    from hooks.cases import project_slug

    name = data.get("project_name", DEFAULT_PROJECT_NAME)
    return {
        "project_name": name,
        "project_slug": data.get("project_slug", project_slug(str(name))),
        "database": data.get("database", "sqlite"),
        "enums": data.get("enums", {}),
        "auth": data.get("auth", False),
        "entities": data.get("entities", {}),
    }


def check(path: Path) -> list[str]:
    """The problems of the spec at `path`, one line each; none for a good spec."""
    from hooks.render import build_context
    from hooks.spec_model import SpecError

    data, problem = read_spec(path)
    if data is None:
        return [str(problem)]
    try:
        build_context(copier_answers(data))
    except SpecError as error:
        return error.problems
    return []


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print("usage: python hooks/check_spec.py ENTITIES.yml", file=sys.stderr)
        return 2
    problems = check(Path(arguments[0]))
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"{arguments[0]}: a good spec", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
