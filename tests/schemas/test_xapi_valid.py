"""What must be accepted, and how request bodies are parsed (parse_statements)."""

import copy
from typing import Any

import orjson
import pytest

from schemas.xapi import XAPIValidationError, parse_statements, validate_statement
from tests.schemas.xapi_samples import (
    REALISTIC,
    SPEC_LONG_EXAMPLE,
    SUBSTATEMENT,
    changed,
    statement,
)

VERSIONS = ["1.0.3", "2.0.0"]
AGENT = {"mbox": "mailto:learner@example.com"}


def _component(name: str) -> list[dict[str, Any]]:
    return [{"id": f"{name}_1", "description": {"en-US": "one"}}, {"id": f"{name}_2"}]


# xAPI 1.0.3 Data Appendix C: one definition per interactionType.
INTERACTIONS: dict[str, dict[str, Any]] = {
    "true-false": {"correctResponsesPattern": ["true"]},
    "choice": {"correctResponsesPattern": ["golf[,]tetris"], "choices": _component("c")},
    "fill-in": {"correctResponsesPattern": ["Bob's your uncle"]},
    "long-fill-in": {"correctResponsesPattern": ["{case_matters=false}{lang=en}To store."]},
    "likert": {"correctResponsesPattern": ["likert_3"], "scale": _component("likert")},
    "matching": {
        "correctResponsesPattern": ["ben[.]3[,]chris[.]2"],
        "source": _component("s"),
        "target": _component("t"),
    },
    "performance": {"correctResponsesPattern": ["pong[.]1:[,]dg[.]:10"], "steps": _component("p")},
    "sequencing": {"correctResponsesPattern": ["tim[,]mike"], "choices": _component("c")},
    "numeric": {"correctResponsesPattern": ["4[:]"]},
    "other": {"correctResponsesPattern": ["(35.937432,-86.868896)"]},
}

ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    ("realistic", REALISTIC),
    ("spec long example", SPEC_LONG_EXAMPLE),
    ("substatement", SUBSTATEMENT),
    ("minimal", {"actor": AGENT, "verb": {"id": "http://e.com/v"}, "object": {"id": "urn:x:1"}}),
    (
        "no display or definition",
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": "E05AA883-ACAF-40AD-BF54-02C8CE485FB0"},
            context={"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"},
        ),
    ),
    ("agent object", statement(object={"objectType": "Agent", **AGENT}, context={})),
    ("group object", statement(object={"objectType": "Group", "member": [AGENT]}, context={})),
    (
        "identified group actor",
        statement(actor={"objectType": "Group", "openid": "http://o.example/1"}),
    ),
    ("anonymous group actor", statement(actor={"objectType": "Group", "member": [AGENT, AGENT]})),
    (
        "oauth authority",
        statement(
            authority={
                "objectType": "Group",
                "member": [
                    AGENT,
                    {
                        "account": {
                            "homePage": "http://example.com/xAPI/OAuth/Token",
                            "name": "oauth_consumer",
                        }
                    },
                ],
            }
        ),
    ),
    (
        "null extension values",
        changed(REALISTIC, "context.extensions", {"http://example.com/null": None}),
    ),
    ("empty language map", changed(REALISTIC, "verb.display", {})),
    (
        "empty correct responses",
        changed(REALISTIC, "object.definition.correctResponsesPattern", []),
    ),
    (
        "interaction type only",
        changed(REALISTIC, "object.definition", {"interactionType": "choice"}),
    ),
    ("empty string name", changed(REALISTIC, "actor.name", "")),
    ("scaled bounds", changed(REALISTIC, "result.score", {"scaled": -1, "raw": 0, "min": 0})),
    ("raw equals max", changed(REALISTIC, "result.score", {"raw": 4, "max": 4, "scaled": 1.0})),
    (
        "decimal score",
        changed(REALISTIC, "result.score", {"min": 0.12123434, "raw": 12.125, "max": 45.45}),
    ),
    ("future timestamp", statement(timestamp="2099-01-01T00:00:00Z")),
    ("offset timestamp", statement(timestamp="2008-09-15T15:53:00.601+05:30")),
    ("leap second", statement(timestamp="2016-12-31T23:59:60Z")),
    ("space separator", statement(timestamp="2008-09-15 15:53:00.601+00:00")),
    ("microseconds", statement(timestamp="2008-09-15T15:53:00.123456789Z")),
    ("version 1.0", statement(version="1.0")),
    ("version 1.0.9", statement(version="1.0.9")),
    (
        "single context activity",
        changed(REALISTIC, "context.contextActivities", {"other": {"id": "http://e.com/a"}}),
    ),
    (
        "attachment in substatement",
        changed(SUBSTATEMENT, "object.attachments", REALISTIC["attachments"]),
    ),
    ("unicode iri", changed(REALISTIC, "object.id", "http://example.com/فعل/خواندن")),
    ("urn iri", changed(REALISTIC, "verb.id", "urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee")),
    ("uppercase uuid", statement(id="6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")),
    ("sha-512 attachment", changed(REALISTIC, "attachments.0.sha2", "a" * 128)),
] + [
    (
        f"interaction {kind}",
        changed(REALISTIC, "object.definition", {"interactionType": kind, **definition}),
    )
    for kind, definition in INTERACTIONS.items()
]

