"""What every response and log line carries: a request id, the security headers, CORS closed unless configured; the
standard library's records (SQLAlchemy, asyncio) are JSON lines too, tracebacks included."""

import json
import logging
import re
import sys

import pytest
import structlog
from litestar.logging.config import StructLoggingConfig
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from app.app import create_app
from app.config import get_settings
from app.lib.observability import REQUEST_ID_HEADER, SECURITY_HEADERS
from tests.crud import Client

NEW_REQUEST_ID = re.compile(r"[0-9a-f]{32}")


async def test_a_plain_request_id_is_kept_and_logged_with_the_request(client: Client) -> None:
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        answer = await client.get("/health", headers={REQUEST_ID_HEADER: "lb-4711.a_b"})
    assert answer.headers[REQUEST_ID_HEADER] == "lb-4711.a_b"
    (line,) = [log for log in logs if log["event"] == "request"]
    assert line["request_id"] == "lb-4711.a_b"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/health", 200)


@pytest.mark.parametrize("sent", [None, "two words", "x" * 65, 'forged"}\n{"level":"error'])
async def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client: Client, sent: str | None) -> None:
    headers = {} if sent is None else {REQUEST_ID_HEADER: sent}
    first = await client.get("/health", headers=headers)
    second = await client.get("/health", headers=headers)
    assert NEW_REQUEST_ID.fullmatch(first.headers[REQUEST_ID_HEADER])
    assert first.headers[REQUEST_ID_HEADER] != second.headers[REQUEST_ID_HEADER]


@pytest.mark.parametrize("path", ["/health", "/no-such-path", "/schema/openapi.json"])
async def test_every_response_carries_the_security_headers(client: Client, path: str) -> None:
    answer = await client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value, (path, name)


async def test_a_client_error_is_not_logged_as_an_error_of_the_service(client: Client) -> None:
    with capture_logs() as logs:
        answer = await client.get("/no-such-path")
    assert answer.status_code == 404
    assert [(log["log_level"], log["event"], log["status"]) for log in logs] == [("info", "request", 404)]


async def test_cors_is_closed_unless_origins_are_configured(client: Client) -> None:
    preflight = {"origin": "https://elsewhere.example", "access-control-request-method": "GET"}
    assert "access-control-allow-origin" not in (await client.options("/health", headers=preflight)).headers
    assert "access-control-allow-origin" not in (await client.get("/health", headers=preflight)).headers


async def test_configured_origins_may_call_the_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://app.example, https://admin.example")
    get_settings.cache_clear()
    try:
        async with AsyncTestClient(app=create_app()) as client:
            allowed = await client.options(
                "/health", headers={"origin": "https://admin.example", "access-control-request-method": "GET"}
            )
            other = await client.options(
                "/health", headers={"origin": "https://elsewhere.example", "access-control-request-method": "GET"}
            )
    finally:
        get_settings.cache_clear()
    assert allowed.headers["access-control-allow-origin"] == "https://admin.example"
    assert "access-control-allow-origin" not in other.headers


def test_a_library_error_with_a_traceback_is_one_json_line_holding_it() -> None:
    """SQLAlchemy's pool and asyncio log their errors through the standard library, with a traceback."""
    config = create_app().logging_config
    assert isinstance(config, StructLoggingConfig)
    assert config.standard_lib_logging_config is not None
    options = config.standard_lib_logging_config.formatters["standard"]
    formatter = structlog.stdlib.ProcessorFormatter(processors=options["processors"])
    try:
        raise ConnectionResetError("connection lost")
    except ConnectionResetError:
        record = logging.LogRecord("sqlalchemy.pool", logging.ERROR, __file__, 1, "Exception closing %r", ("c",), None)
        record.exc_info = sys.exc_info()
    line = json.loads(formatter.format(record))
    assert (line["event"], line["level"]) == ("Exception closing 'c'", "error")
    assert line["exception"].endswith("ConnectionResetError: connection lost")
