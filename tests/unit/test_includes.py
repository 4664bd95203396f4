"""Related records in answers (spec-format.md: `include` and `embed`): what each entity may include and how, the
relation option `embed` and its refusals, and the code of the `include` parameter and the response schema."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.spec import parse_spec
from hooks.spec_model import AccessLevel, SpecError
from hooks.views import EntityView, build_project

BOOKSTORE = {
    "Author": {"fields": {"name": "str"}},
    "Book": {
        "fields": {"title": "str"},
        "relations": {
            "author": {"kind": "many_to_one", "target": "Author", "back_populates": "books"},
            "tags": {"kind": "many_to_many", "target": "Tag", "back_populates": "books"},
        },
    },
    "Tag": {"fields": {"label": "str"}},
}
AUTH = {"roles": ["librarian", "member"], "access": {"read": "authenticated", "write": "librarian"}}


def entity(entities: dict[str, Any], name: str, auth: Any = None) -> EntityView:
    return next(e for e in build_project(parse_spec(entities, None, None, auth)).entities if e.name == name)


def problems_of(entities: dict[str, Any], auth: Any = None) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(entities, None, None, auth)
    return caught.value.problems


def test_every_relation_is_included_from_either_side() -> None:
    book, author, tag = (entity(BOOKSTORE, name) for name in ("Book", "Author", "Tag"))
    found = {
        name: [(i.api_name, i.target.class_name, i.many, i.key, i.back, i.key_is_list) for i in e.includes]
        for name, e in (("Book", book), ("Author", author), ("Tag", tag))
    }
    assert found == {
        "Book": [("author", "Author", False, "authorId", False, False), ("tags", "Tag", True, "tagIds", False, True)],
        "Author": [("books", "Book", True, "authorId", True, False)],
        "Tag": [("books", "Book", True, "tagIds", True, True)],
    }
    assert entity({"Tag": {"fields": {"label": "str"}}}, "Tag").includes == ()


def test_one_record_may_be_absent_where_the_relation_allows_it() -> None:
    entities = {
        "User": {"fields": {"email": "str"}},
        "Profile": {
            "relations": {
                "user": {"kind": "one_to_one", "target": "User", "back_populates": "profile"},
                "mentor": {"kind": "many_to_one", "target": "User", "required": False},
            }
        },
    }
    profile, user = entity(entities, "Profile"), entity(entities, "User")
    assert [(i.name, i.nullable, i.annotation) for i in profile.includes] == [
        ("user", False, "UserRead | MISSING"),
        ("mentor", True, "UserRead | MISSING | None"),
    ]
    # The other side of a one-to-one is one record, which a user may not have.
    assert [(i.name, i.many, i.nullable) for i in user.includes] == [("profile", False, True)]


def test_an_included_user_is_its_summary_and_an_owned_record_may_be_hidden() -> None:
    entities = {
        "Loan": {"owned": True, "relations": {"checked_by": {"kind": "many_to_one", "target": "User"}}},
        "Review": {"relations": {"loan": {"kind": "many_to_one", "target": "Loan"}}},
    }
    loan, review = entity(entities, "Loan", AUTH), entity(entities, "Review", AUTH)
    [checked_by] = loan.includes
    assert (checked_by.summary, checked_by.schema, checked_by.read) == (True, "UserSummary", None)
    [included_loan] = review.includes
    # Required, but another user's loan is left out of the answer: null.
    assert included_loan.nullable
    assert included_loan.annotation == "LoanRead | MISSING | None"


def test_embed_is_read_and_makes_the_records_always_there() -> None:
    entities = {**BOOKSTORE, "Book": {"relations": {"author": {"kind": "many_to_one", "target": "Author"}}}}
    entities["Book"]["relations"]["author"]["embed"] = True
    book = entity(entities, "Book")
    assert [(i.name, i.embed, i.annotation) for i in book.includes] == [("author", True, "AuthorRead")]
    response = book.routes.response_class
    assert "    author: AuthorRead" in response.splitlines()
    assert "and those it always carries" in response
    assert book.routes.response_schema("create") == "BookResponse"
    assert entity(BOOKSTORE, "Book").routes.response_schema("create") == "BookRead"


def test_embed_must_be_a_boolean() -> None:
    entities = {**BOOKSTORE, "Book": {"relations": {"author": {"kind": "many_to_one", "target": "Author"}}}}
    entities["Book"]["relations"]["author"]["embed"] = "yes"
    [problem] = problems_of(entities)
    assert problem.startswith("entities.Book.relations.author.embed:")


@pytest.mark.parametrize(
    ("entities", "place"),
    [
        (
            {
                "Book": {
                    "fields": {"tags_truncated": "bool"},
                    "relations": {"tags": {"kind": "many_to_many", "target": "Tag"}},
                },
                "Tag": {},
            },
            "entities.Book.fields.tags_truncated",
        ),
        (
            {
                "Author": {"fields": {"books_truncated": "bool"}},
                "Book": {
                    "relations": {"author": {"kind": "many_to_one", "target": "Author", "back_populates": "books"}}
                },
            },
            "entities.Author.fields.books_truncated",
        ),
    ],
)
def test_the_flag_of_an_included_list_is_a_taken_name(entities: dict[str, Any], place: str) -> None:
    [problem] = problems_of(entities)
    assert problem.startswith(f"{place}: name '")
    assert "(generated attribute)" in problem


def test_a_to_one_relation_has_no_flag() -> None:
    entities = {
        "Book": {
            "fields": {"author_truncated": "bool"},
            "relations": {"author": {"kind": "many_to_one", "target": "Author"}},
        },
        "Author": {},
    }
    assert entity(entities, "Book").includes[0].name == "author"


def test_a_filter_named_include_gives_way_to_the_parameter() -> None:
    entities = {**BOOKSTORE, "Author": {"fields": {"name": "str", "include": "bool", "active": "bool"}}}
    assert [f.name for f in entity(entities, "Author").filter_fields] == ["active"]
    assert [f.name for f in entity({"Author": entities["Author"]}, "Author").filter_fields] == ["include", "active"]


@pytest.mark.parametrize(
    ("level", "other", "admits"),
    [
        (AccessLevel(public=True), AccessLevel(roles=("member",)), True),
        (AccessLevel(), AccessLevel(public=True), False),
        (AccessLevel(), AccessLevel(roles=("member",)), True),
        (AccessLevel(roles=("member",)), AccessLevel(), False),
        (AccessLevel(roles=("librarian", "member")), AccessLevel(roles=("member",)), True),
        (AccessLevel(roles=("librarian",)), AccessLevel(roles=("librarian", "member")), False),
        # Admins pass every level: an admin-only level is within any other.
        (AccessLevel(roles=("librarian",)), AccessLevel(roles=("admin",)), True),
    ],
)
def test_a_level_admits_another_when_everyone_who_passes_it_passes_too(
    level: AccessLevel, other: AccessLevel, admits: bool
) -> None:
    assert level.admits(other) is admits


LIBRARY = {
    "Book": {"access": {"read": "public"}, "fields": {"title": "str"}},
    "Review": {
        "access": {"read": ["librarian", "member"], "write": ["librarian", "member"]},
        "relations": {"book": {"kind": "many_to_one", "target": "Book", "back_populates": "reviews"}},
    },
}


def test_an_include_readable_by_fewer_users_is_guarded_and_documents_403() -> None:
    book = entity(LIBRARY, "Book", AUTH)
    assert [i.api_name for i in book.include_guards] == ["reviews"]
    assert book.routes.include_guards == 'BOOK_INCLUDE_GUARDS = {"reviews": requires("librarian", "member")}'
    handler = book.routes.handler("list")
    assert "guards=[include_guard(BOOK_INCLUDE_GUARDS)]" in handler
    assert "403" in handler.split("responses=problem_responses(")[1].split(")")[0]
    # Everyone who reads a review may read its book: no guard there.
    assert entity(LIBRARY, "Review", AUTH).include_guards == ()


def test_an_embed_shown_to_users_who_may_not_read_it_is_refused() -> None:
    entities = {
        "Book": {"access": {"read": "librarian"}},
        "Review": {
            "access": {"read": "public"},
            "relations": {"book": {"kind": "many_to_one", "target": "Book", "embed": True}},
        },
    }
    [problem] = problems_of(entities, AUTH)
    assert problem.startswith("entities.Review.relations.book.embed: Book may be read by librarian only")
    entities["Review"]["access"] = {"read": "librarian", "create": "member"}
    [problem] = problems_of(entities, AUTH)
    assert "(create)" in problem
    entities["Review"]["access"] = {"read": "librarian"}
    assert entity(entities, "Review", AUTH).embedded[0].name == "book"


def test_a_user_may_be_embedded_whoever_reads() -> None:
    entities = {
        "Post": {
            "access": {"read": "public"},
            "relations": {"author": {"kind": "many_to_one", "target": "User", "embed": True}},
        }
    }
    [author] = entity(entities, "Post", AUTH).includes
    assert (author.embed, author.annotation) == (True, "UserSummary")