LANGUAGE_TAGS = [
    "de",
    "i-enochian",
    "ine",
    "zh-Hant",
    "sr-Latn",
    "zh-cmn-Hans-CN",
    "sr-Latn-RS",
    "sl-rozaj-biske",
    "de-CH-1901",
    "hy-Latn-IT-arevela",
    "de-DE",
    "az-Arab-x-AZE-derbend",
    "x-whatever",
    "es-419",
    "und",
    "en-GB-oed",
    "EN-us",
    "de-DE-u-co-phonebk",
    "cmn",
]
DURATIONS = [
    "PT1H0M0.1S",
    "PT4H35M59.14S",
    "PT16559.14S",
    "P3Y1M29DT4H35M59.14S",
    "P3Y",
    "P4W",
    "PT0S",
    "P1DT12H",
    "PT1,5S",
    "PT0.5H",
    "P0D",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("sample", [pytest.param(s, id=name) for name, s in ACCEPTED])
def test_valid_statements_are_accepted(version: str, sample: dict[str, Any]) -> None:
    validate_statement(sample, version)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("tag", LANGUAGE_TAGS)
def test_language_tags_are_accepted(version: str, tag: str) -> None:
    validate_statement(changed(REALISTIC, "verb.display", {tag: "x"}), version)  # type: ignore[arg-type]
    validate_statement(changed(REALISTIC, "context.language", tag), version)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("duration", DURATIONS)
def test_durations_are_accepted(version: str, duration: str) -> None:
    validate_statement(changed(REALISTIC, "result.duration", duration), version)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", VERSIONS)
def test_single_statement_is_returned_exactly_as_sent(version: str) -> None:
    body = orjson.dumps(REALISTIC)
    statements, batch = parse_statements(body, version)  # type: ignore[arg-type]
    assert batch is False
    assert statements == [REALISTIC]
    assert orjson.dumps(statements[0]) == body


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_is_returned_in_order(version: str) -> None:
    items = [statement(id=f"6690e6c9-3ef0-4ed3-8b37-{i:012d}") for i in range(3)]
    items.append(statement(id=None))  # id-less statements are fine; LRS assigns one
    del items[-1]["id"]
    statements, batch = parse_statements(orjson.dumps(items), version)  # type: ignore[arg-type]
    assert batch is True
    assert statements == items


def _errors(body: bytes, version: str = "2.0.0") -> list[tuple[str, str]]:
    with pytest.raises(XAPIValidationError) as caught:
        parse_statements(body, version)  # type: ignore[arg-type]
    return caught.value.errors


@pytest.mark.parametrize(
    ("body", "path", "rule"),
    [
        pytest.param(b"", "$", "not valid JSON", id="empty body"),
        pytest.param(b"{", "$", "not valid JSON", id="truncated"),
        pytest.param(b"\xff\xfe{}", "$", "not valid JSON", id="not utf-8"),
        pytest.param(b'{"a": NaN}', "$", "not valid JSON", id="NaN"),
        pytest.param(b"[]", "$", "at least one statement", id="empty array"),
        pytest.param(b'"statement"', "$", "statement object or an array", id="string"),
        pytest.param(b"null", "$", "statement object or an array", id="null"),
        pytest.param(b"[1]", "[0]", "must be a JSON object", id="number item"),
        pytest.param(b"[[]]", "[0]", "must be a JSON object", id="array item"),
        pytest.param(b"[" * 65 + b"]" * 65, "$", "deeper than 64", id="65 levels"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "$", "deeper than 64", id="100k levels"),
        pytest.param(
            b'{"actor": 1, "actor": 2}', "$", "repeats the property name 'actor'", id="repeated key"
        ),
    ],
)
def test_bad_bodies_are_refused(body: bytes, path: str, rule: str) -> None:
    errors = _errors(body)
    assert errors[0][0] == path and rule in errors[0][1], errors


def test_deep_extension_is_refused_but_64_levels_pass() -> None:
    deep: Any = "leaf"
    for _ in range(61):  # statement, result, extensions, then 61 objects: 64 levels
        deep = {"k": deep}
    ok = changed(REALISTIC, "result.extensions", {"http://e.com/x": deep})
    parse_statements(orjson.dumps(ok), "1.0.3")
    validate_statement(ok, "1.0.3")
    deeper = changed(REALISTIC, "result.extensions", {"http://e.com/x": {"k": deep}})
    assert _errors(orjson.dumps(deeper)) == [("$", "is nested deeper than 64 levels")]
    with pytest.raises(XAPIValidationError):
        validate_statement(deeper, "2.0.0")


def test_repeated_key_deep_inside_is_refused() -> None:
    body = orjson.dumps(REALISTIC).replace(b'"success":true', b'"success":true,"success":false')
    assert _errors(body) == [("$", "repeats the property name 'success' in one object")]


def test_escaped_colons_are_not_mistaken_for_repeated_keys() -> None:
    body = orjson.dumps(REALISTIC).replace(b'"response":"b"', b'"response":"a\\u003ab"')
    statements, _ = parse_statements(body, "2.0.0")
    assert statements[0]["result"]["response"] == "a:b"
    spaced = orjson.dumps(REALISTIC, option=orjson.OPT_INDENT_2).replace(b'":', b'" :')
    assert parse_statements(spaced, "1.0.3")[0] == [REALISTIC]


def test_batch_errors_carry_the_statement_index() -> None:
    bad = changed(REALISTIC, "actor.mbox", "mailto:x@example.com")
    body = orjson.dumps([statement(id="6690e6c9-3ef0-4ed3-8b37-000000000001"), bad, 3])
    errors = _errors(body)
    assert ("[1].actor", "has 2 identifiers (mbox, account); an Agent has exactly one") in errors
    assert ("[2]", "must be a JSON object (a statement)") in errors


def test_repeated_ids_in_a_batch_are_refused() -> None:
    upper = statement(id=REALISTIC["id"].upper())
    errors = _errors(orjson.dumps([REALISTIC, upper]))
    assert errors == [("[1].id", "repeats the id of statement [0]")]


def test_unknown_version_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        validate_statement(copy.deepcopy(REALISTIC), "1.0.2")  # type: ignore[arg-type]
