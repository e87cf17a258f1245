"""One rejection per rule: the change, where the error points, and what it says.

Each case changes one property of a valid statement (xapi_samples.REALISTIC unless a base is
given) and expects XAPIValidationError with that path and a rule containing the given text.
The cases follow xAPI 1.0.3 Data §2-4, IEEE 9274.1.1 §4.2 and the ADL conformance suite.
"""

from typing import Any

import pytest

from schemas.xapi import XAPIValidationError, validate_statement
from tests.schemas.xapi_samples import DELETE, REALISTIC, SUBSTATEMENT, changed

MBOX_AGENT = {"mbox": "mailto:learner@example.com"}
ANON_GROUP = {"objectType": "Group", "member": [MBOX_AGENT]}

# (case id, path to change, new value, expected error path, expected rule text)
BOTH_VERSIONS: list[tuple[str, str, Any, str, str]] = [
    # Statement
    ("actor missing", "actor", DELETE, "actor", "is required"),
    ("verb missing", "verb", DELETE, "verb", "is required"),
    ("object missing", "object", DELETE, "object", "is required"),
    ("id too long", "id", "AA97B177-9383-4934-8543-0F91A7A028368", "id", "must be a UUID"),
    ("id bad letter", "id", "MA97B177-9383-4934-8543-0F91A7A02836", "id", "must be a UUID"),
    ("id number", "id", 12345, "id", "must be a string"),
    ("id object", "id", {"key": "x"}, "id", "must be a string"),
    ("id empty", "id", "", "id", "must be a UUID"),
    ("key case", "Actor", MBOX_AGENT, "Actor", "is not allowed"),
    ("unknown key", "foo", 1, "foo", "is not allowed"),
    ("null value", "actor.name", None, "actor.name", "must not be null"),
    ("timestamp text", "timestamp", "should fail", "timestamp", "date"),
    ("timestamp date", "timestamp", "01/011/2015", "timestamp", "date"),
    ("timestamp -00", "timestamp", "2008-09-15T15:53:00.601-00", "timestamp", ""),
    ("timestamp -0000", "timestamp", "2008-09-15T15:53:00.601-0000", "timestamp", ""),
    ("timestamp -00:00", "timestamp", "2008-09-15T15:53:00.601-00:00", "timestamp", "-00:00"),
    ("timestamp Feb 30", "timestamp", "2008-02-30T15:53:00Z", "timestamp", "real date"),
    ("timestamp hour 24", "timestamp", "2008-02-03T24:00:00Z", "timestamp", "real date"),
    ("timestamp number", "timestamp", 1234567890, "timestamp", "must be a string"),
    ("stored text", "stored", "yesterday", "stored", "date"),
    ("version text", "version", "should fail", "version", "version"),
    ("version 0.9.9", "version", "0.9.9", "version", "version"),
    ("version number", "version", 1.0, "version", "must be a string"),
    (
        "voided activity",
        "verb.id",
        "http://adlnet.gov/expapi/verbs/voided",
        "object.objectType",
        "'StatementRef' in a voiding statement",
    ),
    # Agents
    ("mbox http", "actor", {"mbox": "http://should.fail.com"}, "actor.mbox", "mailto IRI"),
    ("mbox no @", "actor", {"mbox": "mailto:should.fail.com"}, "actor.mbox", "mailto IRI"),
    ("mbox empty", "actor", {"mbox": ""}, "actor.mbox", "mailto IRI"),
    ("sha1 object", "actor", {"mbox_sha1sum": {"k": 1}}, "actor.mbox_sha1sum", "must be a string"),
    ("sha1 short", "actor", {"mbox_sha1sum": "cd9b00a5"}, "actor.mbox_sha1sum", "40 hexadecimal"),
    ("openid bad", "actor", {"openid": "ab=c://should.fail.com"}, "actor.openid", "absolute URI"),
    ("account no name", "actor.account.name", DELETE, "actor.account.name", "is required"),
    ("account name obj", "actor.account.name", {"k": "x"}, "actor.account.name", "a string"),
    ("account homePage", "actor.account.homePage", "ab=c://x", "actor.account.homePage", "IRL"),
    ("account extra", "actor.account.id", "7", "actor.account.id", "is not allowed"),
    ("two IFIs", "actor.mbox", "mailto:xapi@adlnet.gov", "actor", "exactly one"),
    ("no IFI", "actor.account", DELETE, "actor", "must have one of mbox"),
    ("objectType agent", "actor.objectType", "agent", "actor.objectType", "'Agent' or 'Group'"),
    ("objectType number", "actor.objectType", 123, "actor.objectType", "'Agent' or 'Group'"),
    ("actor string", "actor", "should fail", "actor", "Agent or Group object"),
    ("agent name number", "actor.name", 123, "actor.name", "must be a string"),
    ("anon group no member", "actor", {"objectType": "Group"}, "actor.member", "anonymous Group"),
    (
        "anon group empty",
        "actor",
        {"objectType": "Group", "member": []},
        "actor.member",
        "at least",
    ),
    (
        "group two IFIs",
        "actor",
        {**ANON_GROUP, **MBOX_AGENT, "openid": "http://o.example/1"},
        "actor",
        "at most one",
    ),
    (
        "group in group",
        "actor",
        {**ANON_GROUP, "member": [ANON_GROUP]},
        "actor.member[0].objectType",
        "cannot be Groups",
    ),
    (
        "member not array",
        "actor",
        {**ANON_GROUP, "member": MBOX_AGENT},
        "actor.member",
        "must be an array",
    ),
    (
        "member no IFI",
        "actor",
        {**ANON_GROUP, "member": [{"name": "x"}]},
        "actor.member[0]",
        "must have one of",
    ),
    (
        "team agent",
        "context.team",
        {"objectType": "Agent", **MBOX_AGENT},
        "context.team.objectType",
        "must be 'Group'",
    ),
    ("team untyped", "context.team", MBOX_AGENT, "context.team.objectType", "is required"),
    ("authority one member", "authority", ANON_GROUP, "authority.member", "exactly two"),
    (
        "authority three",
        "authority",
        {**ANON_GROUP, "member": [MBOX_AGENT] * 3},
        "authority.member",
        "exactly two",
    ),
    (
        "authority identified",
        "authority",
        {"objectType": "Group", "openid": "http://o.example/1"},
        "authority",
        "not identified",
    ),
    # Verb
    ("verb id no scheme", "verb.id", "should fail", "verb.id", "absolute IRI"),
    ("verb id space", "verb.id", "http://example.com/a b", "verb.id", "absolute IRI"),
    ("verb id missing", "verb.id", DELETE, "verb.id", "is required"),
    ("display string", "verb.display", "answered", "verb.display", "must be an object"),
    ("display bad tag", "verb.display.de-419-DE", "x", "verb.display", "'de-419-DE' is not an RFC"),
    ("display singleton", "verb.display.a-DE", "x", "verb.display", "RFC 5646"),
    ("display repeat ext", "verb.display.ar-a-aaa-b-bbb-a-ccc", "x", "verb.display", "RFC 5646"),
    ("display 9 letters", "verb.display.something", "x", "verb.display", "RFC 5646"),
    ("display null", "verb.display.en-US", None, "verb.display.en-US", "must not be null"),
    ("display number", "verb.display.en-US", 3, "verb.display.en-US", "must be a string"),
    # Activity
    ("activity id missing", "object.id", DELETE, "object.id", "is required"),
    ("activity id bad", "object.id", "ab=c://should.fail.com", "object.id", "absolute IRI"),
    (
        "activity objectType",
        "object.objectType",
        "activity",
        "object.objectType",
        "'Activity', 'Agent'",
    ),
    (
        "definition string",
        "object.definition",
        "should error",
        "object.definition",
        "must be an object",
    ),
    ("name number", "object.definition.name", 12345, "object.definition.name", "an object"),
    (
        "description bad tag",
        "object.definition.description.de-419-DE",
        "x",
        "object.definition.description",
        "RFC 5646",
    ),
    ("type not IRI", "object.definition.type", "should error", "object.definition.type", "IRI"),
    ("moreInfo not IRL", "object.definition.moreInfo", "x", "object.definition.moreInfo", "IRL"),
    ("moreInfo null", "object.definition.moreInfo", None, "object.definition.moreInfo", "null"),
    (
        "extensions string",
        "object.definition.extensions",
        "x",
        "object.definition.extensions",
        "must be an object",
    ),
    (
        "extension key",
        "object.definition.extensions",
        {"valid": 1},
        "object.definition.extensions",
        "key 'valid' must be an absolute IRI",
    ),
    (
        "interactionType case",
        "object.definition.interactionType",
        "choiCe",
        "object.definition.interactionType",
        "'true-false', 'choice'",
    ),
    (
        "interactionType number",
        "object.definition.interactionType",
        12,
        "object.definition.interactionType",
        "must be",
    ),
    (
        "pattern without type",
        "object.definition.interactionType",
        DELETE,
        "object.definition.interactionType",
        "is required when correctResponsesPattern",
    ),
    (
        "pattern not strings",
        "object.definition.correctResponsesPattern",
        [1],
        "object.definition.correctResponsesPattern[0]",
        "must be a string",
    ),
    (
        "pattern not array",
        "object.definition.correctResponsesPattern",
        "b",
        "object.definition.correctResponsesPattern",
        "must be an array",
    ),
    (
        "choices for likert",
        "object.definition.interactionType",
        "likert",
        "object.definition.choices",
        "not allowed when interactionType is 'likert'",
    ),
    (
        "scale for choice",
        "object.definition.scale",
        [{"id": "x"}],
        "object.definition.scale",
        "not allowed when interactionType is 'choice'",
    ),
    (
        "duplicate choice id",
        "object.definition.choices.1.id",
        "a",
        "object.definition.choices[1].id",
        "duplicates",
    ),
    (
        "component no id",
        "object.definition.choices.0.id",
        DELETE,
        "object.definition.choices[0].id",
        "is required",
    ),
    (
        "component id number",
        "object.definition.choices.0.id",
        7,
        "object.definition.choices[0].id",
        "must be a string",
    ),
    (
        "component bad tag",
        "object.definition.choices.0.description.de-419-DE",
        "x",
        "object.definition.choices[0].description",
        "RFC 5646",
    ),
    (
        "component extra",
        "object.definition.choices.0.name",
        {"en": "x"},
        "object.definition.choices[0].name",
        "is not allowed",
    ),
    (
        "untyped agent object",
        "object",
        MBOX_AGENT,
        "object.objectType",
        "required when the object is an Agent",
    ),
    ("object agent no IFI", "object", {"objectType": "Agent"}, "object", "must have one of"),
    ("object number", "object", 7, "object", "must be an object"),
    (
        "statementref bad id",
        "object",
        {"objectType": "StatementRef", "id": "nope"},
        "object.id",
        "UUID",
    ),
    ("statementref no id", "object", {"objectType": "StatementRef"}, "object.id", "is required"),
    # Result
    ("score number", "result.score", 12345, "result.score", "must be an object"),
    ("scaled above", "result.score.scaled", 1.01, "result.score.scaled", "at most 1"),
    ("scaled below", "result.score.scaled", -1.00001, "result.score.scaled", "at least -1"),
    ("raw above max", "result.score.raw", 4.5, "result.score.raw", "greater than max"),
    ("raw below min", "result.score.raw", -1, "result.score.raw", "less than min"),
    ("min above max", "result.score.min", 5, "result.score.min", "less than max"),
    ("min equals max", "result.score.min", 4, "result.score.min", "less than max"),
    ("max string", "result.score.max", "100", "result.score.max", "must be a number"),
    ("raw boolean", "result.score.raw", True, "result.score.raw", "must be a number"),
    ("success string", "result.success", "false", "result.success", "must be a boolean"),
    ("completion number", "result.completion", 1, "result.completion", "must be a boolean"),
    ("response number", "result.response", 3, "result.response", "must be a string"),
    ("duration letter", "result.duration", "PA1H0M0S", "result.duration", "ISO 8601 duration"),
    ("duration weeks+days", "result.duration", "P4W1D", "result.duration", "ISO 8601 duration"),
    ("duration negative", "result.duration", "-PT1H", "result.duration", "ISO 8601 duration"),
    ("duration bare P", "result.duration", "P", "result.duration", "ISO 8601 duration"),
    ("duration alt format", "result.duration", "P0003-02-01", "result.duration", "duration"),
    ("duration inner fraction", "result.duration", "PT1.5H30M", "result.duration", "duration"),
    ("duration number", "result.duration", 12345, "result.duration", "must be a string"),
    (
        "result extension key",
        "result.extensions",
        {"attempt": 2},
        "result.extensions",
        "key 'attempt'",
    ),
    # Context
    ("registration text", "context.registration", "should fail", "context.registration", "UUID"),
    ("registration null", "context.registration", None, "context.registration", "null"),
    ("instructor string", "context.instructor", "x", "context.instructor", "Agent or Group object"),
    (
        "instructor object",
        "context.instructor",
        {"key": "x"},
        "context.instructor.key",
        "is not allowed",
    ),
    (
        "contextActivities string",
        "context.contextActivities",
        "x",
        "context.contextActivities",
        "must be an object",
    ),
    (
        "contextActivities empty",
        "context.contextActivities",
        {},
        "context.contextActivities",
        "at least one of parent",
    ),
    (
        "contextActivities key",
        "context.contextActivities.parents",
        [],
        "context.contextActivities.parents",
        "is not allowed",
    ),
    (
        "parent string",
        "context.contextActivities.parent",
        "x",
        "context.contextActivities.parent",
        "Activity object or an array",
    ),
    (
        "parent id bad",
        "context.contextActivities.parent.0.id",
        "nope",
        "context.contextActivities.parent[0].id",
        "absolute IRI",
    ),
    (
        "grouping no id",
        "context.contextActivities.grouping.id",
        DELETE,
        "context.contextActivities.grouping.id",
        "is required",
    ),
    ("revision number", "context.revision", 12345, "context.revision", "must be a string"),
    ("platform object", "context.platform", {"k": 1}, "context.platform", "must be a string"),
    (
        "revision with agent",
        "object",
        {"objectType": "Agent", **MBOX_AGENT},
        "context.revision",
        "only allowed when the object is an Activity, not a Agent",
    ),
    ("language bad", "context.language", "something", "context.language", "RFC 5646"),
    ("language object", "context.language", {"a12345": "x"}, "context.language", "a string"),
    (
        "statement ref case",
        "context.statement.objectType",
        "statementref",
        "context.statement.objectType",
        "must be 'StatementRef'",
    ),
    ("statement ref id", "context.statement.id", "should fail", "context.statement.id", "UUID"),
    ("context extension key", "context.extensions", {"school": 1}, "context.extensions", "IRI"),
    # Attachments
    (
        "attachments object",
        "attachments",
        {"usageType": "http://x.example/u"},
        "attachments",
        "must be an array",
    ),
    ("attachment number", "attachments.0", 12345, "attachments[0]", "must be an object"),
    ("usageType bad", "attachments.0.usageType", "should fail", "attachments[0].usageType", "IRI"),
    ("display missing", "attachments.0.display", DELETE, "attachments[0].display", "is required"),
    ("att display string", "attachments.0.display", "x", "attachments[0].display", "an object"),
    (
        "att description tag",
        "attachments.0.description.de-419-DE",
        "x",
        "attachments[0].description",
        "RFC 5646",
    ),
    (
        "contentType number",
        "attachments.0.contentType",
        999,
        "attachments[0].contentType",
        "must be a string",
    ),
    (
        "contentType text",
        "attachments.0.contentType",
        "octets",
        "attachments[0].contentType",
        "media type",
    ),
    ("length string", "attachments.0.length", "27", "attachments[0].length", "an integer"),
    ("length float", "attachments.0.length", 27.5, "attachments[0].length", "an integer"),
    ("length negative", "attachments.0.length", -1, "attachments[0].length", "at least 0"),
    ("sha2 number", "attachments.0.sha2", 12345, "attachments[0].sha2", "must be a string"),
    ("sha2 short", "attachments.0.sha2", "495395e7", "attachments[0].sha2", "SHA-2"),
    ("sha2 missing", "attachments.0.sha2", DELETE, "attachments[0].sha2", "is required"),
    ("fileUrl bad", "attachments.1.fileUrl", "should fail", "attachments[1].fileUrl", "IRL"),
]

