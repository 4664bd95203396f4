"""hooks/update_summary.py: what `copier update` says it changed."""

from __future__ import annotations

from hooks.update_summary import spec_changes, summary

BEFORE = {
    "Author": {"fields": {"name": "str", "dob": "date"}},
    "Book": {"fields": {"isbn": "str"}, "relations": {"author": {"kind": "many_to_one", "target": "Author"}}},
    "Tag": None,
}


def test_entities_fields_and_relations_added_removed_and_renamed() -> None:
    after = {
        "Writer": {"renamed_from": "Author", "fields": {"name": "str", "bio": "text"}},
        "Book": {
            "fields": {"code": {"type": "str", "renamed_from": "isbn"}},
            "relations": {"writer": {"kind": "many_to_one", "target": "Writer", "renamed_from": "author"}},
        },
        "Shelf": {"fields": {"label": "str"}},
    }
    changes = spec_changes(BEFORE, after)
    assert changes.added == ["Shelf", "Writer.bio"]
    assert changes.removed == ["Tag", "Writer.dob"]
    assert changes.renamed == ["Author -> Writer", "Book.isbn -> Book.code", "Book.author -> Book.writer"]


def test_a_stale_renamed_from_is_no_rename() -> None:
    """`renamed_from` left in the spec after the rename was applied: the name exists before and after."""
    book = {**BEFORE["Book"], "fields": {"isbn": {"type": "str", "renamed_from": "code"}}}
    assert not spec_changes(BEFORE, {**BEFORE, "Book": book})
    assert not spec_changes(BEFORE, BEFORE)


def test_summary_names_the_migration_or_says_the_schema_did_not_change() -> None:
    changes = spec_changes(BEFORE, {**BEFORE, "Shelf": {}})
    lines = summary(changes, enums_changed=False, revisions=["migrations/versions/0002_shelves.py"])
    assert lines[0] == "entities.yml: these changes were applied:"
    assert "  added: Shelf" in lines
    assert any(line.startswith("Migration written: migrations/versions/0002_shelves.py") for line in lines)
    unchanged = summary(spec_changes(BEFORE, BEFORE), enums_changed=False, revisions=[])
    assert unchanged == [
        "entities.yml: no entity changed.",
        "The database schema did not change: no migration written.",
    ]


def test_summary_of_a_removal_says_the_upgrade_stops_while_there_is_data() -> None:
    changes = spec_changes(BEFORE, {"Author": {"fields": {"full_name": "str", "dob": "date"}}, "Book": BEFORE["Book"]})
    assert changes.removed == ["Tag", "Author.name"]
    lines = summary(changes, enums_changed=False, revisions=["migrations/versions/0002_authors.py"])
    assert lines[lines.index("  removed: Tag, Author.name") + 1].startswith(
        "  removed ones are dropped, with their data"
    )
    added_only = summary(spec_changes(BEFORE, {**BEFORE, "Shelf": {}}), enums_changed=False, revisions=["0002"])
    assert not any("dropped" in line for line in added_only)


def test_summary_of_auth_removed_says_the_upgrade_stops_while_there_are_users() -> None:
    lines = summary(spec_changes(BEFORE, BEFORE), enums_changed=False, revisions=["0002"], auth_change=(True, False))
    assert any(line.startswith("  auth removed: ") and "refuse_to_drop_data" in line for line in lines)
