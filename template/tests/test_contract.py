"""The API keeps the contract its OpenAPI document states, whatever a client sends.

Schemathesis generates requests from the document, valid and invalid ones, and checks every answer against it:
status codes, content types, bodies and headers. CONTRACT_EXAMPLES sets how many requests each operation gets
(5 by default, so that the run stays short; a few hundred find more).
"""

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar
from schemathesis.config import SchemathesisConfig
from sqlalchemy.ext.asyncio import AsyncEngine

from app.app import create_app

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "5"))

# The document does not depend on the database: it is read from an app built with the default settings.
# The coverage phase, which tries every boundary of every parameter, is left to `st run` (see README.md): it takes
# minutes on a large document.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(create_app().openapi_schema.to_schema(), config=CONFIG)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_as_documented(case: schemathesis.Case[Any], app: Litestar, engine: AsyncEngine) -> None:
    case.call_and_validate(app=app)
