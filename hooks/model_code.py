"""The code of app/db/models/: one SQLAlchemy model per entity (`entity.model`), the package's `__init__`
(`project.models`). Every property is whole lines, indented where they land in the module."""

from __future__ import annotations

import textwrap
from functools import cached_property
from typing import TYPE_CHECKING

from .code import (
    INDENT,
    LINE_LENGTH,
    Imports,
    argument,
    attribute,
    call,
    docstring,
    exploded,
    isort_sorted,
    literal,
    long_str,
    py,
    pystr,
)
from .names import (
    OWNER_COLUMN,
    POSTGRESQL_IDENTIFIER_LIMIT,
    USER_NAMES,
    default_order_columns,
    index_name,
    model_module,
)
from .sql_types import expression, field_checks, sqlalchemy_class

if TYPE_CHECKING:
    from .views import BackReferenceView, EntityView, FieldView, ProjectView, RelationView


def _default_literal(field: FieldView) -> str | None:
    default = field.spec.default
    if default is None:
        return None
    if field.enum_name:
        return f"{field.enum_name}.{str(default).upper()}"
    return py(default)


def _column_lines(field: FieldView) -> list[str]:
    """The field's description as comments, then its `mapped_column`."""
    comments = [f"{INDENT}# {line}" for line in textwrap.wrap(field.description, LINE_LENGTH - 6)]
    args = [pystr(field.name)] if field.needs_column_name else []
    if field.enum_name and field.sql_type.enum:
        sql_name = pystr(field.sql_type.enum)
        # An argument of mapped_column(...): indent 2 once that call is exploded.
        args.append(argument(2, "Enum", [field.enum_name, f"name={sql_name}", "values_callable=enum_values"]))
    else:
        args.append(expression(field.sql_type, qualified=False))
    args += ["index=True"] if field.spec.index else []
    args += ["unique=True"] if field.spec.unique else []
    default = _default_literal(field)
    args += [f"default={default}"] if default else []
    return [*comments, attribute(1, field.attr, f"Mapped[{field.annotation}]", "mapped_column", args)]


def _self_joins(relation: RelationView, indent: int, *, reverse: bool) -> list[str]:
    """A many-to-many self reference names which association column points at which side (arguments at `indent`:
    a condition too long for its line is split into parts)."""
    if relation.link is None or not relation.is_self_reference:
        return []
    link = relation.link
    near, far = (link.target_column, link.owner_column) if reverse else (link.owner_column, link.target_column)
    joins = [
        long_str(f"{relation.owner}.id == {link.name}.c.{near}", indent, "primaryjoin="),
        long_str(f"{relation.owner}.id == {link.name}.c.{far}", indent, "secondaryjoin="),
    ]
    # Self-referential eager loading does not happen at all without a join depth.
    return joins if reverse else [*joins, "join_depth=1"]


def _key_column_line(relation: RelationView, deferred: bool) -> str:
    """The relation's key column; `deferred` for a key of a cycle of relations, which is created after the tables
    (`use_alter`, as the migrations do it) and which SQLAlchemy leaves out when it orders the tables."""
    args = ["BigInteger"] if relation.target_pk == "bigint" else []
    key = [pystr(relation.target_table + ".id"), f"ondelete={pystr(relation.on_delete_sql)}"]
    args.append(argument(2, "ForeignKey", key + (["use_alter=True"] if deferred else [])))
    args.append("unique=True" if relation.kind == "one_to_one" else "index=True")
    annotation = f"{relation.key_python_type} | None" if relation.nullable else relation.key_python_type
    return call(1, f"{relation.key_attr}: Mapped[{annotation}] = mapped_column", args)


