"""The code of app/domain/<entities>/generated.py (`entity.api`): the Create, Update and Read base schemas, the
repository and the service base. Every property is whole lines, indented where they land in the module."""

from __future__ import annotations

import decimal
from functools import cached_property
from typing import TYPE_CHECKING

from .code import Imports, attribute, call, docstring, literal, long_str, py, pystr
from .sql_types import INTEGER_RANGES

if TYPE_CHECKING:
    from .views import EntityView, FieldView, RelationView

# What a request field of each type is read as (app/lib/inputs.py), where it is more than the Python type.
INPUT_TYPES = {
    "str": "TextInput",
    "text": "TextInput",
    "email": "EmailInput",
    "url": "UrlInput",
    "bytes": "Base64Input",
    "date": "DateInput",
    "datetime": "DateTimeInput",
    "time": "TimeInput",
    "json": "JsonInput",
    "int": "IntInput",
    "bigint": "IntInput",
}
# What a response field of each type is written as (app/lib/schemas.py), where it is more than the Python type.
READ_TYPES = {"bytes": "Base64Output", "time": "TimeOutput"}
# The names app/lib/inputs.py gives the bounds of the integer columns, by column type.
INTEGER_BOUNDS = {"integer": ("INT32_MIN", "INT32_MAX"), "bigint": ("INT64_MIN", "INT64_MAX")}
# The request type of an id that is a 64-bit integer (a bigint primary key).
BIGINT_KEY = "BigIntKey"


def input_type(field: FieldView) -> str:
    """The annotation of a field in a request schema, without `| None`."""
    spec = field.spec
    if field.enum_name:
        return field.enum_name
    if spec.type in ("str", "text") and spec.pattern is not None:
        return f"Annotated[str, TextPattern({pystr(spec.pattern)})]"
    if spec.type == "decimal":
        bounds = [
            f"{name}={pystr(str(decimal.Decimal(str(bound))))}"
            for name, bound in (("minimum", spec.minimum), ("maximum", spec.maximum))
            if bound is not None
        ]
        digits = [str(field.sql_type.precision), str(field.sql_type.scale)]
        return f"Annotated[Decimal, DecimalText({', '.join(digits + bounds)})]"
    return INPUT_TYPES.get(spec.type, field.python_type)


def read_type(field: FieldView) -> str:
    """The annotation of a field in a response schema, without `| None`: bytes are written as base64 text."""
    return READ_TYPES.get(field.spec.type, field.python_type) if not field.enum_name else field.python_type


def key_input_type(relation: RelationView) -> str:
    return BIGINT_KEY if relation.key_python_type == "int" else relation.key_python_type


def _input_names(field: FieldView) -> set[str]:
    """The names of app/lib/inputs.py that a field's line in a request schema uses."""
    names = {"TextPattern"} if "TextPattern(" in input_type(field) else set()
    names |= {"DecimalText"} if field.spec.type == "decimal" else set()
    if not names and not field.enum_name and field.spec.type in INPUT_TYPES:
        names.add(INPUT_TYPES[field.spec.type])
    if field.sql_type.name in INTEGER_RANGES:
        bounds = {arg.partition("=")[2] for arg in _integer_bounds(field)}
        names |= bounds & set(INTEGER_BOUNDS[field.sql_type.name])
    return names


def _schema_default(field: FieldView) -> str | None:
    default = field.spec.default
    if default is None:
        return None
    return f"{field.enum_name}.{str(default).upper()}" if field.enum_name else py(default)


def _integer_bounds(field: FieldView) -> list[str]:
    """`ge` and `le` of an integer field: its own bounds, within what its column holds (named where they meet)."""
    spec = field.spec
    low, high = INTEGER_RANGES[field.sql_type.name]
    low_name, high_name = INTEGER_BOUNDS[field.sql_type.name]
    ge = low_name if spec.minimum is None or spec.minimum <= low else py(spec.minimum)
    le = high_name if spec.maximum is None or spec.maximum >= high else py(spec.maximum)
    return [f"ge={ge}", f"le={le}"]


def _constraints(field: FieldView) -> list[str]:
    """Keyword arguments of pydantic's Field() that enforce the spec's bounds and the column's size; the patterns and
    a decimal's digits are in the field's type (`input_type`)."""
    spec = field.spec
    args = []
    if spec.min_length is not None:
        args.append(f"min_length={spec.min_length}")
    max_length = spec.max_length if spec.max_length is not None else field.sql_type.length
    if max_length is not None:
        args.append(f"max_length={max_length}")
    if field.sql_type.name in INTEGER_RANGES:
        args += _integer_bounds(field)
    elif spec.type == "float":
        args += [
            f"{name}={py(bound)}" for name, bound in (("ge", spec.minimum), ("le", spec.maximum)) if bound is not None
        ]
    if spec.description:
        # Field(...) is the value of a class attribute (indent 1): its exploded arguments sit at indent 2.
        # pystr makes any text safe in a string literal: only line breaks are folded, the rest is kept as written.
        args.append(long_str(" ".join(spec.description.split()), 2, "description="))
    return args


