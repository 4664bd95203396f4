"""Logs and response headers: JSON log lines (structlog), a request id on every request and on its log lines, a line
per request, server errors logged with their traceback, and the security headers every response carries."""

import logging
import re
import sys
import time
from uuid import uuid4

import structlog
from litestar.config.app import AppConfig
from litestar.enums import ScopeType
from litestar.logging.config import StructLoggingConfig
from litestar.plugins.structlog import StructlogConfig, StructlogPlugin
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ASGIApp, BeforeMessageSendHookHandler, Message, Receive, Scope, Send

from app.config import Settings
from app.lib.problems import refused_value, response_status

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_HEADER_RAW = REQUEST_ID_HEADER.encode()
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
_SECURITY_HEADERS_RAW = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
_OUR_HEADERS = frozenset(name for name, _ in _SECURITY_HEADERS_RAW) | {_REQUEST_ID_HEADER_RAW}
# Where RequestIdMiddleware keeps the request's id and start time in the ASGI scope's state.
_REQUEST_ID, _STARTED = "app.request_id", "app.request_started"
logger = structlog.get_logger("app")


def logging_plugin(settings: Settings) -> StructlogPlugin:
    """structlog for the app's logs and the standard library's (SQLAlchemy, the server), as Litestar configures it."""
    level = logging.getLevelNamesMapping()[settings.log_level]
    config = StructLoggingConfig(
        pretty_print_tty=not settings.log_json,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        # Litestar would log every exception, the 404s and 409s clients cause included: log_server_error logs the
        # ones that become a 5xx.
        log_exceptions="never",
    )
    # On standard error, as the standard library logs: standard output stays the output of commands and scripts.
    if config.as_json():
        config.logger_factory = structlog.BytesLoggerFactory(sys.stderr.buffer)
        # Litestar's JSON formatter of the standard library's records writes no traceback as text: a record with one
        # (SQLAlchemy's pool, asyncio) could not be written at all ("--- Logging error ---").
        if config.standard_lib_logging_config is not None:
            processors = config.standard_lib_logging_config.formatters["standard"]["processors"]
            processors.insert(len(processors) - 1, structlog.processors.format_exc_info)
    else:
        config.logger_factory = structlog.WriteLoggerFactory(sys.stderr)
    # finish_response writes one line per request (Litestar's middleware two, with headers and cookies).
    return StructlogPlugin(StructlogConfig(structlog_logging_config=config, enable_middleware_logging=False))


class RequestIdMiddleware:
    """Gives each routed request an id (its X-Request-ID when plain, else a new one) and binds it to every log line
    written while the request runs. `finish_response` returns it and logs the request. A plain ASGI middleware: it
    runs on every request, where Litestar's middleware base would first look for paths to leave out."""

    def __call__(self, app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == ScopeType.HTTP:
                state = scope["state"]
                state[_REQUEST_ID], state[_STARTED] = _request_id(scope), time.perf_counter()
                structlog.contextvars.clear_contextvars()
                structlog.contextvars.bind_contextvars(request_id=state[_REQUEST_ID])
            await app(scope, receive, send)

        return middleware


def request_id_outermost(app_config: AppConfig) -> AppConfig:
    """An `on_app_init` hook, after those that put their middleware first (authentication): RequestIdMiddleware runs
    before all others, so that every response, a 401 too, has its id and its duration logged."""
    ours = [m for m in app_config.middleware if isinstance(m, RequestIdMiddleware)]
    app_config.middleware = ours + [m for m in app_config.middleware if not isinstance(m, RequestIdMiddleware)]
    return app_config


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _REQUEST_ID_HEADER_RAW:
            sent = value.decode("latin-1")
            return sent if _CLIENT_REQUEST_ID.fullmatch(sent) else uuid4().hex
    return uuid4().hex


def finish_response(access_log: bool) -> BeforeMessageSendHookHandler:
    """A `before_send` hook, so that it sees every response, those of paths no route matches (404) included: the
    security headers, X-Request-ID, and a log line per request (with ACCESS_LOG)."""

    async def finish(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        # A request no route matched did not pass RequestIdMiddleware.
        state = scope["state"]
        request_id = state.get(_REQUEST_ID) or _request_id(scope)
        # Ours replace any of the same names, in one pass over the raw headers.
        kept = [(name, value) for name, value in message.get("headers", ()) if name not in _OUR_HEADERS]
        message["headers"] = [*kept, *_SECURITY_HEADERS_RAW, (_REQUEST_ID_HEADER_RAW, request_id.encode("latin-1"))]
        if access_log:
            started = state.get(_STARTED)
            logger.info(
                "request",
                request_id=request_id,
                method=scope["method"] if scope["type"] == ScopeType.HTTP else scope["type"],
                path=scope["path"],
                status=message["status"],
                duration_ms=None if started is None else round((time.perf_counter() - started) * 1000, 1),
            )

    return finish


async def log_server_error(exc: Exception, scope: Scope) -> None:
    """An `after_exception` hook: an error that becomes a 500 is logged with its traceback, an unreachable database
    (503) with a line per request, a value the database refused (a 400 the request checks missed) with its SQLSTATE;
    what a client caused otherwise (4xx) is not an error of the service."""
    status = response_status(exc)
    if status == HTTP_503_SERVICE_UNAVAILABLE:
        logger.warning("database unreachable", path=scope["path"], status=status, error=repr(exc))
    elif (sqlstate := refused_value(exc)) is not None:
        logger.warning("database refused a value", path=scope["path"], status=status, sqlstate=sqlstate)
    elif status >= HTTP_500_INTERNAL_SERVER_ERROR:
        logger.error("request failed", path=scope["path"], status=status, exc_info=exc)
