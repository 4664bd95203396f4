"""Entry point used by the Copier hook: raw answers in, render context out."""

from __future__ import annotations

from typing import Any

from .schema import advanced_alchemy_types, project_tables, render_downgrade, render_upgrade
from .spec import parse_spec
from .viewmodel import DERIVED_CLASS_SUFFIXES, build_project


def build_context(raw_entities: Any, raw_enums: Any) -> dict[str, Any]:
    """Validate the spec (raising SpecError with every problem) and build what the templates need."""
    project = build_project(parse_spec(raw_entities, raw_enums, DERIVED_CLASS_SUFFIXES))
    tables = project_tables(project)
    return {
        "project": project,
        "migration_upgrade": render_upgrade(tables),
        "migration_downgrade": render_downgrade(tables),
        "migration_type_imports": ", ".join(advanced_alchemy_types(tables)),
    }