def _relationship_line(relation: RelationView) -> str:
    if relation.link is None:
        annotation = f"{relation.target_class} | None" if relation.nullable else relation.target_class
    else:
        annotation = f"list[{relation.target_class}]"

    def args(indent: int) -> list[str]:
        if relation.link is None:
            found = [f"foreign_keys=[{relation.key_attr}]"]
            found += [f"remote_side={pystr(relation.owner + '.id')}"] if relation.is_self_reference else []
        else:
            # The link table by name, as the other side names it: a field of the link table's name would shadow the
            # module's variable in the class body.
            found = [f"secondary={pystr(relation.link.name)}", *_self_joins(relation, indent, reverse=False)]
            found += ['lazy="selectin"', "passive_deletes=True"]
        back = relation.spec.back_populates
        return found + ([f"back_populates={pystr(back)}"] if back else [])

    return attribute(1, relation.name, f"Mapped[{annotation}]", "relationship", args)


def _back_reference_line(back: BackReferenceView) -> str:
    relation = back.source_relation
    annotation = f"list[{back.source_class}]" if back.is_list else f"{back.source_class} | None"

    def args(indent: int) -> list[str]:
        found = [f"back_populates={pystr(relation.name)}"]
        if relation.link is None:
            found.append(f"foreign_keys={pystr(f'{back.source_class}.{relation.key_attr}')}")
        else:
            found.append(f"secondary={pystr(relation.link.name)}")
            found += _self_joins(relation, indent, reverse=True)
        return [*found, "passive_deletes=True"]

    return attribute(1, back.name, f"Mapped[{annotation}]", "relationship", args)


def _link_table(relation: RelationView, owner_table: str) -> str:
    """The many-to-many link table: one row per link, removed with either side unless the rule is restrict."""
    if relation.link is None:
        raise ValueError(f"{relation.owner}.{relation.name} is no many-to-many relation")
    link = relation.link
    owner_key = call(1, "ForeignKey", [pystr(f"{owner_table}.id"), 'ondelete="CASCADE"'])
    target_key = call(
        1, "ForeignKey", [pystr(f"{relation.target_table}.id"), f"ondelete={pystr(relation.on_delete_sql)}"]
    )
    owner_column = [pystr(link.owner_column), owner_key.strip(), "primary_key=True"]
    target_column = [pystr(link.target_column), target_key.strip(), "primary_key=True", "index=True"]
    columns = [argument(1, "Column", owner_column), argument(1, "Column", target_column)]
    args = [pystr(link.name), "orm_registry.metadata", *columns]
    return exploded(0, f"{link.name} = Table", [f"{INDENT}{arg.strip()}" for arg in args], "", "()")


