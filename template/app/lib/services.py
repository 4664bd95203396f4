"""Service helpers shared by every domain."""

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from advanced_alchemy.exceptions import ForeignKeyError
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
from sqlalchemy.orm import InstrumentedAttribute


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
