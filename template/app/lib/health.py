"""`GET /health`: whether the service answers and its database with it; cheap enough to be polled every second.

A load balancer or an orchestrator polls it: 200 while the database answers within HEALTH_TIMEOUT seconds, 503 (a
problem detail with Retry-After) while it does not, and 200 again by itself once it is back.
"""

from typing import Literal

import anyio
from litestar import get
from litestar.di import NamedDependency
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.lib.openapi import problem_responses
from app.lib.problems import unreachable_problem

HEALTH_PATH = "/health"
HEALTH_TIMEOUT = 2.0


class Health(BaseModel):
    """The service and its database answer."""

    status: Literal["ok"]
    database: Literal["ok"]


@get(
    HEALTH_PATH,
    operation_id="health",
    summary="Whether the service and its database answer",
    tags=["health"],
    responses=problem_responses(503),
)
async def health(db_session: NamedDependency[AsyncSession]) -> Health:
    try:
        with anyio.fail_after(HEALTH_TIMEOUT):
            await db_session.execute(text("SELECT 1"))
    except (TimeoutError, SQLAlchemyError, OSError) as error:
        raise unreachable_problem(error) from None
    return Health(status="ok", database="ok")
