"""Statement comparison (1.0.3 Data §2.3.1; 9274.1.1 §4.2 "Statement Immutability")."""

from typing import Any

import pytest

from schemas.xapi import statements_equivalent
from tests.schemas.xapi_samples import (
    DELETE,
    REALISTIC,
    SPEC_LONG_EXAMPLE,
    SUBSTATEMENT,
    changed,
    statement,
)

SAME: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("identical", REALISTIC, statement()),
    ("other id", REALISTIC, statement(id="11111111-2222-3333-4444-555555555555")),
    ("no id", REALISTIC, statement(id=DELETE)),
    ("authority", REALISTIC, statement(authority={"mbox": "mailto:lrs@example.com"})),
    ("stored", REALISTIC, statement(stored=DELETE)),
    ("version", REALISTIC, statement(version="1.0.0")),
    ("attachments", REALISTIC, statement(attachments=DELETE)),
    ("verb display", REALISTIC, changed(REALISTIC, "verb.display", {"fr": "répondu"})),
    ("activity definition", REALISTIC, changed(REALISTIC, "object.definition", DELETE)),
    (
        "context activity definition",
        SPEC_LONG_EXAMPLE,
        changed(SPEC_LONG_EXAMPLE, "context.contextActivities.category.0.definition", DELETE),
    ),
    ("timestamp zone", REALISTIC, statement(timestamp="2024-05-18T07:32:34.804+02:00")),
    ("timestamp precision", REALISTIC, statement(timestamp="2024-05-18T05:32:34.8049Z")),
    ("timestamp assigned", statement(timestamp=DELETE), REALISTIC),
    (
        "member order",
        SPEC_LONG_EXAMPLE,
        changed(SPEC_LONG_EXAMPLE, "actor.member", SPEC_LONG_EXAMPLE["actor"]["member"][::-1]),
    ),
    (
        "mbox domain case",
        SPEC_LONG_EXAMPLE,
        changed(SPEC_LONG_EXAMPLE, "actor.mbox", "mailto:teampb@EXAMPLE.com"),
    ),
    (
        "uuid case",
        REALISTIC,
        changed(REALISTIC, "context.registration", "EC531277-B57B-4C15-8D91-D292C5B2B8F7"),
    ),
    (
        "sha1 case",
        REALISTIC,
        changed(
            REALISTIC,
            "context.team.member.0.mbox_sha1sum",
            "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9",
        ),
    ),
    (
        "iri scheme and host case",
        REALISTIC,
        changed(REALISTIC, "object.id", "HTTPS://Content.Example.ORG/math/g5/fractions/q17"),
    ),
    (
        "iri dot segments",
        REALISTIC,
        changed(REALISTIC, "verb.id", "http://adlnet.gov/expapi/x/../verbs/./answered"),
    ),
    (
        "iri percent encoding",
        REALISTIC,
        changed(REALISTIC, "verb.id", "http://adlnet.gov/expapi/verbs/%61nswered"),
    ),
    ("language tag case", REALISTIC, changed(REALISTIC, "context.language", "EN-us")),
    (
        "single context activity",
        REALISTIC,
        changed(
            REALISTIC,
            "context.contextActivities.grouping",
            [REALISTIC["context"]["contextActivities"]["grouping"]],
        ),
    ),
    (
        "default objectType",
        REALISTIC,
        changed(changed(REALISTIC, "object.objectType", DELETE), "actor.objectType", DELETE),
    ),
    (
        "duration beyond 0.01s",
        changed(REALISTIC, "result.duration", "PT1.234S"),
        changed(REALISTIC, "result.duration", "PT1.23S"),
    ),
    ("number spelling", REALISTIC, changed(REALISTIC, "result.score.raw", 3.0)),
    ("key order", REALISTIC, dict(reversed(list(statement().items())))),
    (
        "substatement",
        SUBSTATEMENT,
        changed(SUBSTATEMENT, "object.timestamp", "2030-01-01T01:00:00+01:00"),
    ),
]

