"""Read the spec's access control: the `auth` section, and each entity's `access` and `owned` options.

A level is `public`, `authenticated`, a role or a list of roles (see docs/spec.md); `write` sets create, update and
delete at once, and a specific key wins over it. The built-in User (USER_ENTITY) is what relations may target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .cases import is_snake_case
from .names import ADMIN_ROLE, AUTHENTICATED_LEVEL, PUBLIC_LEVEL, USER_NAMES
from .spec_model import OPERATIONS, Access, AccessLevel, AuthSpec, EntitySpec, FieldSpec, Operation
from .spec_reading import Problems, check_keys, suggest

AUTH_OPTIONS = ("roles", "access")
WRITE_KEY = "write"
ACCESS_KEYS = ("read", WRITE_KEY, "create", "update", "delete")
WRITE_OPERATIONS: tuple[Operation, ...] = ("create", "update", "delete")
# Without an `access` default in `auth`, every operation needs a signed-in user.
DEFAULT_ACCESS = Access(*(AccessLevel() for _ in OPERATIONS))

# The built-in user as a spec entity, for what reads entities: relation targets, the ERD, the names registry.
USER_ENTITY = EntitySpec(
    name=USER_NAMES.class_name,
    names=USER_NAMES,
    primary_key="uuid",
    audit=True,
    description="A user of the API: signs in with email and password, holds roles.",
    fields=(
        FieldSpec("email", "email", unique=True, index=True, max_length=320),
        FieldSpec("password_hash", "str", max_length=255),
        FieldSpec("roles", "json"),
        FieldSpec("active", "bool", default=True),
    ),
    relations=(),
)


def _level(value: Any, roles: tuple[str, ...], place: str, problems: Problems) -> AccessLevel | None:
    """An access level as the spec writes it, or None when it is wrong (and then reported)."""
    known = (ADMIN_ROLE, *roles)
    levels = (PUBLIC_LEVEL, AUTHENTICATED_LEVEL, *known)
    if value == PUBLIC_LEVEL:
        return AccessLevel(public=True)
    if value == AUTHENTICATED_LEVEL:
        return AccessLevel()
    if isinstance(value, str):
        if value in known:
            return AccessLevel(roles=(value,))
        problems.add(place, f"unknown access level {value!r}{suggest(value, levels)}; use one of: {', '.join(levels)}")
        return None
    if isinstance(value, list) and value and all(isinstance(role, str) for role in value):
        unknown = [role for role in value if role not in known]
        for role in unknown:
            problems.add(place, f"unknown role {role!r}{suggest(role, known)}; a list holds roles of auth.roles")
        return None if unknown else AccessLevel(roles=tuple(dict.fromkeys(value)))
    problems.add(place, f"must be public, authenticated, a role or a non-empty list of roles, not {value!r}")
    return None


def read_access(raw: Any, base: Access, roles: tuple[str, ...], place: str, problems: Problems) -> Access:
    """`base` with the levels `raw` gives: `write` for the three write operations, a specific key over it."""
    if raw is None:
        return base
    if not isinstance(raw, Mapping):
        problems.add(place, f"must be a mapping of operations ({', '.join(ACCESS_KEYS)}) to access levels")
        return base
    check_keys(raw, ACCESS_KEYS, place, problems)
    levels = {operation: base.of(operation) for operation in OPERATIONS}
    given: list[tuple[str, tuple[Operation, ...]]] = [(WRITE_KEY, WRITE_OPERATIONS)]
    given += [(operation, (operation,)) for operation in OPERATIONS]
    for key, operations in given:
        if key not in raw:
            continue
        level = _level(raw[key], roles, f"{place}.{key}", problems)
        for operation in operations:
            levels[operation] = level or levels[operation]
    return Access(**levels)


def _roles(raw: Any, problems: Problems) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add("auth.roles", f"must be a list of snake_case role names, not {raw!r}")
        return ()
    roles: list[str] = []
    for role in raw:
        if role == ADMIN_ROLE:
            problems.add("auth.roles", f"'{ADMIN_ROLE}' always exists and may do everything; do not list it")
        elif role in (PUBLIC_LEVEL, AUTHENTICATED_LEVEL):
            problems.add("auth.roles", f"'{role}' is an access level, not a role; choose another name")
        elif not isinstance(role, str) or not is_snake_case(role):
            problems.add("auth.roles", f"role {role!r} must be a snake_case identifier (e.g. 'librarian')")
        elif role in roles:
            problems.add("auth.roles", f"role {role!r} is listed twice")
        else:
            roles.append(role)
    return tuple(roles)


def auth_on(raw: Any) -> bool:
    """Whether a spec's `auth` answer turns access control on: any section, `auth: {}` too; null and false do not."""
    return raw is not None and raw is not False


def parse_auth(raw: Any, problems: Problems) -> AuthSpec | None:
    """The `auth` section; None when the spec has none."""
    if not auth_on(raw):
        return None
    if not isinstance(raw, Mapping):
        problems.add("auth", "must be a mapping (roles, access); write 'auth: {}' for users without roles")
        return None
    check_keys(raw, AUTH_OPTIONS, "auth", problems)
    roles = _roles(raw.get("roles"), problems)
    return AuthSpec(roles, read_access(raw.get("access"), DEFAULT_ACCESS, roles, "auth.access", problems))


def entity_access(
    raw: Mapping[str, Any], auth: AuthSpec | None, place: str, problems: Problems
) -> tuple[Access | None, bool]:
    """An entity's access and whether it is `owned`; (None, False) without `auth`, where both options are refused."""
    owned = raw.get("owned", False)
    if not isinstance(owned, bool):
        problems.add(f"{place}.owned", f"must be true or false, not {owned!r}")
        owned = False
    if auth is None:
        for key in ("access", "owned"):
            if key in raw:
                problems.add(f"{place}.{key}", "needs access control: add an 'auth' section to the spec")
        return None, False
    access = read_access(raw.get("access"), auth.access, auth.roles, f"{place}.access", problems)
    if owned:
        public = [operation for operation in OPERATIONS if access.of(operation).public]
        if public:
            problems.add(
                f"{place}.owned",
                f"owned rows cannot be public ({', '.join(public)}): only their owner and admins reach them",
            )
    return access, owned