class ModelCode:
    """app/db/models/<entity>.py."""

    def __init__(self, entity: EntityView) -> None:
        self.entity = entity

    @property
    def base_class(self) -> str:
        prefix = "UUID" if self.entity.primary_key == "uuid" else "BigInt"
        return f"{prefix}{'Audit' if self.entity.audit else ''}Base"

    @property
    def docstring(self) -> str:
        return docstring(1, self.entity.description)

    @property
    def link_tables(self) -> list[str]:
        return [_link_table(r, self.entity.table) for r in self.entity.many_to_many]

    @property
    def order_index(self) -> list[str]:
        """The index behind the default order of lists, where it is not the primary key's."""
        order = default_order_columns(audit=self.entity.audit)
        if len(order) == 1:
            return []
        name = pystr(index_name(self.entity.table, order))
        # Marked final (`conv`) where PostgreSQL needs it shortened: it is then shortened as the migration's `op.f()`
        # name is, and as every name the naming convention gives.
        marked = argument(3, "conv", [name]) if self._long_order_index else name
        return [call(2, "Index", [marked, *(pystr(c) for c in order)])]

    @property
    def _long_order_index(self) -> bool:
        order = default_order_columns(audit=self.entity.audit)
        return len(index_name(self.entity.table, order)) > POSTGRESQL_IDENTIFIER_LIMIT

    @property
    def checks(self) -> list[str]:
        """The CHECK constraints of min/max bounds."""
        checks = [check for f in self.entity.fields for check in field_checks(f.spec)]
        return [call(2, "CheckConstraint", [pystr(c.sql), f"name={pystr(c.name)}"]) for c in checks]

    @property
    def table_args(self) -> str:
        """`__table_args__` with the indexes and constraints that no column states ("" when there are none)."""
        constraints = self.order_index + self.checks
        return literal(1, "__table_args__ = ", constraints, brackets="()") if constraints else ""

    @cached_property
    def attribute_lines(self) -> list[str]:
        """Columns and relationships, in the order of the class body."""
        entity = self.entity
        lines = [line for f in entity.fields for line in _column_lines(f)]
        for r in entity.to_one:
            lines += [_key_column_line(r, r.key_attr in entity.deferred_keys), _relationship_line(r)]
        lines += [_relationship_line(r) for r in entity.many_to_many]
        if entity.owned:
            owner_key = f'ForeignKey({pystr(USER_NAMES.table + ".id")}, ondelete="SET NULL")'
            lines += [
                f"{INDENT}# The user who created the row (app/lib/auth.py); rows without one are the admins' only.",
                call(1, f"{OWNER_COLUMN}: Mapped[UUID | None] = mapped_column", [owner_key, "index=True"]),
            ]
        return lines + [_back_reference_line(b) for b in entity.back_references]

    @cached_property
    def imports(self) -> str:
        entity = self.entity
        imports = (
            Imports()
            .add("__future__", "annotations")
            .python_types(
                [f.python_type for f in entity.fields]
                + [r.key_python_type for r in entity.relations]
                + (["UUID"] if entity.owned else [])
            )
        )
        imports.add("typing", *(["TYPE_CHECKING"] if entity.related_classes else []))
        imports.add("advanced_alchemy.base", self.base_class, *(["orm_registry"] if entity.many_to_many else []))
        for f in entity.fields:
            type_class, module = sqlalchemy_class(f.sql_type)
            imports.add(module, type_class)
        if any(r.target_pk == "bigint" and r.is_to_one for r in entity.relations):
            imports.add("sqlalchemy", "BigInteger")
        imports.add("sqlalchemy", *(["ForeignKey"] if entity.relations or entity.owned else []))
        imports.add("sqlalchemy", *(["Column", "Table"] if entity.many_to_many else []))
        imports.add("sqlalchemy", *(["Index"] if self.order_index else []))
        imports.add("sqlalchemy.schema", *(["conv"] if self.order_index and self._long_order_index else []))
        imports.add("sqlalchemy", *(["CheckConstraint"] if self.checks else []))
        imports.add(
            "sqlalchemy.orm",
            *(["Mapped"] if entity.fields or entity.relations or entity.back_references or entity.owned else []),
        )
        imports.add("sqlalchemy.orm", *(["mapped_column"] if entity.fields or entity.to_one or entity.owned else []))
        imports.add("sqlalchemy.orm", *(["relationship"] if entity.relations or entity.back_references else []))
        imports.add("app.db.models.enums", *((*entity.enums_used, "enum_values") if entity.enums_used else ()))
        return imports.render()

    @property
    def type_checking_imports(self) -> str:
        """Imports of the other models named in annotations, under `if TYPE_CHECKING:` (avoids import cycles)."""
        imports = Imports()
        for name in self.entity.related_classes:
            imports.add(f"app.db.models.{model_module(name)}", name)
        return imports.render(indent=1)


class ProjectModelCode:
    """app/db/models/__init__.py."""

    def __init__(self, project: ProjectView) -> None:
        self.project = project

    @property
    def init_imports(self) -> str:
        imports = Imports().add("advanced_alchemy.base", "orm_registry")
        if self.project.user is not None:
            imports.add(f"app.db.models.{USER_NAMES.module}", USER_NAMES.class_name)
        for e in self.project.entities:
            imports.add(f"app.db.models.{e.module}", e.class_name)
        return imports.render()

    @property
    def all_names(self) -> list[str]:
        users = [USER_NAMES.class_name] if self.project.user is not None else []
        return isort_sorted([*users, *(e.class_name for e in self.project.entities), "metadata"])