DIFFERENT: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("verb", REALISTIC, changed(REALISTIC, "verb.id", "http://adlnet.gov/expapi/verbs/attempted")),
    ("activity", REALISTIC, changed(REALISTIC, "object.id", "https://content.example.org/q18")),
    (
        "iri path case",
        REALISTIC,
        changed(REALISTIC, "object.id", "https://content.example.org/Math/g5/fractions/q17"),
    ),
    ("actor", REALISTIC, changed(REALISTIC, "actor.account.name", "stu-004513")),
    ("actor name", REALISTIC, changed(REALISTIC, "actor.name", "Ana R.")),
    (
        "mbox local part case",
        SPEC_LONG_EXAMPLE,
        changed(SPEC_LONG_EXAMPLE, "actor.mbox", "mailto:TeamPB@example.com"),
    ),
    ("timestamp", REALISTIC, statement(timestamp="2024-05-18T05:32:35.804Z")),
    ("score", REALISTIC, changed(REALISTIC, "result.score.raw", 2)),
    ("success", REALISTIC, changed(REALISTIC, "result.success", False)),
    ("duration", REALISTIC, changed(REALISTIC, "result.duration", "PT1M12.6S")),
    ("result removed", REALISTIC, statement(result=DELETE)),
    (
        "extension value",
        REALISTIC,
        changed(
            REALISTIC, "context.extensions", {"https://ace.example.org/xapi/ext/school": "other"}
        ),
    ),
    (
        "true is not 1",
        changed(REALISTIC, "result.extensions", {"http://e.com/x": True}),
        changed(REALISTIC, "result.extensions", {"http://e.com/x": 1}),
    ),
    (
        "context activity",
        REALISTIC,
        changed(
            REALISTIC,
            "context.contextActivities.parent.0.id",
            "https://content.example.org/math/g6",
        ),
    ),
    (
        "registration",
        REALISTIC,
        changed(REALISTIC, "context.registration", "ec531277-b57b-4c15-8d91-d292c5b2b8f8"),
    ),
    ("group member", SPEC_LONG_EXAMPLE, changed(SPEC_LONG_EXAMPLE, "actor.member.0.name", "A.D.")),
    (
        "substatement timestamp",
        SUBSTATEMENT,
        changed(SUBSTATEMENT, "object.timestamp", "2030-01-02T00:00:00Z"),
    ),
    ("substatement verb", SUBSTATEMENT, changed(SUBSTATEMENT, "object.verb.id", "http://e.com/x")),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=name) for name, a, b in SAME])
def test_equivalent(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert statements_equivalent(a, b)
    assert statements_equivalent(b, a)
    assert statements_equivalent(a, b, version="2.0.0")


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=name) for name, a, b in DIFFERENT])
def test_not_equivalent(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert not statements_equivalent(a, b)
    assert not statements_equivalent(b, a)


def test_200_ignores_case_and_timestamp() -> None:
    """9274.1.1 §4.2: equivalence shall not consider case, nor the timestamp."""
    upper_path = changed(
        REALISTIC, "object.id", "https://content.example.org/MATH/G5/fractions/q17"
    )
    assert not statements_equivalent(REALISTIC, upper_path, version="1.0.3")
    assert statements_equivalent(REALISTIC, upper_path, version="2.0.0")
    later = statement(timestamp="2025-01-01T00:00:00Z")
    assert not statements_equivalent(REALISTIC, later, version="1.0.3")
    assert statements_equivalent(REALISTIC, later, version="2.0.0")


def test_comparison_does_not_change_the_statements() -> None:
    a, b = statement(), statement(timestamp="2024-05-18T07:32:34.804+02:00")
    statements_equivalent(a, b)
    assert a == REALISTIC and b["timestamp"] == "2024-05-18T07:32:34.804+02:00"
