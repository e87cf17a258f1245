"""Statement data over the Statements resource as the ADL conformance suite checks it.

The `format` parameter (XAPI-00168..00172), what the LRS fills in or keeps (id, stored,
timestamp, authority, version), and a sample of the suite's validation configs (Data 2.2 and
4.x) sent over real HTTP, so that a rule the schema layer enforces is also a 400 on the wire.
Tests taking the `xapi` fixture run for xAPI 1.0.3 and 2.0.0.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.lrs.conftest import LiveLRS
from tests.lrs.xapi_http import STATEMENTS, XAPI, statement, unique_agent, unique_iri

LANGUAGES = {"en-GB": "attended", "en-US": "attended", "ja-JP": "出席した", "ru-RU": "участие"}


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- format (Communication 2.1.3.s1.table1.row12) ------------------------------------------------


@pytest.fixture
def rich(xapi: XAPI) -> dict[str, Any]:
    """A statement with a SubStatement whose actor is an identified Group, many languages."""
    group = {"objectType": "Group", "name": "Group", "mbox": f"mailto:{uuid.uuid4()}@example.org"}
    activity = {
        "objectType": "Activity",
        "id": unique_iri(),
        "definition": {
            "name": {"en": "Other", **LANGUAGES},
            "description": {"en-US": "Mark Franklin, TN", "en-GB": "Mark Franklin, TN"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "moreInfo": "http://virtualmeeting.example.com/345256",
            "interactionType": "other",
            "correctResponsesPattern": ["(35.937432,-86.868896)"],
            "extensions": {"http://example.com/profiles/meetings/extension/location": "X:\\m"},
        },
    }
    sent = statement(
        actor=unique_agent("xAPI mbox"),
        verb={"id": unique_iri("verbs"), "display": dict(LANGUAGES)},
        object={
            "objectType": "SubStatement",
            "actor": group,
            "verb": {"id": unique_iri("verbs"), "display": dict(LANGUAGES)},
            "object": activity,
        },
        context={
            "contextActivities": {
                "category": {
                    "id": unique_iri(),
                    "definition": {
                        "name": {"en-GB": "meeting", "en-US": "meeting"},
                        "description": {"en-GB": "a meeting", "en-US": "a meeting"},
                    },
                }
            }
        },
    )
    [sid] = xapi.store(sent)
    return {"id": sid, "sent": sent}


def _fetch(xapi: XAPI, rich: dict[str, Any], how: str, **params: str) -> dict[str, Any]:
    """The rich statement through GET one or GET many."""
    headers = {"Accept-Language": "en-GB"}
    if how == "one":
        r = xapi.get(params={"statementId": rich["id"], **params}, headers=headers)
        assert r.status_code == 200, r.text
        found: dict[str, Any] = r.json()
        return found
    r = xapi.get(params={"verb": rich["sent"]["verb"]["id"], **params}, headers=headers)
    assert r.status_code == 200, r.text
    [found] = r.json()["statements"]
    return found


@pytest.mark.parametrize("how", ["one", "many"])
@pytest.mark.parametrize("params", [{}, {"format": "exact"}], ids=["absent", "exact"])
def test_xapi_00168_00170_exact_is_the_default_and_returns_objects_as_sent(
    xapi: XAPI, rich: dict[str, Any], how: str, params: dict[str, str]
) -> None:
    got, sent = _fetch(xapi, rich, how, **params), rich["sent"]
    for key in ("actor", "verb"):
        assert got[key] == sent[key]
    for key in ("actor", "verb", "object"):
        assert got["object"][key] == sent["object"][key]


@pytest.mark.parametrize("how", ["one", "many"])
def test_xapi_00171_ids_keeps_only_identifiers(xapi: XAPI, rich: dict[str, Any], how: str) -> None:
    got, sent = _fetch(xapi, rich, how, format="ids"), rich["sent"]
    assert got["actor"] in (
        {"mbox": sent["actor"]["mbox"]},
        {"objectType": "Agent", "mbox": sent["actor"]["mbox"]},
    )
    assert got["verb"] == {"id": sent["verb"]["id"]}
    inner = got["object"]
    assert inner["actor"] == {"objectType": "Group", "mbox": sent["object"]["actor"]["mbox"]}
    assert inner["verb"] == {"id": sent["object"]["verb"]["id"]}
    assert inner["object"] == {"id": sent["object"]["object"]["id"]}
    [category] = got["context"]["contextActivities"]["category"]
    assert category == {"id": sent["context"]["contextActivities"]["category"]["id"]}
    assert got["id"] == rich["id"] and "stored" in got and "timestamp" in got


@pytest.mark.parametrize("how", ["one", "many"])
def test_xapi_00169_00172_canonical_keeps_one_language_chosen_by_accept_language(
    xapi: XAPI, rich: dict[str, Any], how: str
) -> None:
    got, sent = _fetch(xapi, rich, how, format="canonical"), rich["sent"]
    assert got["actor"] == sent["actor"]
    assert got["verb"] == {"id": sent["verb"]["id"], "display": {"en-GB": "attended"}}
    inner, sent_inner = got["object"], sent["object"]
    assert inner["actor"] == sent_inner["actor"]
    assert inner["verb"]["display"] == {"en-GB": "attended"}
    definition = copy.deepcopy(sent_inner["object"]["definition"])
    definition["name"] = {"en-GB": "attended"}
    definition["description"] = {"en-GB": "Mark Franklin, TN"}
    assert inner["object"] == {**sent_inner["object"], "definition": definition}
    [category] = got["context"]["contextActivities"]["category"]
    assert category["definition"] == {
        "name": {"en-GB": "meeting"},
        "description": {"en-GB": "a meeting"},
    }


def test_xapi_00172_accept_language_does_not_filter_other_formats(
    xapi: XAPI, rich: dict[str, Any]
) -> None:
    got = _fetch(xapi, rich, "one")
    assert got["verb"]["display"] == LANGUAGES
    [category] = got["context"]["contextActivities"]["category"]
    assert set(category["definition"]["name"]) == {"en-GB", "en-US"}


def test_canonical_follows_accept_language_preferences(xapi: XAPI, rich: dict[str, Any]) -> None:
    for header, expected in (("ja-JP, en;q=0.5", "ja-JP"), ("fr;q=1, ru-RU;q=0.8", "ru-RU")):
        r = xapi.get(
            params={"statementId": rich["id"], "format": "canonical"},
            headers={"Accept-Language": header},
        )
        assert list(r.json()["verb"]["display"]) == [expected], header


# --- What the LRS fills in and keeps (Data 2.4) --------------------------------------------------


def test_xapi_00026_lrs_assigns_an_id(xapi: XAPI) -> None:
    [sid] = xapi.store(statement())
    assert str(uuid.UUID(sid)) == sid
    assert xapi.get_one(sid)["id"] == sid


def test_xapi_00097_stored_sent_by_the_client_is_replaced(xapi: XAPI) -> None:
    """Data 2.4.8.s3.b2: the LRS accepts a statement with `stored` and sets its own."""
    sent = "2011-07-15T00:00:00.000Z"
    [posted] = xapi.store(statement(stored=sent))
    put_id = str(uuid.uuid4())
    assert (
        xapi.put(f"{STATEMENTS}?statementId={put_id}", json=statement(stored=sent)).status_code
        == 204
    )
    for sid in (posted, put_id):
        stored = xapi.get_one(sid)["stored"]
        assert stored != sent and _instant(stored) > datetime.now(UTC) - timedelta(minutes=5)


def test_xapi_00023_stored_is_a_timestamp_with_milliseconds(xapi: XAPI) -> None:
    xapi.store(*(statement() for _ in range(3)))
    for s in xapi.query(limit=20)["statements"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)", s["stored"])


def test_timestamp_defaults_to_stored(xapi: XAPI) -> None:
    """Data 2.4.7 (2.0 suite): the LRS sets `timestamp` to `stored` when it is absent."""
    got = xapi.get_one(xapi.store(statement())[0])
    assert got["timestamp"] == got["stored"]


def test_timestamp_with_an_offset_keeps_its_instant(xapi: XAPI) -> None:
    """9274.1.1 §4.2.7 (2.0 suite): returned in any zone, but the same instant."""
    [sid] = xapi.store(statement(timestamp="2023-05-04T12:00:00-05:00"))
    assert _instant(xapi.get_one(sid)["timestamp"]) == _instant("2023-05-04T17:00:00.000Z")


def test_future_timestamp_is_accepted(xapi: XAPI) -> None:
    """Data 2.4.7 (2.0 suite): no rejection for a clock a few minutes ahead."""
    ahead = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    assert xapi.post(json=statement(timestamp=ahead)).status_code == 200


def test_xapi_00099_authority_is_set_from_the_credential(xapi: XAPI) -> None:
    forged = {"objectType": "Agent", "mbox": "mailto:forged@example.org"}
    got = xapi.get_one(xapi.store(statement(authority=forged))[0])
    assert got["authority"] != forged and got["authority"]["objectType"] == "Agent"


def test_xapi_00100_authority_group_of_two_plain_agents_is_400(xapi: XAPI) -> None:
    authority = {
        "objectType": "Group",
        "name": "xAPI Group",
        "mbox": "mailto:xapigroup@example.com",
        "member": [
            {"name": "agentA", "mbox": "mailto:agentA@example.com"},
            {"name": "agentB", "mbox": "mailto:agentB@example.com"},
        ],
    }
    assert xapi.post(json=statement(authority=authority)).status_code == 400


@pytest.mark.parametrize("sent", ["1.0.3", "1.0.0", "1.0"])
def test_xapi_00332_version_property_is_kept_as_sent_1_0_3(live_lrs: LiveLRS, sent: str) -> None:
    client = live_lrs.client("1.0.3")
    assert client.get_one(client.store(statement(version=sent))[0])["version"] == sent


def test_xapi_00332_version_property_is_kept_as_sent_2_0_0(live_lrs: LiveLRS) -> None:
    client = live_lrs.client("2.0.0")
    assert client.get_one(client.store(statement(version="2.0.0"))[0])["version"] == "2.0.0"


def test_version_property_is_set_when_absent(xapi: XAPI) -> None:
    got = xapi.get_one(xapi.store(statement())[0])
    assert got["version"] == ("2.0.0" if xapi.version == "2.0.0" else "1.0.0")


def test_strings_are_utf_8(xapi: XAPI) -> None:
    """Communication 1.4.s1.b1: every string is UTF-8, both ways."""
    display = {"ko-KR": "참석", "hy-AM": "ներկա է գտնվել", "ar-EG": "حضر", "kn-IN": "ಹಾಜರಿದ್ದರು"}
    verb = {"id": unique_iri("verbs"), "display": display}
    xapi.store(statement(verb=verb))
    [got] = xapi.query(verb=verb["id"])["statements"]
    assert got["verb"]["display"] == display


def test_duration_with_more_than_hundredths_is_kept_or_truncated(xapi: XAPI) -> None:
    """9274.1.1 §4.2.7 (2.0 suite): accepted; returned as sent or truncated, never rounded."""
    [sid] = xapi.store(statement(result={"duration": "P1DT12H36M0.12567S"}))
    assert xapi.get_one(sid)["result"]["duration"] in ("P1DT12H36M0.12567S", "P1DT12H36M0.12S")


# --- Validation over the wire (Data 2.2, 4.x; the suite's templated configs) ---------------------


def _without(key: str) -> dict[str, Any]:
    st = statement()
    del st[key]
    return st


def _set(path: str, value: Any) -> dict[str, Any]:
    st = statement(
        result={"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True},
        context={"registration": str(uuid.uuid4())},
    )
    *parents, last = path.split(".")
    node = st
    for key in parents:
        node = node[key]
    node[last] = value
    return st


INVALID = {
    "XAPI-00003 no actor": _without("actor"),
    "XAPI-00004 no verb": _without("verb"),
    "XAPI-00005 no object": _without("object"),
    "XAPI-00001 null actor name": _set("actor.name", None),
    "XAPI-00001 null display value": _set("verb.display", {"en-US": None}),
    "XAPI-00001 null registration": _set("context.registration", None),
    "XAPI-00001 null timestamp": _set("timestamp", None),
    "XAPI-00006 string score": _set("result.score.max", "100"),
    "XAPI-00006 string success": _set("result.success", "false"),
    "XAPI-00007 numeric id": _set("id", 12345),
    "XAPI-00007 object id": _set("id", {"key": "should fail"}),
    "XAPI-00007 long uuid": _set("id", "AA97B177-9383-4934-8543-0F91A7A028368"),
    "XAPI-00007 bad uuid letter": _set("id", "MA97B177-9383-4934-8543-0F91A7A02836"),
    "XAPI-00007 verb not an iri": _set("verb.id", "should fail"),
    "XAPI-00007 mbox not mailto": _set("actor.mbox", "xapi@adlnet.gov"),
    "XAPI-00123 timestamp string": _set("timestamp", "should fail"),
    "XAPI-00123 timestamp date": _set("timestamp", "01/011/2015"),
    "Data 2.2.s4.b2 unknown property": _set("dummy", "dummy"),
    "XAPI-00080 scaled above 1": _set("result.score.scaled", 1.5),
    "XAPI-00038 two ifis": _set("actor.openid", "http://openid.example.org/ana"),
    "Data 2.4.6.2 empty contextActivities": _set("context.contextActivities", {}),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_statement_is_400_and_not_stored(xapi: XAPI, name: str) -> None:
    st = copy.deepcopy(INVALID[name])
    st.setdefault("id", str(uuid.uuid4()))
    r = xapi.post(json=st)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "bad_request"
    if isinstance(st["id"], str) and len(st["id"]) == 36:
        assert xapi.get(params={"statementId": st["id"].lower()}).status_code in (400, 404)


@pytest.mark.parametrize(
    "where",
    ["object.definition.extensions", "result.extensions", "context.extensions"],
)
def test_xapi_00001_null_inside_extensions_is_accepted(xapi: XAPI, where: str) -> None:
    st = _set(where, {"http://example.com/null": None})
    assert xapi.post(json=st).status_code == 200


def test_empty_body_and_broken_json_are_400(xapi: XAPI) -> None:
    headers = {"Content-Type": "application/json"}
    for body in (b"", b"{", b"[]", b"null", b'"statement"', b"[" * 3000 + b"]" * 3000):
        assert xapi.post(content=body, headers=headers).status_code == 400, body[:20]
