"""Statements shared by the schema tests, and a helper to change one property of a copy."""

import copy
from typing import Any

DELETE = object()

REALISTIC: dict[str, Any] = {
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": {
        "objectType": "Agent",
        "name": "Ana Ruiz",
        "account": {"homePage": "https://sis.district.example.org", "name": "stu-004512"},
    },
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/answered",
        "display": {"en-US": "answered", "es": "respondió"},
    },
    "object": {
        "objectType": "Activity",
        "id": "https://content.example.org/math/g5/fractions/q17",
        "definition": {
            "name": {"en-US": "Fractions question 17", "es": "Pregunta 17"},
            "description": {"en-US": "Add two fractions with unlike denominators."},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "moreInfo": "https://content.example.org/math/g5/fractions/q17/info",
            "interactionType": "choice",
            "correctResponsesPattern": ["b"],
            "choices": [
                {"id": "a", "description": {"en-US": "5/9"}},
                {"id": "b", "description": {"en-US": "3/4", "es": "3/4"}},
            ],
            "extensions": {"https://ace.example.org/xapi/ext/standard": "CCSS.MATH.5.NF.A.1"},
        },
    },
    "result": {
        "score": {"scaled": 0.75, "raw": 3, "min": 0, "max": 4},
        "success": True,
        "completion": True,
        "response": "b",
        "duration": "PT1M12.5S",
        "extensions": {"https://ace.example.org/xapi/ext/attempt": {"n": 2, "hints": None}},
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "instructor": {"mbox": "mailto:teacher@lincoln.example.org"},
        "team": {
            "objectType": "Group",
            "name": "Table 4",
            "member": [{"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}],
        },
        "contextActivities": {
            "parent": [{"id": "https://content.example.org/math/g5/fractions"}],
            "grouping": {"objectType": "Activity", "id": "https://content.example.org/math/g5"},
            "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
        },
        "revision": "3",
        "platform": "ACE web",
        "language": "en-US",
        "statement": {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
        "extensions": {"https://ace.example.org/xapi/ext/school": "lincoln-elementary"},
    },
    "timestamp": "2024-05-18T05:32:34.804Z",
    "stored": "2024-05-18T05:32:35.001+00:00",
    "authority": {
        "objectType": "Agent",
        "account": {"homePage": "https://lrs.example.org", "name": "client-7"},
    },
    "attachments": [
        {
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signature"},
            "description": {"en-US": "JWS of the statement"},
            "contentType": "application/octet-stream",
            "length": 4235,
            "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
        },
        {
            "usageType": "http://example.com/attachment-usage/test",
            "display": {"en-US": "A test attachment"},
            "contentType": "text/plain; charset=ascii",
            "length": 27,
            "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
            "fileUrl": "http://over.there.com/file.txt",
        },
    ],
}

# xAPI 1.0.3 Data Appendix A, "a long example Statement showcasing most of the properties".
SPEC_LONG_EXAMPLE: dict[str, Any] = {
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": {
        "name": "Team PB",
        "mbox": "mailto:teampb@example.com",
        "member": [
            {
                "name": "Andrew Downes",
                "account": {"homePage": "http://www.example.com", "name": "13936749"},
                "objectType": "Agent",
            },
            {
                "name": "Toby Nichols",
                "openid": "http://toby.openid.example.org/",
                "objectType": "Agent",
            },
            {
                "name": "Ena Hills",
                "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9",
                "objectType": "Agent",
            },
        ],
        "objectType": "Group",
    },
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/attended",
        "display": {"en-GB": "attended", "en-US": "attended"},
    },
    "result": {
        "extensions": {
            "http://example.com/profiles/meetings/resultextensions/minuteslocation": "X:\\meetings"
        },
        "success": True,
        "completion": True,
        "response": "We agreed on some example actions.",
        "duration": "PT1H0M0S",
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "contextActivities": {
            "parent": [
                {"id": "http://www.example.com/meetings/series/267", "objectType": "Activity"}
            ],
            "category": [
                {
                    "id": "http://www.example.com/meetings/categories/teammeeting",
                    "objectType": "Activity",
                    "definition": {
                        "name": {"en": "team meeting"},
                        "description": {
                            "en": "A category of meeting used for regular team meetings."
                        },
                        "type": "http://example.com/expapi/activities/meetingcategory",
                    },
                }
            ],
            "other": [
                {
                    "id": "http://www.example.com/meetings/occurances/34257",
                    "objectType": "Activity",
                },
                {
                    "id": "http://www.example.com/meetings/occurances/3425567",
                    "objectType": "Activity",
                },
            ],
        },
        "instructor": {
            "name": "Andrew Downes",
            "account": {"homePage": "http://www.example.com", "name": "13936749"},
            "objectType": "Agent",
        },
        "team": {"name": "Team PB", "mbox": "mailto:teampb@example.com", "objectType": "Group"},
        "platform": "Example virtual meeting software",
        "language": "tlh",
        "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
    },
    "timestamp": "2013-05-18T05:32:34.804+00:00",
    "stored": "2013-05-18T05:32:34.804+00:00",
    "authority": {
        "account": {"homePage": "http://cloud.scorm.com/", "name": "anonymous"},
        "objectType": "Agent",
    },
    "version": "1.0.0",
    "object": {
        "id": "http://www.example.com/meetings/occurances/34534",
        "definition": {
            "extensions": {
                "http://example.com/profiles/meetings/activitydefinitionextensions/room": {
                    "name": "Kilby",
                    "id": "http://example.com/rooms/342",
                }
            },
            "name": {"en-GB": "example meeting", "en-US": "example meeting"},
            "description": {"en-GB": "An example meeting.", "en-US": "An example meeting."},
            "type": "http://adlnet.gov/expapi/activities/meeting",
            "moreInfo": "http://virtualmeeting.example.com/345256",
        },
        "objectType": "Activity",
    },
}

