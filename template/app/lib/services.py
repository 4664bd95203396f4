"""The base of every generated service, and service helpers shared by every domain."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from advanced_alchemy.base import ModelProtocol
from advanced_alchemy.exceptions import ForeignKeyError
from advanced_alchemy.filters import StatementFilter
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
from sqlalchemy.orm import InstrumentedAttribute

from app.lib.includes import respond
from app.lib.pages import CursorWindow, OffsetWindow, PageOf, bind, digest, next_cursor

ModelT = TypeVar("ModelT", bound=ModelProtocol)
RepositoryT = TypeVar("RepositoryT", bound=SQLAlchemyAsyncRepository[Any])
SchemaT = TypeVar("SchemaT", bound=BaseModel)


class Service(SQLAlchemyAsyncRepositoryService[ModelT, RepositoryT]):
    """Advanced Alchemy's service, answering with the related records a request asks for (app/lib/includes.py)."""

    # Where Advanced Alchemy counts (get_many_and_count, which `page` does not use), not with a window over the
    # page's query (`count(*) OVER ()`): that makes the database read and sort every match (see `offset_page`).
    count_with_window_function = False

    def __init__(
        self, session: AsyncSession | async_scoped_session[AsyncSession], *, auto_refresh: bool = False, **options: Any
    ) -> None:
        # A written row is answered as the session holds it, without reading it back: every value of a generated
        # model is set in Python (ids, audit times, defaults), so a refresh would cost a statement and change nothing.
        super().__init__(session, auto_refresh=auto_refresh, **options)

    def scope(self, model: type[Any]) -> Sequence[ColumnElement[bool]]:
        """The conditions that keep rows of `model` to those the caller may see: every row here."""
        return ()

    async def respond(
        self, schema: type[SchemaT], records: Sequence[ModelT], include: Collection[str] | None = None
    ) -> list[SchemaT]:
        """The records as `schema`, with the relations named in `include` and those it embeds."""
        return await respond(self.repository.session, schema, records, include or (), self.scope)

    async def page(
        self, schema: type[SchemaT], filters: Sequence[StatementFilter], include: Collection[str] | None = None
    ) -> PageOf[SchemaT]:
        """A list endpoint's page of records as `schema` (app/lib/pages.py): by offset, counting every match, or by
        cursor, counting nothing."""
        [window] = [f for f in filters if isinstance(f, OffsetWindow | CursorWindow)]
        # What the cursor sent and the one answered are bound to: this order and these filters.
        made_for = digest(window.order, filters)
        records: Sequence[ModelT]
        if isinstance(window, CursorWindow):
            bound = bind(window, self.model_type, made_for)
            records = list(await self.get_many(*(bound if f is window else f for f in filters)))
            more, records = len(records) > window.limit, records[: window.limit]
            total, offset = None, None
        else:
            records, total = await self.offset_page(window, filters)
            offset = window.offset
            more = offset + len(records) < total
        items = await self.respond(schema, records, include)
        after = next_cursor(made_for, window.order, records[-1]) if more and records else None
        return PageOf(items=items, total=total, limit=window.limit, offset=offset, next_cursor=after)

    async def offset_page(self, window: OffsetWindow, filters: Sequence[StatementFilter]) -> tuple[list[ModelT], int]:
        """The window's records and the number of all matches, read by one statement.

        The count is an uncorrelated subquery, which the database evaluates once for the statement; the page itself
        still reads the index of its order and stops after `pageSize` rows. Advanced Alchemy counts either with a
        window over the page's query (`count(*) OVER ()`: every match read and sorted, 430 us against 32 us for a
        page of 20 of 300 rows on SQLite) or with a second statement: a second round trip, and on SQLite four more
        hand-offs to its connection's thread, which cost more than the statement under load. (Deep offset pages of
        a large table are slower so on PostgreSQL, which carries the count through every row the offset skips:
        those are what cursor pages are for.)
        """
        model = self.model_type
        matching = self.repository.statement
        for condition in filters:
            if condition is not window:
                matching = condition.append_to_statement(matching, model)
        counted = matching.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
        # Not correlated to the page's FROM (which names the same tables): a count of all matches, computed once.
        total = counted.scalar_subquery().correlate(None)
        session = self.repository.session
        rows = (await session.execute(window.append_to_statement(matching.add_columns(total), model))).all()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        # No row carries the count: a page past the last match counts on its own; a first page matched nothing.
        return [], (await session.scalar(counted) or 0) if window.offset else 0

    async def respond_one(
        self, schema: type[SchemaT], record: ModelT, include: Collection[str] | None = None
    ) -> SchemaT:
        """One record as `schema`, with the relations named in `include` and those it embeds."""
        [response] = await self.respond(schema, [record], include)
        return response


class HasId(Protocol):
    @property
    def id(self) -> Any: ...


RelatedT = TypeVar("RelatedT", bound=HasId)


async def load_related(
    session: AsyncSession | async_scoped_session[AsyncSession],
    model: type[RelatedT],
    id_column: InstrumentedAttribute[Any],
    ids: Iterable[Any],
    *,
    field: str,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[RelatedT]:
    """The rows of `model` with these ids, in the order given; a ForeignKeyError (409) names unknown ones. `where`
    narrows the rows that count (another user's owned rows are unknown ones)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    rows = {row.id: row for row in await session.scalars(select(model).where(id_column.in_(wanted), *where))}
    missing = [str(key) for key in wanted if key not in rows]
    if missing:
        msg = f"{field}: no {model.__name__} with id {', '.join(missing)}"
        raise ForeignKeyError(detail=msg)
    return [rows[key] for key in wanted]
