"""The pages of list endpoints: by offset (`currentPage`), or by cursor (`cursor=start`, then each page's
`nextCursor`).

An offset page counts every match and skips the rows before it. A cursor page counts nothing: it starts right after
the last row of the page before, which the index behind the order finds at once, so that its cost does not grow with
its depth. Both are ordered by the column asked for, then by id (which breaks ties); NULLs come last in ascending
order and first in descending order on every database, as PostgreSQL's indexes hold them. A cursor carries the last
row's position and a digest of the order and filters it was made for: altered, or sent with another order or other
filters, it is a 400 naming `cursor`.
"""

import base64
import binascii
import dataclasses
import hashlib
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar, cast

import msgspec
from advanced_alchemy.filters import PaginationFilter, StatementFilter, StatementTypeT
from litestar.exceptions import ValidationException
from litestar.params import KwargDefinition
from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, tuple_
from sqlalchemy.orm import ColumnProperty, InstrumentedAttribute

ItemT = TypeVar("ItemT")
# The `cursor` of a walk's first page.
CURSOR_START = "start"
NOT_OURS = "not a cursor this API made: use `start` or a page's nextCursor"


class PageOf(msgspec.Struct, Generic[ItemT], rename="camel"):
    """A list endpoint's answer. By offset: the count of all matches and the offset asked for. By cursor: neither
    (both null). `nextCursor` asks for the page after this one; null on the last page."""

    items: list[ItemT]
    total: int | None
    limit: int
    offset: int | None
    next_cursor: str | None


def page_component(item: type[Any]) -> KwargDefinition:
    """Names the OpenAPI component of a page of `item` after its type, `PageOf[AuthorRead]` as `PageOfAuthorRead`:
    `Annotated[PageOf[AuthorRead], page_component(AuthorRead)]`. Litestar would spell out the item's module path
    (`PageOf_app.domain.authors.schemas.AuthorRead_`), a name client generators turn into a class name as long."""
    return KwargDefinition(schema_component_key=f"PageOf{item.__name__}")


def cursor_problem(message: str) -> ValidationException:
    """The 400 of a cursor that cannot be used."""
    return ValidationException(
        detail="Invalid query parameter", extra=[{"key": "cursor", "message": message, "source": "query"}]
    )


@dataclass(frozen=True)
class Order:
    """What a list is ordered by: an attribute of the model, then the id in the same direction."""

    attribute: str
    descending: bool

    def columns(self, model: type[Any]) -> tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any]]:
        return getattr(model, self.attribute), model.id

    def clauses(self, model: type[Any]) -> list[ColumnElement[Any]]:
        column, key = self.columns(model)
        if self.attribute == "id":
            return [key.desc() if self.descending else key.asc()]
        if not _nullable(column):
            return [column.desc(), key.desc()] if self.descending else [column.asc(), key.asc()]
        # NULL is greater than any value, as in PostgreSQL's indexes: SQLite must be told.
        return [column.desc().nulls_first(), key.desc()] if self.descending else [column.asc().nulls_last(), key.asc()]

    def after(self, model: type[Any], value: Any, key_value: Any) -> ColumnElement[bool]:
        """The rows after the position (`value`, `key_value`) in this order."""
        column, key = self.columns(model)
        later = operator.lt if self.descending else operator.gt
        if self.attribute == "id":
            return cast("ColumnElement[bool]", later(key, bindparam(None, key_value, key.type)))
        if value is None:
            # Past the NULLs: ascending, only NULLs are left; descending, every value is.
            tie = and_(column.is_(None), later(key, bindparam(None, key_value, key.type)))
            return tie if not self.descending else or_(column.is_not(None), tie)
        # A row comparison, which an index of (column, id) answers by seeking.
        position = tuple_(bindparam(None, value, column.type), bindparam(None, key_value, key.type))
        beyond = later(tuple_(column, key), position)
        return or_(beyond, column.is_(None)) if _nullable(column) and not self.descending else beyond


def _column_property(attribute: InstrumentedAttribute[Any]) -> ColumnProperty[Any]:
    return cast("ColumnProperty[Any]", attribute.property)


