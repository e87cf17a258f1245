"""The one error the validators raise, and the translation of pydantic's errors into it.

A client that sent a bad statement needs to know where and what: every problem becomes a
(path, rule) pair such as ("context.contextActivities.parent[0].id", "must be an absolute IRI").
Paths use the JSON property names, dots between them and [i] for array positions; a batch puts
"[i]." in front; "$" is the whole request body.
"""

from collections.abc import Sequence
from typing import Any, NoReturn

from pydantic import StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

MAX_ERRORS = 50


class XAPIValidationError(ValueError):
    """A request body or statement that breaks the xAPI rules; `errors` says where and why."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("; ".join(f"{path}: {rule}" for path, rule in self.errors))


def fail(rule: str, *sub: str | int) -> NoReturn:
    """Reject from inside a validator; `sub` extends the path below the validated value."""
    raise PydanticCustomError("xapi", "{rule}", {"rule": rule, "sub": sub})


# Rule texts for pattern-constrained strings, keyed by the pattern (see `pattern`).
_PATTERN_RULES: dict[str, str] = {}


def pattern(regex: str, rule: str) -> StringConstraints:
    """A string constraint checked in pydantic-core whose failure reads as `rule`."""
    if _PATTERN_RULES.get(regex, rule) != rule:
        raise ValueError(f"pattern {regex!r} already carries another rule")
    _PATTERN_RULES[regex] = rule
    return StringConstraints(pattern=regex)


# Union tags are an implementation detail: they never show in a path.
UNION_TAGS = frozenset(
    {"⟨Agent⟩", "⟨Group⟩", "⟨Activity⟩", "⟨StatementRef⟩", "⟨SubStatement⟩", "⟨untyped⟩"}
    | {"⟨one⟩", "⟨many⟩"}
)
_SUBSTATEMENT_ONLY_IN_STATEMENTS = frozenset({"id", "stored", "version", "authority"})

_TYPE_RULES = {
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "int_from_float": "must be an integer",
    "float_type": "must be a number",
    "bool_type": "must be a boolean",
    "dict_type": "must be an object",
    "typed_dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "list_type": "must be an array",
    "missing": "is required",
    "extra_forbidden": "is not allowed",
    "finite_number": "must be a finite number",
    "too_short": "must not be empty",
}


def format_path(parts: Sequence[str | int]) -> str:
    """("context", "parent", 0, "id") → "context.parent[0].id"; "$" when empty."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += "." + part
        else:
            text = part
    return text or "$"


def _rule(err: Any, loc: list[str | int], tagged: bool) -> str:
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if kind == "extra_forbidden" and tagged and loc and loc[-1] in _SUBSTATEMENT_ONLY_IN_STATEMENTS:
        return "is not allowed in a SubStatement"
    if kind in ("missing", "extra_forbidden"):
        return _TYPE_RULES[kind]
    if err.get("input", 0) is None:
        return "must not be null"
    if kind in _TYPE_RULES:
        return _TYPE_RULES[kind]
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        if len(loc) >= 3 and loc[-1] == "objectType" and loc[-3] == "member":
            return f"must be {expected}: a Group's members cannot be Groups"
        return f"must be {expected}"
    if kind == "string_pattern_mismatch":
        return _PATTERN_RULES.get(str(ctx.get("pattern")), "has an invalid format")
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    return str(err.get("msg", "is invalid"))


def convert(exc: ValidationError, prefix: Sequence[str | int] = ()) -> list[tuple[str, str]]:
    """Turn pydantic's errors into (path, rule) pairs, with `prefix` in front of every path."""
    found: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        raw = err["loc"]
        loc: list[str | int] = [p for p in raw if not (isinstance(p, str) and p in UNION_TAGS)]
        # A property refused directly on a SubStatement (not deeper inside it).
        tagged = len(raw) >= 2 and raw[-2] == "⟨SubStatement⟩"
        kind = err["type"]
        ctx: dict[str, Any] = err.get("ctx") or {}
        if kind == "xapi":
            loc.extend(ctx.get("sub", ()))
            rule = str(ctx["rule"])
        elif kind == "xapi_object_type":
            value = err.get("input")
            if isinstance(value, dict) and "objectType" in value:
                loc.append("objectType")
                rule = f"must be {ctx['expected']}"
                if value["objectType"] == "SubStatement":
                    rule += ": a SubStatement cannot contain another SubStatement"
            else:
                rule = f"must be {ctx['kind']}"
        elif len(loc) >= 2 and loc[-1] == "[key]" and kind != "extra_forbidden":
            # pydantic's marker for a bad dict key; a property *named* "[key]" is extra_forbidden
            loc.pop()
            key = loc.pop()
            rule = f"key {key!r} {_rule(err, loc, tagged)}"
        else:
            rule = _rule(err, loc, tagged)
        found.append((format_path([*prefix, *loc]), rule))
        if len(found) >= MAX_ERRORS:
            break
    return found
