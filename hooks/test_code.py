"""The code of the generated tests: each entity's `EntityCase` in tests/factories.py and its short test module
(`entity.tests`), which names the groups of tests in tests/crud.py that apply to it; `project.tests` for the rest."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from .code import INDENT, LINE_LENGTH, Imports, argument, docstring, entry, exploded, literal, py, pystr
from .names import USER_NAMES
from .spec_model import OPERATIONS, AccessLevel
from .test_values import SAMPLE_COUNT, field_values

if TYPE_CHECKING:
    from .views import EntityView, FieldView, IncludeView, ProjectView

# Field types whose samples sort in the order of their text.
_ORDERABLE_TYPES = frozenset({"str", "text", "email", "url", "int", "bigint", "float", "date"})
UNKNOWN_IDS = {"uuid": '"0f0f0f0f-0000-4000-8000-000000000000"', "bigint": "2**62"}


def level_literal(level: AccessLevel) -> str:
    """An access level as tests/access.py reads it: "public", "authenticated", or the tuple of roles that pass."""
    if level.public:
        return pystr("public")
    if level.authenticated:
        return pystr("authenticated")
    return literal(0, "", [pystr(role) for role in level.roles], brackets="()")


def user_case_entry() -> str:
    """The case of the built-in users (at /users, for admins): the target of relations to User."""
    samples = [
        f'{INDENT * 3}{{"email": "user{i}@example.com", "password": "password-{i}", "roles": []}}'
        for i in range(SAMPLE_COUNT)
    ]
    args = [
        f"key={pystr(USER_NAMES.snake)}",
        f"url={pystr('/' + USER_NAMES.path)}",
        exploded(2, "samples=", samples).strip(),
        f"unknown_id={UNKNOWN_IDS['uuid']}",
    ]
    inner = "".join(f"{INDENT * 2}{arg},\n" for arg in args)
    return f"{INDENT}{pystr(USER_NAMES.snake)}: EntityCase(\n{inner}{INDENT}),"


def _keyword_tuple(keyword: str, items: list[str]) -> str:
    """`keyword=(items)` as one argument of the EntityCase(...) call (indent 2, a comma after it)."""
    return literal(2, f"{keyword}=", items, ",", "()").strip().removesuffix(",")


def _include_arguments(include: IncludeView) -> list[str]:
    """The arguments of an `Include(...)` of tests/crud.py: the relation's name, its target, whether it is a list,
    the key that links its records, and what applies of the rest."""
    args = [pystr(include.api_name), pystr(include.target.snake), str(include.many), pystr(include.key)]
    flags = {"back": include.back, "key_is_list": include.key_is_list, "embed": include.embed}
    flags["summary"] = include.summary
    return args + [f"{name}=True" for name, value in flags.items() if value]


class TestCode:
    """tests/<entities>/test_<entities>_api.py, and the entity's case in tests/factories.py."""

    def __init__(self, entity: EntityView) -> None:
        self.entity = entity

    @cached_property
    def values(self) -> dict[str, tuple[list[Any], list[str]]]:
        """(samples, bad values) by field name."""
        return {f.name: field_values(f.spec, self.entity.name, f.enum_values) for f in self.entity.fields}

    def samples(self, field: FieldView) -> list[Any]:
        return self.values[field.name][0]

    @property
    def required_inputs(self) -> tuple[str, ...]:
        """API names a create body must contain."""
        entity = self.entity
        names = [f.api_name for f in entity.fields if not f.nullable and not f.spec.has_default]
        return tuple(names + [r.api_name for r in entity.required_to_one])

    @property
    def update_example(self) -> tuple[str, Any] | None:
        """(api name, value) of a field to change in the update test: record 1's value, which differs from 0's."""
        for f in self.entity.fields:
            if self.samples(f)[1] != self.samples(f)[0]:
                return f.api_name, self.samples(f)[1]
        return None

    @property
    def order_example(self) -> FieldView | None:
        """A field whose samples sort differently than they were created, to test orderBy."""
        for f in self.entity.sortable:
            if f.spec.type in _ORDERABLE_TYPES and len(set(map(str, self.samples(f)))) == SAMPLE_COUNT:
                return f
        return None

    @property
    def nullable_order(self) -> FieldView | None:
        """An optional field lists may be ordered by, to test where NULLs come."""
        return next((f for f in self.entity.sortable if f.nullable), None)

    @property
    def unknown_id(self) -> str:
        return UNKNOWN_IDS[self.entity.primary_key]

    @property
    def relation_bad_values(self) -> list[str]:
        """`(key, id)` of each to-one relation with a bigint key: an id beyond 64 bits, which none can hold."""
        return [f"({pystr(r.api_name)}, {2**64})" for r in self.entity.to_one if r.key_python_type == "int"]

    @property
    def groups(self) -> list[str]:
        """The groups of tests that apply to the entity, by module: tests/crud.py's, tests/paging.py's (lists),
        tests/includes.py's and tests/access.py's."""
        access = ["access.AccessTests"] if self.entity.access is not None else []
        access += ["access.OwnedTests"] if self.entity.owned else []
        access += ["access.IncludeAccessTests"] if self.entity.access is not None and self.entity.includes else []
        includes = ["includes.IncludeTests"] if self.entity.includes else []
        pages = ["paging.ListTests", "paging.CursorTests", *(["paging.NullOrderTests"] if self.nullable_order else [])]
        return [f"crud.{group}" for group in self.crud_groups] + pages + includes + access

    @property
    def modules(self) -> str:
        """The modules of tests/ whose groups the entity's test class takes."""
        modules = ["crud", "paging", *(["includes"] if self.entity.includes else [])]
        modules += ["access"] if self.entity.access is not None else []
        return ", ".join(sorted(modules))

    @property
    def crud_groups(self) -> list[str]:
        """The groups of tests/crud.py that apply to the entity."""
        entity = self.entity
        applies = {
            "CrudTests": True,
            "InvalidValueTests": any(bad for _, bad in self.values.values()) or bool(self.relation_bad_values),
            "RequiredFieldTests": bool(self.required_inputs),
            "UniqueTests": bool(entity.unique_fields),
            "SearchTests": bool(entity.searchable),
            "OrderTests": self.order_example is not None,
            "AuditTests": entity.audit,
            "ManyToManyTests": bool(entity.many_to_many),
            "ToOneTests": bool(entity.to_one),
            "RequiredToOneFilterTests": bool(entity.required_to_one),
            "FieldFilterTests": bool(entity.filter_fields),
        }
        return [group for group, applied in applies.items() if applied]

    @property
    def class_line(self) -> str:
        bases = ", ".join(self.groups)
        line = f"class {self.entity.names.test_class}({bases}):"
        if len(line) <= LINE_LENGTH:
            return line
        return exploded(0, f"class {self.entity.names.test_class}", [f"{INDENT}{g}" for g in self.groups], ":", "()")

    @property
    def class_docstring(self) -> str:
        return docstring(1, f"The groups of tests that apply to {self.entity.names.plural_label}.")

    @property
    def payload_factory_docstring(self) -> str:
        label = self.entity.names.label
        return docstring(1, f"A valid body to create {label} number `index` (0 to 2), creating the records it needs.")

    @property
    def create_factory_docstring(self) -> str:
        label = self.entity.names.label
        return docstring(
            1, f"Create {label} number `index` through the API (once per test) and return the response body."
        )

    def _arguments(self) -> list[str]:
        """The keyword arguments of the entity's EntityCase(...), each as one line at indent 2."""
        entity = self.entity
        # Each item is followed by a comma: room for it is left when deciding whether an item fits on its line.
        rows = [
            literal(3, "", [entry(4, pystr(f.api_name), py(self.samples(f)[index])) for f in entity.fields], ",", "{}")
            for index in range(SAMPLE_COUNT)
        ]
        args = [
            f"key={pystr(entity.names.snake)}",
            f"url={pystr('/' + entity.path)}",
            exploded(2, "samples=", [f"{INDENT * 3}{row.strip().removesuffix(',')}" for row in rows]).strip(),
            f"unknown_id={self.unknown_id}",
        ]
        if self.update_example:
            name, value = self.update_example
            args.append(literal(2, "update=", [pystr(name), py(value)], ",", "()").strip().removesuffix(","))
        fields = {f.name: f for f in entity.fields}
        bad = [
            f"({pystr(fields[name].api_name)}, {value})"
            for name, (_, values) in self.values.items()
            for value in values
        ]
        bad += self.relation_bad_values
        if bad:
            args.append(exploded(2, "bad_values=", [f"{INDENT * 3}{item}" for item in bad]).strip())
        for keyword, names in (
            ("required", self.required_inputs),
            ("unique", tuple(f.api_name for f in entity.unique_fields)),
            ("searchable", tuple(f.api_name for f in entity.searchable)),
        ):
            if names:
                args.append(_keyword_tuple(keyword, [pystr(name) for name in names]))
        if self.order_example:
            args.append(f"order_by={pystr(self.order_example.api_name)}")
        if self.nullable_order:
            args.append(f"nullable_order={pystr(self.nullable_order.api_name)}")
        to_one = [
            argument(
                3,
                "ToOne",
                [
                    pystr(r.api_name),
                    pystr(r.target.snake),
                    f"nullable={r.nullable}",
                    f"on_delete={pystr(r.spec.on_delete)}",
                ],
            )
            for r in entity.to_one
        ]
        links = [
            argument(
                3, "ManyToMany", [pystr(r.api_name), pystr(r.target.snake), f"self_reference={r.is_self_reference}"]
            )
            for r in entity.many_to_many
        ]
        filters = [
            argument(3, "FieldFilter", [pystr(f.api_name), f"is_enum={bool(f.enum_name)}"])
            for f in entity.filter_fields
        ]
        includes = [argument(3, "Include", _include_arguments(i)) for i in entity.includes]
        for keyword, items in (
            ("to_one", to_one),
            ("many_to_many", links),
            ("filters", filters),
            ("includes", includes),
        ):
            if items:
                args.append(_keyword_tuple(keyword, items))
        if not entity.audit:
            args.append("audit=False")
        if entity.access is not None:
            levels = [f"{pystr(op)}: {level_literal(entity.access.of(op))}" for op in OPERATIONS]
            args.append(literal(2, "access=", levels, ",", "{}").strip().removesuffix(","))
            args += ["owned=True", f"table={pystr(entity.table)}"] if entity.owned else []
        return args

    @cached_property
    def case_entry(self) -> str:
        """The entity's item of CASES in tests/factories.py, at indent 1."""
        inner = "".join(f"{INDENT * 2}{arg},\n" for arg in self._arguments())
        return f"{INDENT}{pystr(self.entity.names.snake)}: EntityCase(\n{inner}{INDENT}),"


class ProjectTestCode:
    """tests/factories.py."""

    def __init__(self, project: ProjectView) -> None:
        self.project = project

    @cached_property
    def case_entries(self) -> list[str]:
        users = [user_case_entry()] if self.project.user is not None else []
        return users + [entity.tests.case_entry for entity in self.project.entities]

    @property
    def imports(self) -> str:
        entities = self.project.entities
        imports = Imports().add("typing", "Any").add("tests.crud", "Client", "EntityCase", "create", "payload")
        imports.add("tests.crud", *(["ToOne"] if any(e.to_one for e in entities) else []))
        imports.add("tests.crud", *(["ManyToMany"] if any(e.many_to_many for e in entities) else []))
        imports.add("tests.crud", *(["FieldFilter"] if any(e.filter_fields for e in entities) else []))
        imports.add("tests.crud", *(["Include"] if any(e.includes for e in entities) else []))
        uses_json = any(f.spec.type == "json" for e in entities for f in e.fields)
        imports.add("tests.crud", *(["TOO_DEEP_JSON"] if uses_json else []))
        return imports.render()
