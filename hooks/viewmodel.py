"""The view model the templates render: every name, type expression and literal, computed from a valid Spec."""

from __future__ import annotations

import base64
import datetime
import decimal
import textwrap
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .code import (
    INDENT,
    LINE_LENGTH,
    Imports,
    argument,
    call,
    docstring,
    exploded,
    isort_sorted,
    literal,
    long_str,
    pystr,
)
from .naming import (
    LITESTAR_RESERVED_KWARGS,
    RESERVED_ATTRIBUTES,
    camel_case,
    is_python_keyword,
    pascal_case,
    pluralize,
    snake_case,
)
from .samples import SampleError, invalid_pattern_string, valid_strings
from .spec import NUMBER_TYPES, STRING_TYPES, EntitySpec, FieldSpec, RelationSpec, Spec

SAMPLE_COUNT = 3
# Class names generated for each entity; an entity or enum may not take one of these names.
DERIVED_CLASS_SUFFIXES = (
    "Create",
    "CreateBase",
    "Update",
    "UpdateBase",
    "Read",
    "ReadBase",
    "Repository",
    "Service",
    "ServiceBase",
    "Controller",
    "ControllerBase",
)
_DEFAULT_LENGTH = {"email": 320, "url": 2083}
# (type factory, where it comes from, Python annotation) per scalar type.
_SCALAR_TYPES: dict[str, tuple[str, str, str]] = {
    "str": ("String", "sqlalchemy", "str"),
    "text": ("Text", "sqlalchemy", "str"),
    "email": ("String", "sqlalchemy", "str"),
    "url": ("String", "sqlalchemy", "str"),
    "int": ("Integer", "sqlalchemy", "int"),
    "bigint": ("BigInteger", "sqlalchemy", "int"),
    "float": ("Float", "sqlalchemy", "float"),
    "decimal": ("Numeric", "sqlalchemy", "Decimal"),
    "bool": ("Boolean", "sqlalchemy", "bool"),
    "date": ("Date", "sqlalchemy", "datetime.date"),
    "datetime": ("DateTimeUTC", "advanced_alchemy.types", "datetime.datetime"),
    "time": ("Time", "sqlalchemy", "datetime.time"),
    "uuid": ("GUID", "advanced_alchemy.types", "UUID"),
    "json": ("JsonB", "advanced_alchemy.types", "dict[str, Any]"),
    "bytes": ("LargeBinary", "sqlalchemy", "bytes"),
}
# Pydantic types that check a format beyond the Python type.
_SCHEMA_TYPES = {"email": "EmailStr", "url": "HttpUrlStr", "bytes": "Base64Bytes", "datetime": "AwareDatetime"}
_ON_DELETE_SQL = {"cascade": "CASCADE", "restrict": "RESTRICT", "set_null": "SET NULL"}


def py(value: Any) -> str:
    """A Python literal for a plain value; repr() escapes every quote and control character."""
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, decimal.Decimal):
        return f"Decimal({pystr(str(value))})"
    if isinstance(value, datetime.datetime):
        return f"datetime.datetime.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, datetime.date):
        return f"datetime.date.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, datetime.time):
        return f"datetime.time.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, uuid.UUID):
        return f"UUID({pystr(str(value))})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py(v) for v in value) + "]"
    return repr(value)


def one_line(text: str | None) -> str:
    """Spec text made safe for a docstring, a comment or a Markdown table cell."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat.replace("\\", "/").replace('"""', "'''").replace("|", "/").replace("`", "'")


@dataclass(frozen=True)
class ColumnType:
    factory: str
    source: str
    args: str | None = ""  # None: the factory is already a type instance (JsonB)

    @property
    def model_expr(self) -> str:
        return self.factory if self.args is None else f"{self.factory}({self.args})"

    @property
    def migration_expr(self) -> str:
        prefix = "sa." if self.source == "sqlalchemy" else ""
        return prefix + self.model_expr


@dataclass(frozen=True)
class FieldView:
    spec: FieldSpec
    attr: str
    api_name: str
    python_type: str
    column_type: ColumnType
    schema_type: str
    schema_constraints: tuple[str, ...]
    enum_name: str | None
    samples: tuple[Any, ...]
    bad_values: tuple[tuple[str, Any], ...]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def nullable(self) -> bool:
        return not self.spec.required

    @property
    def default_literal(self) -> str | None:
        if not self.spec.has_default:
            return None
        if self.enum_name:
            return f"{self.enum_name}.{self.spec.default.upper()}"
        return py(self.spec.default)

    @property
    def enum_sql_name(self) -> str | None:
        return snake_case(self.enum_name) if self.enum_name else None

    @property
    def needs_column_name(self) -> bool:
        return self.attr != self.spec.name

    @property
    def description(self) -> str:
        return one_line(self.spec.description)

    @property
    def comment(self) -> str:
        """The description as `# ...` lines above the model's column, wrapped at the line length."""
        return "\n".join(f"    # {line}" for line in textwrap.wrap(self.description, LINE_LENGTH - 6))

    @property
    def sortable(self) -> bool:
        return self.spec.type not in ("json", "bytes")

    @property
    def annotation(self) -> str:
        return f"{self.python_type} | None" if self.nullable else self.python_type

    @property
    def model_line(self) -> str:
        args = [pystr(self.name)] if self.needs_column_name else []
        if self.enum_name:
            args.append(f"Enum({self.enum_name}, name={pystr(str(self.enum_sql_name))}, values_callable=enum_values)")
        else:
            args.append(self.column_type.model_expr)
        args += ["index=True"] if self.spec.index else []
        args += ["unique=True"] if self.spec.unique else []
        args += [f"default={self.default_literal}"] if self.default_literal else []
        return call(1, f"{self.attr}: Mapped[{self.annotation}] = mapped_column", args)

    def schema_line(self, *, partial: bool) -> str:
        """The field in a create schema, or with `partial` in an update schema (every field optional)."""
        annotation = self.schema_type + (" | None" if partial or self.nullable else "")
        if partial:
            default: str | None = "None"
        elif self.spec.has_default:
            default = self.default_literal
        else:
            default = "None" if self.nullable else None
        if not self.schema_constraints and not self.needs_column_name:
            return f"    {self.attr}: {annotation}" + (f" = {default}" if default else "")
        # Constraints, alias and default all go to Field(): one call, which ruff formats like any other.
        args = [f"default={default}"] if default else []
        args += [*self.schema_constraints, *([f"alias={pystr(self.api_name)}"] if self.needs_column_name else [])]
        return call(1, f"{self.attr}: {annotation} = Field", args)

    @property
    def read_line(self) -> str:
        annotation = self.schema_type if self.schema_type != "HttpUrlStr" else "str"
        annotation = annotation if annotation not in ("EmailStr", "AwareDatetime") else self.python_type
        annotation = f"{annotation} | None" if self.nullable else annotation
        if self.needs_column_name:
            # Read from the model's attribute (`metadata_`), not from the alias (`metadata`, which may be taken).
            field = f"Field(alias={pystr(self.api_name)}, validation_alias={pystr(self.attr)})"
            return f"    {self.attr}: {annotation} = {field}"
        return f"    {self.attr}: {annotation}"


