"""Logs and response headers: JSON log lines (structlog), a request id on every request and on its log lines, a line
per request, server errors logged with their traceback, and the security headers every response carries."""

import logging
import re
import time
from uuid import uuid4

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.logging.config import StructLoggingConfig
from litestar.middleware import ASGIMiddleware
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.lib.problems import response_status

REQUEST_ID_HEADER = "x-request-id"
# The id a client or a proxy sent is kept when it is this short and plain; any other is replaced, so that a header
# cannot forge log lines.
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# On every response (OWASP REST Security Cheat Sheet): no MIME sniffing, no framing, no referrer, HTTPS only once a
# browser saw it over HTTPS. A JSON API needs no more; the OpenAPI page (/schema) loads its script from a CDN.
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000",
}
logger = structlog.get_logger("app")


def logging_plugin(settings: Settings) -> StructlogPlugin:
    """structlog for the app's logs and the standard library's (SQLAlchemy, the server), as Litestar configures it."""
    level = logging.getLevelNamesMapping()[settings.log_level]
    return StructlogPlugin(
        StructlogConfig(
            structlog_logging_config=StructLoggingConfig(
                pretty_print_tty=not settings.log_json,
                wrapper_class=structlog.make_filtering_bound_logger(level),
                # Litestar would log every exception, the 404s and 409s clients cause included: log_server_error
                # logs the ones that become a 5xx.
                log_exceptions="never",
            ),
            # RequestLogMiddleware writes one line per request (Litestar's writes two, with headers and cookies).
            enable_middleware_logging=False,
        )
    )


class RequestLogMiddleware(ASGIMiddleware):
    """Gives each request an id (its X-Request-ID when plain, else a new one), binds it to every log line written while
    the request runs, returns it as X-Request-ID, and logs the request once it is answered."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, access_log: bool) -> None:
        self.access_log = access_log

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request_id = _request_id(scope)
        method = scope["method"] if scope["type"] == ScopeType.HTTP else scope["type"]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await next_app(scope, receive, send_with_id)
        finally:
            if self.access_log:
                logger.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                )


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER.encode():
            sent = value.decode("latin-1")
            return sent if _CLIENT_REQUEST_ID.fullmatch(sent) else uuid4().hex
    return uuid4().hex


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: it sees every response, those of unknown paths (404) included."""
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value


async def log_server_error(exc: Exception, scope: Scope) -> None:
    """An `after_exception` hook: an error that becomes a 500 is logged with its traceback, an unreachable database
    (503) with a line per request; what a client caused (4xx) is not an error of the service."""
    status = response_status(exc)
    if status == HTTP_503_SERVICE_UNAVAILABLE:
        logger.warning("database unreachable", path=scope["path"], status=status, error=repr(exc))
    elif status >= HTTP_500_INTERNAL_SERVER_ERROR:
        logger.error("request failed", path=scope["path"], status=status, exc_info=exc)
