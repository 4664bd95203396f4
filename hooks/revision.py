"""The next Alembic revision of a generated project, written by regeneration.

The project keeps the schema its migrations build in `migrations/schema.json` (rewritten with every regeneration).
Regenerating compares that schema with the edited spec's (schema_diff.py) and, when they differ, writes one revision
`migrations/versions/NNNN_<tables>.py`, chained to the heads of the revisions the project has.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .code import LINE_LENGTH, Imports, pystr
from .migration_code import advanced_alchemy_types
from .schema import Schema, TableSchema
from .schema_diff import Renames, inverse, plan_changes

VERSIONS_DIR = "migrations/versions"


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | tuple[str, ...] | None
    filename: str
    message: str
    changes: tuple[str, ...]
    imports: str
    upgrade: tuple[str, ...]
    downgrade: tuple[str, ...]

    @property
    def docstring_lines(self) -> list[str]:
        """The revision's docstring up to its ids, each line within the line length (a tuple of tables or a change
        may be long): the summary, what wrote it, and one item per change."""
        summary = self.message
        if len(summary) + 3 > LINE_LENGTH:
            summary = f"Regenerated from entities.yml: {len(self.changes)} changes."
        lines = [
            summary,
            "",
            "Written by regeneration: the schema of migrations/schema.json before it, compared with entities.yml.",
        ]
        for change in self.changes:
            lines += textwrap.wrap(
                change, LINE_LENGTH, initial_indent="- ", subsequent_indent="  ", break_long_words=False
            )
        return lines

    @property
    def down_revision_text(self) -> str:
        if isinstance(self.down_revision, tuple):
            return ", ".join(self.down_revision)
        return self.down_revision or ""

    @property
    def down_revision_literal(self) -> str:
        if isinstance(self.down_revision, tuple):
            return "(" + ", ".join(pystr(r) for r in self.down_revision) + ")"
        return "None" if self.down_revision is None else pystr(self.down_revision)


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
# Regeneration numbers its revisions 0001, 0002, ...; Alembic's own (`make-migrations`) are 12 hex digits, which may
# start with decimal ones or be all decimal: they are not numbers of ours.
_NUMBERED = re.compile(r"\d{1,11}")


def existing_revisions(versions: Path) -> tuple[list[str], int]:
    """The heads of the revisions in `versions` and the highest number regeneration gave one of them."""
    revisions, referenced, highest = [], set(), 0
    for path in sorted(versions.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if not found:
            continue
        revisions.append(found.group(1))
        down = _DOWN_REVISION.search(text)
        referenced.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)) if down else [])
        highest = max(highest, int(found.group(1)) if _NUMBERED.fullmatch(found.group(1)) else 0)
    return [r for r in revisions if r not in referenced], highest


def _imports(statements: Iterable[str], tables: Iterable[TableSchema]) -> str:
    text = "\n".join(statements)
    imports = Imports()
    # A revision that only adds or drops an index names no SQLAlchemy type: an unused import would fail the lint.
    if re.search(r"\bsa\.", text):
        imports.module("sqlalchemy as sa")
    # A revision that only adds enum values calls the project's helpers alone (app/db/alembic.py).
    imports.add("alembic", *(["op"] if re.search(r"\bop\.", text) else []))
    used_types = (t for t in advanced_alchemy_types(tuple(tables)) if re.search(rf"\b{t}\b", text))
    imports.add("advanced_alchemy.types", *used_types)
    imports.add(
        "app.db.alembic",
        *(
            n
            for n in ("add_enum_values", "fill_nulls", "refuse_to_drop_data", "rename_sequence", "replace_enum")
            if f"{n}(" in text
        ),
    )
    if "postgresql.ENUM(" in text:
        imports.add("sqlalchemy.dialects", "postgresql")
    if "datetime." in text:
        imports.module("datetime")
    imports.add("decimal", *(["Decimal"] if "Decimal(" in text else []))
    imports.add("uuid", *(["UUID"] if "UUID(" in text else []))
    return imports.render()


def _slug(words: list[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", "_".join(words).lower()).strip("_")
    return slug[:48].rstrip("_") or "schema"


def next_revision(old: Schema, new: Schema, renames: Renames, versions: Path) -> Revision | None:
    """The revision that takes a database from `old` to `new`, chained to the heads in `versions`; None if equal."""
    upgrade, changes, touched = plan_changes(old, new, renames, guard_data=True)
    if not upgrade:
        return None
    downgrade, _, _ = plan_changes(new, old, inverse(renames))
    heads, highest = existing_revisions(versions)
    number = f"{highest + 1:04d}"
    down: str | tuple[str, ...] | None = heads[0] if len(heads) == 1 else tuple(heads) or None
    return Revision(
        revision=number,
        down_revision=down,
        filename=f"{number}_{_slug(touched[:3])}.py",
        message=f"Regenerated from entities.yml: {', '.join(touched)}.",
        changes=tuple(changes),
        imports=_imports([*upgrade, *downgrade], [*old.tables, *new.tables]),
        upgrade=tuple(upgrade),
        downgrade=tuple(downgrade),
    )
