"""The view model's parts of an entity: its fields, its relations (with their link tables) and the attributes other
entities' relations give it; views.py assembles them into entities and the project."""

from __future__ import annotations

from dataclasses import dataclass

from .cases import camel_case
from .code import one_line
from .names import USER_SUMMARY, EntityNames, truncated_attribute
from .spec_model import AccessLevel, FieldSpec, OnDelete, PrimaryKey, RelationKind, RelationSpec
from .sql_types import SqlType, key_type

# The Python type of each field type (an enum field's type is its enum class).
PYTHON_TYPES = {
    "str": "str",
    "text": "str",
    "email": "str",
    "url": "str",
    "int": "int",
    "bigint": "int",
    "float": "float",
    "decimal": "Decimal",
    "bool": "bool",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "time": "datetime.time",
    "uuid": "UUID",
    "json": "dict[str, Any]",
    "bytes": "bytes",
}
KEY_PYTHON_TYPES: dict[PrimaryKey, str] = {"uuid": "UUID", "bigint": "int"}
_ON_DELETE_SQL: dict[OnDelete, str] = {"cascade": "CASCADE", "restrict": "RESTRICT", "set_null": "SET NULL"}


@dataclass(frozen=True)
class FieldView:
    spec: FieldSpec
    attr: str  # the Python attribute: the name, or `<name>_` where Python or a base class has it (reserved_names.py)
    api_name: str
    sql_type: SqlType
    enum_values: tuple[str, ...] = ()  # the values of its enum, for an enum field

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def enum_name(self) -> str | None:
        return self.spec.enum

    @property
    def python_type(self) -> str:
        return self.spec.enum or PYTHON_TYPES[self.spec.type]

    @property
    def nullable(self) -> bool:
        return not self.spec.required

    @property
    def needs_column_name(self) -> bool:
        return self.attr != self.spec.name

    @property
    def description(self) -> str:
        return one_line(self.spec.description)

    @property
    def sortable(self) -> bool:
        return self.spec.type not in ("json", "bytes")

    @property
    def annotation(self) -> str:
        return f"{self.python_type} | None" if self.nullable else self.python_type


@dataclass(frozen=True)
class LinkTable:
    """The association table of a many-to-many relation."""

    name: str
    owner_column: str
    target_column: str


@dataclass(frozen=True)
class RelationView:
    spec: RelationSpec
    owner: str
    target: EntityNames
    target_pk: PrimaryKey
    link: LinkTable | None  # many-to-many relations only
    target_owned: bool = False  # the target's rows belong to their creators (`owned`)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def kind(self) -> RelationKind:
        return self.spec.kind

    @property
    def key_attr(self) -> str:
        return self.spec.key_attr

    @property
    def api_name(self) -> str:
        return camel_case(self.spec.key_attr)

    @property
    def target_class(self) -> str:
        return self.target.class_name

    @property
    def target_table(self) -> str:
        return self.target.table

    @property
    def is_to_one(self) -> bool:
        return self.spec.is_to_one

    @property
    def nullable(self) -> bool:
        return not self.spec.required

    @property
    def is_self_reference(self) -> bool:
        return self.spec.target == self.owner

    @property
    def on_delete_sql(self) -> str:
        return _ON_DELETE_SQL[self.spec.on_delete]

    @property
    def key_python_type(self) -> str:
        return KEY_PYTHON_TYPES[self.target_pk]

    @property
    def key_sql_type(self) -> SqlType:
        return key_type(self.target_pk)


@dataclass(frozen=True)
class BackReferenceView:
    """The attribute that a relation of another entity creates on this one (`Author.books`)."""

    name: str
    source_class: str
    source_relation: RelationView

    @property
    def is_list(self) -> bool:
        return self.source_relation.kind != "one_to_one"


@dataclass(frozen=True)
class IncludeView:
    """A relation that a response may carry as records (`?include=<api_name>`), from either of its sides."""

    name: str  # the attribute: `author`, or a back reference's `books`
    target: EntityNames  # the entity of the related records
    many: bool
    nullable: bool  # one record that may be absent: an optional relation, a one-to-one's other side, an owned row
    embed: bool = False
    read: AccessLevel | None = None  # who may read the related records at their own endpoint (with `auth`)
    summary: bool = False  # records of the built-in User, shown by their id and email only
    # The key that links the records, in the API (`authorId`, `tagIds`): this entity's, or for a back reference
    # (`back`) the related entity's; and whether it is a list of ids.
    key: str = ""
    back: bool = False
    key_is_list: bool = False

    @property
    def api_name(self) -> str:
        return camel_case(self.name)

    @property
    def truncated(self) -> str:
        """The attribute that says whether the included list was cut."""
        return truncated_attribute(self.name)

    @property
    def schema(self) -> str:
        """The schema of a related record: its entity's read schema, or a user's summary (id and email)."""
        return USER_SUMMARY if self.summary else self.target.cls("Read")

    @property
    def annotation(self) -> str:
        """The type of the attribute in the response schema: `MISSING` where it is left out unless asked for."""
        kind = f"list[{self.schema}]" if self.many else self.schema
        missing = "" if self.embed else " | MISSING"
        return f"{kind}{missing} | None" if self.nullable and not self.many else f"{kind}{missing}"
