"""hooks/revision.py: the revision regeneration writes when the spec changes, from two schemas and the renames."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hooks.revision import Revision, existing_revisions, next_revision
from hooks.schema import Schema, project_schema
from hooks.schema_diff import project_renames
from hooks.schema_file import dump_schema, load_schema
from hooks.spec import parse_spec
from hooks.views import build_project
from tests.unit.test_code import FIRST_PARTY, RUFF, RUFF_OPTIONS, assert_ruff_accepts

BOOKSTORE: dict[str, Any] = {
    "enums": {"Genre": ["fiction", "poetry"]},
    "entities": {
        "Author": {"fields": {"name": {"type": "str", "max_length": 100}}},
        "Book": {
            "fields": {
                "title": {"type": "str", "index": True},
                "isbn": {"type": "str", "max_length": 13, "unique": True},
                "pages": {"type": "int", "required": False, "min": 1},
                "genre": {"type": "Genre", "required": False},
            },
            "relations": {
                "author": {"kind": "many_to_one", "target": "Author", "back_populates": "books"},
                "tags": {"kind": "many_to_many", "target": "Tag"},
            },
        },
        "Tag": {"fields": {"label": {"type": "str", "max_length": 40, "unique": True}}},
    },
}


def schema(spec: dict[str, Any]) -> tuple[Schema, Any]:
    project = build_project(parse_spec(spec["entities"], spec["enums"]))
    return project_schema(project), project_renames(project)


def changed(edit: Any) -> dict[str, Any]:
    spec = copy.deepcopy(BOOKSTORE)
    edit(spec)
    return spec


def revision(spec: dict[str, Any], tmp_path: Path, before: dict[str, Any] = BOOKSTORE) -> Revision:
    """The revision from `before` to `spec`, checked to be a module whose imports are what its functions use."""
    old, _ = schema(before)
    new, renames = schema(spec)
    versions = tmp_path / "versions"
    versions.mkdir(exist_ok=True)
    (versions / "0001_initial.py").write_text('revision = "0001"\ndown_revision: str | None = None\n')
    result = next_revision(old, new, renames, versions)
    assert result is not None
    module = tmp_path / "revision.py"
    module.write_text(f"{result.imports}\n\n\n{functions(result)}")
    # Unused (F401) and undefined (F821) names: the generated project's lint and its upgrade would fail.
    names = [str(RUFF), "check", "--select", "F401,F821", *RUFF_OPTIONS, *FIRST_PARTY, str(module)]
    checked = subprocess.run(names, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, module.read_text() + checked.stdout
    return result


def functions(result: Revision) -> str:
    """The revision's upgrade and downgrade functions, as the revision file has them."""
    bodies = [("upgrade", result.upgrade), ("downgrade", result.downgrade)]
    return (
        "\n\n\n".join(f"def {name}() -> None:\n" + "\n".join(f"    {s}" for s in body) for name, body in bodies) + "\n"
    )


def text(statements: tuple[str, ...]) -> str:
    return "\n".join(statements)


def test_an_unchanged_spec_needs_no_revision(tmp_path: Path) -> None:
    old, renames = schema(BOOKSTORE)
    assert next_revision(old, schema(copy.deepcopy(BOOKSTORE))[0], renames, tmp_path) is None


def test_the_schema_file_round_trips() -> None:
    old, _ = schema(BOOKSTORE)
    assert load_schema(dump_schema(old)) == old


def test_a_new_optional_field_is_added_and_dropped_on_downgrade(tmp_path: Path) -> None:
    spec = changed(lambda s: s["entities"]["Author"]["fields"].update(bio={"type": "text", "required": False}))
    result = revision(spec, tmp_path)
    assert result.revision == "0002"
    assert result.down_revision == "0001"
    assert result.filename == "0002_authors.py"
    assert text(result.upgrade) == (
        'with op.batch_alter_table("authors") as batch_op:\n'
        '        batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))'
    )
    assert (
        text(result.downgrade)
        == 'with op.batch_alter_table("authors") as batch_op:\n        batch_op.drop_column("bio")'
    )
    assert result.changes == ("add column authors.bio",)


