"""Statement comparison: is a statement re-sent under a known id the same statement?

An LRS answers a repeated id with 204/200 when the bodies are equivalent and 409 otherwise, and
checks a signed statement against its JWS payload the same way. What "equivalent" ignores:

1.0.3 Data §2.3.1 (immutability exceptions; s9: such differences MUST be ignored, others not):
- properties the LRS may assign: `id`, `authority`, `stored`, `version`; `timestamp` too, but
  only when one side lacks it — two timestamps compare as instants (b4: a timestamp may come back
  in another zone), to the millisecond an LRS must keep (Data 4.5.s1.b3);
- Activity Definitions (b2) and the Verb's `display` (b3): not part of the statement;
- the order of a Group's members (b5); Attachments (b6);
- case where the value is case-insensitive (b7): the domain of an email address, UUIDs, hex
  hashes, language tags, and the scheme and host of IRIs (RFC 3987 §5.3.2 syntax-based
  normalization, which Data 3.1.s2.b1 allows, with percent-encoding and dot segments);
- serialisation: a single context Activity equals an array of one (the LRS returns arrays), a
  missing `objectType` equals its default, numbers compare by value, durations as strings cut
  to 0.01 s (§2.3.1.b8, §4.6.s1.b5).

9274.1.1 (2.0.0) §4.2 "Statement Immutability" says equivalence shall not consider case (upper vs
lower) at all, nor the timestamp; pass version="2.0.0" for that: every string is case-folded
and the top-level `timestamp` is ignored (a SubStatement's timestamp is part of the object).
"""

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from schemas.xapi.timeformats import duration_key, to_instant
from schemas.xapi.versions import XAPIVersion

_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _percent(match: re.Match[str]) -> str:
    char = chr(int(match.group(0)[1:], 16))
    return char if char in _UNRESERVED else match.group(0).upper()


def _dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4 remove_dot_segments."""
    if "." not in path:
        return path
    out: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if path.endswith(("/.", "/..")):
        out.append("")
    return "/".join(out)


def normalize_iri(iri: str) -> str:
    """Syntax-based normalization (RFC 3987 §5.3.2): case, percent-encoding, dot segments."""
    try:
        parts = urlsplit(iri)
    except ValueError:
        return iri
    netloc = parts.netloc
    if netloc:
        userinfo, at, host = netloc.rpartition("@")
        netloc = userinfo + at + host.lower()
    path = _dot_segments(_PERCENT.sub(_percent, parts.path))
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))


class _Unordered(list[Any]):
    """A list whose order does not count (a Group's members, Data 2.3.1.b5)."""


def _mbox(value: str) -> str:
    scheme, _, address = value.partition(":")
    local, at, domain = address.rpartition("@")
    return f"{scheme.lower()}:{local}{at}{domain.lower()}"


def _actor(value: dict[str, Any]) -> dict[str, Any]:
    kind = value.get("objectType", "Agent")
    out: dict[str, Any] = {"objectType": kind}
    if "name" in value:
        out["name"] = value["name"]
    if "mbox" in value:
        out["mbox"] = _mbox(value["mbox"])
    if "mbox_sha1sum" in value:
        out["mbox_sha1sum"] = value["mbox_sha1sum"].lower()
    if "openid" in value:
        out["openid"] = normalize_iri(value["openid"])
    if "account" in value:
        account = value["account"]
        out["account"] = {"homePage": normalize_iri(account["homePage"]), "name": account["name"]}
    if "member" in value:
        out["member"] = _Unordered(_actor(member) for member in value["member"])
    return out


def _activity(value: dict[str, Any]) -> dict[str, Any]:
    return {"objectType": "Activity", "id": normalize_iri(value["id"])}


def _object(value: dict[str, Any]) -> dict[str, Any]:
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        return _activity(value)
    if kind in ("Agent", "Group"):
        return _actor(value)
    if kind == "StatementRef":
        return {"objectType": kind, "id": value["id"].lower()}
    return _statement(value, nested=True)


def _iris(values: Any) -> list[str]:
    return [normalize_iri(value) for value in values]


def _extensions(value: dict[str, Any]) -> dict[str, Any]:
    return {normalize_iri(key): item for key, item in value.items()}


def _context(value: dict[str, Any]) -> dict[str, Any]:
    out = dict(value)
    if "registration" in value:
        out["registration"] = value["registration"].lower()
    for key in ("instructor", "team"):
        if key in value:
            out[key] = _actor(value[key])
    if "contextActivities" in value:
        out["contextActivities"] = {
            kind: [_activity(a) for a in (items if isinstance(items, list) else [items])]
            for kind, items in value["contextActivities"].items()
        }
    for key, member in (("contextAgents", "agent"), ("contextGroups", "group")):
        if key in value:
            out[key] = [
                {"who": _actor(item[member]), "types": _iris(item.get("relevantTypes", ()))}
                for item in value[key]
            ]
    if "language" in value:
        out["language"] = value["language"].lower()
    if "statement" in value:
        out["statement"] = value["statement"]["id"].lower()
    if "extensions" in value:
        out["extensions"] = _extensions(value["extensions"])
    return out


def _result(value: dict[str, Any]) -> dict[str, Any]:
    out = dict(value)
    if "duration" in value:
        out["duration"] = duration_key(value["duration"])
    if "extensions" in value:
        out["extensions"] = _extensions(value["extensions"])
    return out


def _statement(value: dict[str, Any], nested: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "actor": _actor(value["actor"]),
        "verb": normalize_iri(value["verb"]["id"]),
        "object": _object(value["object"]),
    }
    if nested:
        out["objectType"] = "SubStatement"
        if "timestamp" in value:
            out["timestamp"] = to_instant(value["timestamp"]) or value["timestamp"]
    if "result" in value:
        out["result"] = _result(value["result"])
    if "context" in value:
        out["context"] = _context(value["context"])
    return out


def _frozen(value: Any, fold: bool) -> Any:
    """A hashable, order-aware image in which true never equals 1 and 1 equals 1.0."""
    if isinstance(value, dict):
        pairs = [(_frozen(k, fold), _frozen(v, fold)) for k, v in value.items()]
        return ("{", tuple(sorted(pairs, key=lambda pair: pair[0])))
    if isinstance(value, _Unordered):
        return ("bag", tuple(sorted((_frozen(item, fold) for item in value), key=repr)))
    if isinstance(value, list):
        return ("[", tuple(_frozen(item, fold) for item in value))
    if isinstance(value, bool) or value is None:
        return ("lit", value)
    if isinstance(value, str):
        return ("str", value.casefold() if fold else value)
    return ("num", value)


def statements_equivalent(
    a: dict[str, Any], b: dict[str, Any], version: XAPIVersion = "1.0.3"
) -> bool:
    """Whether two valid statements are the same statement under xAPI's comparison rules."""
    case_blind = version == "2.0.0"
    left = _statement(a, nested=False)
    right = _statement(b, nested=False)
    if not case_blind and "timestamp" in a and "timestamp" in b:
        left["timestamp"] = to_instant(a["timestamp"]) or a["timestamp"]
        right["timestamp"] = to_instant(b["timestamp"]) or b["timestamp"]
    return _frozen(left, case_blind) == _frozen(right, case_blind)
