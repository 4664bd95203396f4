"""hooks/spec_auth.py and the checks `auth` brings (spec-format.md, "Access control"): levels and their defaults,
owned rows, the built-in User, and every refusal as one line at its place."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.names import OWNER_COLUMN, USER_NAMES
from hooks.schema import IndexSchema, project_schema
from hooks.spec import parse_spec
from hooks.spec_model import AccessLevel, Spec, SpecError
from hooks.views import build_project

AUTH = {"roles": ["librarian", "member"], "access": {"read": "authenticated", "write": "librarian"}}


def parse(entities: dict[str, Any], auth: Any = AUTH) -> Spec:
    return parse_spec(entities, None, None, auth)


def problems_of(entities: dict[str, Any], auth: Any = AUTH) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse(entities, auth)
    return caught.value.problems


def test_without_auth_nothing_has_access_levels() -> None:
    spec = parse({"Book": {"fields": {"title": "str"}}}, None)
    assert spec.auth is None
    assert spec.user is None
    assert spec.entity("Book").access is None


def test_an_entity_takes_the_default_and_overrides_it_key_by_key() -> None:
    spec = parse(
        {
            "Book": {"fields": {"title": "str"}, "access": {"read": "public"}},
            "Loan": {"owned": True, "access": {"create": "member", "delete": ["librarian", "member"]}},
        }
    )
    book, loan = spec.entity("Book").access, spec.entity("Loan").access
    assert book is not None
    assert loan is not None
    assert book.read == AccessLevel(public=True)
    assert book.create == book.update == book.delete == AccessLevel(roles=("librarian",))
    assert loan.read == AccessLevel()
    assert loan.create == AccessLevel(roles=("member",))
    assert loan.update == AccessLevel(roles=("librarian",))
    assert loan.delete == AccessLevel(roles=("librarian", "member"))
    assert spec.entity("Loan").owned


def test_a_specific_key_wins_over_write_whatever_their_order() -> None:
    access = parse({"Book": {"access": {"update": "member", "write": "admin"}}}).entity("Book").access
    assert access is not None
    assert (access.create, access.update, access.delete) == (
        AccessLevel(roles=("admin",)),
        AccessLevel(roles=("member",)),
        AccessLevel(roles=("admin",)),
    )


def test_an_empty_auth_means_signed_in_users_for_everything() -> None:
    access = parse({"Book": {"fields": {"title": "str"}}}, {}).entity("Book").access
    assert access is not None
    assert {access.read, access.create, access.update, access.delete} == {AccessLevel()}


@pytest.mark.parametrize(
    ("entities", "auth", "place", "fragment"),
    [
        ({"Book": {}}, {"roles": ["admin"]}, "auth.roles", "always exists"),
        ({"Book": {}}, {"roles": ["public"]}, "auth.roles", "is an access level"),
        ({"Book": {}}, {"roles": ["Librarian"]}, "auth.roles", "snake_case"),
        ({"Book": {}}, {"roles": ["a", "a"]}, "auth.roles", "listed twice"),
        ({"Book": {}}, {"roles": "a"}, "auth.roles", "must be a list"),
        ({"Book": {}}, {"rolez": []}, "auth", "unknown option 'rolez'"),
        ({"Book": {}}, ["roles"], "auth", "must be a mapping"),
        ({"Book": {}}, {"access": {"read": "everyone"}}, "auth.access.read", "unknown access level 'everyone'"),
        ({"Book": {}}, {"access": {"raed": "public"}}, "auth.access", "did you mean 'read'?"),
        ({"Book": {"access": {"write": ["librarian", "clerk"]}}}, AUTH, "entities.Book.access.write", "unknown role"),
        ({"Book": {"access": {"read": []}}}, AUTH, "entities.Book.access.read", "non-empty list of roles"),
        ({"Book": {"access": "public"}}, AUTH, "entities.Book.access", "must be a mapping"),
        ({"Book": {"owned": True, "access": {"read": "public"}}}, AUTH, "entities.Book.owned", "cannot be public"),
        ({"Book": {"owned": True, "access": {"delete": "public"}}}, AUTH, "entities.Book.owned", "(delete)"),
        ({"Book": {"owned": "yes"}}, AUTH, "entities.Book.owned", "true or false"),
        ({"Book": {"owned": True}}, None, "entities.Book.owned", "add an 'auth' section"),
        ({"Book": {"access": {"read": "public"}}}, None, "entities.Book.access", "add an 'auth' section"),
        (
            {"Book": {"relations": {"reader": {"kind": "many_to_one", "target": "User"}}}},
            None,
            "entities.Book.relations.reader.target",
            "the built-in User needs access control",
        ),
        (
            {"Book": {"relations": {"reader": {"kind": "many_to_one", "target": "User", "back_populates": "books"}}}},
            AUTH,
            "entities.Book.relations.reader.back_populates",
            "built-in User",
        ),
        ({"User": {"fields": {"name": "str"}}}, AUTH, "entities.User", "the built-in User exists"),
        ({"Book": {"path": "auth"}}, AUTH, "entities.Book.path", "collides with /auth"),
        ({"Member": {"path": "users"}}, AUTH, "entities.Member.path", "collides with /users"),
        ({"Book": {"table": "users"}}, AUTH, "entities.Book.table", "collides with users"),
        ({"Book": {"domain": "users"}}, AUTH, "entities.Book", "domain package name 'users'"),
        ({"UserRead": {}}, AUTH, "entities.UserRead", "a class of the built-in users"),
        ({"Book": {"owned": True, "fields": {OWNER_COLUMN: "str"}}}, AUTH, f"entities.Book.fields.{OWNER_COLUMN}", ""),
    ],
)
def test_each_refusal_is_one_line_at_its_place(entities: dict[str, Any], auth: Any, place: str, fragment: str) -> None:
    problems = problems_of(entities, auth)
    assert len(problems) == 1, problems
    line_place, _, message = problems[0].partition(": ")
    assert line_place == place, problems
    assert fragment in message, problems


def test_a_spec_user_without_auth_is_an_entity_like_any() -> None:
    spec = parse(
        {
            "User": {"fields": {"name": "str"}},
            "Post": {"relations": {"author": {"kind": "many_to_one", "target": "User", "back_populates": "posts"}}},
        },
        None,
    )
    assert spec.user is None
    assert spec.entity("User").fields[0].name == "name"


def test_relations_may_target_the_built_in_user_and_owned_rows_get_an_owner_column() -> None:
    entities = {
        "Loan": {
            "owned": True,
            "relations": {"checked_by": {"kind": "many_to_one", "target": "User", "required": False}},
        }
    }
    project = build_project(parse(entities))
    relation = project.entity("Loan").relations[0]
    assert (relation.target_table, relation.target_pk) == (USER_NAMES.table, "uuid")
    tables = {table.name: table for table in project_schema(project).tables}
    assert next(iter(tables)) == USER_NAMES.table, "the users table comes before the tables that refer to it"
    loans = tables["loans"]
    owner = next(column for column in loans.columns if column.name == OWNER_COLUMN)
    assert owner.nullable, "rows made before auth, or whose owner left, have none"
    assert {(fk.column, fk.target_table, fk.on_delete) for fk in loans.foreign_keys} == {
        ("checked_by_id", USER_NAMES.table, "SET NULL"),
        (OWNER_COLUMN, USER_NAMES.table, "SET NULL"),
    }
    users = tables[USER_NAMES.table]
    assert {column.name for column in users.columns} >= {"email", "password_hash", "roles", "active"}
    assert IndexSchema(("email",), unique=True) in users.indexes


def test_owned_rows_of_a_relation_target_are_checked_against_the_viewer() -> None:
    entities = {"Loan": {"owned": True}, "Review": {"relations": {"loan": {"kind": "many_to_one", "target": "Loan"}}}}
    project = build_project(parse(entities))
    assert "where=visible_rows(Loan, self.viewer)" in project.entity("Review").api.resolve_lines[0]