def test_a_new_required_field_fills_existing_rows_with_its_default(tmp_path: Path) -> None:
    spec = changed(lambda s: s["entities"]["Book"]["fields"].update(stock={"type": "int", "default": 0}))
    upgrade = text(revision(spec, tmp_path).upgrade)
    added = upgrade.index('batch_op.add_column(sa.Column("stock", sa.Integer(), nullable=True))')
    filled = upgrade.index('fill_nulls("books", sa.column("stock", sa.Integer()), 0)')
    required = upgrade.index('batch_op.alter_column("stock", nullable=False)')
    assert added < filled < required


def test_a_field_made_required_fills_its_nulls_first(tmp_path: Path) -> None:
    spec = changed(lambda s: s["entities"]["Book"]["fields"]["pages"].update(required=True, default=100))
    result = revision(spec, tmp_path)
    upgrade = text(result.upgrade)
    assert upgrade.index('fill_nulls("books", sa.column("pages", sa.Integer()), 100)') < upgrade.index(
        'batch_op.alter_column("pages", nullable=False)'
    )
    assert 'batch_op.alter_column("pages", nullable=True)' in text(result.downgrade)
    assert result.changes == ("make books.pages required",)


def test_renamed_from_renames_the_column_and_its_constraint(tmp_path: Path) -> None:
    def rename(spec: dict[str, Any]) -> None:
        fields = spec["entities"]["Book"]["fields"]
        fields["code"] = {**fields.pop("isbn"), "renamed_from": "isbn"}

    result = revision(changed(rename), tmp_path)
    upgrade = text(result.upgrade)
    assert 'batch_op.alter_column("isbn", new_column_name="code", existing_nullable=False)' in upgrade
    assert "drop_column" not in upgrade
    assert "add_column" not in upgrade
    # The constraint on the renamed column comes in a second batch (Alembic's batch knows it by its old name).
    assert upgrade.index('drop_constraint(op.f("uq_books_isbn")') < upgrade.index("new_column_name")
    assert upgrade.index("new_column_name") < upgrade.index('create_unique_constraint(op.f("uq_books_code")')
    assert 'batch_op.alter_column("code", new_column_name="isbn", existing_nullable=False)' in text(result.downgrade)


def test_a_renamed_entity_keeps_its_table_rows_and_links(tmp_path: Path) -> None:
    def rename(spec: dict[str, Any]) -> None:
        entities = spec["entities"]
        entities["Label"] = {**entities.pop("Tag"), "renamed_from": "Tag"}
        relations = entities["Book"]["relations"]
        relations["labels"] = {**relations.pop("tags"), "target": "Label", "renamed_from": "tags"}

    result = revision(changed(rename), tmp_path)
    upgrade = text(result.upgrade)
    assert 'op.rename_table("tags", "labels")' in upgrade
    assert 'op.rename_table("book_tags", "book_labels")' in upgrade
    assert 'batch_op.alter_column("tag_id", new_column_name="label_id", existing_nullable=False)' in upgrade
    assert 'batch_op.create_unique_constraint(op.f("uq_labels_label"), ["label"])' in upgrade
    assert "create_table" not in upgrade
    assert "drop_table" not in upgrade
    assert 'op.rename_table("labels", "tags")' in text(result.downgrade)


def test_without_renamed_from_an_entity_is_dropped_and_created(tmp_path: Path) -> None:
    def replace(spec: dict[str, Any]) -> None:
        spec["entities"]["Label"] = spec["entities"].pop("Tag")
        spec["entities"]["Book"]["relations"]["tags"]["target"] = "Label"

    upgrade = text(revision(changed(replace), tmp_path).upgrade)
    assert 'op.create_table(\n        "labels",' in upgrade
    assert 'op.drop_table("tags")' in upgrade


