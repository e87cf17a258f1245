"""The Statements resource (xAPI Communication §2.1): PUT, POST, GET and HEAD."""

from __future__ import annotations

import asyncio
from email.utils import format_datetime
from datetime import datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from lrs.auth import READ_STATEMENTS, WRITE_STATEMENTS, authority_agent, require_scope
from lrs.context import LRSContext, negotiate_version
from lrs.errors import XAPIError, bad_request
from lrs.params import StatementsRequest, encode_more, parse_statements_request, parse_uuid
from lrs.statements import prepare_statement
from lrs.store.base import InvalidVoiding, StatementConflict, StoredStatement
from schemas.xapi import (
    XAPIValidationError,
    parse_statements,
    statements_equivalent,
    to_canonical_format,
    to_ids_format,
)

JSON = "application/json"


def _equivalent(stored: bytes, incoming: bytes) -> bool:
    return statements_equivalent(orjson.loads(stored), orjson.loads(incoming))


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


def _check_content_type(request: Request) -> None:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != JSON:
        raise bad_request(
            f"Content-Type must be application/json (got {ctype or 'none'!r})",
            [("Content-Type", "must be application/json")],
        )


async def _store(request: Request, statements: list[dict[str, Any]]) -> list[str]:
    ctx: LRSContext = request.app.state.ctx
    version = negotiate_version(request)
    credential = ctx.authenticate(request)
    require_scope(credential, WRITE_STATEMENTS)
    ids = [s.get("id", "").lower() for s in statements if "id" in s]
    if len(ids) != len(set(ids)):
        raise bad_request("the batch contains the same statement id more than once")
    authority = authority_agent(credential, ctx.authority_home_page)
    prepared = [prepare_statement(s, authority=authority, version=version) for s in statements]
    future = ctx.store.submit(credential.tenant, prepared, _equivalent)
    try:
        return await asyncio.wrap_future(future)
    except StatementConflict as err:
        raise XAPIError(409, str(err)) from err
    except InvalidVoiding as err:
        raise bad_request(str(err)) from err


async def _parse(request: Request, ctx: LRSContext) -> tuple[list[dict[str, Any]], bool]:
    version = negotiate_version(request)
    _check_content_type(request)
    body = await _read_body(request, ctx)
    try:
        return parse_statements(body, version)  # type: ignore[arg-type]
    except XAPIValidationError as err:
        raise bad_request(str(err), err.errors) from err


async def put_statement(request: Request) -> Response:
    ctx: LRSContext = request.app.state.ctx
    ctx.authenticate(request)
    params = list(request.query_params.multi_items())
    names = [n for n, _ in params]
    if names != ["statementId"]:
        raise bad_request("PUT needs exactly one query parameter, statementId")
    statement_id = parse_uuid("statementId", params[0][1])
    statements, is_batch = await _parse(request, ctx)
    if is_batch:
        raise bad_request("PUT takes a single statement object, not an array")
    statement = statements[0]
    if "id" in statement and statement["id"].lower() != statement_id:
        raise bad_request(
            "id: does not match the statementId parameter", [("id", "must equal statementId")]
        )
    statement["id"] = statement_id
    await _store(request, statements)
    return Response(status_code=204, headers=ctx.consistency_headers())


async def post_statements(request: Request) -> Response:
    ctx: LRSContext = request.app.state.ctx
    ctx.authenticate(request)
    if request.query_params:
        raise bad_request("POST /statements takes no query parameters")
    statements, _ = await _parse(request, ctx)
    ids = await _store(request, statements)
    return Response(orjson.dumps(ids), media_type=JSON, headers=ctx.consistency_headers())


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
    languages = _languages(request)
    loop = asyncio.get_running_loop()
    if req.statement_id is not None:
        found = await loop.run_in_executor(
            ctx.read_pool, lambda: ctx.store.get(credential.tenant, req.statement_id, voided=req.voided)
        )
        if found is None:
            raise XAPIError(404, f"no statement with id {req.statement_id}")
        headers = ctx.consistency_headers()
        headers["Last-Modified"] = _http_date(found.stored)
        return _respond(request, _render(found, req.format, languages), headers)
    return await _get_many(request, ctx, credential.tenant, req, languages)


async def _get_many(
    request: Request, ctx: LRSContext, tenant: str, req: StatementsRequest, languages: list[str]
) -> Response:
    query = req.query
    assert query is not None and req.filters is not None
    consistent = ctx.consistency_headers()
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
        consistent["Last-Modified"] = _http_date(latest.stored)
    return _respond(request, body, consistent)


def _respond(request: Request, body: bytes, headers: dict[str, str]) -> Response:
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=JSON, headers=headers)
    return Response(body, media_type=JSON, headers=headers)
