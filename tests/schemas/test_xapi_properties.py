"""Property tests: generated valid statements pass, broken ones fail, nothing else escapes.

The generators build statements from the spec's pieces (every IFI, Groups, all ten interaction
types, scores with consistent bounds, durations, RFC 3339 timestamps that are also ISO 8601, all
object kinds including SubStatements). The mutations each break one rule for certain.
"""

import contextlib
import copy
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.xapi import (
    XAPIValidationError,
    parse_statements,
    statements_equivalent,
    to_canonical_format,
    to_ids_format,
    validate_statement,
)

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_SAFE = string.ascii_letters + string.digits + "-._~"
_words = st.text(_SAFE, min_size=1, max_size=12)
iris = st.one_of(
    st.builds(
        lambda s, h, p: f"{s}://{h}.example.org/{p}",
        st.sampled_from(["http", "https"]),
        _words,
        _words,
    ),
    st.builds(lambda p: f"urn:ace:{p}", _words),
    st.builds(lambda p: f"https://example.org/é/{p}#frag", _words),
)
uuids = st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper())
tags = st.sampled_from(
    ["en", "en-US", "es", "es-419", "zh-Hant-TW", "sr-Latn-RS", "und", "x-ace", "de-CH-1901"]
)
language_maps = st.dictionaries(tags, st.text(max_size=12), max_size=3)
json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
extensions = st.dictionaries(iris, json_values, max_size=3)


def _optional(
    draw: st.DrawFn, target: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


@st.composite
def ifis(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["mbox", "mbox_sha1sum", "openid", "account"]))
    if kind == "mbox":
        return {"mbox": f"mailto:{draw(_words)}@{draw(_words)}.example"}
    if kind == "mbox_sha1sum":
        return {"mbox_sha1sum": draw(st.text("0123456789abcdefABCDEF", min_size=40, max_size=40))}
    if kind == "openid":
        return {"openid": f"https://openid.example.org/{draw(_words)}"}
    return {"account": {"homePage": draw(iris), "name": draw(st.text(max_size=10))}}


@st.composite
def agents(draw: st.DrawFn, typed: bool = False) -> dict[str, Any]:
    agent = draw(ifis())
    _optional(draw, agent, "name", st.text(max_size=10))
    if typed or draw(st.booleans()):
        agent["objectType"] = "Agent"
    return agent


@st.composite
def groups(draw: st.DrawFn, anonymous: bool | None = None) -> dict[str, Any]:
    group: dict[str, Any] = {"objectType": "Group"}
    if anonymous is None:
        anonymous = draw(st.booleans())
    members = st.lists(agents(), min_size=1, max_size=3)
    if anonymous:
        group["member"] = draw(members)
    else:
        group.update(draw(ifis()))
        _optional(draw, group, "member", members)
    _optional(draw, group, "name", st.text(max_size=10))
    return group


actors = agents() | groups()


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    definition: dict[str, Any] = {}
    _optional(draw, definition, "name", language_maps)
    _optional(draw, definition, "description", language_maps)
    _optional(draw, definition, "type", iris)
    _optional(draw, definition, "moreInfo", iris)
    _optional(draw, definition, "extensions", extensions)
    if draw(st.booleans()):
        lists = {
            "choice": ["choices"],
            "sequencing": ["choices"],
            "likert": ["scale"],
            "matching": ["source", "target"],
            "performance": ["steps"],
        }
        kind = draw(
            st.sampled_from(["true-false", "fill-in", "long-fill-in", "numeric", "other", *lists])
        )
        definition["interactionType"] = kind
        _optional(
            draw, definition, "correctResponsesPattern", st.lists(st.text(max_size=8), max_size=3)
        )
        for key in lists.get(kind, []):
            ids = draw(st.lists(_words, max_size=4, unique=True))
            definition[key] = [
                {"id": i, **({"description": draw(language_maps)} if draw(st.booleans()) else {})}
                for i in ids
            ]
    return definition


@st.composite
def activities(draw: st.DrawFn) -> dict[str, Any]:
    activity: dict[str, Any] = {"id": draw(iris)}
    if draw(st.booleans()):
        activity["objectType"] = "Activity"
    _optional(draw, activity, "definition", definitions())
    return activity


