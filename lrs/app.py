"""The ASGI application: xAPI under `/xapi`, every response with the version header and CORS."""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lrs.alternate import AlternateRequestSyntax
from lrs.auth import AuthError
from lrs.context import ALTERNATE_VERSION, SUPPORTED_VERSIONS, LRSContext, response_version
from lrs.errors import XAPIError
from lrs.routers import statements
from lrs.store.base import StatementStore

log = logging.getLogger("ace.lrs")

CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (
        b"access-control-allow-headers",
        b"Authorization, X-Experience-API-Version, Content-Type, If-Match, If-None-Match",
    ),
    (b"access-control-allow-methods", b"GET, HEAD, PUT, POST, DELETE, OPTIONS"),
    (
        b"access-control-expose-headers",
        b"ETag, Last-Modified, X-Experience-API-Consistent-Through, X-Experience-API-Version",
    ),
]


STATEMENTS_PATH = "/xapi/statements"
ABOUT_PATH = "/xapi/about"
CONSISTENT_THROUGH = b"x-experience-api-consistent-through"


class XAPIHeaders:
    """Adds `X-Experience-API-Version` and CORS headers to every response, errors included.

    Every response of the Statements resource also gets `X-Experience-API-Consistent-Through`,
    whatever its status (Communication 2.1.3.s2.b5, XAPI-00153): the header is computed when the
    response starts, after the handler ran its query, so it is never before the `stored` of a
    statement the response returns (XAPI-00152).
    """

    def __init__(self, app: ASGIApp, consistent_through: Callable[[], str]) -> None:
        self.app = app
        self.consistent_through = consistent_through

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].rstrip("/")
        statements = path.endswith(STATEMENTS_PATH)
        about = path.endswith(ABOUT_PATH)
        requested = None
        for name, value in scope["headers"]:
            if name == b"x-experience-api-version":
                requested = value.decode("latin-1")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                version = response_version(scope.get(ALTERNATE_VERSION, requested), about=about)
                headers = [
                    *message.get("headers", []),
                    (b"x-experience-api-version", version.encode()),
                    *CORS_HEADERS,
                ]
                if statements and all(name.lower() != CONSISTENT_THROUGH for name, _ in headers):
                    headers.append((CONSISTENT_THROUGH, self.consistent_through().encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def about(request: Request) -> Response:
    body = b'{"version":["1.0.3","2.0.0"],"extensions":{}}'
    assert SUPPORTED_VERSIONS == ("1.0.3", "2.0.0")
    return Response(body, media_type="application/json")


async def preflight(request: Request) -> Response:
    return Response(status_code=204)


async def xapi_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, XAPIError)
    return Response(exc.body(), status_code=exc.status, media_type="application/json")


async def http_error(request: Request, exc: Exception) -> Response:
    """Routing errors (404 unknown path, 405 method not allowed) in the xAPI error format."""
    assert isinstance(exc, HTTPException)
    err = XAPIError(exc.status_code, exc.detail)
    return Response(
        err.body(), status_code=err.status, media_type="application/json", headers=exc.headers
    )


async def auth_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AuthError)
    err = XAPIError(exc.status, exc.message)
    headers = {"WWW-Authenticate": 'Basic realm="xAPI"'} if exc.status == 401 else None
    return Response(
        err.body(), status_code=err.status, media_type="application/json", headers=headers
    )


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    err = XAPIError(500, "internal error; the request was not stored")
    return Response(err.body(), status_code=500, media_type="application/json")


def create_app(store: StatementStore, *, authority_home_page: str) -> Starlette:
    routes = [
        Route("/xapi/about", about, methods=["GET", "HEAD"]),
        Route(STATEMENTS_PATH, statements.endpoint, methods=["GET", "HEAD", "PUT", "POST"]),
        Route("/xapi/{path:path}", preflight, methods=["OPTIONS"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            XAPIError: xapi_error,
            HTTPException: http_error,
            AuthError: auth_error,
            Exception: server_error,
        },
    )
    app.state.ctx = LRSContext(store=store, authority_home_page=authority_home_page)
    # AlternateRequestSyntax first, so the rest sees a plain request; XAPIHeaders outermost, so
    # that the alternate syntax's own errors get the xAPI headers too.
    app.add_middleware(AlternateRequestSyntax)
    app.add_middleware(XAPIHeaders, consistent_through=store.consistent_through)
    return app