def _nullable(attribute: InstrumentedAttribute[Any]) -> bool:
    return bool(_column_property(attribute).columns[0].nullable)


# Read once per model and order: the models do not change while the app runs.
_position_types: dict[tuple[type[Any], str], tuple[Any, Any]] = {}


def position_types(model: type[Any], attribute: str) -> tuple[Any, Any]:
    """The types a cursor's position is read as: the ordered column's value (or NULL), and the id."""
    if (model, attribute) not in _position_types:
        value_type = _column_property(getattr(model, attribute)).columns[0].type.python_type
        _position_types[model, attribute] = (value_type | None, model.id.type.python_type)
    return _position_types[model, attribute]


@dataclass
class Window(PaginationFilter):
    """Which rows of the ordered matches a page holds (a pagination filter: left out when the matches are counted)."""

    order: Order
    limit: int


@dataclass
class OffsetWindow(Window):
    offset: int

    def append_to_statement(self, statement: StatementTypeT, model: type[Any]) -> StatementTypeT:
        if not isinstance(statement, Select):
            return statement
        ordered = statement.order_by(*self.order.clauses(model))
        return cast("StatementTypeT", ordered.limit(self.limit).offset(self.offset))


@dataclass
class CursorWindow(Window):
    """The `limit` rows after `position` (from the start without one), and one more that says whether a page follows."""

    digest: str | None = None
    position: Any = None

    def append_to_statement(self, statement: StatementTypeT, model: type[Any]) -> StatementTypeT:
        if not isinstance(statement, Select):
            return statement
        selected = statement.order_by(*self.order.clauses(model)).limit(self.limit + 1)
        if self.position is not None:
            selected = selected.where(self.order.after(model, *self.position))
        return cast("StatementTypeT", selected)


def window(page_number: int, page_size: int, order: Order, cursor: str | None) -> Window:
    """The window of the page asked for: by offset without `cursor`; with it, the first page of a walk (`start`)
    or the page after a `nextCursor` (read here; checked against the order and filters by `bind`)."""
    if cursor is None:
        return OffsetWindow(order, page_size, page_size * (page_number - 1))
    if page_number != 1:
        raise cursor_problem("a cursor page has no number: leave out currentPage")
    if cursor == CURSOR_START:
        return CursorWindow(order, page_size)
    try:
        digest, *position = msgspec.json.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, msgspec.DecodeError, TypeError, ValueError):
        raise cursor_problem(NOT_OURS) from None
    if not isinstance(digest, str) or len(position) != 2:
        raise cursor_problem(NOT_OURS)
    return CursorWindow(order, page_size, digest, position)


def _canonical(value: Any) -> Any:
    """A filter's value as text that is the same in every worker process (a set's order is not)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return [type(value).__name__, fields]
    if isinstance(value, set | frozenset):
        return sorted(repr(_canonical(item)) for item in value)
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value.value if isinstance(value, Enum) else repr(value)


def digest(order: Order, filters: Sequence[StatementFilter]) -> str:
    """What a cursor is bound to: the order and every filter but the window."""
    bound = [_canonical(order), *(_canonical(f) for f in filters if not isinstance(f, Window))]
    return hashlib.sha256(repr(bound).encode()).hexdigest()[:16]


def bind(window: CursorWindow, model: type[Any], made_for: str) -> CursorWindow:
    """The window with its position read as the model's values, once the cursor is known to be made for these
    filters and this order (`made_for`: their digest)."""
    if window.digest is None:
        return window
    if window.digest != made_for:
        raise cursor_problem("made for another order or other filters: keep them, or start again with `start`")
    value, key = window.position
    value_type, key_type = position_types(model, window.order.attribute)
    try:
        position = (msgspec.convert(value, value_type, strict=False), msgspec.convert(key, key_type, strict=False))
    except msgspec.ValidationError:
        raise cursor_problem(NOT_OURS) from None
    return dataclasses.replace(window, position=position)


def next_cursor(made_for: str, order: Order, last: Any) -> str:
    """The cursor of the page after the one that ends with the record `last`, bound to the digest `made_for`."""
    position = [made_for, getattr(last, order.attribute), last.id]
    return base64.urlsafe_b64encode(msgspec.json.encode(position)).decode().rstrip("=")
