"""What a `copier update` changed, as hooks/after_update.py prints it: entities, fields and relations added, removed
and renamed (from the spec before and after, `renamed_from` included), and the migration written, if any.

Pure functions of the two specs as the answers file holds them (raw YAML data) and of the revision files: the update
has already been checked and rendered, so nothing here validates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _renamed_from(options: Any) -> str | None:
    previous = _mapping(options).get("renamed_from")
    return previous if isinstance(previous, str) else None


def _compare(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str, changes: Changes) -> dict[str, str]:
    """Add what differs between two mappings of names (entities, or one entity's fields or relations) to `changes`;
    the previous name of each new name that existed before."""
    matched: dict[str, str] = {}
    for name, options in new.items():
        previous = name if name in old else _renamed_from(options)
        if previous is not None and previous in old and previous not in matched.values():
            matched[name] = previous
            if previous != name:
                changes.renamed.append(f"{prefix}{previous} -> {prefix}{name}")
        else:
            changes.added.append(f"{prefix}{name}")
    changes.removed += [f"{prefix}{name}" for name in old if name not in matched.values()]
    return matched


def spec_changes(old_entities: Any, new_entities: Any) -> Changes:
    """Entities, then their fields and relations (`Book.title`), added, removed and renamed."""
    old, new = _mapping(old_entities), _mapping(new_entities)
    changes = Changes()
    for name, previous in _compare(old, new, "", changes).items():
        for part in ("fields", "relations"):
            was, now = _mapping(_mapping(old[previous]).get(part)), _mapping(_mapping(new[name]).get(part))
            _compare(was, now, f"{name}.", changes)
    return changes


# What an update that turns access control on says to do before the API can be used again.
AUTH_ADDED = (
    "  auth added: the API now asks for tokens. Set SECRET_KEY (.env.example), then create an admin: "
    "`uv run litestar users create --email E --password P --role admin`. Rows of owned entities that exist have no "
    "owner: only admins see them until one is set."
)

AUTH_REMOVED = (
    "  auth removed: the API is open to anyone again; the migration drops the users and row owners, once you take "
    "their names out of its first call (`refuse_to_drop_data`), which stops the upgrade while there are any"
)
# What an update that drops tables or columns says: a rename without `renamed_from` is one too.
DROPPED_DATA = (
    "  removed ones are dropped, with their data: the upgrade stops while they hold any (the first lines of the "
    "migration say how to go on; to keep the data of a rename, give it `renamed_from` and update again)"
)


def summary(
    changes: Changes, enums_changed: bool, revisions: Sequence[str], auth_change: tuple[bool, bool] = (False, False)
) -> list[str]:
    """The lines printed after an update; `auth_change` is whether the spec had `auth` (before, after)."""
    had_auth, has_auth = auth_change
    changed = changes or enums_changed or had_auth != has_auth
    lines = ["entities.yml: " + ("these changes were applied:" if changed else "no entity changed.")]
    for label, names in (("added", changes.added), ("removed", changes.removed), ("renamed", changes.renamed)):
        if names:
            lines.append(f"  {label}: {', '.join(names)}")
    if changes.removed and revisions:
        lines.append(DROPPED_DATA)
    if enums_changed:
        lines.append("  enums changed")
    if has_auth and not had_auth:
        lines.append(AUTH_ADDED)
    elif had_auth and not has_auth:
        lines.append(AUTH_REMOVED)
    if revisions:
        lines += [
            f"Migration written: {path} (review it, then `uv run litestar database upgrade`)" for path in revisions
        ]
    else:
        lines.append("The database schema did not change: no migration written.")
    return lines
