"""The view model the templates render: the validated spec with every name resolved (from names.py), as data; the
views of fields and relations are member_views.py's.

The code of each generated layer comes from its own module and is reached from an entity as `entity.model`
(model_code.py), `entity.api` (api_code.py: schemas, repository, service), `entity.routes` (routes_code.py) and
`entity.tests` (test_code.py); from the project as `project.models`, `project.app` and `project.tests`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from .api_code import ApiCode
from .app_code import AppCode
from .cases import camel_case, snake_case
from .code import one_line
from .member_views import KEY_PYTHON_TYPES, BackReferenceView, FieldView, IncludeView, LinkTable, RelationView
from .model_code import ModelCode, ProjectModelCode
from .names import (
    ADMIN_ROLE,
    AUTH_OPERATIONS,
    AUTH_ROUTE,
    INCLUDE_PARAMETER,
    OWNER_COLUMN,
    TRUNCATED_SUFFIX,
    USER_SUMMARY,
    EntityNames,
    association_table,
    list_query_parameters,
)
from .recorded_names import record
from .reserved_names import attribute
from .routes_code import RoutesCode
from .schema import forward_references, project_tables
from .spec_model import (
    OPERATIONS,
    Access,
    AccessLevel,
    AuthSpec,
    EntitySpec,
    FieldSpec,
    PrimaryKey,
    RelationSpec,
    Spec,
)
from .sql_types import field_type
from .test_code import ProjectTestCode, TestCode

__all__ = [
    "BackReferenceView",
    "EntityView",
    "EnumView",
    "FieldView",
    "IncludeView",
    "ProjectView",
    "RelationView",
    "build_project",
]


@dataclass(frozen=True)
class EntityView:
    spec: EntitySpec
    fields: tuple[FieldView, ...]
    relations: tuple[RelationView, ...]
    back_references: tuple[BackReferenceView, ...]
    # Plural labels of the entities whose `on_delete: restrict` relations forbid deleting a referenced row.
    restricted_by: tuple[str, ...] = ()
    # The relations a response may carry as records: its own, then those other entities' relations give it.
    includes: tuple[IncludeView, ...] = ()
    # The key columns of relations that close a cycle (schema.forward_references): created after the tables.
    deferred_keys: frozenset[str] = frozenset()

    @property
    def names(self) -> EntityNames:
        return self.spec.names

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def class_name(self) -> str:
        return self.spec.name

    @property
    def module(self) -> str:
        return self.names.module

    @property
    def package(self) -> str:
        return self.names.package

    @property
    def table(self) -> str:
        return self.names.table

    @property
    def path(self) -> str:
        return self.names.path

    @property
    def description(self) -> str:
        return one_line(self.spec.description) or f"{self.names.a_label.capitalize()} record."

    @property
    def audit(self) -> bool:
        return self.spec.audit

    @property
    def primary_key(self) -> PrimaryKey:
        return self.spec.primary_key

    @property
    def access(self) -> Access | None:
        """Who may do each operation; None without `auth`."""
        return self.spec.access

    @property
    def owned(self) -> bool:
        return self.spec.owned

    @property
    def access_labels(self) -> tuple[str, ...]:
        """Who may read, create, update and delete, in words (the generated README)."""
        if self.spec.access is None:
            return ()
        return tuple(self.spec.access.of(operation).label for operation in OPERATIONS)

    @property
    def id_python_type(self) -> str:
        return KEY_PYTHON_TYPES[self.spec.primary_key]

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
    def include_label(self) -> str:
        """The names `include` takes, embedded ones marked (the generated README); a dash for none."""
        labels = [f"`{i.api_name}`" + (" (embedded)" if i.embed else "") for i in self.includes]
        return ", ".join(labels) or "-"

    @property
    def embedded(self) -> tuple[IncludeView, ...]:
        return tuple(i for i in self.includes if i.embed)

    @property
    def include_guards(self) -> tuple[IncludeView, ...]:
        """Includes whose records some who may read this entity may not read at their own endpoint."""
        read = self.spec.access.read if self.spec.access is not None else None
        return tuple(i for i in self.includes if read and i.read is not None and not i.read.admits(read))

    @property
    def searchable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.spec.searchable)

    @property
    def sortable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.sortable)

    @property
    def unique_fields(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.spec.unique)

    @cached_property
    def filter_fields(self) -> tuple[FieldView, ...]:
        """Fields the list endpoint filters by equality (booleans) or membership (enums); not those whose name is
        one of the list's own query parameters."""
        fixed = list_query_parameters(searchable=bool(self.searchable), audit=self.audit)
        taken = {query for _, query in fixed} | ({INCLUDE_PARAMETER} if self.includes else set())
        return tuple(f for f in self.fields if (f.enum_name or f.spec.type == "bool") and f.api_name not in taken)

    @property
    def enums_used(self) -> tuple[str, ...]:
        return tuple(sorted({f.enum_name for f in self.fields if f.enum_name}))

    @property
    def related_classes(self) -> tuple[str, ...]:
        """Other models named in this one's annotations."""
        names = {r.target_class for r in self.relations} | {b.source_class for b in self.back_references}
        return tuple(sorted(names - {self.class_name}))

    @cached_property
    def model(self) -> ModelCode:
        return ModelCode(self)

    @cached_property
    def api(self) -> ApiCode:
        return ApiCode(self)

    @cached_property
    def routes(self) -> RoutesCode:
        return RoutesCode(self)

    @cached_property
    def tests(self) -> TestCode:
        return TestCode(self)


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
    auth: AuthSpec | None = None
    # The built-in User when `auth` is on: its table and diagram come from it as from an entity's; its code does not.
    user: EntityView | None = None

    @property
    def stored_entities(self) -> tuple[EntityView, ...]:
        """Every entity with a table: the built-in User first when `auth` is on (its table is the others' target)."""
        return (self.user, *self.entities) if self.user is not None else self.entities

    @property
    def owned(self) -> tuple[EntityView, ...]:
        return tuple(e for e in self.entities if e.owned)

    @property
    def owner_column(self) -> str:
        return OWNER_COLUMN

    @property
    def names(self) -> dict[str, Any]:
        """The registry's names the templates write (names.py): admin role, /auth route and its operations, the
        built-in user's summary, the `include` parameter and the suffix of an included list's flag."""
        return {
            "admin_role": ADMIN_ROLE,
            "auth_route": AUTH_ROUTE,
            "auth_operations": AUTH_OPERATIONS,
            "user_summary": USER_SUMMARY,
            "include_parameter": INCLUDE_PARAMETER,
            "truncated_suffix": TRUNCATED_SUFFIX,
        }

    @property
    def auth_roles(self) -> tuple[str, ...]:
        """Every role a user may hold: `admin`, then the spec's (none without `auth`)."""
        return (ADMIN_ROLE, *self.auth.roles) if self.auth else ()

    def entity(self, name: str) -> EntityView:
        return next(e for e in self.entities if e.name == name)

    @cached_property
    def models(self) -> ProjectModelCode:
        return ProjectModelCode(self)

    @cached_property
    def app(self) -> AppCode:
        return AppCode(self)

    @cached_property
    def tests(self) -> ProjectTestCode:
        return ProjectTestCode(self)

    @cached_property
    def recorded_names(self) -> dict[str, Any]:
        """What .copier-answers.yml records of the names each entity was generated with (recorded_names.py)."""
        plurals = {e.name: e.names.plural for e in self.entities}
        keys = {(e.name, r.name): r.key_attr for e in self.entities for r in e.many_to_many}
        return record(plurals, keys)


