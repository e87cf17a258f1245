"""Where 1.0.3 and 2.0.0 (IEEE 9274.1.1) differ: context agents/groups, timestamps, version."""

from typing import Any

import pytest

from schemas.xapi import XAPIValidationError, validate_statement
from tests.schemas.xapi_samples import CONTEXT_AGENTS, REALISTIC, SUBSTATEMENT, changed, statement


def _accepts(version: str, sample: dict[str, Any]) -> bool:
    try:
        validate_statement(sample, version)  # type: ignore[arg-type]
    except XAPIValidationError:
        return False
    return True


def _with_context(**extra: Any) -> dict[str, Any]:
    return statement(context={**REALISTIC["context"], **extra})


@pytest.mark.parametrize(
    ("sample", "accepted_103", "accepted_200"),
    [
        pytest.param(_with_context(**CONTEXT_AGENTS), False, True, id="contextAgents"),
        pytest.param(
            changed(SUBSTATEMENT, "object.context", CONTEXT_AGENTS),
            False,
            True,
            id="sub contextAgents",
        ),
        pytest.param(statement(timestamp="2008-09-15T15:53:00"), True, False, id="no zone"),
        pytest.param(statement(timestamp="2008-09-15T15:53Z"), True, False, id="no seconds"),
        pytest.param(statement(timestamp="20080915T155300Z"), True, False, id="basic format"),
        pytest.param(statement(timestamp="2008-09-15T15:53:00,601Z"), True, False, id="comma"),
        pytest.param(statement(timestamp="2008-09-15T15:53:00+0530"), True, False, id="+0530"),
        pytest.param(statement(timestamp="2008-09-15T15:53:00+05"), True, False, id="+05"),
        pytest.param(statement(stored="2008-09-15T15:53:00"), True, False, id="stored no zone"),
        pytest.param(statement(timestamp="2008-09-15t15:53:00z"), True, True, id="lowercase"),
        pytest.param(statement(timestamp="2008-09-15T15:53:00-00:00"), False, False, id="-00:00"),
        pytest.param(statement(timestamp="2008-09-15"), False, False, id="date only"),
        pytest.param(statement(version="2.0.0"), False, True, id="version 2.0.0"),
        pytest.param(statement(version="2.0"), False, True, id="version 2.0"),
        pytest.param(statement(version="1.0.3"), True, True, id="version 1.0.3"),
        pytest.param(statement(version="1.1.0"), False, False, id="version 1.1.0"),
        pytest.param(statement(version="2.1.0"), False, False, id="version 2.1.0"),
    ],
)
def test_version_differences(
    sample: dict[str, Any], accepted_103: bool, accepted_200: bool
) -> None:
    assert _accepts("1.0.3", sample) is accepted_103
    assert _accepts("2.0.0", sample) is accepted_200


def test_context_agents_are_unknown_properties_in_103() -> None:
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(_with_context(**CONTEXT_AGENTS), "1.0.3")
    assert caught.value.errors == [
        ("context.contextAgents", "is not allowed"),
        ("context.contextGroups", "is not allowed"),
    ]


AGENT = {"objectType": "Agent", "mbox": "mailto:player-1@example.com"}
GROUP = {"objectType": "Group", "mbox": "mailto:team-1@example.com"}


@pytest.mark.parametrize(
    ("extra", "path", "rule"),
    [
        pytest.param(
            {"contextAgents": [{"objectType": "Should fail", "agent": AGENT}]},
            "context.contextAgents[0].objectType",
            "must be 'contextAgent'",
            id="agent objectType",
        ),
        pytest.param(
            {"contextAgents": [{"agent": AGENT}]},
            "context.contextAgents[0].objectType",
            "is required",
            id="agent objectType missing",
        ),
        pytest.param(
            {"contextAgents": [{"objectType": "contextAgent", "agent": {"key": "Should fail"}}]},
            "context.contextAgents[0].agent.key",
            "is not allowed",
            id="agent invalid",
        ),
        pytest.param(
            {"contextAgents": [{"objectType": "contextAgent", "agent": GROUP}]},
            "context.contextAgents[0].agent.objectType",
            "must be 'Agent'",
            id="agent is a group",
        ),
        pytest.param(
            {
                "contextAgents": [
                    {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": []}
                ]
            },
            "context.contextAgents[0].relevantTypes",
            "must not be empty",
            id="agent types empty",
        ),
        pytest.param(
            {
                "contextAgents": [
                    {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["abc"]}
                ]
            },
            "context.contextAgents[0].relevantTypes[0]",
            "absolute IRI",
            id="agent type not IRI",
        ),
        pytest.param(
            {"contextAgents": {"objectType": "contextAgent", "agent": AGENT}},
            "context.contextAgents",
            "must be an array",
            id="agents not array",
        ),
        pytest.param(
            {"contextGroups": [{"objectType": "Should fail", "group": GROUP}]},
            "context.contextGroups[0].objectType",
            "must be 'contextGroup'",
            id="group objectType",
        ),
        pytest.param(
            {"contextGroups": [{"objectType": "contextGroup", "group": {"key": "Should fail"}}]},
            "context.contextGroups[0].group.objectType",
            "is required",
            id="group invalid",
        ),
        pytest.param(
            {"contextGroups": [{"objectType": "contextGroup", "group": {"objectType": "Group"}}]},
            "context.contextGroups[0].group.member",
            "anonymous Group",
            id="group without member",
        ),
        pytest.param(
            {
                "contextGroups": [
                    {"objectType": "contextGroup", "group": GROUP, "relevantTypes": []}
                ]
            },
            "context.contextGroups[0].relevantTypes",
            "must not be empty",
            id="group types empty",
        ),
        pytest.param(
            {
                "contextGroups": [
                    {"objectType": "contextGroup", "group": GROUP, "relevantTypes": ["abc"]}
                ]
            },
            "context.contextGroups[0].relevantTypes[0]",
            "absolute IRI",
            id="group type not IRI",
        ),
    ],
)
def test_context_agent_and_group_rules(extra: dict[str, Any], path: str, rule: str) -> None:
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(_with_context(**extra), "2.0.0")
    assert any(p == path and rule in r for p, r in caught.value.errors), caught.value.errors


def test_timestamp_rule_names_the_expected_format() -> None:
    with pytest.raises(XAPIValidationError) as caught:
        validate_statement(statement(timestamp="2008-09-15T15:53:00"), "2.0.0")
    assert caught.value.errors == [
        ("timestamp", "must be an RFC 3339 date-time with a time zone (e.g. 2024-05-18T05:32:34Z)")
    ]
