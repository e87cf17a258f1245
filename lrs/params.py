"""Query parameters of the Statements resource: parsed strictly, every error names the parameter.

xAPI requires a 400 for unknown parameters (including known ones in the wrong case), so the
allowed set is exact. The `more` link carries the original filters plus a cursor and the sequence
snapshot the first page saw, so paging is stable while new statements arrive.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from lrs.errors import bad_request
from lrs.statements import agent_key
from lrs.store.base import StatementQuery
from schemas.xapi import XAPIValidationError, validate_actor

GET_PARAMS = frozenset(
    {
        "statementId",
        "voidedStatementId",
        "agent",
        "verb",
        "activity",
        "registration",
        "related_activities",
        "related_agents",
        "since",
        "until",
        "limit",
        "format",
        "attachments",
        "ascending",
        "more",
    }
)
SINGLE_PARAMS = frozenset({"statementId", "voidedStatementId", "attachments", "format"})
FORMATS = frozenset({"ids", "exact", "canonical"})
MAX_LIMIT = 500
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")


@dataclass(slots=True)
class StatementsRequest:
    statement_id: str | None = None
    voided: bool = False
    format: str = "exact"
    attachments: bool = False
    query: StatementQuery | None = None
    filters: dict[str, str] | None = None  # what a `more` link must carry forward


def parse_uuid(name: str, value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError as err:
        raise bad_request(f"{name}: must be a UUID", [(name, "must be a UUID")]) from err


def parse_bool(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise bad_request(f"{name}: must be true or false", [(name, "must be true or false")])
    return lowered == "true"


# A "+" offset written unencoded in a query string arrives as a space ("...:13.245 05:00").
_SPACED_OFFSET = re.compile(r" (\d\d(?::?\d\d)?)$")


def parse_timestamp_us(name: str, value: str) -> int:
    text = _SPACED_OFFSET.sub(r"+\1", value.strip()).replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as err:
        raise bad_request(
            f"{name}: must be an ISO 8601 timestamp", [(name, "must be an ISO 8601 timestamp")]
        ) from err
    if moment.tzinfo is None:
        raise bad_request(f"{name}: must include a time zone", [(name, "must include a time zone")])
    return int(moment.timestamp() * 1_000_000)


def parse_iri(name: str, value: str) -> str:
    if not _IRI.match(value):
        raise bad_request(f"{name}: must be an absolute IRI", [(name, "must be an absolute IRI")])
    return value


def parse_agent(value: str) -> str:
    """The `agent` parameter: a JSON Agent or identified Group, validated like a statement's."""
    try:
        agent = orjson.loads(value)
    except orjson.JSONDecodeError as err:
        raise bad_request("agent: must be JSON", [("agent", "must be JSON")]) from err
    try:
        validate_actor(agent)
    except XAPIValidationError as err:
        raise bad_request(str(err), err.errors) from err
    key = agent_key(agent)
    if key is None:
        raise bad_request(
            "agent: an anonymous Group cannot be a filter",
            [("agent", "must have an inverse functional identifier")],
        )
    return key


def _single(params: list[tuple[str, str]]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name, value in params:
        if name not in GET_PARAMS:
            raise bad_request(
                f"unknown query parameter {name!r} (names are case-sensitive)",
                [(name, "is not a Statements resource parameter")],
            )
        if name in seen:
            raise bad_request(f"{name}: given more than once", [(name, "given more than once")])
        seen[name] = value
    return seen


def parse_statements_request(params: list[tuple[str, str]]) -> StatementsRequest:
    given = _single(params)
    if "more" in given:
        if len(given) > 1:
            raise bad_request("more: cannot be combined with other parameters")
        return decode_more(given["more"])
    req = StatementsRequest()
    if "format" in given:
        if given["format"] not in FORMATS:
            raise bad_request(
                "format: must be ids, exact or canonical",
                [("format", "must be ids, exact or canonical")],
            )
        req.format = given["format"]
    if "attachments" in given:
        req.attachments = parse_bool("attachments", given["attachments"])
    ids = [n for n in ("statementId", "voidedStatementId") if n in given]
    if ids:
        if len(ids) == 2 or set(given) - SINGLE_PARAMS:
            extra = sorted(set(given) - SINGLE_PARAMS) or ids
            raise bad_request(
                f"{ids[0]}: only attachments and format may accompany it (got {', '.join(extra)})"
            )
        req.statement_id = parse_uuid(ids[0], given[ids[0]])
        req.voided = ids[0] == "voidedStatementId"
        return req
    req.query = _build_query(given)
    req.filters = {k: v for k, v in given.items() if k not in ("format", "attachments")}
    req.filters.update({"format": req.format, "attachments": str(req.attachments).lower()})
    return req


def _build_query(given: dict[str, str]) -> StatementQuery:
    q = StatementQuery()
    if "agent" in given:
        q.agent = parse_agent(given["agent"])
    if "verb" in given:
        q.verb = parse_iri("verb", given["verb"])
    if "activity" in given:
        q.activity = parse_iri("activity", given["activity"])
    if "registration" in given:
        q.registration = parse_uuid("registration", given["registration"])
    if "related_agents" in given:
        q.related_agents = parse_bool("related_agents", given["related_agents"])
    if "related_activities" in given:
        q.related_activities = parse_bool("related_activities", given["related_activities"])
    if "since" in given:
        q.since_us = parse_timestamp_us("since", given["since"])
    if "until" in given:
        q.until_us = parse_timestamp_us("until", given["until"])
    if "ascending" in given:
        q.ascending = parse_bool("ascending", given["ascending"])
    q.limit = MAX_LIMIT
    if "limit" in given:
        text = given["limit"]
        if not text.isdigit():
            raise bad_request(
                "limit: must be a non-negative integer",
                [("limit", "must be a non-negative integer")],
            )
        q.limit = min(int(text), MAX_LIMIT) or MAX_LIMIT
    return q


def encode_more(filters: dict[str, str], after_sequence: int, snapshot: int) -> str:
    token = orjson.dumps({"f": filters, "a": after_sequence, "s": snapshot})
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_more(token: str) -> StatementsRequest:
    try:
        doc: Any = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        filters = {str(k): str(v) for k, v in doc["f"].items()}
        after, snapshot = int(doc["a"]), int(doc["s"])
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError) as err:
        raise bad_request("more: not a link this LRS issued", [("more", "is not valid")]) from err
    req = parse_statements_request(list(filters.items()))
    assert req.query is not None
    req.query.after_sequence = after
    req.query.max_sequence = snapshot
    return req
