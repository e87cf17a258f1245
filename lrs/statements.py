"""Turn a validated statement into what the store keeps: server-filled fields and index keys.

Server-filled fields follow xAPI: the LRS assigns `id` when absent, overwrites `authority` with
the credential's agent, sets `version` when absent (keeping a client's), and sets `stored` (and
`timestamp` when absent) to the commit time. A single context Activity is stored as an array of
one, as the LRS must return it. The commit time is only known inside the store's
writer, so the payload is serialised here, outside the write lock, with fixed-width placeholders
as its last keys; the writer splices the time in.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from typing import Any

import orjson

from lrs.store.base import NewStatement
from lrs.store.sqlite import STAMP_PLACEHOLDER

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
_PLACEHOLDER = STAMP_PLACEHOLDER.decode()


class _TimeOrderedIds:
    """Time-ordered ids for statements the client sent without one ("COMB" UUIDs).

    The layout is UUIDv7's (48-bit milliseconds, 12-bit counter, 62 random bits), but the version
    nibble says 4: clients such as `tincan` accept only versions 1-5. Time-ordered ids land at the
    end of the store's id index instead of on a random page, which matters at millions of
    statements; they remain RFC 4122 variant UUIDs, as xAPI requires, and unique.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Uniqueness comes from the time and counter; the random bits only separate processes.
        # A seeded PRNG avoids a getrandom() syscall (and a GIL hand-off) per statement.
        self._random = random.Random(os.urandom(32))
        self._last_ms = 0
        self._counter = 0

    def __call__(self) -> str:
        with self._lock:
            now_ms = time.time_ns() // 1_000_000
            if now_ms > self._last_ms:
                self._last_ms, self._counter = now_ms, 0
            else:  # same millisecond (or a clock step back): keep the order with a counter
                self._counter += 1
                if self._counter > 0xFFF:
                    self._last_ms, self._counter = self._last_ms + 1, 0
            ms, counter = self._last_ms, self._counter
            rand = self._random.getrandbits(62)
        value = (ms << 80) | (0x4 << 76) | (counter << 64) | (0b10 << 62) | rand
        return str(uuid.UUID(int=value))


new_statement_id = _TimeOrderedIds()


def agent_key(agent: dict[str, Any]) -> str | None:
    """The inverse functional identifier of an Agent or identified Group as one string."""
    if "mbox" in agent:
        return "mbox:" + str(agent["mbox"]).lower()
    if "mbox_sha1sum" in agent:
        return "sha1:" + str(agent["mbox_sha1sum"]).lower()
    if "openid" in agent:
        return "openid:" + str(agent["openid"])
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage')}|{account.get('name')}"
    return None


def _actor_keys(actor: dict[str, Any]) -> list[str]:
    """An agent's key, or a group's key plus its members' keys."""
    keys: list[str] = []
    key = agent_key(actor)
    if key is not None:
        keys.append(key)
    for member in actor.get("member") or ():
        member_key = agent_key(member)
        if member_key is not None:
            keys.append(member_key)
    return keys


def _context_activities(context: dict[str, Any] | None) -> list[str]:
    if not context:
        return []
    ids: list[str] = []
    for value in (context.get("contextActivities") or {}).values():
        for activity in value if isinstance(value, list) else [value]:
            ids.append(activity["id"])
    return ids


def _context_agents(context: dict[str, Any] | None) -> list[str]:
    if not context:
        return []
    keys: list[str] = []
    for field in ("instructor", "team"):
        if field in context:
            keys += _actor_keys(context[field])
    for item in context.get("contextAgents") or ():
        keys += _actor_keys(item["agent"])
    for item in context.get("contextGroups") or ():
        keys += _actor_keys(item["group"])
    return keys


def _object_keys(obj: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(agent keys, activity ids) of a statement object."""
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return [], [obj["id"]]
    if kind in ("Agent", "Group"):
        return _actor_keys(obj), []
    return [], []


def index_keys(statement: dict[str, Any]) -> dict[str, list[str]]:
    """Keys for the `agent`, `activity`, `related_agents` and `related_activities` filters."""
    actor = _actor_keys(statement["actor"])
    obj_agents, obj_activities = _object_keys(statement["object"])
    related_agents = actor + obj_agents + _context_agents(statement.get("context"))
    related_activities = obj_activities + _context_activities(statement.get("context"))
    authority = statement.get("authority")
    if authority:
        related_agents += _actor_keys(authority)
    sub = statement["object"]
    if sub.get("objectType") == "SubStatement":
        related_agents += _actor_keys(sub["actor"])
        sub_agents, sub_activities = _object_keys(sub["object"])
        related_agents += sub_agents + _context_agents(sub.get("context"))
        related_activities += sub_activities + _context_activities(sub.get("context"))
    return {
        "agents": actor + obj_agents,
        "related_agents": related_agents,
        "activities": obj_activities,
        "related_activities": related_activities,
    }


def _activities_as_arrays(context: dict[str, Any] | None) -> None:
    """Data 2.4.6.2.s4.b3/b4: every contextActivities value is returned as an array."""
    activities = (context or {}).get("contextActivities")
    if activities:
        for kind, value in activities.items():
            if not isinstance(value, list):
                activities[kind] = [value]


def prepare_statement(
    statement: dict[str, Any], *, authority: dict[str, Any], version: str
) -> NewStatement:
    """Fill the server's fields and compute the index keys of one validated statement."""
    if "id" not in statement:
        statement["id"] = new_statement_id()
    statement["id"] = statement["id"].lower()
    statement["authority"] = authority
    statement.setdefault("version", "2.0.0" if version.startswith("2.") else "1.0.0")
    statement.pop("stored", None)
    _activities_as_arrays(statement.get("context"))
    if statement["object"].get("objectType") == "SubStatement":
        _activities_as_arrays(statement["object"].get("context"))
    fill_timestamp = "timestamp" not in statement
    if fill_timestamp:
        statement["timestamp"] = _PLACEHOLDER
    statement["stored"] = _PLACEHOLDER
    payload = orjson.dumps(statement)
    del statement["stored"]
    if fill_timestamp:
        del statement["timestamp"]
    keys = index_keys(statement)
    obj = statement["object"]
    is_ref = obj.get("objectType") == "StatementRef"
    voids = obj["id"].lower() if is_ref and statement["verb"]["id"] == VOIDED_VERB else None
    registration = (statement.get("context") or {}).get("registration")
    return NewStatement(
        id=statement["id"],
        payload=payload,
        verb=statement["verb"]["id"],
        registration=registration.lower() if registration else None,
        agents=tuple(keys["agents"]),
        related_agents=tuple(keys["related_agents"]),
        activities=tuple(keys["activities"]),
        related_activities=tuple(keys["related_activities"]),
        voids=voids,
        ref_target=obj["id"].lower() if is_ref else None,
        fill_timestamp=fill_timestamp,
    )