@dataclass(frozen=True)
class RelationView:
    spec: RelationSpec
    owner: str
    target_class: str
    target_table: str
    target_pk: str
    key_attr: str
    api_name: str
    association_table: str | None
    owner_column: str | None
    target_column: str | None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def kind(self) -> str:
        return self.spec.kind

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
        return "UUID" if self.target_pk == "uuid" else "int"

    @property
    def key_model_line(self) -> str:
        args = ["BigInteger"] if self.target_pk == "bigint" else []
        args.append(f"ForeignKey({pystr(self.target_table + '.id')}, ondelete={pystr(self.on_delete_sql)})")
        args.append("unique=True" if self.kind == "one_to_one" else "index=True")
        annotation = f"{self.key_python_type} | None" if self.nullable else self.key_python_type
        return call(1, f"{self.key_attr}: Mapped[{annotation}] = mapped_column", args)

    def schema_line(self, *, partial: bool) -> str:
        if self.is_to_one:
            annotation = f"{self.key_python_type} | None" if self.nullable or partial else self.key_python_type
            default = " = None" if self.nullable or partial else ""
        else:
            annotation = f"list[{self.key_python_type}]" + (" | None" if partial else "")
            default = " = None" if partial else " = Field(default_factory=list)"
        return f"    {self.key_attr}: {annotation}{default}"

    @property
    def read_annotation(self) -> str:
        if not self.is_to_one:
            return f"list[{self.key_python_type}]"
        return f"{self.key_python_type} | None" if self.nullable else self.key_python_type

    @property
    def resolve_lines(self) -> str:
        """Service code that checks (to-one) or loads (many-to-many) the related rows."""
        key = pystr(self.key_attr)
        if self.is_to_one:
            ids = f"[data[{key}]]"
            head = f"        if data.get({key}) is not None:\n"
            target = "await load_related"
        else:
            ids = f"data.pop({key})"
            head = f"        if {key} in data:\n"
            target = f"data[{pystr(self.name)}] = await load_related"
        args = ["session", self.target_class, f"{self.target_class}.id", ids, f"field={pystr(self.api_name)}"]
        return head + call(3, target, args)

    def self_joins(self, *, reverse: bool) -> list[str]:
        """A many-to-many self reference names which association column points at which side."""
        if self.is_to_one or not self.is_self_reference:
            return []
        near, far = (self.target_column, self.owner_column) if reverse else (self.owner_column, self.target_column)
        table = self.association_table
        joins = [
            f"primaryjoin={pystr(f'{self.owner}.id == {table}.c.{near}')}",
            f"secondaryjoin={pystr(f'{self.owner}.id == {table}.c.{far}')}",
        ]
        # Self-referential eager loading does not happen at all without a join depth.
        return joins if reverse else [*joins, "join_depth=1"]

    def association_table_block(self, owner_table: str) -> str:
        """The many-to-many link table: one row per link, removed with either side unless the rule is restrict."""
        owner_key = call(1, "ForeignKey", [pystr(f"{owner_table}.id"), 'ondelete="CASCADE"'])
        target_key = call(1, "ForeignKey", [pystr(f"{self.target_table}.id"), f"ondelete={pystr(self.on_delete_sql)}"])
        owner_column = [pystr(str(self.owner_column)), owner_key.strip(), "primary_key=True"]
        target_column = [pystr(str(self.target_column)), target_key.strip(), "primary_key=True", "index=True"]
        columns = [argument(1, "Column", owner_column), argument(1, "Column", target_column)]
        args = [pystr(str(self.association_table)), "orm_registry.metadata", *columns]
        return exploded(0, f"{self.association_table} = Table", [f"{INDENT}{arg.strip()}" for arg in args], "", "()")

    @property
    def relationship_line(self) -> str:
        if self.is_to_one:
            annotation = f"{self.target_class} | None" if self.nullable else self.target_class
            args = [f"foreign_keys=[{self.key_attr}]"]
            if self.is_self_reference:
                args.append(f"remote_side={pystr(self.owner + '.id')}")
        else:
            annotation = f"list[{self.target_class}]"
            args = [f"secondary={self.association_table}", *self.self_joins(reverse=False)]
            args += ['lazy="selectin"', "passive_deletes=True"]
        if self.spec.back_populates:
            args.append(f"back_populates={pystr(self.spec.back_populates)}")
        return call(1, f"{self.name}: Mapped[{annotation}] = relationship", args)


