"""What every response and log line carries: a request id, the security headers, CORS closed unless configured."""

import re

import pytest
import structlog
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
