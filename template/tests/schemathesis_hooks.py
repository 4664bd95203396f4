"""Schemathesis hooks: requests made as a client of this API makes them.

A cursor is made by the API (`start`, or a page's `nextCursor`) and bound to the order and filters it was made for,
which no document can state: a request generated as valid carries a made-up one, which the API rightly refuses
(400 naming `cursor`). Such requests ask for a walk's first page instead, as a client would; requests generated as
invalid are sent as they are. tests/test_contract.py applies this; `st run` does with
`SCHEMATHESIS_HOOKS=tests/schemathesis_hooks.py`.
"""

from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

CURSOR, CURSOR_START, PAGE_NUMBER = "cursor", "start", "currentPage"


def start_made_up_cursors(case: schemathesis.Case[Any]) -> None:
    """A valid request's cursor becomes `start` (a cursor page has no number: `currentPage` goes)."""
    query = case.query
    if not query or CURSOR not in query:
        return
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.QUERY):
        return
    query[CURSOR] = CURSOR_START
    query.pop(PAGE_NUMBER, None)


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: schemathesis.Case[Any], **kwargs: Any) -> None:
    start_made_up_cursors(case)
