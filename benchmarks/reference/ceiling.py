"""The ceiling of benchmarks/bench_api.py: the bookstore's authors with one hand-written SQL statement per route and
msgspec structs in and out, on the generated project's `authors` table. What this stack can do at most: no
repository, no service, no ORM objects, no Pydantic, no filters but the page.

It runs in a generated bookstore's environment (`DATABASE_URL` as the project's): `granian --factory
ceiling_app:create_app`. Nothing of the generated code is imported.
"""

import datetime
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import msgspec
from advanced_alchemy.types import GUID, DateTimeUTC
from litestar import Litestar, delete, get, patch, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from sqlalchemy import Date, String, TextualSelect, bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

COLUMNS = "id, name, dob, created_at, updated_at"
TYPES: dict[str, Any] = {
    "id": GUID(),
    "name": String(),
    "dob": Date(),
    "created_at": DateTimeUTC(timezone=True),
    "updated_at": DateTimeUTC(timezone=True),
}


class Author(msgspec.Struct, rename="camel"):
    id: uuid.UUID
    name: str
    dob: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AuthorCreate(msgspec.Struct):
    name: str
    dob: datetime.date | None = None


class AuthorUpdate(msgspec.Struct):
    name: str | None = None


class Page(msgspec.Struct):
    items: list[Author]
    total: int
    limit: int
    offset: int


def statement(sql: str, *columns: str) -> TextualSelect:
    """The SQL with its parameters and result columns typed as the table's (ids as GUID, times as UTC)."""
    typed = text(sql).bindparams(*(bindparam(name, type_=TYPES[name]) for name in columns if f":{name}" in sql))
    return typed.columns(**{name: TYPES[name] for name in COLUMNS.split(", ")})


# The count as a scalar subquery: the page itself reads the index of its order and stops after `limit` rows.
LIST = text(
    f"SELECT {COLUMNS}, (SELECT count(*) FROM authors) AS total FROM authors"
    " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"
).columns(**TYPES)
GET = statement(f"SELECT {COLUMNS} FROM authors WHERE id = :id", "id")
CREATE = statement(
    f"INSERT INTO authors (id, name, dob, created_at, updated_at) VALUES (:id, :name, :dob, :created_at, :created_at)"
    f" RETURNING {COLUMNS}",
    "id",
    "name",
    "dob",
    "created_at",
)
UPDATE = statement(
    f"UPDATE authors SET name = coalesce(:name, name), updated_at = :updated_at WHERE id = :id RETURNING {COLUMNS}",
    "id",
    "name",
    "updated_at",
)
DELETE = statement("DELETE FROM authors WHERE id = :id", "id")


def author(row: Any) -> Author:
    return Author(row.id, row.name, row.dob, row.created_at, row.updated_at)


def engine(state: State) -> AsyncEngine:
    found: AsyncEngine = state.engine
    return found


@get("/authors")
async def list_authors(
    state: State,
    page_size: Annotated[int, Parameter(query="pageSize", ge=1, le=100)] = 20,
    current_page: Annotated[int, Parameter(query="currentPage", ge=1)] = 1,
) -> Page:
    async with engine(state).connect() as connection:
        rows = (await connection.execute(LIST, {"limit": page_size, "offset": page_size * (current_page - 1)})).all()
    return Page([author(row) for row in rows], rows[0].total if rows else 0, page_size, page_size * (current_page - 1))


@get("/authors/{author_id:uuid}")
async def get_author(state: State, author_id: uuid.UUID) -> Author:
    async with engine(state).connect() as connection:
        row = (await connection.execute(GET, {"id": author_id})).first()
    if row is None:
        raise NotFoundException
    return author(row)


@post("/authors")
async def create_author(state: State, data: AuthorCreate) -> Author:
    values = {"id": uuid.uuid4(), "name": data.name, "dob": data.dob, "created_at": datetime.datetime.now(datetime.UTC)}
    async with engine(state).begin() as connection:
        row = (await connection.execute(CREATE, values)).one()
    return author(row)


@patch("/authors/{author_id:uuid}")
async def update_author(state: State, author_id: uuid.UUID, data: AuthorUpdate) -> Author:
    values = {"id": author_id, "name": data.name, "updated_at": datetime.datetime.now(datetime.UTC)}
    async with engine(state).begin() as connection:
        row = (await connection.execute(UPDATE, values)).first()
    if row is None:
        raise NotFoundException
    return author(row)


@delete("/authors/{author_id:uuid}")
async def delete_author(state: State, author_id: uuid.UUID) -> None:
    async with engine(state).begin() as connection:
        await connection.execute(DELETE, {"id": author_id})


@asynccontextmanager
async def database(app: Litestar) -> AsyncIterator[None]:
    # As many connections as the load needs, kept: SQLAlchemy's default pool would open and close its overflow.
    app.state.engine = create_async_engine(os.environ["DATABASE_URL"], pool_size=20, max_overflow=0)
    try:
        yield
    finally:
        await app.state.engine.dispose()


def create_app() -> Litestar:
    handlers = [list_authors, get_author, create_author, update_author, delete_author]
    return Litestar(route_handlers=handlers, lifespan=[database])
