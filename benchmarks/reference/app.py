"""The reference of benchmarks/bench_api.py: the bookstore's authors written by hand as the Advanced Alchemy
"Litestar integration" guide writes them (a model, Pydantic schemas, a repository service, a controller with
`create_service_dependencies` filters), on the generated project's `authors` table.

It runs in a generated bookstore's environment (`DATABASE_URL` as the project's): `granian --factory
reference_app:create_app`. Nothing of the generated code is imported.
"""

import datetime
import os
from typing import Annotated, Any
from uuid import UUID

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
    base,
    providers,
    repository,
    service,
)
from advanced_alchemy.filters import FilterTypes
from litestar import Controller, Litestar, delete, get, patch, post
from litestar.params import Dependency
from pydantic import BaseModel as _BaseModel
from pydantic import ConfigDict
from sqlalchemy.orm import Mapped, mapped_column


class BaseModel(_BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AuthorModel(base.UUIDAuditBase):
    __tablename__ = "authors"
    name: Mapped[str]
    dob: Mapped[datetime.date | None] = mapped_column(nullable=True)


class Author(BaseModel):
    id: UUID | None
    name: str
    dob: datetime.date | None = None


class AuthorCreate(BaseModel):
    name: str
    dob: datetime.date | None = None


class AuthorUpdate(BaseModel):
    name: str | None = None
    dob: datetime.date | None = None


class AuthorService(service.SQLAlchemyAsyncRepositoryService[AuthorModel]):
    """Author service."""

    class Repo(repository.SQLAlchemyAsyncRepository[AuthorModel]):
        """Author repository."""

        model_type = AuthorModel

    repository_type = Repo


class AuthorController(Controller):
    """Author CRUD."""

    path = "/authors"
    dependencies = providers.create_service_dependencies(
        AuthorService,
        "authors_service",
        filters={"id_filter": UUID, "pagination_type": "limit_offset", "sort_field": "created_at"},
    )

    @get()
    async def list_authors(
        self,
        authors_service: AuthorService,
        filters: Annotated[list[FilterTypes], Dependency(skip_validation=True)],
    ) -> service.OffsetPagination[Author]:
        results, total = await authors_service.get_many_and_count(*filters)
        return authors_service.to_schema(results, total, filters=filters, schema_type=Author)

    @post()
    async def create_author(self, authors_service: AuthorService, data: AuthorCreate) -> Author:
        obj = await authors_service.create(data)
        return authors_service.to_schema(obj, schema_type=Author)

    @get("/{author_id:uuid}")
    async def get_author(self, authors_service: AuthorService, author_id: UUID) -> Author:
        obj = await authors_service.get(author_id)
        return authors_service.to_schema(obj, schema_type=Author)

    @patch("/{author_id:uuid}")
    async def update_author(self, authors_service: AuthorService, data: AuthorUpdate, author_id: UUID) -> Author:
        obj = await authors_service.update(data, item_id=author_id)
        return authors_service.to_schema(obj, schema_type=Author)

    @delete("/{author_id:uuid}")
    async def delete_author(self, authors_service: AuthorService, author_id: UUID) -> None:
        _ = await authors_service.delete(author_id)


def create_app() -> Litestar:
    config = SQLAlchemyAsyncConfig(
        connection_string=os.environ["DATABASE_URL"],
        before_send_handler="autocommit",
        session_config=AsyncSessionConfig(expire_on_commit=False),
        create_all=False,
    )
    plugins: list[Any] = [SQLAlchemyPlugin(config=config)]
    return Litestar(route_handlers=[AuthorController], plugins=plugins)