@st.composite
def results(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if draw(st.booleans()):
        low = draw(st.floats(-1000, 1000, allow_nan=False) | st.integers(-1000, 1000))
        high = low + draw(st.floats(0.5, 1000) | st.integers(1, 1000))
        score: dict[str, Any] = {}
        for key, value in (("min", low), ("max", high), ("raw", (low + high) / 2)):
            if draw(st.booleans()):
                score[key] = value
        _optional(draw, score, "scaled", st.floats(-1, 1))
        result["score"] = score
    _optional(draw, result, "success", st.booleans())
    _optional(draw, result, "completion", st.booleans())
    _optional(draw, result, "response", st.text(max_size=10))
    _optional(draw, result, "duration", durations)
    _optional(draw, result, "extensions", extensions)
    return result


durations = st.builds(
    lambda y, d, h, s: "P" + y + d + ("T" + h + s if h + s else "") if (y + d + h + s) else "PT0S",
    st.sampled_from(["", "1Y", "3Y2M"]),
    st.sampled_from(["", "29D"]),
    st.sampled_from(["", "4H", "1H30M"]),
    st.sampled_from(["", "59.14S", "0.5S", "16559S"]),
) | st.integers(1, 52).map(lambda w: f"P{w}W")

timestamps = st.builds(
    lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(
        timespec="milliseconds"
    ),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(-12 * 60, 14 * 60),
) | st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
)


@st.composite
def contexts(draw: st.DrawFn, activity_object: bool, v2: bool) -> dict[str, Any]:
    context: dict[str, Any] = {}
    _optional(draw, context, "registration", uuids)
    _optional(draw, context, "instructor", actors)
    _optional(draw, context, "team", groups())
    if draw(st.booleans()):
        one_or_many = activities() | st.lists(activities(), max_size=2)
        context["contextActivities"] = draw(
            st.dictionaries(
                st.sampled_from(["parent", "grouping", "category", "other"]),
                one_or_many,
                min_size=1,
            )
        )
    if activity_object:
        _optional(draw, context, "revision", st.text(max_size=5))
        _optional(draw, context, "platform", st.text(max_size=5))
    _optional(draw, context, "language", tags)
    _optional(
        draw, context, "statement", uuids.map(lambda u: {"objectType": "StatementRef", "id": u})
    )
    _optional(draw, context, "extensions", extensions)
    if v2:
        types = st.lists(iris, min_size=1, max_size=2)
        if draw(st.booleans()):
            context["contextAgents"] = [
                {
                    "objectType": "contextAgent",
                    "agent": draw(agents()),
                    **({"relevantTypes": draw(types)} if draw(st.booleans()) else {}),
                }
            ]
        if draw(st.booleans()):
            context["contextGroups"] = [
                {
                    "objectType": "contextGroup",
                    "group": draw(groups()),
                    "relevantTypes": draw(types),
                }
            ]
    return context


attachments = st.fixed_dictionaries(
    {
        "usageType": iris,
        "display": language_maps,
        "contentType": st.sampled_from(
            ["text/plain; charset=ascii", "application/pdf", "image/png"]
        ),
        "length": st.integers(0, 10**9),
        "sha2": st.text("0123456789abcdef", min_size=64, max_size=64),
    },
    optional={"description": language_maps, "fileUrl": iris},
)


@st.composite
def statements(draw: st.DrawFn, v2: bool = False, nested: bool = False) -> dict[str, Any]:
    statement: dict[str, Any] = {"actor": draw(actors), "verb": {"id": draw(iris)}}
    _optional(draw, statement["verb"], "display", language_maps)
    kinds = ["Activity", "Agent", "Group", "StatementRef"] + ([] if nested else ["SubStatement"])
    kind = draw(st.sampled_from(kinds))
    if kind == "Activity":
        statement["object"] = draw(activities())
    elif kind == "Agent":
        statement["object"] = draw(agents(typed=True))
    elif kind == "Group":
        statement["object"] = draw(groups())
    elif kind == "StatementRef":
        statement["object"] = {"objectType": "StatementRef", "id": draw(uuids)}
    else:
        statement["object"] = {"objectType": "SubStatement", **draw(statements(v2=v2, nested=True))}
    _optional(draw, statement, "result", results())
    _optional(draw, statement, "context", contexts(activity_object=kind == "Activity", v2=v2))
    _optional(draw, statement, "timestamp", timestamps)
    _optional(draw, statement, "attachments", st.lists(attachments, max_size=2))
    if not nested:
        _optional(draw, statement, "id", uuids)
        _optional(draw, statement, "stored", timestamps)
        _optional(
            draw,
            statement,
            "authority",
            agents()
            | st.builds(lambda a, b: {"objectType": "Group", "member": [a, b]}, agents(), agents()),
        )
        _optional(draw, statement, "version", st.sampled_from(["1.0.0", "1.0", "1.0.3"]))
    return statement


@PROFILE
@given(statements())
def test_generated_statements_are_valid_in_both_versions(statement: dict[str, Any]) -> None:
    before = copy.deepcopy(statement)
    validate_statement(statement, "1.0.3")
    validate_statement(statement, "2.0.0")
    assert parse_statements(orjson.dumps(statement), "2.0.0") == ([statement], False)
    assert statement == before


