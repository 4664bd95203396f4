"""The code of app/domain/<entities>/generated_controller.py (`entity.routes`): the list endpoint's typed query
parameters and filters, and the CRUD handlers (app/app.py's is app_code.py). Every property is whole lines, indented
where they land in the module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .cases import camel_case
from .code import LINE_LENGTH, Imports, argument, attribute, call, docstring, entry, literal, parameter, pystr
from .names import (
    AUDIT_QUERY_PARAMETERS,
    INCLUDE_PARAMETER,
    default_order_columns,
    filter_parameter,
    list_query_parameters,
)
from .spec_model import AccessLevel, Operation

if TYPE_CHECKING:
    from .views import EntityView

# The fixed query parameters' types, defaults, constraints and descriptions, by Python name; `{pk}` is the id type.
_FIXED_PARAMETERS = {
    "ids": ("list[{query_key}] | None", "None", "", "Only the records with these ids."),
    "current_page": ("int", "1", "ge=1, le=MAX_PAGE", "Page number, from 1."),
    "page_size": ("int", "DEFAULT_PAGE_SIZE", "ge=1, le=MAX_PAGE_SIZE", "Records per page."),
    "order_by": ("{sort_field}", "{default_order}", "", "Sort column."),
    "sort_order": ("SortOrder", '"desc"', "", "Sort direction."),
    "cursor": ("str | None", "None", "", "Page by cursor: `start` for the first page, then each page's nextCursor."),
    # Text without NUL, as every text the API takes: PostgreSQL cannot compare with it (a 500 otherwise).
    "search_string": ("str | None", "None", "pattern=TEXT_PATTERN", "Text to find in {searchable}."),
}


@dataclass(frozen=True)
class QueryParam:
    """One query parameter of a list endpoint: `name` in Python, `query` in the URL."""

    name: str
    annotation: str
    query: str
    default: str
    description: str
    constraints: tuple[str, ...] = ()

    @property
    def signature_line(self) -> str:
        """The parameter in `provide_<entity>_filters(...)`, whose arguments are at indent 1."""
        args = [f"name={pystr(self.query)}", *self.constraints]
        query_parameter = argument(2, "QueryParameter", [*args, f"description={pystr(self.description)}"])
        return argument(1, f"{self.name}: Annotated", [self.annotation, query_parameter], f" = {self.default}", "[]")


# The problem details each CRUD route may answer, by role (app/lib/openapi.py documents them): 400 for an invalid
# request, 404 for an unknown id, 409 for a taken unique value or an unknown related id, 413 for a body above the
# size limit, 415 for a body that is not JSON, 503 while the database is unreachable.
PROBLEM_STATUSES = {
    "list": (400, 503),
    "create": (400, 409, 413, 415, 503),
    "get": (400, 404, 503),
    "update": (400, 404, 409, 413, 415, 503),
    "delete": (400, 404, 409, 503),
}
# The type of a bigint id in a query parameter (app/lib/filters.py).
BIGINT_QUERY_KEY = "BigIntId"
# The bounds of a bigint id as a path or query parameter states them (app/lib/filters.py: INT64_BOUNDS).
BIGINT_BOUNDS = ("ge=INT64_MIN", "le=INT64_MAX", "schema_extra=INT64_BOUNDS")


# The operation whose access level guards each CRUD route.
ROUTE_OPERATIONS: dict[str, Operation] = {
    "list": "read",
    "get": "read",
    "create": "create",
    "update": "update",
    "delete": "delete",
}


def page_arguments(item: str) -> list[str]:
    """What a list handler's return type `Annotated[...]` holds: its page, and its OpenAPI component's name."""
    return [f"PageOf[{item}]", f"page_component({item})"]


def access_arguments(level: AccessLevel, include_guard: str | None = None) -> list[str]:
    """A route's arguments for its access level (app/lib/auth.py): who passes, and what OpenAPI says it needs; and
    the guard of the records `include` names, where some who pass may not read them."""
    guards = [] if level.public else [argument(3, "requires", [pystr(role) for role in level.roles])]
    guards += [include_guard] if include_guard else []
    arguments = [argument(2, "guards=", guards, brackets="[]")] if guards else []
    return arguments + (["opt=PUBLIC", "security=OPTIONAL_BEARER"] if level.public else ["security=BEARER"])


def access_statuses(level: AccessLevel) -> tuple[int, ...]:
    """401 for a missing, bad or expired token (on public routes too: a token sent is checked), 403 below a role."""
    return (401,) if level.public or level.authenticated else (401, 403)


def _audit_description(name: str) -> str:
    column, bound = name.split("_")
    return f"Only records {column} strictly {bound} this time (UTC unless an offset is given)."


class RoutesCode:
    """app/domain/<entities>/generated_controller.py."""

    def __init__(self, entity: EntityView) -> None:
        self.entity = entity
        self.names = entity.names

    @property
    def docstring(self) -> str:
        return docstring(1, self.entity.description)

    @property
    def sort_columns(self) -> tuple[tuple[str, str], ...]:
        """(API name, attribute) of every column a list may be ordered by."""
        entity = self.entity
        columns = [("id", "id")] + [(f.api_name, f.attr) for f in entity.sortable]
        columns += [(r.api_name, r.key_attr) for r in entity.to_one]
        columns += [("createdAt", "created_at"), ("updatedAt", "updated_at")] if entity.audit else []
        return tuple(columns)

    @property
    def sort_field_lines(self) -> str:
        """The Literal of sortable API names and its map to attributes, for the `orderBy` parameter."""
        sort_field = self.names.cls("SortField")
        alias = call(
            0, f"{sort_field}: TypeAlias = Literal", [pystr(api) for api, _ in self.sort_columns], brackets="[]"
        )
        items = [entry(1, pystr(api), pystr(attr)) for api, attr in self.sort_columns]
        mapping = literal(0, f"{self.names.sort_columns}: dict[{sort_field}, str] = ", items, "", "{}")
        return f"{alias}\n{mapping}"

    @cached_property
    def query_params(self) -> tuple[QueryParam, ...]:
        entity = self.entity
        values = {
            "query_key": BIGINT_QUERY_KEY if entity.id_python_type == "int" else entity.id_python_type,
            "sort_field": self.names.cls("SortField"),
            "default_order": pystr(camel_case(default_order_columns(audit=entity.audit)[0])),
            "searchable": ", ".join(f.api_name for f in entity.searchable),
        }
        params = []
        for name, query in list_query_parameters(searchable=bool(entity.searchable), audit=entity.audit):
            if (name, query) in AUDIT_QUERY_PARAMETERS:
                description = _audit_description(name)
                params.append(
                    QueryParam(name, "str | None", query, "None", description, ("pattern=DATETIME_QUERY_PATTERN",))
                )
                continue
            annotation, default, constraints, description = _FIXED_PARAMETERS[name]
            params.append(
                QueryParam(
                    name,
                    annotation.format(**values),
                    query,
                    default.format(**values),
                    description.format(**values),
                    tuple(constraints.split(", ")) if constraints else (),
                )
            )
        params += [
            QueryParam(
                filter_parameter(r.key_attr),
                f"{r.key_python_type} | None",
                r.api_name,
                "None",
                "Equal to this id.",
                BIGINT_BOUNDS if r.key_python_type == "int" else (),
            )
            for r in entity.to_one
        ]
        for f in entity.filter_fields:
            if f.enum_name:
                annotation, description = f"list[{f.enum_name}] | None", "Any of these values."
            else:
                annotation, description = "bool | None", "Equal to this value."
            params.append(QueryParam(filter_parameter(f.attr), annotation, f.api_name, "None", description))
        return tuple(params)

    @property
    def filters_provider(self) -> str:
        """`provide_<entity>_filters`: every query parameter of the list endpoint, typed, and the filters they make."""
        entity = self.entity
        params = [p.signature_line for p in self.query_params]
        head = call(0, f"def {self.names.filters_provider}", params, " -> list[StatementFilter]:")
        order = f"{self.names.sort_columns}[order_by]"
        # Each filter is an item of the returned list, indent 2 once it is exploded.
        items = [argument(2, "*page_filters", ["current_page", "page_size", order, "sort_order", "ids", "cursor"])]
        if entity.searchable:
            columns = "{" + ", ".join(pystr(f.attr) for f in entity.searchable) + "}"
            items.append(argument(2, "*search_filter", [columns, "search_string"]))
        for column in ("created", "updated") if entity.audit else ():
            items.append(argument(2, "*range_filter", [pystr(f"{column}_at"), f"{column}_after", f"{column}_before"]))
        equal = [(r.key_attr, "EqualTo") for r in entity.to_one]
        equal += [(f.attr, "*any_of" if f.enum_name else "EqualTo") for f in entity.filter_fields]
        items += [argument(2, helper, [pystr(attr), filter_parameter(attr)]) for attr, helper in equal]
        doc = f'    """The filters of GET /{entity.path}, one per query parameter."""'
        return f"{head}\n{doc}\n{literal(1, 'return ', items)}"

    def service_call(self, role: str) -> str:
        """The create, get, update or delete handler's call of the service (indent 2), split as ruff splits it."""
        id_param = self.names.id_param
        args = {"create": ["data"], "get": [id_param], "update": ["data", f"item_id={id_param}"], "delete": [id_param]}
        result = "_" if role == "delete" else "obj"
        return call(2, f"{result} = await {self.names.service_key}.{role}", args[role])

    @property
    def id_alias_line(self) -> str:
        """`BookId`: the annotated type of the path parameter, declared once per controller module."""
        entity = self.entity
        title = f"title={pystr(entity.class_name + ' ID')}"
        bounds = list(BIGINT_BOUNDS) if entity.id_python_type == "int" else []
        path_parameter = argument(1, "PathParameter", [title, 'description="The record\'s id."', *bounds])
        return call(
            0, f"{self.names.cls('Id')}: TypeAlias = Annotated", [entity.id_python_type, path_parameter], brackets="[]"
        )

    @property
    def dependencies_line(self) -> str:
        args = [self.names.cls("Service"), pystr(self.names.service_key), self.names.filters_provider]
        if self.entity.access is not None:
            # The service of the signed-in user: owned rows of others stay out of its queries.
            args.append(f"scoped_service({self.names.cls('Service')})")
        return call(1, "dependencies = service_dependencies", args)

    @property
    def access_imports(self) -> list[str]:
        """What the controller imports from app/lib/auth.py."""
        access = self.entity.access
        if access is None:
            return []
        levels = [access.of(operation) for operation in ROUTE_OPERATIONS.values()]
        names = {"scoped_service"}
        names |= {"PUBLIC", "OPTIONAL_BEARER"} if any(level.public for level in levels) else set()
        names |= {"BEARER", "requires"} if any(not level.public for level in levels) else set()
        names |= {"include_guard", "requires"} if self.entity.include_guards else set()
        return sorted(names)

    def response_schema(self, role: str) -> str:
        """What a handler answers a record as: with related records where it may carry them, else the Read schema."""
        entity = self.entity
        carries = (entity.includes and role in ("list", "get")) or (entity.embedded and role in ("create", "update"))
        return self.names.cls("Response" if carries else "Read")

    def handler(self, role: str) -> str:
        """The decorator and signature of a CRUD handler: `list`, `create`, `get`, `update` or `delete`."""
        names = self.names
        read, item = self.response_schema(role), f"{names.id_param}: {names.cls('Id')}"
        filters = "filters: NamedDependency[SkipValidation[list[StatementFilter]]]"
        include = [f"{INCLUDE_PARAMETER}: {names.cls('Include')} = None"] if self.entity.includes else []
        page = f"Annotated[{', '.join(page_arguments(read))}]"
        by_role = {
            "list": ("get", f"List {names.plural_label}", [filters, *include], page),
            "create": ("post", f"Create {names.a_label} record", [f"data: JSONBody[{names.cls('Create')}]"], read),
            "get": ("get", f"Get {names.a_label} record", [item, *include], read),
            "update": (
                "patch",
                f"Update {names.a_label} record",
                [f"data: JSONBody[{names.cls('Update')}]", item],
                read,
            ),
            "delete": ("delete", f"Delete {names.a_label} record", [item], "None"),
        }
        method, summary, params, returns = by_role[role]
        handler_name, operation = names.handlers[role]
        path_type = "uuid" if self.entity.primary_key == "uuid" else "int"
        args = [pystr(f"/{{{names.id_param}:{path_type}}}")] if item in params else []
        statuses = PROBLEM_STATUSES[role]
        access = []
        if self.entity.access is not None:
            level = self.entity.access.of(ROUTE_OPERATIONS[role])
            statuses = tuple(sorted({*statuses, *access_statuses(level)}))
            reads = role in ("list", "get")
            access = access_arguments(level, self.include_guard if reads else None)
            statuses = tuple(sorted({*statuses, *(self.include_statuses if reads else ())}))
        responses = ", ".join(str(status) for status in statuses)
        args += [
            f"operation_id={pystr(operation)}",
            f"summary={pystr(summary)}",
            *access,
            f"responses=problem_responses({responses})",
        ]
        service = parameter(2, names.service_key, f"NamedDependency[{names.cls('Service')}]")
        signature = call(1, f"async def {handler_name}", ["self", service, *params], f" -> {returns}:")
        *opening, last = signature.split("\n")
        if len(last) > LINE_LENGTH and role == "list":
            # As ruff splits a return annotation too long for its line: at the brackets of `Annotated[...]`.
            signature = "\n".join([*opening, call(1, ") -> Annotated", page_arguments(read), ":", "[]")])
        return f"{call(1, f'@{method}', args)}\n{signature}"

    @property
    def list_docstring(self) -> str:
        return docstring(
            2, f"A page of {self.names.plural_label}, filtered, searched and ordered by the query parameters."
        )

    def return_schema(self, role: str) -> str:
        """The last lines of a handler's body: the record (`obj`), or the page the filters ask for, as its answer."""
        service, schema = self.names.service_key, self.response_schema(role)
        if role == "list":
            include = [INCLUDE_PARAMETER] if self.entity.includes else []
            return call(2, f"return await {service}.page", [schema, "filters", *include])
        if schema == self.names.cls("Read"):
            return call(2, f"return {service}.to_schema", ["obj", f"schema_type={schema}"])
        args = [schema, "obj", *([INCLUDE_PARAMETER] if role == "get" else [])]
        return call(2, f"return await {service}.respond_one", args)

    @property
    def include_statuses(self) -> set[int]:
        """What the guard of `include` may answer: 401 to nobody signed in, 403 to a user without the roles."""
        return {status for i in self.entity.include_guards if i.read for status in access_statuses(i.read)}

    @property
    def include_guard(self) -> str | None:
        """The guard of `include` where some who may read this entity may not read the records it names."""
        return f"include_guard({self.names.constant}_INCLUDE_GUARDS)" if self.entity.include_guards else None

    @property
    def include_alias(self) -> str:
        """`<Entity>Relation`, the names of the relations, and `<Entity>Include`: the `include` query parameter of get
        and list, which takes them."""
        relation = self.names.cls("Relation")
        names = [pystr(i.api_name) for i in self.entity.includes]
        choices = call(0, f"{relation}: TypeAlias = Literal", names, brackets="[]")
        # The same text for every entity: a label would make the line longer than the formatter keeps it.
        description = "Related records to add to each record (repeat for several); one level deep."
        query_parameter = argument(1, "QueryParameter", [f"description={pystr(description)}"])
        alias = f"{self.names.cls('Include')}: TypeAlias = Annotated"
        return choices + "\n" + call(0, alias, [f"list[{relation}] | None", query_parameter], brackets="[]")

    @property
    def include_guards(self) -> str:
        """Who may name each relation in `include` where not everyone who may read the entity may: who may read its
        records at their own endpoint."""
        items = [
            argument(1, f"{pystr(i.api_name)}: requires", [pystr(role) for role in i.read.roles])
            for i in self.entity.include_guards
            if i.read is not None
        ]
        return literal(0, f"{self.names.constant}_INCLUDE_GUARDS = ", items, "", "{}")

    @property
    def response_class(self) -> str:
        """`<Entity>Response`: the Read schema with the related records, those asked for by `include` (left out
        otherwise) and those embedded (always there)."""
        entity, names = self.entity, self.names
        doc = f"{names.a_label.capitalize()} record with the related records asked for by `include`"
        doc += ", and those it always carries." if entity.embedded else "."
        lines = []
        for i in entity.includes:
            default = "" if i.embed else "MISSING"
            lines.append(attribute(1, i.name, i.annotation, default))
            lines += [attribute(1, i.truncated, f"bool{'' if i.embed else ' | MISSING'}", default)] if i.many else []
        head = f"class {names.cls('Response')}({names.cls('Read')}):"
        return "\n".join([head, docstring(1, doc), "", *lines])

    @cached_property
    def imports(self) -> str:
        entity = self.entity
        imports = Imports().add("typing", "Annotated", "Literal", "TypeAlias")
        imports.add("uuid", *(["UUID"] if any("UUID" in p.annotation for p in self.query_params) else []))
        imports.add("advanced_alchemy.filters", "StatementFilter")
        imports.add("litestar", "Controller", "delete", "get", "patch", "post")
        imports.add("litestar.di", "NamedDependency")
        imports.add("litestar.params", "JSONBody", "PathParameter", "QueryParameter", "SkipValidation")
        imports.add("app.db.models.enums", *sorted({f.enum_name for f in entity.filter_fields if f.enum_name}))
        imports.add(f"app.domain.{entity.package}.schemas", *(self.names.cls(s) for s in ("Create", "Read", "Update")))
        imports.add(f"app.domain.{entity.package}.services", self.names.cls("Service"))
        lib = ["DEFAULT_PAGE_SIZE", "MAX_PAGE", "MAX_PAGE_SIZE", "SortOrder", "page_filters", "service_dependencies"]
        lib += [BIGINT_QUERY_KEY] if any(BIGINT_QUERY_KEY in p.annotation for p in self.query_params) else []
        uses_bounds = any(p.constraints == BIGINT_BOUNDS for p in self.query_params) or entity.id_python_type == "int"
        lib += ["INT64_BOUNDS"] if uses_bounds else []
        lib += ["search_filter"] if entity.searchable else []
        lib += ["range_filter"] if entity.audit else []
        lib += ["EqualTo"] if entity.to_one or any(not f.enum_name for f in entity.filter_fields) else []
        lib += ["any_of"] if any(f.enum_name for f in entity.filter_fields) else []
        imports.add("app.lib.filters", *lib)
        imports.add("app.lib.inputs", *(["DATETIME_QUERY_PATTERN"] if entity.audit else []))
        imports.add("app.lib.inputs", *(["TEXT_PATTERN"] if entity.searchable else []))
        imports.add("app.lib.inputs", *(["INT64_MAX", "INT64_MIN"] if uses_bounds else []))
        imports.add("app.lib.openapi", "problem_responses")
        imports.add("app.lib.auth", *self.access_imports)
        imports.add("pydantic", *(["MISSING"] if any(not i.embed for i in entity.includes) else []))
        imports.add("app.lib.pages", "PageOf", "page_component")
        for i in entity.includes:
            imports.add(f"app.domain.{i.target.package}.schemas", i.schema)
        return imports.render()
