"""Entities that refer to each other (`Department.head` -> Employee, `Employee.department` -> Department): the table
whose keys into the cycle are optional is created first, and its key is added once both tables exist, in the initial
migration, in a regenerated revision and in the models (`use_alter`); it is dropped before either table. PostgreSQL
refuses a foreign key to a table that does not exist yet; the generated projects of tests/specs/names_at_limits.yml
run this on it."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.migration_code import render_downgrade, render_upgrade
from hooks.schema import Schema, forward_references, project_schema, project_tables
from hooks.schema_diff import Renames, inverse, plan_changes
from hooks.spec import parse_spec
from hooks.views import ProjectView, build_project

DEPARTMENT = {
    "fields": {"name": "str"},
    "relations": {"head": {"kind": "one_to_one", "target": "Employee", "required": False}},
}
EMPLOYEE = {"fields": {"name": "str"}, "relations": {"department": {"kind": "many_to_one", "target": "Department"}}}
FORWARD_KEY = 'batch_op.create_foreign_key(\n            op.f("fk_departments_head_id_employees"), "employees"'


def project(*order: str) -> ProjectView:
    entities: dict[str, Any] = {"Department": DEPARTMENT, "Employee": EMPLOYEE}
    return build_project(parse_spec({name: entities[name] for name in order}, None))


@pytest.mark.parametrize("order", [("Department", "Employee"), ("Employee", "Department")])
def test_the_table_whose_key_is_optional_comes_first_and_that_key_points_forward(order: tuple[str, str]) -> None:
    tables = project_tables(project(*order))
    assert [table.name for table in tables] == ["departments", "employees"]
    assert forward_references(tables) == {("departments", "head_id")}


def test_only_the_forward_key_is_created_after_the_tables_in_the_models() -> None:
    view = project("Department", "Employee")
    department, employee = view.entity("Department"), view.entity("Employee")
    assert department.deferred_keys == {"head_id"}
    assert employee.deferred_keys == frozenset()
    assert "use_alter=True" in "\n".join(department.model.attribute_lines)
    assert "use_alter" not in "\n".join(employee.model.attribute_lines)


def test_the_initial_migration_adds_the_forward_key_last_and_drops_it_first() -> None:
    tables = project_tables(project("Department", "Employee"))
    upgrade, downgrade = render_upgrade(tables, {}), render_downgrade(tables)
    assert upgrade[-1].startswith('with op.batch_alter_table("departments") as batch_op:')
    assert FORWARD_KEY in upgrade[-1]
    assert not any("fk_departments_head_id_employees" in statement for statement in upgrade[:-1])
    assert downgrade[0] == (
        'with op.batch_alter_table("departments") as batch_op:\n'
        '        batch_op.drop_constraint(op.f("fk_departments_head_id_employees"), type_="foreignkey")'
    )
    assert downgrade[1:] == ['op.drop_table("employees")', 'op.drop_table("departments")']


def test_a_revision_that_creates_both_tables_adds_the_forward_key_last_and_its_inverse_drops_it_first() -> None:
    new = project_schema(project("Department", "Employee"))
    empty = Schema((), ())
    created, _, _ = plan_changes(empty, new, Renames())
    assert [s.split("\n")[1].strip() for s in created if s.startswith("op.create_table")] == [
        '"departments",',
        '"employees",',
    ]
    assert FORWARD_KEY in created[-1]
    dropped, _, _ = plan_changes(new, empty, inverse(Renames()))
    assert "batch_op.drop_constraint" in dropped[0]
    assert dropped[1:] == ['op.drop_table("employees")', 'op.drop_table("departments")']


def test_relations_without_a_cycle_have_no_forward_key() -> None:
    view = build_project(parse_spec({"Employee": EMPLOYEE, "Department": {"fields": {"name": "str"}}}, None))
    assert forward_references(project_tables(view)) == frozenset()
    assert all(not entity.deferred_keys for entity in view.entities)