@PROFILE
@given(statements(v2=True))
def test_generated_200_statements_are_valid(statement: dict[str, Any]) -> None:
    validate_statement(statement, "2.0.0")


@PROFILE
@given(statements(), st.lists(tags, max_size=3))
def test_formats_keep_statements_valid_and_equivalent(
    statement: dict[str, Any], languages: list[str]
) -> None:
    canonical = to_canonical_format(statement, languages)
    validate_statement(canonical, "1.0.3")
    validate_statement(to_ids_format(statement), "1.0.3")
    # canonical only filters language maps, which comparison ignores (Data 2.3.1.b2, b3, b6)
    assert statements_equivalent(statement, canonical)
    assert statements_equivalent(statement, copy.deepcopy(statement), version="2.0.0")


def _set_verb_id(s: dict[str, Any], value: Any) -> None:
    s["verb"]["id"] = value


MUTATIONS = {
    "verb id number": lambda s, d: _set_verb_id(s, d(st.integers())),
    "verb id null": lambda s, d: _set_verb_id(s, None),
    "verb id not an IRI": lambda s, d: _set_verb_id(
        s, d(st.sampled_from(["", "example.org/x", "http://a b", "ab=c://x", "://x", "#frag"]))
    ),
    "actor list": lambda s, d: s.update(actor=[s["actor"]]),
    "two IFIs": lambda s, d: s["actor"].update(
        mbox="mailto:a@b.example", openid="http://o.example/1"
    ),
    "bad duration": lambda s, d: s.setdefault("result", {}).update(
        duration=d(
            st.sampled_from(["PA1H", "P4W1D", "P", "PT", "1H", "-P1D", "P1.5YT1H", "PT1H ", "pt1h"])
        )
    ),
    "scaled out of range": lambda s, d: s.setdefault("result", {}).update(
        score={"scaled": d(st.floats(1.0001, 1e9) | st.floats(-1e9, -1.0001))}
    ),
    "raw above max": lambda s, d: s.setdefault("result", {}).update(score={"raw": 5, "max": 4}),
    "string score": lambda s, d: s.setdefault("result", {}).update(score={"raw": "5"}),
    "boolean as string": lambda s, d: s.setdefault("result", {}).update(success="true"),
    "bad timestamp": lambda s, d: s.update(
        timestamp=d(st.sampled_from(["01/011/2015", "2008-09-15T15:53:00.601-00:00", "now", ""]))
    ),
    "bad language tag": lambda s, d: s["verb"].update(display={"de-419-DE": "x"}),
    "bad id": lambda s, d: s.update(id=d(st.text(max_size=40))),
    "unknown property": lambda s, d: s.update(Verb=1),
    "missing object": lambda s, d: s.pop("object"),
}


@PROFILE
@given(statements(), st.sampled_from(sorted(MUTATIONS)), st.data())
def test_mutated_statements_are_refused(
    statement: dict[str, Any], mutation: str, data: st.DataObject
) -> None:
    MUTATIONS[mutation](statement, data.draw)
    for version in ("1.0.3", "2.0.0"):
        try:
            validate_statement(statement, version)  # type: ignore[arg-type]
        except XAPIValidationError as exc:
            assert exc.errors and all(
                isinstance(p, str) and isinstance(r, str) for p, r in exc.errors
            )
        else:
            raise AssertionError(f"{mutation} was accepted: {statement}")


@PROFILE
@given(
    st.binary(max_size=200)
    | json_values.map(orjson.dumps)
    | st.lists(json_values).map(orjson.dumps)
)
def test_any_body_gives_statements_or_a_validation_error(body: bytes) -> None:
    try:
        statements_, batch = parse_statements(body, "2.0.0")
    except XAPIValidationError:
        return
    assert statements_ and all(type(s) is dict for s in statements_)


@st.composite
def _vandalised(draw: st.DrawFn) -> dict[str, Any]:
    """A valid statement with one node somewhere replaced by an arbitrary JSON value."""
    statement = draw(statements())
    node: Any = statement
    for _ in range(draw(st.integers(0, 4))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        containers = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
        if not containers:
            break
        _, node = draw(st.sampled_from(containers))
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[draw(st.sampled_from(keys))] = draw(json_values)
    return statement


@PROFILE
@given(_vandalised())
def test_vandalised_statements_never_raise_anything_else(statement: dict[str, Any]) -> None:
    for version in ("1.0.3", "2.0.0"):
        with contextlib.suppress(XAPIValidationError):
            validate_statement(statement, version)  # type: ignore[arg-type]
