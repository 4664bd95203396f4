"""The validated spec as typed data: what `parse_spec` returns and every later step reads."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from .names import ADMIN_ROLE, EntityNames

FieldType = Literal[
    "str",
    "text",
    "int",
    "bigint",
    "float",
    "decimal",
    "bool",
    "date",
    "datetime",
    "time",
    "uuid",
    "json",
    "bytes",
    "email",
    "url",
    "enum",
]
RelationKind = Literal["many_to_one", "one_to_one", "many_to_many"]
OnDelete = Literal["cascade", "restrict", "set_null"]
PrimaryKey = Literal["uuid", "bigint"]
# What an access level is given for: `read` is list and get; `write` in a spec is shorthand for the three others.
Operation = Literal["read", "create", "update", "delete"]
Database = Literal["sqlite", "postgresql"]

# The types a spec names; `enum` is the type of a field whose spec names one of its enums.
SCALAR_TYPES: tuple[FieldType, ...] = tuple(t for t in get_args(FieldType) if t != "enum")
RELATION_KINDS: tuple[RelationKind, ...] = get_args(RelationKind)
ON_DELETE_RULES: tuple[OnDelete, ...] = get_args(OnDelete)
PRIMARY_KEYS: tuple[PrimaryKey, ...] = get_args(PrimaryKey)
DATABASES: tuple[Database, ...] = get_args(Database)
OPERATIONS: tuple[Operation, ...] = get_args(Operation)

STRING_TYPES: frozenset[FieldType] = frozenset({"str", "text", "email", "url"})
NUMBER_TYPES: frozenset[FieldType] = frozenset({"int", "bigint", "float", "decimal"})
INTEGER_TYPES: frozenset[FieldType] = frozenset({"int", "bigint"})
# Types that take no unique, index or default option.
UNCONSTRAINABLE_TYPES: frozenset[FieldType] = frozenset({"json", "bytes"})
DEFAULT_STR_MAX_LENGTH = 255
DEFAULT_PRECISION = 12
DEFAULT_SCALE = 2

Number = int | float | Decimal
# A field's default, as the Python value of its type (an enum's default is its value's text).
DefaultValue = str | int | float | Decimal | bool | datetime.date | datetime.datetime | datetime.time | uuid.UUID


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    enum: str | None = None  # the enum's name when `type` is "enum"
    required: bool = True
    unique: bool = False
    index: bool = False
    default: DefaultValue | None = None  # a spec may not give null as a default: None is no default
    max_length: int | None = None
    min_length: int | None = None
    minimum: Number | None = None
    maximum: Number | None = None
    precision: int | None = None
    scale: int | None = None
    pattern: str | None = None
    searchable: bool = False
    description: str | None = None
    renamed_from: str | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not None


@dataclass(frozen=True)
class RelationSpec:
    name: str
    kind: RelationKind
    target: str
    required: bool
    back_populates: str | None
    on_delete: OnDelete
    key_attr: str  # `author_id`, or `tag_ids` for a list: what the API reads and writes
    renamed_from: str | None = None
    embed: bool = False  # every response with the entity carries the related record(s)

    @property
    def is_to_one(self) -> bool:
        return self.kind != "many_to_many"


@dataclass(frozen=True)
class AccessLevel:
    """Who may do an operation: anyone (`public`), any signed-in user (neither public nor roles), or the users holding
    any of `roles`. Admins pass every level."""

    public: bool = False
    roles: tuple[str, ...] = ()

    @property
    def authenticated(self) -> bool:
        return not self.public and not self.roles

    @property
    def label(self) -> str:
        """Who passes, in words (the generated README, messages)."""
        return "anyone" if self.public else "signed-in users" if self.authenticated else ", ".join(self.roles)

    def admits(self, other: AccessLevel) -> bool:
        """Whether everyone who passes `other` passes this level too (admins pass every level)."""
        if self.public:
            return True
        if other.public:
            return False
        if self.authenticated:
            return True
        others = set(other.roles) - {ADMIN_ROLE}
        return bool(other.roles) and others <= set(self.roles)


@dataclass(frozen=True)
class Access:
    """The access level of each operation on an entity."""

    read: AccessLevel
    create: AccessLevel
    update: AccessLevel
    delete: AccessLevel

    def of(self, operation: Operation) -> AccessLevel:
        level: AccessLevel = getattr(self, operation)
        return level


@dataclass(frozen=True)
class AuthSpec:
    """The spec's `auth` section: the roles it names (`admin` is implicit) and the default access of entities."""

    roles: tuple[str, ...]
    access: Access


@dataclass(frozen=True)
class EntitySpec:
    name: str
    names: EntityNames
    primary_key: PrimaryKey
    audit: bool
    description: str | None
    fields: tuple[FieldSpec, ...]
    relations: tuple[RelationSpec, ...]
    renamed_from: str | None = None
    # With `auth`: who may do each operation, and whether rows belong to the user who created them.
    access: Access | None = None
    owned: bool = False
    # Spec options given explicitly (not derived): where a clash of a derived name is the spec's own doing.
    overrides: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EnumSpec:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    enums: tuple[EnumSpec, ...]
    entities: tuple[EntitySpec, ...]
    auth: AuthSpec | None = None
    # The built-in User (spec_auth.py) when `auth` is on: relations may target it.
    user: EntitySpec | None = None

    def entity(self, name: str) -> EntitySpec:
        if self.user is not None and name == self.user.name:
            return self.user
        return next(entity for entity in self.entities if entity.name == name)


class SpecError(ValueError):
    """Raised with every problem of a spec, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
