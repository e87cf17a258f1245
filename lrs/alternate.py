"""xAPI's alternate request syntax (1.0.3 Communication §1.3), turned into an ordinary request.

Clients that cannot send arbitrary methods or headers POST to `?method=PUT` (or GET, DELETE...)
with a form body holding the headers, the query parameters and `content`. xAPI 1.0.3 requires
the LRS to accept it; 2.0.0 removed it, so a 2.0.0 request using it is refused.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lrs.context import ALTERNATE_VERSION
from lrs.errors import XAPIError

FORM = "application/x-www-form-urlencoded"
HEADER_FIELDS = frozenset(
    {
        "authorization",
        "x-experience-api-version",
        "content-type",
        "content-length",
        "if-match",
        "if-none-match",
    }
)
METHODS = frozenset({"GET", "HEAD", "PUT", "POST", "DELETE"})
MAX_FORM_BYTES = 20 * 1024 * 1024


class AlternateRequestSyntax:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or b"method=" not in scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        try:
            new_scope, body = await self._rewrite(scope, receive)
        except XAPIError as err:
            await _send_error(send, err)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(new_scope, replay, send)

    async def _rewrite(self, scope: Scope, receive: Receive) -> tuple[Scope, bytes]:
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        version = headers.get("x-experience-api-version", b"").decode("latin-1").strip()
        _refuse_in_2_0(scope, version)
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if len(query) != 1 or query[0][0] != "method":
            raise XAPIError(
                400, "alternate request syntax: only `method` may be in the query string"
            )
        method = query[0][1].upper()
        if method not in METHODS:
            raise XAPIError(400, f"alternate request syntax: unknown method {query[0][1]!r}")
        raw = await _read_all(receive)
        if not headers.get("content-type", b"").decode("latin-1").lower().startswith(FORM):
            raise XAPIError(400, "alternate request syntax: the body must be form-encoded")
        try:
            form = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
        except (UnicodeDecodeError, ValueError) as err:
            raise XAPIError(400, "alternate request syntax: the body is not form-encoded") from err
        content = b""
        params: list[tuple[str, str]] = []
        new_headers = {
            k: v for k, v in headers.items() if k not in ("content-type", "content-length")
        }
        for name, value in form:
            lowered = name.lower()
            if lowered == "content":
                content = value.encode("utf-8")
            elif lowered in HEADER_FIELDS:
                new_headers[lowered] = value.encode("latin-1")
                if lowered == "x-experience-api-version":
                    version = value.strip()
            else:
                params.append((name, value))
        _refuse_in_2_0(scope, version)
        if content and "content-type" not in new_headers:
            new_headers["content-type"] = b"application/json"
        new_headers["content-length"] = str(len(content)).encode()
        new_scope = dict(scope)
        new_scope["method"] = method
        new_scope["query_string"] = urlencode(params).encode()
        new_scope["headers"] = [(k.encode("latin-1"), v) for k, v in new_headers.items()]
        return new_scope, content


def _refuse_in_2_0(scope: Scope, version: str) -> None:
    """Remember the version the request named (for the response header); refuse 2.0.x."""
    scope[ALTERNATE_VERSION] = version
    if version.startswith("2."):
        raise XAPIError(400, "the alternate request syntax was removed in xAPI 2.0.0")


async def _read_all(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise XAPIError(413, "request body too large")
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _send_error(send: Send, err: XAPIError) -> None:
    """Errors raised before the app runs (XAPIHeaders, outside, adds the xAPI headers)."""
    body = err.body()
    await send(
        {
            "type": "http.response.start",
            "status": err.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