def _default_expressions(field: FieldView) -> list[str]:
    default = _schema_default(field)
    return [default] if default is not None else []


def _field_line(field: FieldView, *, partial: bool) -> str:
    """The field in a create schema, or with `partial` in an update schema (every field optional)."""
    annotation = input_type(field) + (" | None" if partial or field.nullable else "")
    if partial:
        default: str | None = "None"
    elif field.spec.has_default:
        default = _schema_default(field)
    else:
        default = "None" if field.nullable else None
    constraints = _constraints(field)
    if not constraints and not field.needs_column_name:
        return attribute(1, field.attr, annotation, default or "")
    # Constraints, alias and default all go to Field(): one call, which ruff formats like any other.
    args = [f"default={default}"] if default else []
    args += [*constraints, *([f"alias={pystr(field.api_name)}"] if field.needs_column_name else [])]
    return attribute(1, field.attr, annotation, "Field", args)


def _relation_line(relation: RelationView, *, partial: bool) -> str:
    key = key_input_type(relation)
    if relation.is_to_one:
        annotation = f"{key} | None" if relation.nullable or partial else key
        default = " = None" if relation.nullable or partial else ""
    else:
        annotation = f"list[{key}]" + (" | None" if partial else "")
        default = " = None" if partial else " = Field(default_factory=list)"
    return f"    {relation.key_attr}: {annotation}{default}"


def _read_field_line(field: FieldView) -> str:
    annotation = f"{read_type(field)} | None" if field.nullable else read_type(field)
    if field.needs_column_name:
        # Read from the model's attribute (`metadata_`), not from the alias (`metadata`, which may be taken).
        aliases = [f"alias={pystr(field.api_name)}", f"validation_alias={pystr(field.attr)}"]
        return call(1, f"{field.attr}: {annotation} = Field", aliases)
    return f"    {field.attr}: {annotation}"


def _read_relation_line(relation: RelationView) -> str:
    key = relation.key_python_type
    if not relation.is_to_one:
        return f"    {relation.key_attr}: list[{key}]"
    return f"    {relation.key_attr}: {key} | None" if relation.nullable else f"    {relation.key_attr}: {key}"


def _resolve_lines(relation: RelationView) -> str:
    """Service code that checks (to-one) or loads (many-to-many) the related rows."""
    key = pystr(relation.key_attr)
    if relation.is_to_one:
        ids = f"[data[{key}]]"
        head = f"        if data.get({key}) is not None:\n"
        target = "await load_related"
    else:
        ids = f"data.pop({key})"
        head = f"        if {key} in data:\n"
        target = f"data[{pystr(relation.name)}] = await load_related"
    related = relation.target_class
    args = ["session", related, f"{related}.id", ids, f"field={pystr(relation.api_name)}"]
    # Another user's owned rows are as absent as unknown ones: nobody attaches them by id.
    args += [f"where=visible_rows({related}, self.viewer)"] if relation.target_owned else []
    return head + call(3, target, args)