SUBSTATEMENT_CASES: list[tuple[str, str, Any, str, str]] = [
    (
        "sub id",
        "object.id",
        "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
        "object.id",
        "not allowed in a SubStatement",
    ),
    ("sub stored", "object.stored", "2024-05-18T05:32:34Z", "object.stored", "in a SubStatement"),
    ("sub version", "object.version", "1.0.0", "object.version", "in a SubStatement"),
    ("sub authority", "object.authority", MBOX_AGENT, "object.authority", "in a SubStatement"),
    (
        "sub nested",
        "object.object",
        {"objectType": "SubStatement"},
        "object.object.objectType",
        "cannot contain another SubStatement",
    ),
    ("sub actor missing", "object.actor", DELETE, "object.actor", "is required"),
    ("sub verb bad", "object.verb.id", "visited", "object.verb.id", "absolute IRI"),
    (
        "sub revision agent",
        "object.object",
        {"objectType": "Agent", **MBOX_AGENT},
        "object.context.platform",
        "only allowed when the object is an Activity",
    ),
    ("sub timestamp", "object.timestamp", "tomorrow", "object.timestamp", "date"),
    ("sub duration", "object.result.duration", "1 hour", "object.result.duration", "duration"),
    ("sub language map", "object.verb.display.de-419-DE", "x", "object.verb.display", "RFC 5646"),
]


