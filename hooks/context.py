"""Copier context hook: validates the entity spec once per run and exposes the view model as `project`."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from copier.errors import UserMessageError
from copier_template_extensions import ContextHook

_HOOKS_DIR = Path(__file__).resolve().parent


def _load_hooks_package() -> ModuleType:
    """Import this folder as a package under a name unique to its path.

    `copier update` renders an old and a new version of the template in one process: a plain
    `import hooks` would let the old version's modules answer for the new one.
    """
    name = f"_litestar_crud_hooks_{abs(hash(str(_HOOKS_DIR)))}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, _HOOKS_DIR / "__init__.py", submodule_search_locations=[str(_HOOKS_DIR)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    importlib.import_module(f"{name}.render")
    return package


class SpecContextHook(ContextHook):
    """Adds `project` (the view model) and `migration` (the initial migration's code) to every render."""

    _cache: dict[str, dict[str, Any]] = {}

    def hook(self, context: dict[str, Any]) -> None:
        if "entities" not in context:
            return
        key = json.dumps([context.get("entities"), context.get("enums")], sort_keys=True, default=str)
        if key not in self._cache:
            render = _load_hooks_package().render
            try:
                self._cache[key] = render.build_context(context.get("entities"), context.get("enums"))
            except ValueError as error:
                raise UserMessageError(str(error)) from None
        context.update(self._cache[key])