class ApiCode:
    """app/domain/<entities>/generated.py."""

    def __init__(self, entity: EntityView) -> None:
        self.entity = entity
        self.names = entity.names

    @property
    def create_lines(self) -> list[str]:
        """The body of the create schema: every field and relation key, as a client sends them."""
        lines = [_field_line(f, partial=False) for f in self.entity.fields]
        return lines + [_relation_line(r, partial=False) for r in self.entity.relations]

    @property
    def update_lines(self) -> list[str]:
        lines = [_field_line(f, partial=True) for f in self.entity.fields]
        return lines + [_relation_line(r, partial=True) for r in self.entity.relations]

    @property
    def read_lines(self) -> list[str]:
        lines = [_read_field_line(f) for f in self.entity.fields]
        return lines + [_read_relation_line(r) for r in self.entity.relations]

    @property
    def non_nullable_inputs(self) -> tuple[str, ...]:
        """Attributes of the update schema that may be left out but not set to null."""
        names = [f.attr for f in self.entity.fields if not f.nullable]
        names += [r.key_attr for r in self.entity.relations if not r.nullable or not r.is_to_one]
        return tuple(names)

    @property
    def reject_null_decorator(self) -> str:
        return call(1, "@field_validator", [pystr(name) for name in self.non_nullable_inputs])

    @property
    def service_base(self) -> str:
        """app/lib/services.py's service, or with `auth` app/lib/auth.py's, which knows the signed-in user."""
        return "Service" if self.entity.access is None else "ScopedService"

    @property
    def repository_class_line(self) -> str:
        return call(
            0, f"class {self.names.cls('Repository')}", [f"SQLAlchemyAsyncRepository[{self.entity.class_name}]"], ":"
        )

    @property
    def service_class_line(self) -> str:
        base = f"{self.service_base}[{self.entity.class_name}, {self.names.cls('Repository')}]"
        return call(0, f"class {self.names.cls('ServiceBase')}", [base], ":")

    @property
    def delete_signature(self) -> str:
        return call(1, "async def delete", ["self", "item_id: Any", "**kwargs: Any"], f" -> {self.entity.class_name}:")

    @property
    def restrict_raise(self) -> str:
        """`raise ForeignKeyError(...)`, in the delete override's `except` (indent 3), saying which records refer."""
        others = " or ".join(self.entity.restricted_by)
        message = f"This {self.names.label} cannot be deleted while {others} refer to it; delete or change them first."
        return call(3, "raise ForeignKeyError", [long_str(message, 4, "detail=")], " from error")

    @property
    def update_docstring(self) -> str:
        return docstring(
            1, f"What a client sends to change {self.names.a_label} record: only the fields given are changed."
        )

    @property
    def update_signature(self) -> str:
        params = ["self", f"data: ModelDictT[{self.entity.class_name}]", "item_id: Any | None = None", "**kwargs: Any"]
        return call(1, "async def update", params, f" -> {self.entity.class_name}:")

    @property
    def create_hook_body(self) -> str:
        """The body of `to_model_on_create`: an owned row's owner is the signed-in user, then related ids resolve; a
        new row's many-to-many lists start empty (set, so that answering with their ids reads no row)."""
        data = "with_owner(schema_dump(data), self.viewer)" if self.entity.owned else "schema_dump(data)"
        if self.entity.many_to_many:
            # The dict is the call's argument, one level deeper: exploded when it does not fit there.
            items = [*(f"{pystr(r.name)}: []" for r in self.entity.many_to_many), f"**{data}"]
            data = literal(3, "", items, brackets="{}")
        if self.entity.relations:
            return call(2, "return await self._resolve_relations", [data])
        return f"        return {data}"

    def hook_signature(self, method: str) -> str:
        model_dict = f"ModelDictT[{self.entity.class_name}]"
        return call(1, f"async def {method}", ["self", f"data: {model_dict}"], f" -> {model_dict}:")

    @property
    def resolve_lines(self) -> list[str]:
        return [_resolve_lines(r) for r in self.entity.relations]

    @cached_property
    def imports(self) -> str:
        entity = self.entity
        # The annotations and defaults the schemas write (a time is TimeInput and TimeOutput, no `datetime.time`).
        types = [t for f in entity.fields for t in (input_type(f), read_type(f), *_default_expressions(f))]
        types += [r.key_python_type for r in entity.relations]
        types += [entity.id_python_type] + (["datetime.datetime"] if entity.audit else [])
        imports = Imports().python_types(types)
        # Advanced Alchemy's ModelDictT is a string alias: it can only be subscripted in a lazy annotation.
        hooks = bool(entity.relations) or entity.owned
        imports.add("__future__", *(["annotations"] if hooks else []))
        imports.add("typing", *(["Any"] if entity.relations or entity.restricted_by else []))
        imports.add("advanced_alchemy.exceptions", *(["ForeignKeyError"] if entity.restricted_by else []))
        imports.add("advanced_alchemy.repository", "SQLAlchemyAsyncRepository")
        imports.add("advanced_alchemy.service", *(["ModelDictT", "schema_dump"] if hooks else []))
        if entity.access is None:
            imports.add("app.lib.services", "Service")
        else:
            auth = ["ScopedService", *(["with_owner"] if entity.owned else [])]
            auth += ["visible_rows"] if any(r.target_owned for r in entity.relations) else []
            imports.add("app.lib.auth", *auth)
        uses_field = any(_constraints(f) or f.needs_column_name for f in entity.fields) or entity.many_to_many
        pydantic = {"Field"} if uses_field else set()
        pydantic |= {"field_validator"} if self.non_nullable_inputs else set()
        imports.add("pydantic", *pydantic)
        imports.add("app.db.models", entity.class_name, *(r.target_class for r in entity.relations))
        imports.add("app.db.models.enums", *entity.enums_used)
        inputs = {name for f in entity.fields for name in _input_names(f)}
        inputs |= {BIGINT_KEY} if any(key_input_type(r) == BIGINT_KEY for r in entity.relations) else set()
        imports.add("typing", *(["Annotated"] if inputs & {"TextPattern", "DecimalText"} else []))
        imports.add("app.lib.inputs", *inputs)
        imports.add("app.lib.schemas", "ReadSchema", "Schema")
        imports.add("app.lib.schemas", *({read_type(f) for f in entity.fields} & set(READ_TYPES.values())))
        imports.add("app.lib.schemas", *(["reject_null"] if self.non_nullable_inputs else []))
        imports.add("app.lib.services", *(["load_related"] if entity.relations else []))
        return imports.render()