def _expect(statement: dict[str, Any], version: str, path: str, rule: str) -> None:
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(statement, version)  # type: ignore[arg-type]
    errors = caught.value.errors
    assert any(p == path and rule in r for p, r in errors), errors
    assert str(caught.value) == "; ".join(f"{p}: {r}" for p, r in errors)


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@pytest.mark.parametrize(
    ("change", "value", "path", "rule"),
    [pytest.param(*case[1:], id=case[0]) for case in BOTH_VERSIONS],
)
def test_rule_is_enforced(version: str, change: str, value: Any, path: str, rule: str) -> None:
    _expect(changed(REALISTIC, change, value), version, path, rule)


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@pytest.mark.parametrize(
    ("change", "value", "path", "rule"),
    [pytest.param(*case[1:], id=case[0]) for case in SUBSTATEMENT_CASES],
)
def test_substatement_rule_is_enforced(
    version: str, change: str, value: Any, path: str, rule: str
) -> None:
    _expect(changed(SUBSTATEMENT, change, value), version, path, rule)


def test_every_problem_is_reported() -> None:
    bad = changed(changed(REALISTIC, "verb.id", "nope"), "result.success", "yes")
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(bad, "2.0.0")
    assert ("verb.id", "must be an absolute IRI") in caught.value.errors
    assert ("result.success", "must be a boolean") in caught.value.errors


def test_validation_never_changes_the_statement() -> None:
    import copy

    original = copy.deepcopy(REALISTIC)
    validate_statement(REALISTIC, "1.0.3")
    assert original == REALISTIC


def test_substatement_wording_only_applies_to_the_substatement_itself() -> None:
    bad = changed(SUBSTATEMENT, "object.context.id", "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(bad, "2.0.0")
    assert caught.value.errors == [("object.context.id", "is not allowed")]


def test_a_property_named_like_pydantics_key_marker_is_reported_not_crashing() -> None:
    from schemas.xapi import XAPIValidationError, parse_statements

    for body in (b'{"[key]":null}', b'[{"[key]":1}]'):
        with pytest.raises(XAPIValidationError) as info:
            parse_statements(body, "2.0.0")
        assert any("[key]" in path or "[key]" in rule for path, rule in info.value.errors)
