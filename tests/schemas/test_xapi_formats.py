"""format=ids and format=canonical (1.0.3 Communication §2.1.3), and language choice."""

import copy

import pytest

from schemas.xapi import to_canonical_format, to_ids_format, validate_statement
from schemas.xapi.langtags import best_language
from tests.schemas.xapi_samples import (
    CONTEXT_AGENTS,
    REALISTIC,
    SPEC_LONG_EXAMPLE,
    SUBSTATEMENT,
    statement,
)


def test_ids_keeps_only_identifiers() -> None:
    ids = to_ids_format(REALISTIC)
    assert ids["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://sis.district.example.org", "name": "stu-004512"},
    }
    assert ids["verb"] == {"id": "http://adlnet.gov/expapi/verbs/answered"}
    assert ids["object"] == {"id": "https://content.example.org/math/g5/fractions/q17"}
    context = ids["context"]
    assert context["instructor"] == {
        "objectType": "Agent",
        "mbox": "mailto:teacher@lincoln.example.org",
    }
    # An anonymous Group is identified by its members.
    assert context["team"] == {
        "objectType": "Group",
        "member": [
            {"objectType": "Agent", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}
        ],
    }
    assert context["contextActivities"] == {
        "parent": [{"id": "https://content.example.org/math/g5/fractions"}],
        "grouping": {"id": "https://content.example.org/math/g5"},
        "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
    }
    assert context["registration"] == REALISTIC["context"]["registration"]
    assert context["statement"] == REALISTIC["context"]["statement"]
    assert ids["authority"] == {"objectType": "Agent", "account": REALISTIC["authority"]["account"]}
    for kept in ("id", "result", "timestamp", "stored", "attachments"):
        assert ids[kept] == REALISTIC[kept]


def test_ids_of_identified_group_drops_members() -> None:
    ids = to_ids_format(SPEC_LONG_EXAMPLE)
    assert ids["actor"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}
    assert ids["context"]["team"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}


def test_ids_reaches_into_substatements_and_context_agents() -> None:
    sub = copy.deepcopy(SUBSTATEMENT)
    sub["object"]["context"].update(CONTEXT_AGENTS)
    ids = to_ids_format(sub)
    inner = ids["object"]
    assert inner["objectType"] == "SubStatement"
    assert inner["verb"] == {"id": "http://example.com/visited"}
    assert inner["object"] == {"id": "http://example.com/website"}
    assert inner["timestamp"] == SUBSTATEMENT["object"]["timestamp"]
    agents = inner["context"]["contextAgents"]
    assert agents[0]["agent"] == {"objectType": "Agent", "mbox": "mailto:player-1@example.com"}
    assert agents[0]["relevantTypes"] == CONTEXT_AGENTS["contextAgents"][0]["relevantTypes"]
    assert inner["context"]["contextGroups"][0]["group"] == {
        "objectType": "Group",
        "mbox": "mailto:team-1@example.com",
    }


@pytest.mark.parametrize("sample", [REALISTIC, SPEC_LONG_EXAMPLE, SUBSTATEMENT])
def test_formats_leave_the_input_alone_and_stay_valid(sample: dict) -> None:
    before = copy.deepcopy(sample)
    for version in ("1.0.3", "2.0.0"):
        validate_statement(to_ids_format(sample), version)  # type: ignore[arg-type]
        validate_statement(to_canonical_format(sample, ["es"]), version)  # type: ignore[arg-type]
    assert sample == before


def test_canonical_keeps_one_language_per_map() -> None:
    canonical = to_canonical_format(REALISTIC, ["es-MX", "en"])
    assert canonical["verb"]["display"] == {"es": "respondió"}
    definition = canonical["object"]["definition"]
    assert definition["name"] == {"es": "Pregunta 17"}
    # No Spanish description: the next preference, English, matches "en-US".
    assert definition["description"] == {"en-US": "Add two fractions with unlike denominators."}
    assert definition["choices"][1]["description"] == {"es": "3/4"}
    assert definition["choices"][0]["description"] == {"en-US": "5/9"}
    assert canonical["attachments"][0]["display"] == {"en-US": "Signature"}
    assert canonical["actor"] == REALISTIC["actor"]
    assert canonical["result"] == REALISTIC["result"]


def test_canonical_reaches_context_activities_and_substatements() -> None:
    canonical = to_canonical_format(SPEC_LONG_EXAMPLE, ["fr"])
    category = canonical["context"]["contextActivities"]["category"][0]["definition"]
    assert category["name"] == {"en": "team meeting"}
    assert canonical["verb"]["display"] == {"en-GB": "attended"}
    sub = statement(SUBSTATEMENT)
    sub["object"]["verb"]["display"] = {"en-US": "will visit", "de": "wird besuchen"}
    assert to_canonical_format(sub, ["de-AT"])["object"]["verb"]["display"] == {
        "de": "wird besuchen"
    }


@pytest.mark.parametrize(
    ("keys", "preferences", "expected"),
    [
        (["en-US", "fr", "es"], ["fr-CA"], "fr"),
        (["en-GB", "de"], ["en-US"], "en-GB"),
        (["de", "en-US"], ["en"], "en-US"),
        (["EN-us", "de"], ["en-US"], "EN-us"),
        (["de", "und"], ["ja"], "und"),
        (["de", "fr"], ["ja"], "de"),
        (["de", "fr"], [], "de"),
        (["de", "fr"], ["*"], "de"),
        (["de", "fr"], ["ja", "fr"], "fr"),
        (["zh-Hant-TW", "zh-Hans"], ["zh-Hant"], "zh-Hant-TW"),
        (["de-a-xx", "de"], ["de-a-yy"], "de"),
        ([], ["en"], None),
    ],
)
def test_best_language(keys: list[str], preferences: list[str], expected: str | None) -> None:
    assert best_language(keys, preferences) == expected
