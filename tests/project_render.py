"""The Python modules of a generated project, rendered in this process from template/ with the hook's context.

Copier takes about a second per copy; the spec fuzz renders hundreds of specs, so it renders their Python modules
here with the environment Copier gives file contents (sandboxed, StrictUndefined, trailing newlines kept), one
module per entity where the template's path yields one. tests/test_spec_fuzz.py checks the result against a real
`copier copy` of the bookstore, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from hooks.check_spec import copier_answers
from hooks.render import build_context

TEMPLATE = Path(__file__).resolve().parent.parent / "template"
_YIELD = re.compile(r"\{% yield entity from project\.entities %\}(.*?)\{% endyield %\}")
# The questions whose defaults some modules show (copier.yml).
SHOWN_QUESTIONS = ("description", "author_name", "python_version")


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)


@cache
def _templates() -> tuple[tuple[str, Template | None], ...]:
    """(path under template/, the compiled template, or None for a file copied as it is) of every Python module."""
    found = []
    for path in sorted(TEMPLATE.rglob("*")):
        relative = str(path.relative_to(TEMPLATE))
        # A name may end in a condition (`{% if project.auth %}auth.py{% endif %}.jinja`): python_modules keeps the
        # paths that render to a module.
        module = relative.removesuffix(".jinja")
        if not path.is_file() or not module.endswith((".py", ".py{% endif %}")) or "__pycache__" in relative:
            continue
        template = _environment().from_string(path.read_text()) if relative.endswith(".jinja") else None
        found.append((relative.removesuffix(".jinja"), template))
    return tuple(found)


def _question_defaults(answers: dict[str, Any]) -> dict[str, Any]:
    """The defaults copier.yml gives the questions a spec leaves out, rendered as Copier renders them."""
    questions = yaml.safe_load((TEMPLATE.parent / "copier.yml").read_text())
    defaults = {}
    for name in SHOWN_QUESTIONS:
        default = questions[name]["default"]
        defaults[name] = _environment().from_string(default).render(answers) if isinstance(default, str) else default
    return defaults


def _render_path(path: str, context: dict[str, Any], entity: Any) -> str:
    return _environment().from_string(_YIELD.sub(r"\1", path)).render({**context, "entity": entity})


def python_modules(data: dict[str, Any]) -> dict[str, str]:
    """Relative path -> source of every Python module `copier copy --data-file` would write for the spec `data`
    (raises SpecError, as the hook does, for a spec with problems)."""
    answers = copier_answers(data)
    answers |= {**_question_defaults(answers), **{key: data[key] for key in SHOWN_QUESTIONS if key in data}}
    context = {**answers, **build_context(answers)}
    modules: dict[str, str] = {}
    for path, template in _templates():
        if "{{ revision_file }}" in path:
            continue  # written by an update only
        for entity in context["project"].entities if _YIELD.search(path) else [None]:
            target = _render_path(path, context, entity)
            if "" in target.split("/") or not target.endswith(".py"):
                continue  # a file or folder whose name renders empty is not written (`{% if project.auth %}`)
            modules[target] = (
                template.render({**context, "entity": entity}) if template else (TEMPLATE / path).read_text()
            )
    return modules