@dataclass(frozen=True)
class BackReferenceView:
    """The attribute that a relation of another entity creates on this one (`Author.books`)."""

    name: str
    source_class: str
    source_relation: RelationView

    @property
    def is_list(self) -> bool:
        return self.source_relation.kind != "one_to_one"

    @property
    def model_line(self) -> str:
        relation = self.source_relation
        annotation = f"list[{self.source_class}]" if self.is_list else f"{self.source_class} | None"
        args = [f"back_populates={pystr(relation.name)}"]
        if relation.is_to_one:
            args.append(f"foreign_keys={pystr(f'{self.source_class}.{relation.key_attr}')}")
        else:
            args.append(f"secondary={pystr(str(relation.association_table))}")
            args += relation.self_joins(reverse=True)
        args.append("passive_deletes=True")
        return call(1, f"{self.name}: Mapped[{annotation}] = relationship", args)


@dataclass(frozen=True)
class QueryParam:
    """One query parameter of a list endpoint: `name` in Python, `query` in the URL."""

    name: str
    annotation: str
    query: str
    default: str
    description: str
    constraints: str = ""

    def signature(self, indent: int) -> str:
        args = [f"name={pystr(self.query)}", *([self.constraints] if self.constraints else [])]
        parameter = call(indent + 1, "QueryParameter", [*args, f"description={pystr(self.description)}"])
        return argument(indent, f"{self.name}: Annotated", [self.annotation, parameter], f" = {self.default}", "[]")