SUBSTATEMENT: dict[str, Any] = {
    "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
    "verb": {"id": "http://example.com/planned", "display": {"en-US": "planned"}},
    "object": {
        "objectType": "SubStatement",
        "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
        "verb": {"id": "http://example.com/visited", "display": {"en-US": "will visit"}},
        "object": {
            "objectType": "Activity",
            "id": "http://example.com/website",
            "definition": {"name": {"en-US": "Some Awesome Website"}},
        },
        "result": {"completion": False},
        "context": {"platform": "web", "contextActivities": {"other": {"id": "http://ex.com/a"}}},
        "timestamp": "2030-01-01T00:00:00Z",
    },
}

CONTEXT_AGENTS: dict[str, Any] = {
    "contextAgents": [
        {
            "objectType": "contextAgent",
            "agent": {"objectType": "Agent", "mbox": "mailto:player-1@example.com"},
            "relevantTypes": ["https://example.com/xapi/activity-types/personnel/player"],
        },
        {"objectType": "contextAgent", "agent": {"openid": "http://openid.example.org/12345"}},
    ],
    "contextGroups": [
        {
            "objectType": "contextGroup",
            "group": {"objectType": "Group", "mbox": "mailto:team-1@example.com"},
            "relevantTypes": ["https://example.com/xapi/activity-types/team"],
        }
    ],
}


def statement(base: dict[str, Any] = REALISTIC, **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with top-level properties replaced (DELETE removes one)."""
    copied = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DELETE:
            copied.pop(key, None)
        else:
            copied[key] = copy.deepcopy(value)
    return copied


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `base` with the property at `path` ("context.contextActivities.parent.0.id")
    set to `value`, or removed when `value` is DELETE."""
    copied = copy.deepcopy(base)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = copied
    for part in parents:
        node = node[part]
    if value is DELETE:
        del node[last]
    else:
        node[last] = copy.deepcopy(value)
    return copied
