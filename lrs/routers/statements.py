"""The Statements resource (xAPI Communication §2.1): PUT, POST, GET and HEAD."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import partial
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from lrs.attachments import boundary_of, match_attachments, parse_attachment_parts, split_multipart
from lrs.auth import FULL_READ, READ_STATEMENTS, WRITE_STATEMENTS, authority_agent, require_scope
from lrs.context import LRSContext, negotiate_version
from lrs.errors import XAPIError, bad_request
from lrs.params import StatementsRequest, encode_more, parse_statements_request, parse_uuid
from lrs.statements import agent_key, prepare_statement
from lrs.store.base import AttachmentContent, InvalidVoiding, StatementConflict, StoredStatement
from lrs.store.sqlite import STAMP_PLACEHOLDER
from schemas.xapi import (
    XAPIValidationError,
    XAPIVersion,
    parse_statements,
    statements_equivalent,
    to_canonical_format,
    to_ids_format,
)

JSON = "application/json"
MULTIPART = "multipart/mixed"
PLACEHOLDER = STAMP_PLACEHOLDER.decode()


@dataclass(slots=True)
class ParsedBody:
    statements: list[dict[str, Any]]
    is_batch: bool
    attachments: list[AttachmentContent]


def _equivalent(stored: bytes, incoming: bytes, *, version: XAPIVersion) -> bool:
    """Same id sent again: equal unless the bodies differ beyond what the LRS itself filled."""
    old, new = orjson.loads(stored), orjson.loads(incoming)
    if new.get("timestamp") == PLACEHOLDER:  # the client sent none; ours was the store's
        old.pop("timestamp", None)
        new.pop("timestamp", None)
    return statements_equivalent(old, new, version)


async def _read_body(request: Request, ctx: LRSContext) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > ctx.max_body_bytes:
        raise XAPIError(413, f"request body exceeds {ctx.max_body_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > ctx.max_body_bytes:
            raise XAPIError(413, f"request body exceeds {ctx.max_body_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in (JSON, MULTIPART):
        raise bad_request(
            f"Content-Type must be application/json or multipart/mixed (got {ctype or 'none'!r})",
            [("Content-Type", "must be application/json or multipart/mixed")],
        )
    return ctype


async def _store(
    request: Request,
    statements: list[dict[str, Any]],
    attachments: Sequence[AttachmentContent] = (),
) -> list[str]:
    ctx: LRSContext = request.app.state.ctx
    version: XAPIVersion = negotiate_version(request)  # type: ignore[assignment]
    credential = ctx.authenticate(request)
    require_scope(credential, WRITE_STATEMENTS)
    authority = authority_agent(credential, ctx.authority_home_page)
    prepared = [prepare_statement(s, authority=authority, version=version) for s in statements]
    equivalent = partial(_equivalent, version=version)
    future = ctx.store.submit(credential.tenant, prepared, equivalent, attachments)
    try:
        return await asyncio.wrap_future(future)
    except StatementConflict as err:
        raise XAPIError(409, str(err)) from err
    except InvalidVoiding as err:
        raise bad_request(str(err)) from err


async def _parse(request: Request, ctx: LRSContext) -> ParsedBody:
    """Statements (validated) and attachment contents (hash-checked) of a PUT or POST body."""
    version = negotiate_version(request)
    media_type = _media_type(request)
    body = await _read_body(request, ctx)
    parts: dict[str, AttachmentContent] = {}
    if media_type == MULTIPART:
        split = split_multipart(body, boundary_of(request.headers["content-type"]))
        if not split:
            raise bad_request("multipart: the first part must hold the statements")
        first_headers, body = split[0]
        if first_headers.get("content-type", "").split(";")[0].strip().lower() != JSON:
            raise bad_request("multipart: the first part must be application/json")
        parts = parse_attachment_parts(split[1:])
    try:
        statements, is_batch = parse_statements(body, version)  # type: ignore[arg-type]
    except XAPIValidationError as err:
        raise bad_request(str(err), err.errors) from err
    match_attachments(statements, parts)
    return ParsedBody(statements, is_batch, list(parts.values()))


async def endpoint(request: Request) -> Response:
    """/statements: one route for every method, so that a 405 lists all of them in `Allow`."""
    if request.method == "PUT":
        return await put_statement(request)
    if request.method == "POST":
        return await post_statements(request)
    return await get_statements(request)


async def put_statement(request: Request) -> Response:
    ctx: LRSContext = request.app.state.ctx
    ctx.authenticate(request)
    params = list(request.query_params.multi_items())
    names = [n for n, _ in params]
    if names != ["statementId"]:
        raise bad_request("PUT needs exactly one query parameter, statementId")
    statement_id = parse_uuid("statementId", params[0][1])
    parsed = await _parse(request, ctx)
    statements = parsed.statements
    if parsed.is_batch:
        raise bad_request("PUT takes a single statement object, not an array")
    statement = statements[0]
    if "id" in statement and statement["id"].lower() != statement_id:
        raise bad_request(
            "id: does not match the statementId parameter", [("id", "must equal statementId")]
        )
    statement["id"] = statement_id
    await _store(request, statements, parsed.attachments)
    return Response(status_code=204)


async def post_statements(request: Request) -> Response:
    ctx: LRSContext = request.app.state.ctx
    ctx.authenticate(request)
    if request.query_params:
        raise bad_request("POST /statements takes no query parameters")
    parsed = await _parse(request, ctx)
    ids = await _store(request, parsed.statements, parsed.attachments)
    return Response(orjson.dumps(ids), media_type=JSON)


def _http_date(stored: str) -> str:
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    return format_datetime(moment, usegmt=True)


def _render(statement: StoredStatement, fmt: str, languages: list[str]) -> bytes:
    if fmt == "exact":
        return statement.payload
    doc = orjson.loads(statement.payload)
    doc = to_ids_format(doc) if fmt == "ids" else to_canonical_format(doc, languages)
    return orjson.dumps(doc)


def _languages(request: Request) -> list[str]:
    header = request.headers.get("accept-language", "")
    weighted: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        if tag:
            try:
                weighted.append((float(q) if q else 1.0, tag.strip()))
            except ValueError:
                continue
    return [tag for _, tag in sorted(weighted, key=lambda item: -item[0])]


async def get_statements(request: Request) -> Response:
    ctx: LRSContext = request.app.state.ctx
    negotiate_version(request)
    credential = ctx.authenticate(request)
    require_scope(credential, READ_STATEMENTS)
    req = parse_statements_request(list(request.query_params.multi_items()))
    mine = None
    if not credential.scopes & FULL_READ:  # statements/read/mine
        mine = agent_key(authority_agent(credential, ctx.authority_home_page))
        if req.query is not None:
            req.query.authority = mine
    languages = _languages(request)
    loop = asyncio.get_running_loop()
    statement_id = req.statement_id
    if statement_id is not None:
        found = await loop.run_in_executor(
            ctx.read_pool,
            lambda: ctx.store.get(credential.tenant, statement_id, voided=req.voided),
        )
        if found is None or (mine and agent_key(orjson.loads(found.payload)["authority"]) != mine):
            raise XAPIError(404, f"no statement with id {req.statement_id}")
        headers = {"Last-Modified": _http_date(found.stored)}
        body = _render(found, req.format, languages)
        if req.attachments:
            return await _multipart(request, ctx, credential.tenant, body, [found], headers)
        return _respond(request, body, headers)
    return await _get_many(request, ctx, credential.tenant, req, languages)


async def _get_many(
    request: Request, ctx: LRSContext, tenant: str, req: StatementsRequest, languages: list[str]
) -> Response:
    query = req.query
    assert query is not None and req.filters is not None
    headers: dict[str, str] = {}
    loop = asyncio.get_running_loop()
    page = await loop.run_in_executor(ctx.read_pool, lambda: ctx.store.query(tenant, query))
    more = ""
    if page.more and page.statements:
        token = encode_more(req.filters, page.statements[-1].sequence, page.snapshot)
        more = f"{request.scope.get('root_path', '')}/xapi/statements?more={token}"
    body = (
        b'{"statements":['
        + b",".join(_render(s, req.format, languages) for s in page.statements)
        + b'],"more":'
        + orjson.dumps(more)
        + b"}"
    )
    if page.statements:
        latest = max(page.statements, key=lambda s: s.sequence)
        headers["Last-Modified"] = _http_date(latest.stored)
    if req.attachments:
        return await _multipart(request, ctx, tenant, body, page.statements, headers)
    return _respond(request, body, headers)


async def _multipart(
    request: Request,
    ctx: LRSContext,
    tenant: str,
    json_body: bytes,
    statements: list[StoredStatement],
    headers: dict[str, str],
) -> Response:
    """`attachments=true`: the JSON part, then each attachment's content once."""
    sha2s: list[str] = []
    for statement in statements:
        if b'"attachments"' in statement.payload:
            for attachment in orjson.loads(statement.payload).get("attachments", ()):
                sha2s.append(attachment["sha2"].lower())
    loop = asyncio.get_running_loop()
    found = await loop.run_in_executor(
        ctx.read_pool, lambda: ctx.store.get_attachments(tenant, sha2s)
    )
    boundary = secrets.token_hex(16)
    out = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), json_body]
    for attachment in found:
        out.append(
            f"\r\n--{boundary}\r\nContent-Type: {attachment.content_type}\r\n"
            f"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {attachment.sha2}"
            "\r\n\r\n".encode()
        )
        out.append(attachment.content)
    out.append(f"\r\n--{boundary}--\r\n".encode())
    body = b"".join(out)
    response = _respond(request, body, headers)
    # A hex boundary needs no quotes, and clients that split the header naively (the ADL suite's
    # parser takes everything after "boundary=") would keep quotes as part of it.
    response.headers["content-type"] = f"multipart/mixed; boundary={boundary}"
    return response


def _respond(request: Request, body: bytes, headers: dict[str, str]) -> Response:
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=JSON, headers=headers)
    return Response(body, media_type=JSON, headers=headers)