def _relation_view(relation: RelationSpec, owner: EntitySpec, spec: Spec) -> RelationView:
    target = spec.entity(relation.target)
    link = None
    if relation.kind == "many_to_many":
        # `Product.categories` would take the table of an entity `ProductCategory` (or a PostgreSQL enum type's name).
        taken = {e.names.table for e in spec.entities} | {snake_case(e.name) for e in spec.enums}
        target_column = f"{target.names.snake}_id" if target.name != owner.name else f"{relation.name}_id"
        link = LinkTable(
            association_table(owner.names.snake, relation.name, taken), f"{owner.names.snake}_id", target_column
        )
    return RelationView(relation, owner.name, target.names, target.primary_key, link, target.owned)


def _includes(entity: EntitySpec, back_references: list[BackReferenceView], spec: Spec) -> tuple[IncludeView, ...]:
    """What `include` may name on the entity: each relation, then each back reference, as its records."""

    def read(target: EntitySpec) -> AccessLevel | None:
        # A user seen through a relation shows only its id and email, to whoever may read the record.
        return target.access.read if target.access is not None and target is not spec.user else None

    includes = []
    for relation in entity.relations:
        target = spec.entity(relation.target)
        many = not relation.is_to_one
        include = IncludeView(
            relation.name,
            target.names,
            many,
            nullable=not relation.required or target.owned,
            embed=relation.embed,
            read=read(target),
            summary=target is spec.user,
            key=camel_case(relation.key_attr),
            key_is_list=many,
        )
        includes.append(include)
    for back in back_references:
        source, key = spec.entity(back.source_class), back.source_relation
        include = IncludeView(
            back.name,
            source.names,
            back.is_list,
            nullable=True,
            read=read(source),
            key=key.api_name,
            back=True,
            key_is_list=not key.is_to_one,
        )
        includes.append(include)
    return tuple(includes)