@dataclass(frozen=True)
class EntityView:
    spec: EntitySpec
    class_name: str
    module: str
    domain: str
    table: str
    path: str
    title: str
    service_key: str
    id_param: str
    fields: tuple[FieldView, ...]
    relations: tuple[RelationView, ...]
    back_references: tuple[BackReferenceView, ...]
    # Plural labels of the entities whose `on_delete: restrict` relations forbid deleting a referenced row.
    restricted_by: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def description(self) -> str:
        return one_line(self.spec.description) or f"{self.a_label.capitalize()} record."

    @property
    def label(self) -> str:
        """`book tag`: the entity in running text."""
        return self.module.replace("_", " ")

    @property
    def class_docstring(self) -> str:
        return docstring(1, self.description)

    @property
    def a_label(self) -> str:
        """`a book`, `an employee`."""
        return f"{'an' if self.label[:1] in 'aeiou' else 'a'} {self.label}"

    @property
    def plural_label(self) -> str:
        return self.domain.replace("_", " ")

    @property
    def operation_plural(self) -> str:
        return pascal_case(self.domain)

    @property
    def sort_columns(self) -> tuple[tuple[str, str], ...]:
        """(API name, attribute) of every column a list may be ordered by."""
        columns = [("id", "id")] + [(f.api_name, f.attr) for f in self.sortable]
        columns += [(r.api_name, r.key_attr) for r in self.to_one]
        columns += [("createdAt", "created_at"), ("updatedAt", "updated_at")] if self.audit else []
        return tuple(columns)

    @property
    def sort_field_type(self) -> str:
        return f"{self.class_name}SortField"

    @property
    def sort_field_lines(self) -> str:
        """The Literal of sortable API names and its map to attributes, for the `orderBy` parameter."""
        names = [pystr(api) for api, _ in self.sort_columns]
        alias = call(0, f"{self.sort_field_type}: TypeAlias = Literal", names, brackets="[]")
        items = [f"{pystr(api)}: {pystr(attr)}" for api, attr in self.sort_columns]
        mapping = literal(0, f"{self.constant}_SORT_COLUMNS: dict[{self.sort_field_type}, str] = ", items, "", "{}")
        return f"{alias}\n{mapping}"

    @cached_property
    def filter_fields(self) -> tuple[FieldView, ...]:
        """Fields the list endpoint filters by equality (booleans) or membership (enums)."""
        reserved = {p.query for p in self._fixed_params}
        return tuple(f for f in self.fields if (f.enum_name or f.spec.type == "bool") and f.api_name not in reserved)

    @cached_property
    def _fixed_params(self) -> tuple[QueryParam, ...]:
        pk = self.id_python_type
        params = [
            QueryParam("ids", f"list[{pk}] | None", "ids", "None", "Only the records with these ids."),
            QueryParam("current_page", "int", "currentPage", "1", "Page number, from 1.", "ge=1"),
            QueryParam(
                "page_size", "int", "pageSize", "DEFAULT_PAGE_SIZE", "Records per page.", "ge=1, le=MAX_PAGE_SIZE"
            ),
            QueryParam(
                "order_by", self.sort_field_type, "orderBy", pystr("createdAt" if self.audit else "id"), "Sort column."
            ),
            QueryParam("sort_order", "SortOrder", "sortOrder", pystr("desc"), "Sort direction."),
        ]
        if self.searchable:
            labels = ", ".join(f.api_name for f in self.searchable)
            params.append(
                QueryParam("search_string", "str | None", "searchString", "None", f"Text to find in {labels}.")
            )
        for column in ("created", "updated") if self.audit else ():
            for bound, word in (("after", "after"), ("before", "before")):
                description = f"Only records {column} strictly {word} this time (UTC unless an offset is given)."
                query = f"{column}{bound.capitalize()}"
                params.append(QueryParam(f"{column}_{bound}", "datetime.datetime | None", query, "None", description))
        return tuple(params)

    @property
    def query_params(self) -> list[QueryParam]:
        params = [*self._fixed_params]
        params += [
            QueryParam(r.key_attr, f"{r.key_python_type} | None", r.api_name, "None", "Equal to this id.")
            for r in self.to_one
        ]
        for f in self.filter_fields:
            if f.enum_name:
                annotation, description = f"list[{f.enum_name}] | None", "Any of these values."
            else:
                annotation, description = "bool | None", "Equal to this value."
            params.append(QueryParam(filter_param(f), annotation, f.api_name, "None", description))
        return params

    @cached_property
    def filters_provider(self) -> str:
        """`provide_<entity>_filters`: every query parameter of the list endpoint, typed, and the filters they make."""
        params = [p.signature(1) for p in self.query_params]
        head = call(0, f"def provide_{self.module}_filters", params, " -> list[StatementFilter]:")
        order = f"{self.constant}_SORT_COLUMNS[order_by]"
        items = [f"*page_filters(current_page, page_size, {order}, sort_order, ids)"]
        if self.searchable:
            columns = "{" + ", ".join(pystr(f.attr) for f in self.searchable) + "}"
            items.append(f"*search_filter({columns}, search_string)")
        for column in ("created", "updated") if self.audit else ():
            items.append(f"*range_filter({pystr(column + '_at')}, {column}_after, {column}_before)")
        items += [f"EqualTo({pystr(r.key_attr)}, {r.key_attr})" for r in self.to_one]
        for f in self.filter_fields:
            if f.enum_name:
                items.append(f"*any_of({pystr(f.attr)}, {filter_param(f)})")
            else:
                items.append(f"EqualTo({pystr(f.attr)}, {filter_param(f)})")
        docstring = f'    """The filters of GET /{self.path}, one per query parameter."""'
        return f"{head}\n{docstring}\n{literal(1, 'return ', items)}"

    @property
    def audit(self) -> bool:
        return self.spec.audit

    @property
    def primary_key(self) -> str:
        return self.spec.primary_key

    @property
    def base_class(self) -> str:
        prefix = "UUID" if self.spec.primary_key == "uuid" else "BigInt"
        return f"{prefix}{'Audit' if self.spec.audit else ''}Base"

    @property
    def id_python_type(self) -> str:
        return "UUID" if self.spec.primary_key == "uuid" else "int"

    @property
    def id_path_type(self) -> str:
        return "uuid" if self.spec.primary_key == "uuid" else "int"

    @property
    def to_one(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.relations if r.is_to_one)

    @property
    def many_to_many(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.relations if not r.is_to_one)

    @property
    def required_to_one(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.to_one if not r.nullable)

    @property
    def searchable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.spec.searchable)

    @property
    def sortable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.sortable)

    @property
    def unique_fields(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.spec.unique)

    @property
    def non_nullable_inputs(self) -> tuple[str, ...]:
        """Attributes of the update schema that may be left out but not set to null."""
        names = [f.attr for f in self.fields if not f.nullable]
        names += [r.key_attr for r in self.relations if not r.nullable or not r.is_to_one]
        return tuple(names)

    @property
    def enums_used(self) -> tuple[str, ...]:
        return tuple(sorted({f.enum_name for f in self.fields if f.enum_name}))

    @property
    def checks(self) -> tuple[tuple[str, str], ...]:
        """(constraint name, SQL) of the CHECK constraints for min/max bounds."""
        result = []
        for f in self.fields:
            for suffix, operator, bound in (("min", ">=", f.spec.minimum), ("max", "<=", f.spec.maximum)):
                if bound is not None:
                    result.append((f"{f.name}_{suffix}", f'"{f.name}" {operator} {bound}'))
        return tuple(result)

    @property
    def model_type_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(module, names) for the column types the model uses."""
        by_source: dict[str, set[str]] = {}
        for f in self.fields:
            if f.enum_name is None:
                by_source.setdefault(f.column_type.source, set()).add(f.column_type.factory)
        for r in self.relations:
            if r.target_pk == "bigint" and r.is_to_one:
                by_source.setdefault("sqlalchemy", set()).add("BigInteger")
        if any(f.enum_name for f in self.fields):
            by_source.setdefault("sqlalchemy", set()).add("Enum")
        return tuple((source, tuple(sorted(names))) for source, names in sorted(by_source.items()))

    def _add_python_type_imports(self, imports: Imports, types: list[str]) -> Imports:
        for python_type in types:
            if python_type.startswith("datetime."):
                imports.module("datetime")
            imports.add("decimal", *(["Decimal"] if "Decimal" in python_type else []))
            imports.add("uuid", *(["UUID"] if "UUID" in python_type else []))
            imports.add("typing", *(["Any"] if "Any" in python_type else []))
        return imports

    @property
    def _value_types(self) -> list[str]:
        """Python types of the fields and relation keys (not of the id and audit columns)."""
        return [f.python_type for f in self.fields] + [r.key_python_type for r in self.relations]

    @cached_property
    def model_imports_block(self) -> str:
        imports = self._add_python_type_imports(Imports().add("__future__", "annotations"), self._value_types)
        imports.add("typing", *(["TYPE_CHECKING"] if self.related_classes else []))
        imports.add("advanced_alchemy.base", self.base_class, *(["orm_registry"] if self.many_to_many else []))
        for source, names in self.model_type_imports:
            imports.add(source, *names)
        imports.add("sqlalchemy", *(["ForeignKey"] if self.relations else []))
        imports.add("sqlalchemy", *(["Column", "Table"] if self.many_to_many else []))
        imports.add("sqlalchemy", *(["CheckConstraint"] if self.checks else []))
        imports.add("sqlalchemy.orm", *(["Mapped"] if self.fields or self.relations or self.back_references else []))
        imports.add("sqlalchemy.orm", *(["mapped_column"] if self.fields or self.to_one else []))
        imports.add("sqlalchemy.orm", *(["relationship"] if self.relations or self.back_references else []))
        imports.add("app.db.models.enums", *((*self.enums_used, "enum_values") if self.enums_used else ()))
        return imports.render()

    @property
    def model_type_checking_block(self) -> str:
        """Imports of the other models named in annotations, under `if TYPE_CHECKING:` (avoids import cycles)."""
        imports = Imports()
        for name in self.related_classes:
            imports.add(f"app.db.models.{snake_case(name)}", name)
        return imports.render(indent=1)

    @cached_property
    def generated_imports_block(self) -> str:
        types = self._value_types + [self.id_python_type] + (["datetime.datetime"] if self.audit else [])
        imports = self._add_python_type_imports(Imports(), types)
        # Advanced Alchemy's ModelDictT is a string alias: it can only be subscripted in a lazy annotation.
        imports.add("__future__", *(["annotations"] if self.relations else []))
        imports.add("typing", *(["Any"] if self.relations or self.restricted_by else []))
        imports.add("advanced_alchemy.exceptions", *(["ForeignKeyError"] if self.restricted_by else []))
        imports.add("advanced_alchemy.repository", "SQLAlchemyAsyncRepository")
        imports.add("advanced_alchemy.service", "SQLAlchemyAsyncRepositoryService")
        imports.add("advanced_alchemy.service", *(["ModelDictT", "schema_dump"] if self.relations else []))
        pydantic = {"Field"} if any(f.schema_constraints or f.needs_column_name for f in self.fields) else set()
        pydantic |= {"Field"} if self.many_to_many else set()
        pydantic |= {"field_validator"} if self.non_nullable_inputs else set()
        pydantic |= {
            f.schema_type for f in self.fields if f.schema_type in ("EmailStr", "Base64Bytes", "AwareDatetime")
        }
        imports.add("pydantic", *pydantic)
        imports.add("app.db.models", self.class_name, *(r.target_class for r in self.relations))
        imports.add("app.db.models.enums", *self.enums_used)
        imports.add("app.lib.schemas", "ReadSchema", "Schema")
        imports.add(
            "app.lib.schemas", *(["HttpUrlStr"] if any(f.schema_type == "HttpUrlStr" for f in self.fields) else [])
        )
        imports.add("app.lib.schemas", *(["reject_null"] if self.non_nullable_inputs else []))
        imports.add("app.lib.services", *(["load_related"] if self.relations else []))
        return imports.render()

    @property
    def id_alias(self) -> str:
        """`BookId`: the annotated type of the path parameter, declared once per controller module."""
        return f"{self.class_name}Id"

    @property
    def id_alias_line(self) -> str:
        parameter = call(
            1, "PathParameter", [f"title={pystr(self.class_name + ' ID')}", 'description="The record\'s id."']
        )
        return call(0, f"{self.id_alias}: TypeAlias = Annotated", [self.id_python_type, parameter], brackets="[]")

    def route_decorator(self, method: str, operation: str, summary: str, *, with_id: bool) -> str:
        args = [pystr(f"/{{{self.id_param}:{self.id_path_type}}}")] if with_id else []
        args += [f"operation_id={pystr(operation)}", f"summary={pystr(summary)}"]
        return call(1, f"@{method}", args)

    def handler_signature(self, name: str, params: list[str], returns: str) -> str:
        service = f"{self.service_key}: NamedDependency[{self.class_name}Service]"
        return call(1, f"async def {name}", ["self", service, *params], f" -> {returns}:")

    @cached_property
    def controller_imports_block(self) -> str:
        imports = Imports().add("typing", "Annotated", "Literal", "TypeAlias")
        imports.module(*(["datetime"] if self.audit else []))
        imports.add("uuid", *(["UUID"] if any("UUID" in p.annotation for p in self.query_params) else []))
        imports.add("advanced_alchemy.filters", "StatementFilter")
        imports.add("advanced_alchemy.service", "OffsetPagination")
        imports.add("litestar", "Controller", "delete", "get", "patch", "post")
        imports.add("litestar.di", "NamedDependency")
        imports.add("litestar.params", "JSONBody", "PathParameter", "QueryParameter", "SkipValidation")
        imports.add("app.db.models.enums", *sorted({f.enum_name for f in self.filter_fields if f.enum_name}))
        imports.add(
            f"app.domain.{self.domain}.schemas", *(f"{self.class_name}{s}" for s in ("Create", "Read", "Update"))
        )
        imports.add(f"app.domain.{self.domain}.services", f"{self.class_name}Service")
        lib = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "SortOrder", "page_filters", "service_dependencies"]
        lib += ["search_filter"] if self.searchable else []
        lib += ["range_filter"] if self.audit else []
        lib += ["EqualTo"] if self.to_one or any(not f.enum_name for f in self.filter_fields) else []
        lib += ["any_of"] if any(f.enum_name for f in self.filter_fields) else []
        imports.add("app.lib.filters", *lib)
        return imports.render()

    @property
    def reject_null_decorator(self) -> str:
        return call(1, "@field_validator", [pystr(name) for name in self.non_nullable_inputs])

    @property
    def service_class_line(self) -> str:
        base = f"SQLAlchemyAsyncRepositoryService[{self.class_name}, {self.class_name}Repository]"
        return call(0, f"class {self.class_name}ServiceBase", [base], ":")

    @property
    def delete_signature(self) -> str:
        return call(1, "async def delete", ["self", "item_id: Any", "**kwargs: Any"], f" -> {self.class_name}:")

    @property
    def restrict_detail(self) -> str:
        """The `detail=` argument of the 409 a restrict rule gives (inside `raise ForeignKeyError(...)` at indent 3)."""
        others = " or ".join(self.restricted_by)
        message = f"This {self.label} cannot be deleted while {others} refer to it; delete or change them first."
        return long_str(message, 4, "detail=")

    @property
    def update_signature(self) -> str:
        params = ["self", f"data: ModelDictT[{self.class_name}]", "item_id: Any | None = None", "**kwargs: Any"]
        return call(1, "async def update", params, f" -> {self.class_name}:")

    def hook_signature(self, method: str) -> str:
        model_dict = f"ModelDictT[{self.class_name}]"
        return call(1, f"async def {method}", ["self", f"data: {model_dict}"], f" -> {model_dict}:")

    @property
    def related_classes(self) -> tuple[str, ...]:
        """Other models named in this one's annotations (imported for type checking only)."""
        names = {r.target_class for r in self.relations} | {b.source_class for b in self.back_references}
        return tuple(sorted(names - {self.class_name}))

    @property
    def table_args_line(self) -> str:
        """`__table_args__` with the CHECK constraints of min/max bounds ("" when there are none)."""
        checks = [call(2, "CheckConstraint", [pystr(sql), f"name={pystr(name)}"]) for name, sql in self.checks]
        return literal(1, "__table_args__ = ", checks, brackets="()") if checks else ""

    @property
    def unknown_id(self) -> str:
        """A well-formed id that no test record has."""
        return '"0f0f0f0f-0000-4000-8000-000000000000"' if self.primary_key == "uuid" else "2**62"

    @cached_property
    def test_imports_block(self) -> str:
        imports = Imports().add("typing", "Any").module("pytest")
        imports.add("app.lib.filters", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE")
        imports.add("litestar", "Litestar").add("litestar.testing", "AsyncTestClient")
        uses_payload = self.bad_values_block or self.required_inputs or self.unique_fields or self.relations
        imports.add("tests.factories", f"create_{self.module}", *([f"{self.module}_payload"] if uses_payload else []))
        linked = [r for r in self.relations if not r.is_to_one or r.nullable]
        imports.add("tests.factories", *(f"create_{snake_case(r.target_class)}" for r in linked))
        return imports.render()

    @property
    def constant(self) -> str:
        return self.module.upper()

    @property
    def samples_block(self) -> str:
        """`BOOK_SAMPLES`: valid create bodies (without relation ids), one per test row."""
        rows = []
        for index in range(SAMPLE_COUNT):
            items = [f"{pystr(f.api_name)}: {py(f.samples[index])}" for f in self.fields]
            rows.append(literal(1, "", items, brackets="{}"))
        annotation = f"{self.constant}_SAMPLES: list[dict[str, Any]] = "
        return exploded(0, annotation, rows)

    @property
    def bad_values_block(self) -> str:
        rows = [
            literal(1, "", [pystr(f.api_name), expr], brackets="()") for f in self.fields for _, expr in f.bad_values
        ]
        return exploded(0, "BAD_VALUES: list[tuple[str, Any]] = ", rows) if rows else ""

    @property
    def required_inputs(self) -> tuple[str, ...]:
        """API names a create body must contain."""
        names = [f.api_name for f in self.fields if not f.nullable and not f.spec.has_default]
        return tuple(names + [r.api_name for r in self.required_to_one])

    @property
    def update_example(self) -> tuple[str, str] | None:
        """(api name, Python literal) of a field to change in the update test: row 1's value."""
        for f in self.fields:
            if f.samples[1] != f.samples[0]:
                return f.api_name, py(f.samples[1])
        return None

    @property
    def order_example(self) -> FieldView | None:
        """A field whose samples sort differently than they were created, to test orderBy."""
        for f in self.sortable:
            if (
                f.spec.type in ("str", "text", "email", "url", "int", "bigint", "float", "date")
                and len(set(map(str, f.samples))) == SAMPLE_COUNT
            ):
                return f
        return None


@dataclass(frozen=True)
class EnumView:
    name: str
    sql_name: str
    values: tuple[str, ...]

    @property
    def members(self) -> tuple[tuple[str, str], ...]:
        return tuple((value.upper(), value) for value in self.values)


@dataclass(frozen=True)
class ProjectView:
    enums: tuple[EnumView, ...]
    entities: tuple[EntityView, ...]

    def entity(self, name: str) -> EntityView:
        return next(e for e in self.entities if e.name == name)

    @property
    def models_init_imports_block(self) -> str:
        imports = Imports().add("advanced_alchemy.base", "orm_registry")
        for e in self.entities:
            imports.add(f"app.db.models.{e.module}", e.class_name)
        return imports.render()

    @property
    def models_all(self) -> list[str]:
        return isort_sorted([*(e.class_name for e in self.entities), "metadata"])

    @property
    def app_imports_block(self) -> str:
        imports = Imports().add("advanced_alchemy.extensions.litestar", "SQLAlchemyPlugin")
        imports.add("litestar", "Litestar").add("litestar.plugins.pydantic", "PydanticPlugin")
        imports.add("litestar.openapi.config", "OpenAPIConfig").add("litestar.openapi.plugins", "ScalarRenderPlugin")
        imports.add("app.cli", "CLIPlugin").add("app.config", "create_alchemy_config", "get_settings")
        imports.add("app.lib.problems", "problem_details_plugin")
        for e in self.entities:
            imports.add(f"app.domain.{e.domain}.controllers", f"{e.class_name}Controller")
        return imports.render()


def filter_param(field: FieldView) -> str:
    """The Python name of a field's list filter: its attribute, unless Litestar reserves that name (`state`)."""
    return f"{field.attr}_" if field.attr in LITESTAR_RESERVED_KWARGS else field.attr


def _pk_column_type(primary_key: str) -> ColumnType:
    if primary_key == "uuid":
        return ColumnType("GUID", "advanced_alchemy.types", "length=16")
    return ColumnType("BigInteger", "sqlalchemy")


def _attr_name(name: str) -> str:
    return f"{name}_" if is_python_keyword(name) or name in RESERVED_ATTRIBUTES else name


def _column_type(spec: FieldSpec, enum_sql_name: str | None) -> ColumnType:
    if enum_sql_name is not None:
        return ColumnType("Enum", "sqlalchemy")
    factory, source, _ = _SCALAR_TYPES[spec.type]
    if spec.type in ("str", "email", "url"):
        return ColumnType(factory, source, f"length={spec.max_length or _DEFAULT_LENGTH[spec.type]}")
    if spec.type == "decimal":
        return ColumnType(factory, source, f"precision={spec.precision}, scale={spec.scale}")
    if spec.type == "datetime":
        return ColumnType(factory, source, "timezone=True")
    if spec.type == "uuid":
        return ColumnType(factory, source, "length=16")
    if spec.type == "json":
        return ColumnType(factory, source, None)
    return ColumnType(factory, source)


def _schema_constraints(spec: FieldSpec) -> tuple[str, ...]:
    """Keyword arguments of pydantic's Field() that enforce the spec's bounds."""
    args = []
    if spec.min_length is not None:
        args.append(f"min_length={spec.min_length}")
    if spec.max_length is not None:
        args.append(f"max_length={spec.max_length}")
    if spec.minimum is not None:
        args.append(f"ge={py(spec.minimum)}")
    if spec.maximum is not None:
        args.append(f"le={py(spec.maximum)}")
    if spec.type == "decimal":
        args += [f"max_digits={spec.precision}", f"decimal_places={spec.scale}"]
    if spec.pattern is not None:
        args.append(f"pattern={pystr(spec.pattern)}")
    if spec.description:
        # Field(...) is the value of a class attribute (indent 1): its exploded arguments sit at indent 2.
        # pystr makes any text safe in a string literal: only line breaks are folded, the rest is kept as written.
        args.append(long_str(" ".join(spec.description.split()), 2, "description="))
    return tuple(args)


def _number_samples(spec: FieldSpec) -> list[Any]:
    """Three numbers spread over the field's bounds (and its NUMERIC digits): distinct whenever the bounds allow."""
    last = SAMPLE_COUNT - 1
    low = spec.minimum if spec.minimum is not None else 1
    if spec.type == "decimal":
        step = decimal.Decimal(1).scaleb(-(spec.scale or 0))
        largest = decimal.Decimal(10) ** ((spec.precision or 12) - (spec.scale or 0)) - step
        start = decimal.Decimal(str(low)).quantize(step, rounding=decimal.ROUND_CEILING)
        end = start + step * 202 if spec.maximum is None else decimal.Decimal(str(spec.maximum))
        end = min(end, largest).quantize(step, rounding=decimal.ROUND_FLOOR)
        return [
            str(start + ((end - start) * index / last).quantize(step, rounding=decimal.ROUND_FLOOR))
            for index in range(SAMPLE_COUNT)
        ]
    if spec.type == "float":
        end_float = float(spec.maximum) if spec.maximum is not None else float(low) + 3.0
        return [float(low) + (end_float - float(low)) * index / last for index in range(SAMPLE_COUNT)]
    end_int = int(spec.maximum) if spec.maximum is not None else int(low) + last
    return [int(low) + (end_int - int(low)) * index // last for index in range(SAMPLE_COUNT)]


def _samples(spec: FieldSpec, enum_values: tuple[str, ...] | None) -> list[Any]:
    """JSON values a client could send; distinct per row so that unique columns accept them."""
    rows = range(SAMPLE_COUNT)
    if enum_values is not None:
        return [enum_values[index % len(enum_values)] for index in rows]
    if spec.type in ("str", "text"):
        return valid_strings(
            pattern=spec.pattern,
            min_length=spec.min_length,
            max_length=spec.max_length,
            seed=spec.name.replace("_", "-"),
            count=SAMPLE_COUNT,
        )
    if spec.type == "email":
        return [f"user{index + 1}@example.com" for index in rows]
    if spec.type == "url":
        return [f"https://example.com/{index + 1}" for index in rows]
    if spec.type in NUMBER_TYPES:
        return _number_samples(spec)
    fixed: dict[str, list[Any]] = {
        "bool": [True, False, True],
        "date": [f"2024-01-0{index + 1}" for index in rows],
        "datetime": [f"2024-01-0{index + 1}T10:00:00Z" for index in rows],
        "time": [f"09:3{index}:00" for index in rows],
        "uuid": [str(uuid.UUID(int=index + 1)) for index in rows],
        "json": [{"key": f"value-{index + 1}"} for index in rows],
        "bytes": [base64.b64encode(f"bytes-{index + 1}".encode()).decode() for index in rows],
    }
    return fixed[spec.type]


def _bad_values(spec: FieldSpec, api_name: str) -> list[tuple[str, Any]]:
    """(reason, Python expression of a value) pairs that the API must refuse with a 400 naming the field."""
    bad: list[tuple[str, Any]] = []
    if spec.type in STRING_TYPES:
        if spec.max_length is not None:
            bad.append(("max_length", f'"x" * {spec.max_length + 1}'))
        if spec.min_length:
            bad.append(("min_length", f'"x" * {spec.min_length - 1}' if spec.min_length > 1 else '""'))
        if spec.pattern is not None:
            wrong = invalid_pattern_string(pattern=spec.pattern, min_length=spec.min_length, max_length=spec.max_length)
            if wrong is not None:
                bad.append(("pattern", py(wrong)))
    if spec.type in NUMBER_TYPES:
        if spec.minimum is not None:
            below = spec.minimum - 1
            bad.append(("min", py(str(below) if spec.type == "decimal" else below)))
        if spec.maximum is not None:
            above = spec.maximum + 1
            bad.append(("max", py(str(above) if spec.type == "decimal" else above)))
    formats = {"email": "not-an-email", "url": "not a url", "uuid": "not-a-uuid", "date": "not-a-date"}
    if spec.type in formats:
        bad.append(("format", py(formats[spec.type])))
    return bad


def _field_view(spec: FieldSpec, entity: str, enum_values: dict[str, tuple[str, ...]]) -> FieldView:
    is_enum = spec.type in enum_values
    column_type = _column_type(spec, snake_case(spec.type) if is_enum else None)
    python_type = spec.type if is_enum else _SCALAR_TYPES[spec.type][2]
    try:
        samples = _samples(spec, enum_values.get(spec.type))
        bad = _bad_values(spec, camel_case(spec.name))
    except SampleError as error:
        raise SampleError(f"entities.{entity}.fields.{spec.name}: {error}") from error
    if is_enum:
        bad.append(("enum", py("not_a_value")))
    return FieldView(
        spec=spec,
        attr=_attr_name(spec.name),
        api_name=camel_case(spec.name),
        python_type=python_type,
        column_type=column_type,
        schema_type=_SCHEMA_TYPES.get(spec.type, python_type) if not is_enum else python_type,
        schema_constraints=_schema_constraints(spec),
        enum_name=spec.type if is_enum else None,
        samples=tuple(samples),
        bad_values=tuple(bad),
    )


def _relation_view(relation: RelationSpec, owner: EntitySpec, spec: Spec) -> RelationView:
    target = spec.entity(relation.target)
    association = owner_column = target_column = None
    if relation.kind == "many_to_many":
        association = f"{owner.snake}_{relation.name}"
        # `Product.categories` would take the table of an entity `ProductCategory` (or a PostgreSQL enum type's name).
        taken = {e.table for e in spec.entities} | {snake_case(e.name) for e in spec.enums}
        association = f"{association}_links" if association in taken else association
        owner_column = f"{owner.snake}_id"
        target_column = f"{target.snake}_id" if target.name != owner.name else f"{relation.name}_id"
    return RelationView(
        spec=relation,
        owner=owner.name,
        target_class=target.name,
        target_table=target.table,
        target_pk=target.primary_key,
        key_attr=relation.key_attr,
        api_name=camel_case(relation.key_attr),
        association_table=association,
        owner_column=owner_column,
        target_column=target_column,
    )


def build_project(spec: Spec) -> ProjectView:
    enum_values = {enum.name: enum.values for enum in spec.enums}
    relations = {e.name: tuple(_relation_view(r, e, spec) for r in e.relations) for e in spec.entities}
    back_references: dict[str, list[BackReferenceView]] = {e.name: [] for e in spec.entities}
    for owner, owned in relations.items():
        for relation in owned:
            if relation.spec.back_populates:
                back_references[relation.target_class].append(
                    BackReferenceView(relation.spec.back_populates, owner, relation)
                )
    entities = []
    for entity in spec.entities:
        domain = pluralize(entity.snake)
        entities.append(
            EntityView(
                spec=entity,
                class_name=entity.name,
                module=entity.snake,
                domain=domain,
                table=entity.table,
                path=entity.path,
                title=" ".join(word.capitalize() for word in domain.split("_")),
                service_key=f"{domain}_service",
                id_param=f"{entity.snake}_id",
                fields=tuple(_field_view(f, entity.name, enum_values) for f in entity.fields),
                relations=relations[entity.name],
                back_references=tuple(back_references[entity.name]),
                restricted_by=tuple(
                    sorted(
                        {
                            pluralize(snake_case(owner)).replace("_", " ")
                            for owner, owned in relations.items()
                            for r in owned
                            if r.target_class == entity.name and r.is_to_one and r.spec.on_delete == "restrict"
                        }
                    )
                ),
            )
        )
    enums = tuple(EnumView(e.name, snake_case(e.name), e.values) for e in spec.enums)
    return ProjectView(enums=enums, entities=tuple(entities))
