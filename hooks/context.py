"""Copier context hook: validates the answers once per run and exposes the view model as `project`."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from copier.errors import UserMessageError
from copier_template_extensions import ContextHook
from jinja2 import Environment

_HOOKS_DIR = Path(__file__).resolve().parent
_ANSWERS = ("entities", "enums", "auth", "database", "project_slug", "project_name")
# Not a question: the names a project's entities were generated with, which its answers file records (names.py).
_RECORDED_NAMES = "generated_names"


@functools.cache
def _load_hooks_package() -> ModuleType:
    """Import this folder as a package under a name unique to its content.

    `copier update` renders an old and a new version of the template in one process: a plain `import hooks` would
    let the old version's modules answer for the new one. Copier clones the template once per worker, so the same
    version is found in several folders: those share one package, and its caches.
    """
    digest = hashlib.sha256()
    for source in sorted(_HOOKS_DIR.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    name = f"_litestar_crud_hooks_{digest.hexdigest()[:16]}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, _HOOKS_DIR / "__init__.py", submodule_search_locations=[str(_HOOKS_DIR)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the template hooks from {_HOOKS_DIR}")
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package
        spec.loader.exec_module(package)
        for module in ("copier_runtime", "cases", "render"):
            importlib.import_module(f"{name}.{module}")
    return sys.modules[name]


def _same(cached: dict[str, Any], answers: dict[str, Any]) -> bool:
    return all(cached[key] is value for key, value in answers.items()) or cached == answers


class SpecContextHook(ContextHook):
    """Adds the view model (`project`), `database_url` and the initial migration's code to every render."""

    # One view model per distinct set of answers: Copier renders thousands of strings with the same answers.
    # The key is the answers' identity (their objects are shared by every render), checked by equality.
    _cache: ClassVar[dict[tuple[object, ...], tuple[dict[str, Any], dict[str, Any]]]] = {}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        hooks = _load_hooks_package()
        environment.filters["project_slug"] = hooks.cases.project_slug
        environment.filters["answers_yaml"] = hooks.render.answers_yaml
        hooks.copier_runtime.install(environment)

    def hook(self, context: dict[str, Any]) -> None:
        # Questions are rendered while answers are still coming in, and Copier turns any error raised then
        # into a traceback: validate once the answers are complete, at the first render of a file name.
        if str(context.get("_copier_phase")) == "prompt" or any(key not in context for key in _ANSWERS):
            return
        answers = {key: context[key] for key in _ANSWERS} | {_RECORDED_NAMES: context.get(_RECORDED_NAMES)}
        # Per destination: regeneration compares the destination's migrations/schema.json (as it was when the run
        # started, before this run rewrites it) with the spec.
        destination = context["_copier_conf"]["dst_path"]
        key = (*(id(value) for value in answers.values()), destination)
        cached = self._cache.get(key)
        # The same objects are the same answers; other objects (an id reused) are compared, which is slow for a
        # large spec and so done only then.
        if cached is None or not _same(cached[0], answers):
            try:
                cached = (answers, _load_hooks_package().render.build_context(answers, Path(destination)))
            except ValueError as error:
                raise UserMessageError(str(error)) from None
            self._cache[key] = cached
        context.update(cached[1])
        setattr(self.environment, _load_hooks_package().copier_runtime.CONTEXT_BUILT, True)
