"""Reading a request body as JSON, refusing what a statement parser must never accept.

- Invalid JSON or UTF-8 is a 400 (9274.1.1 §4.1.5: "malformed JSON").
- Nesting deeper than 64 levels is refused. No valid statement comes near (the deepest schema
  path is about 12 levels; extension values are free but 64 is plenty), and refusing early keeps
  every later recursive step (serialising, comparing, storing) far from Python's recursion limit.
  orjson itself stops at 1024 levels with a JSONDecodeError, never a RecursionError.
- A property name repeated in one object is refused (9274.1.1 §4.2.1 "shall reject a Statement
  that uses a property more than once"; 1.0.3 Data 2.2.s3.b7 leaves it undefined). orjson keeps
  the last value silently, so the colons of the body are counted against those of the parsed
  value re-serialised; only when they differ is the body parsed again to name the key.
"""

import json
from typing import Any

import orjson

from schemas.xapi.errors import XAPIValidationError

MAX_DEPTH = 64
_TOO_DEEP = f"is nested deeper than {MAX_DEPTH} levels"


def _scan(value: Any) -> tuple[int, int]:
    """(deepest nesting, number of object members) of a parsed JSON value; stops past MAX_DEPTH."""
    level: list[Any] = [value] if type(value) is dict or type(value) is list else []
    depth = keys = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            break
        below: list[Any] = []
        for node in level:
            children: Any
            if node.__class__ is dict:
                keys += len(node)
                children = node.values()
            else:
                children = node
            for child in children:
                kind = child.__class__
                if kind is dict or kind is list:
                    below.append(child)
        level = below
    return depth, keys


def _containers(serialised: bytes) -> int:
    """An upper bound of the nesting of a serialised value (brackets inside strings count too)."""
    return serialised.count(b"{") + serialised.count(b"[")


def check_nesting(value: Any) -> str | None:
    """The rule a parsed value breaks by its nesting, or None."""
    try:
        if _containers(orjson.dumps(value)) <= MAX_DEPTH:
            return None
    except (orjson.JSONEncodeError, TypeError):
        pass
    return _TOO_DEEP if _scan(value)[0] > MAX_DEPTH else None


def _repeated_key(body: bytes) -> str | None:
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [name for name, _ in items]
        if len(set(names)) != len(names) and not found:
            found.append(next(n for n in names if names.count(n) > 1))
        return dict(items)

    try:
        json.loads(body, object_pairs_hook=pairs)
    except ValueError:
        return None
    return found[0] if found else None


def load_json(body: bytes) -> Any:
    """Parse `body`; raise XAPIValidationError for invalid, too deep or key-repeating JSON."""
    try:
        data = orjson.loads(body)
    except (orjson.JSONDecodeError, RecursionError) as exc:
        if "depth" in str(exc) or isinstance(exc, RecursionError):
            raise XAPIValidationError([("$", _TOO_DEEP)]) from None
        raise XAPIValidationError([("$", f"is not valid JSON ({exc})")]) from None
    if _containers(body) > MAX_DEPTH:
        items = data if type(data) is list else [data]
        # Each statement of a batch is bounded on its own: one more level for the array.
        if (
            any(_containers(orjson.dumps(item)) > MAX_DEPTH - 1 for item in items)
            and _scan(data)[0] > MAX_DEPTH
        ):
            raise XAPIValidationError([("$", _TOO_DEEP)])
    # Re-serialising drops repeated keys (with their values) and writes every colon literally,
    # so the body has more colons than the re-serialised value exactly when a key repeats --
    # unless the body hides colons as \u003a escapes, which the slow path then handles.
    if body.count(b":") != orjson.dumps(data).count(b":") or (
        b"\\" in body and b"\\u003" in body.lower()
    ):
        name = _repeated_key(body)
        if name is not None:
            raise XAPIValidationError([("$", f"repeats the property name {name!r} in one object")])
    return data
