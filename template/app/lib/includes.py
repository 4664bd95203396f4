"""Related records in responses (`?include=author&include=tags`, and relations marked `embed` in entities.yml).

Each relation asked for is loaded for a whole page of records with one statement, whatever the page size, found from
the model's own relationship (its keys, its link table). An included list holds at most the maximum page size of
rows, in id order, and `<relation>Truncated` says whether rows were left out. Included rows are what their own
endpoint would show the same viewer: `scope` gives the conditions that keep another user's owned rows out.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, FromClause, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
from sqlalchemy.orm import aliased

from app.lib.filters import MAX_PAGE_SIZE

# How many rows an included list holds at most (module-level, so that a test may lower it).
LIST_LIMIT = MAX_PAGE_SIZE
# The attribute that says whether an included list was cut: `tags` -> `tags_truncated` (`tagsTruncated`).
TRUNCATED_SUFFIX = "_truncated"
# The conditions that keep a model's rows to those the viewer may see (none without access control).
Scope = Callable[[type[Any]], Sequence[ColumnElement[bool]]]
SchemaT = TypeVar("SchemaT", bound=BaseModel)
# The columns the ranked rows of a list carry beside the related model's own.
_KEY, _RANK = "include_key", "include_rank"


def everything(_: type[Any]) -> Sequence[ColumnElement[bool]]:
    """The scope without access control: every row."""
    return ()


@dataclass(frozen=True)
class RelationPath:
    """How the rows of one relationship are found for many records at once."""

    target: type[Any]
    key: str  # the record's attribute the rows are matched by: `author_id`, or `id`
    match: ColumnElement[Any]  # what it is compared with: `authors.id`, `books.author_id` or `book_tags.book_id`
    link: tuple[FromClause, ColumnElement[bool]] | None  # a many-to-many's link table and its join to the rows
    many: bool


# Read once per relationship: the models do not change while the app runs.
_paths: dict[tuple[type[Any], str], RelationPath] = {}
_relationships: dict[type[Any], frozenset[str]] = {}


def relation_path(model: type[Any], name: str) -> RelationPath:
    if (model, name) not in _paths:
        _paths[model, name] = _read_path(model, name)
    return _paths[model, name]


def _read_path(model: type[Any], name: str) -> RelationPath:
    """Read from the model's relationship: many-to-one, one-to-many, one-to-one (either side) or many-to-many."""
    mapper = inspect(model)
    relationship = mapper.relationships[name]
    target = relationship.mapper.class_
    if relationship.secondary is not None and relationship.secondaryjoin is not None:
        [(own, linked)] = relationship.synchronize_pairs
        key = mapper.get_property_by_column(own).key
        return RelationPath(target, key, linked, (relationship.secondary, relationship.secondaryjoin), many=True)
    [(own, other)] = relationship.local_remote_pairs
    return RelationPath(target, mapper.get_property_by_column(own).key, other, None, many=relationship.uselist)


def relationship_names(model: type[Any]) -> frozenset[str]:
    if model not in _relationships:
        _relationships[model] = frozenset(inspect(model).relationships.keys())
    return _relationships[model]


async def related_rows(
    session: AsyncSession | async_scoped_session[AsyncSession], path: RelationPath, keys: set[Any], scope: Scope
) -> dict[Any, list[Any]]:
    """The rows related to each key, in one statement; a list holds at most LIST_LIMIT + 1 rows, in id order (the
    one more says that the list was cut)."""
    target = path.target
    conditions = [path.match.in_(keys), *scope(target)]
    found: dict[Any, list[Any]] = {}
    if not path.many:
        for row, key in (await session.execute(select(target, path.match).where(*conditions))).tuples():
            found[key] = [row]
        return found
    [target_id] = inspect(target).primary_key
    rank = func.row_number().over(partition_by=path.match, order_by=target_id)
    ranked = select(target, path.match.label(_KEY), rank.label(_RANK))
    if path.link is not None:
        ranked = ranked.join(*path.link)
    subquery = ranked.where(*conditions).subquery()
    rows = select(aliased(target, subquery), subquery.c[_KEY]).where(subquery.c[_RANK] <= LIST_LIMIT + 1)
    for row, key in (await session.execute(rows.order_by(subquery.c[_KEY], subquery.c[_RANK]))).tuples():
        found.setdefault(key, []).append(row)
    return found


class Related:
    """A record as a response schema reads it: its own attributes, and of its relationships only those loaded for
    it (Pydantic leaves out a field whose attribute is missing, so a relation not asked for is not in the answer)."""

    __slots__ = ("_record", "_related", "_relationships")

    def __init__(self, record: Any, related: dict[str, Any]) -> None:
        self._record = record
        self._related = related
        self._relationships = relationship_names(type(record))

    def __getattr__(self, name: str) -> Any:
        if name in self._related:
            return self._related[name]
        if name in self._relationships:
            raise AttributeError(name)
        return getattr(self._record, name)


def included_attributes(schema: type[BaseModel], record_type: type[Any], include: Collection[str]) -> list[str]:
    """The relationships to load: those named in `include` (API names) and those the schema always carries."""
    relationships = relationship_names(record_type)
    wanted = []
    for name, field in schema.model_fields.items():
        if name in relationships and (field.is_required() or (field.alias or name) in include):
            wanted.append(name)
    return wanted


async def respond(
    session: AsyncSession | async_scoped_session[AsyncSession],
    schema: type[SchemaT],
    records: Sequence[Any],
    include: Collection[str] = (),
    scope: Scope = everything,
) -> list[SchemaT]:
    """The records as `schema`, with the relations named in `include` and those the schema embeds."""
    if not records:
        return []
    related: list[dict[str, Any]] = [{} for _ in records]
    for name in included_attributes(schema, type(records[0]), include):
        path = relation_path(type(records[0]), name)
        keys = {getattr(record, path.key) for record in records} - {None}
        rows = await related_rows(session, path, keys, scope) if keys else {}
        for record, loaded in zip(records, related, strict=True):
            found = rows.get(getattr(record, path.key), [])
            if path.many:
                loaded[name] = found[:LIST_LIMIT]
                loaded[name + TRUNCATED_SUFFIX] = len(found) > LIST_LIMIT
            else:
                loaded[name] = found[0] if found else None
    return [schema.model_validate(Related(record, loaded)) for record, loaded in zip(records, related, strict=True)]