def _field_view(spec: FieldSpec, enums: dict[str, tuple[str, ...]]) -> FieldView:
    values = enums[spec.enum] if spec.enum else ()
    return FieldView(spec, attribute(spec.name), camel_case(spec.name), field_type(spec), values)


def build_project(spec: Spec) -> ProjectView:
    enum_values = {e.name: e.values for e in spec.enums}
    relations = {e.name: tuple(_relation_view(r, e, spec) for r in e.relations) for e in spec.entities}
    back_references: dict[str, list[BackReferenceView]] = {e.name: [] for e in spec.entities}
    for owner, owned in relations.items():
        for relation in owned:
            if relation.spec.back_populates:
                back_references[relation.target_class].append(
                    BackReferenceView(relation.spec.back_populates, owner, relation)
                )

    def restricting(target: str) -> tuple[str, ...]:
        """Plural labels of the entities whose restrict relations keep rows of `target` from being deleted."""
        return tuple(
            sorted(
                {
                    spec.entity(owner).names.plural_label
                    for owner, owned in relations.items()
                    for r in owned
                    if r.target_class == target and r.is_to_one and r.spec.on_delete == "restrict"
                }
            )
        )

    entities = []
    for entity in spec.entities:
        entities.append(
            EntityView(
                spec=entity,
                fields=tuple(_field_view(f, enum_values) for f in entity.fields),
                relations=relations[entity.name],
                back_references=tuple(back_references[entity.name]),
                restricted_by=restricting(entity.name),
                includes=_includes(entity, back_references[entity.name], spec),
            )
        )
    enums = tuple(EnumView(e.name, snake_case(e.name), e.values) for e in spec.enums)
    user = None
    if spec.user is not None:
        fields = tuple(_field_view(f, enum_values) for f in spec.user.fields)
        user = EntityView(spec.user, fields, (), (), restricted_by=restricting(spec.user.name))
    project = ProjectView(enums=enums, entities=tuple(entities), auth=spec.auth, user=user)
    # The order of the tables decides which keys of a cycle of relations come after them: the models say so too.
    later = forward_references(project_tables(project))
    if not later:
        return project
    deferred = [replace(e, deferred_keys=frozenset(c for t, c in later if t == e.table)) for e in entities]
    return replace(project, entities=tuple(deferred))