def test_enum_values_added_then_removed(tmp_path: Path) -> None:
    added = changed(lambda s: s["enums"]["Genre"].append("essay"))
    result = revision(added, tmp_path)
    assert text(result.upgrade) == 'add_enum_values("genre", ["essay"])'
    assert text(result.downgrade) == 'replace_enum("genre", ["fiction", "poetry"], [("books", "genre")])'


def test_a_new_enum_is_created_before_its_column(tmp_path: Path) -> None:
    def add(spec: dict[str, Any]) -> None:
        spec["enums"]["Format"] = ["paper", "ebook"]
        spec["entities"]["Book"]["fields"]["format"] = {"type": "Format", "required": False}

    result = revision(changed(add), tmp_path)
    upgrade = text(result.upgrade)
    assert upgrade.startswith('sa.Enum("paper", "ebook", name="format").create(op.get_bind(), checkfirst=True)')
    assert 'postgresql.ENUM("paper", "ebook", name="format", create_type=False)' in upgrade
    assert "from sqlalchemy.dialects import postgresql" in result.imports
    assert 'sa.Enum(name="format").drop(op.get_bind(), checkfirst=True)' in text(result.downgrade)


def test_length_uniqueness_and_index_changes(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        fields = spec["entities"]["Tag"]["fields"]
        fields["label"].update(max_length=60, unique=False, index=True)

    result = revision(changed(edit), tmp_path)
    upgrade = text(result.upgrade)
    assert "type_=sa.String(length=60), existing_type=sa.String(length=40)" in upgrade
    assert 'batch_op.drop_constraint(op.f("uq_tags_label"), type_="unique")' in upgrade
    assert 'batch_op.create_index(op.f("ix_tags_label"), ["label"], unique=False)' in upgrade


def test_new_and_removed_entities(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        del spec["entities"]["Tag"]
        del spec["entities"]["Book"]["relations"]["tags"]
        spec["entities"]["Publisher"] = {"primary_key": "bigint", "fields": {"name": "str"}}

    result = revision(changed(edit), tmp_path)
    upgrade = text(result.upgrade)
    assert 'op.create_table(\n        "publishers",' in upgrade
    assert upgrade.index('op.drop_table("book_tags")') < upgrade.index('op.drop_table("tags")')
    assert 'op.execute(sa.schema.CreateSequence(sa.Sequence("publishers_id_seq")))' in upgrade
    assert 'op.create_table(\n        "tags",' in text(result.downgrade)


def test_an_upgrade_that_drops_data_first_refuses_while_there_is_any(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        del spec["entities"]["Tag"]
        del spec["entities"]["Book"]["relations"]["tags"]
        del spec["entities"]["Book"]["fields"]["pages"]
        # A renamed table: the check comes before the rename, so it names the table as it is.
        spec["entities"]["Writer"] = {**spec["entities"].pop("Author"), "renamed_from": "Author"}
        spec["entities"]["Writer"]["fields"]["pen_name"] = spec["entities"]["Writer"]["fields"].pop("name")
        spec["entities"]["Book"]["relations"]["author"]["target"] = "Writer"

    result = revision(changed(edit), tmp_path)
    assert result.upgrade[:3] == (
        "# What this upgrade drops must hold no data: delete a name to drop what it holds anyway.",
        'refuse_to_drop_data("authors.name", "books.pages", "tags", "book_tags")',
        'op.rename_table("authors", "writers")',
    )
    assert "refuse_to_drop_data" in result.imports
    # The way back drops what the upgrade added, as a downgrade is asked to.
    assert "refuse_to_drop_data" not in text(result.downgrade)


def test_renames_and_additions_drop_nothing_and_refuse_nothing(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["entities"]["Author"]["fields"]["full_name"] = {**spec["entities"]["Author"]["fields"].pop("name")}
        spec["entities"]["Author"]["fields"]["full_name"]["renamed_from"] = "name"
        spec["entities"]["Author"]["fields"]["bio"] = "text"

    assert "refuse_to_drop_data" not in text(revision(changed(edit), tmp_path).upgrade)


def test_a_primary_key_type_cannot_change(tmp_path: Path) -> None:
    spec = changed(lambda s: s["entities"]["Tag"].update(primary_key="bigint"))
    old, _ = schema(BOOKSTORE)
    new, renames = schema(spec)
    with pytest.raises(ValueError, match=r"Tag\.primary_key: the key of an existing table cannot change type"):
        next_revision(old, new, renames, tmp_path)


def test_revisions_chain_to_every_head(tmp_path: Path) -> None:
    (tmp_path / "0001_initial.py").write_text('revision = "0001"\ndown_revision: str | None = None\n')
    (tmp_path / "0002_a.py").write_text("revision = '0002'\ndown_revision = '0001'\n")
    (tmp_path / "ab12_mine.py").write_text('revision: str = "ab12"\ndown_revision: str | None = "0001"\n')
    assert existing_revisions(tmp_path) == (["0002", "ab12"], 2)
    old, _ = schema(BOOKSTORE)
    new, renames = schema(changed(lambda s: s["entities"]["Author"]["fields"].update(bio="text")))
    result = next_revision(old, new, renames, tmp_path)
    assert result is not None
    assert (result.revision, result.down_revision, result.down_revision_literal) == (
        "0003",
        ("0002", "ab12"),
        '("0002", "ab12")',
    )


def test_revisions_alembic_numbered_in_hex_do_not_count(tmp_path: Path) -> None:
    # `litestar database make-migrations` names a revision by 12 hex digits, which may start with decimal ones, or
    # be all decimal digits: regeneration numbers its own revisions on from its own.
    (tmp_path / "0001_initial.py").write_text('revision = "0001"\ndown_revision: str | None = None\n')
    (tmp_path / "63b769b5a305_shelves.py").write_text('revision = "63b769b5a305"\ndown_revision = "0001"\n')
    (tmp_path / "120481036622_desks.py").write_text('revision = "120481036622"\ndown_revision = "63b769b5a305"\n')
    assert existing_revisions(tmp_path) == (["120481036622"], 1)
    old, _ = schema(BOOKSTORE)
    new, renames = schema(changed(lambda s: s["entities"]["Author"]["fields"].update(bio="text")))
    result = next_revision(old, new, renames, tmp_path)
    assert result is not None
    assert (result.revision, result.down_revision) == ("0002", "120481036622")


def test_the_docstring_of_a_revision_touching_many_tables_stays_within_the_line_length(tmp_path: Path) -> None:
    def widen_everything(spec: dict[str, Any]) -> None:
        for index in range(8):
            spec["entities"][f"VeryLongEntityNameNumber{index}"] = {"fields": {"a_rather_long_field_name": "str"}}
        spec["entities"]["Book"]["fields"]["title"]["max_length"] = 300
        spec["enums"]["Genre"] = ["fiction", "essay"]

    result = revision(changed(widen_everything), tmp_path)
    lines = result.docstring_lines
    assert len(lines[0]) + 3 <= 120  # after the opening quotes
    assert all(len(line) <= 120 for line in lines)
    assert lines[0] == f"Regenerated from entities.yml: {len(result.changes)} changes."
    assert sum(line.startswith("- ") for line in lines) == len(result.changes)


def test_names_longer_than_a_line_are_split_as_ruff_splits_them(tmp_path: Path) -> None:
    # Tables of 50 characters and more: the name of the foreign key between them (dropped and created anew when they
    # are renamed) passes 120 characters, as do the lines that drop and create it.
    def lengthen(spec: dict[str, Any]) -> None:
        spec["entities"]["Author"]["table"] = "authors_who_have_written_at_least_one_book_for_us"
        spec["entities"]["Book"]["table"] = "books_written_by_the_authors_whom_this_shop_lists"

    module = functions(revision(changed(lengthen), tmp_path))
    assert "op.f(\n" in module
    assert_ruff_accepts(module, tmp_path)
