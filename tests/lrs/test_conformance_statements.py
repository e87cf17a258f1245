"""The Statements resource as the ADL LRS conformance suite checks it, over real HTTP.

xAPI 1.0.3 Communication §2.1 and IEEE 9274.1.1 (xAPI 2.0) §4.1.6.1, against a live server on a
random port (`live_lrs`). Each test names the requirement id the suite's `describe` block cites
(XAPI-00nnn) or, where the suite cites none, the specification section. Tests taking the `xapi`
fixture run once per version (1.0.3 and 2.0.0).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import orjson
import pytest

from tests.lrs.conftest import LiveLRS
from tests.lrs.xapi_http import (
    STATEMENTS,
    VOIDED,
    XAPI,
    statement,
    unique_agent,
    unique_iri,
    voiding,
)


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ids(result: dict[str, Any]) -> list[str]:
    return [s["id"] for s in result["statements"]]


# --- PUT and POST (Communication 2.1.1, 2.1.2) ---------------------------------------------------


def test_xapi_00139_statements_endpoint_accepts_put_post_and_get(xapi: XAPI) -> None:
    assert xapi.put(f"{STATEMENTS}?statementId={uuid.uuid4()}", json=statement()).status_code == 204
    assert xapi.post(json=statement()).status_code == 200
    assert xapi.get(params={"verb": unique_iri("verbs")}).status_code == 200


def test_xapi_00143_00144_put_with_statement_id_is_204_with_no_body(xapi: XAPI) -> None:
    sid = str(uuid.uuid4())
    r = xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement())
    assert r.status_code == 204 and r.content == b""
    assert xapi.get_one(sid)["id"] == sid


@pytest.mark.parametrize(
    "query",
    ["", "?statementId=true", "?statementId=%7B%22key%22%3A%22x%22%7D", "?statementId=12345"],
    ids=["missing", "boolean", "object", "number"],
)
def test_xapi_00145_put_without_a_uuid_statement_id_is_400(xapi: XAPI, query: str) -> None:
    st = statement(id=str(uuid.uuid4()))
    assert xapi.put(STATEMENTS + query, json=st).status_code == 400
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_put_whose_body_id_differs_from_statement_id_is_400(xapi: XAPI) -> None:
    """Communication 2.1.1: the statementId parameter is the statement's id."""
    sid = str(uuid.uuid4())
    r = xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement(id=str(uuid.uuid4())))
    assert r.status_code == 400
    assert xapi.get(params={"statementId": sid}).status_code == 404


def test_put_statement_id_and_body_id_compare_without_case(xapi: XAPI) -> None:
    sid = str(uuid.uuid4())
    r = xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement(id=sid.upper()))
    assert r.status_code == 204
    assert xapi.get_one(sid)["id"] == sid


@pytest.mark.parametrize("first", ["PUT", "POST"])
def test_xapi_00142_same_id_with_other_content_is_409_and_changes_nothing(
    xapi: XAPI, first: str
) -> None:
    sid = str(uuid.uuid4())
    original = statement(id=sid)
    if first == "PUT":
        assert xapi.put(f"{STATEMENTS}?statementId={sid}", json=original).status_code == 204
    else:
        assert xapi.store(original) == [sid]
    modified = {**original, "verb": {"id": "http://example.com/different/verb/iri"}}
    assert xapi.put(f"{STATEMENTS}?statementId={sid}", json=modified).status_code == 409
    assert xapi.post(json=modified).status_code == 409
    assert xapi.post(json=[statement(), modified]).status_code == 409
    assert xapi.get_one(sid)["verb"] == original["verb"]


def test_xapi_00142_same_id_with_same_content_is_accepted_again(xapi: XAPI) -> None:
    """Communication 2.1.1.s2.b2 (**Implicit**): the suite accepts 204 (or 409) for a resend."""
    sid = str(uuid.uuid4())
    original = statement(id=sid)
    assert xapi.store(original) == [sid]
    assert xapi.put(f"{STATEMENTS}?statementId={sid}", json=original).status_code == 204
    assert xapi.post(json=original).json() == [sid]


def test_xapi_00146_00147_post_answers_200_with_every_id_in_order(xapi: XAPI) -> None:
    given = [str(uuid.uuid4()) for _ in range(2)]
    r = xapi.post(json=[statement(id=given[0]), statement(), statement(id=given[1])])
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    ids = r.json()
    assert len(ids) == 3 and ids[0] == given[0] and ids[2] == given[1]
    assert str(uuid.UUID(ids[1])) == ids[1]
    single = xapi.post(json=statement())
    assert single.status_code == 200 and len(single.json()) == 1


def test_batch_using_one_id_twice_is_400_and_stores_nothing(xapi: XAPI) -> None:
    """Communication 2.1.1 (2.0 suite): a batch in which the same id is used more than once."""
    sid = str(uuid.uuid4())
    assert xapi.post(json=[statement(id=sid), statement(id=sid)]).status_code == 400
    assert xapi.get(params={"statementId": sid}).status_code == 404


def test_xapi_00326_a_batch_with_one_bad_statement_stores_nothing(xapi: XAPI) -> None:
    good, bad = statement(id=str(uuid.uuid4())), statement(id=str(uuid.uuid4()))
    bad["verb"]["id"] = "should fail"
    assert xapi.post(json=[good, bad]).status_code == 400
    assert xapi.get(params={"statementId": good["id"]}).status_code == 404


def test_post_with_query_parameters_is_400(xapi: XAPI) -> None:
    """Communication 3.2.s2.b1 (XAPI-00324): POST /statements takes no parameters."""
    st = statement(id=str(uuid.uuid4()))
    assert xapi.post(f"{STATEMENTS}?statementId={st['id']}", json=st).status_code == 400


def test_statements_need_no_concurrency_headers(xapi: XAPI) -> None:
    """Communication 3.1: ETag preconditions are for the document resources, not statements."""
    sid = str(uuid.uuid4())
    stale = {"If-Match": '"1234"', "If-None-Match": "*"}
    r = xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement(), headers=stale)
    assert r.status_code == 204
    assert xapi.post(json=statement(), headers=stale).status_code == 200
    assert xapi.get(params={"statementId": sid}, headers=stale).status_code == 200


# --- GET one statement (Communication 2.1.3) -----------------------------------------------------


def test_xapi_00156_00158_get_by_statement_id_returns_that_statement(xapi: XAPI) -> None:
    [sid] = xapi.store(statement())
    r = xapi.get(params={"statementId": sid})
    assert r.status_code == 200 and r.json()["id"] == sid


def test_xapi_00165_get_answers_application_json(xapi: XAPI) -> None:
    """XAPI-00165: a Content-Type header; XAPI-00161 (1.0.3 suite) compares it to exactly
    "application/json", the 2.0 suite to /^application\\/json/."""
    [sid] = xapi.store(statement())
    for r in (xapi.get(params={"statementId": sid}), xapi.get(params={"ascending": "true"})):
        assert r.headers["content-type"] == "application/json"


def test_get_one_has_last_modified_equal_to_stored(xapi: XAPI) -> None:
    """Communication 2.1.3 (2.0 suite: Last-Modified matches `stored` to the second)."""
    [sid] = xapi.store(statement())
    r = xapi.get(params={"statementId": sid})
    stored = _instant(r.json()["stored"])
    assert parsedate_to_datetime(r.headers["last-modified"]) == stored.replace(microsecond=0)


def test_unknown_statement_id_is_404(xapi: XAPI) -> None:
    r = xapi.get(params={"statementId": str(uuid.uuid4())})
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"


# --- Voiding (Data 2.3.2, Communication 2.1.4) ---------------------------------------------------


def test_xapi_00155_00157_00163_00018_voided_statement_only_by_voided_statement_id(
    xapi: XAPI,
) -> None:
    st = statement()
    [target] = xapi.store(st)
    [voider] = xapi.store(voiding(target))
    r = xapi.get(params={"voidedStatementId": target})
    assert r.status_code == 200 and r.json()["id"] == target
    assert xapi.get(params={"statementId": target}).status_code == 404
    # The voided statement leaves queries; the voiding one targets it, so it matches (XAPI-00162).
    assert _ids(xapi.query(verb=st["verb"]["id"])) == [voider]
    assert xapi.get_one(voider)["object"] == {"objectType": "StatementRef", "id": target}
    # voidedStatementId only finds voided statements.
    assert xapi.get(params={"voidedStatementId": voider}).status_code == 404


def test_xapi_00016_voiding_a_voiding_statement_is_refused_and_it_stays(xapi: XAPI) -> None:
    """The LRS MAY reject it (we do, 400); the targeted voiding statement is not voided."""
    [target] = xapi.store(statement())
    [voider] = xapi.store(voiding(target))
    assert xapi.post(json=voiding(voider)).status_code == 400
    assert xapi.get_one(voider)["id"] == voider


def test_xapi_00016_voiding_an_already_voided_statement_keeps_it_voided(xapi: XAPI) -> None:
    [target] = xapi.store(statement())
    xapi.store(voiding(target))
    assert xapi.post(json=voiding(target)).status_code == 200
    assert xapi.get(params={"voidedStatementId": target}).status_code == 200


def test_xapi_00019_voiding_an_unknown_statement_is_accepted(xapi: XAPI) -> None:
    """Data 2.3.2: the LRS SHOULD NOT reject a voiding statement whose target it lacks."""
    assert xapi.post(json=voiding(str(uuid.uuid4()))).status_code == 200


def test_xapi_00017_00020_voiding_statement_object_must_be_a_statement_ref(xapi: XAPI) -> None:
    st = statement(verb={"id": VOIDED, "display": {"en-US": "voided"}})
    assert xapi.post(json=st).status_code == 400


def test_xapi_00162_statements_targeting_a_voided_statement_are_still_returned(
    xapi: XAPI,
) -> None:
    verb = {"id": unique_iri("verbs")}
    before = datetime.now(UTC) - timedelta(seconds=2)
    voided_id, voiding_id, ref_id = (str(uuid.uuid4()) for _ in range(3))
    xapi.store(statement(id=voided_id, verb=verb))
    xapi.store(voiding(voided_id, id=voiding_id))
    ref = statement(id=ref_id, verb=verb, object={"objectType": "StatementRef", "id": voided_id})
    xapi.store(ref)
    after = datetime.now(UTC) + timedelta(seconds=2)
    assert _ids(xapi.query(verb=verb["id"])) == [ref_id, voiding_id]
    assert _ids(xapi.query(verb=verb["id"], limit=1)) == [ref_id]
    for bound in ({"since": _iso(before)}, {"until": _iso(after)}):
        assert set(_ids(xapi.query(verb=verb["id"], **bound))) == {ref_id, voiding_id}
    assert voiding_id in _ids(xapi.query(verb=VOIDED, until=_iso(after)))


# --- Parameters (Communication 2.1.3, 3.2) -------------------------------------------------------

FILTERS = {
    "agent": orjson.dumps({"objectType": "Agent", "mbox": "mailto:xapi@adlnet.gov"}).decode(),
    "verb": "http://adlnet.gov/expapi/non/existent",
    "activity": "http://www.example.com/meetings/occurances/12345",
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "related_activities": "true",
    "related_agents": "true",
    "since": "2012-06-01T19:09:13.245Z",
    "until": "2012-06-01T19:09:13.245Z",
    "limit": "1",
    "ascending": "true",
}


@pytest.fixture(scope="module")
def voided_pair(live_lrs: LiveLRS) -> tuple[str, str]:
    """(a statement, a voided statement) stored once for the parameter tests."""
    client = live_lrs.client()
    [plain, target] = client.store(statement(), statement())
    client.store(voiding(target))
    return plain, target


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_xapi_00151_statement_id_with_a_filter_parameter_is_400(
    xapi: XAPI, voided_pair: tuple[str, str], name: str
) -> None:
    r = xapi.get(params={"statementId": voided_pair[0], name: FILTERS[name]})
    assert r.status_code == 400


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_xapi_00150_voided_statement_id_with_a_filter_parameter_is_400(
    xapi: XAPI, voided_pair: tuple[str, str], name: str
) -> None:
    r = xapi.get(params={"voidedStatementId": voided_pair[1], name: FILTERS[name]})
    assert r.status_code == 400


@pytest.mark.parametrize("extra", [{"format": "ids"}, {"attachments": "true"}, {"format": "exact"}])
def test_xapi_00150_00151_ids_combine_with_format_and_attachments(
    xapi: XAPI, voided_pair: tuple[str, str], extra: dict[str, str]
) -> None:
    plain, voided = voided_pair
    assert xapi.get(params={"statementId": plain, **extra}).status_code == 200
    assert xapi.get(params={"voidedStatementId": voided, **extra}).status_code == 200


def test_statement_id_and_voided_statement_id_together_are_400(
    xapi: XAPI, voided_pair: tuple[str, str]
) -> None:
    r = xapi.get(params={"statementId": voided_pair[0], "voidedStatementId": voided_pair[1]})
    assert r.status_code == 400


MISCASED = {
    "StatementId": str(uuid.uuid4()),
    "VoidedStatementId": str(uuid.uuid4()),
    "Agent": FILTERS["agent"],
    "Verb": "http://adlnet.gov/expapi/verbs/attended",
    "Activity": FILTERS["activity"],
    "Registration": FILTERS["registration"],
    "Related_Activities": "true",
    "Related_Agents": "true",
    "Since": FILTERS["since"],
    "Until": FILTERS["until"],
    "Limit": "10",
    "LIMIT": "1",
    "Format": "ids",
    "Attachments": "true",
    "Ascending": "true",
    "foo": "bar",
}


@pytest.mark.parametrize("name", sorted(MISCASED))
def test_xapi_00324_00325_unknown_or_miscased_parameter_is_400(xapi: XAPI, name: str) -> None:
    r = xapi.get(params={name: MISCASED[name]})
    assert r.status_code == 400
    assert r.headers["x-experience-api-consistent-through"]  # XAPI-00153, "misusing GET"


def test_xapi_00325_put_with_miscased_statement_id_is_400(xapi: XAPI) -> None:
    sid = str(uuid.uuid4())
    assert xapi.put(f"{STATEMENTS}?StatementId={sid}", json=statement()).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "-1"},
        {"limit": "ten"},
        {"format": "full"},
        {"ascending": "yes"},
        {"attachments": "1"},
        {"related_agents": "maybe"},
        {"registration": "not-a-uuid"},
        {"verb": "not an iri"},
        {"agent": '{"mbox": "xapi@adlnet.gov"}'},
        {"agent": "not json"},
        {"since": "yesterday"},
        {"until": "06/01/2012"},
        {"statementId": "not-a-uuid"},
    ],
    ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()),
)
def test_malformed_parameter_value_is_400(xapi: XAPI, params: dict[str, str]) -> None:
    """Communication 3.2.s3.b1: a request the LRS cannot make sense of is 400, never 500."""
    assert xapi.get(params=params).status_code == 400


# --- GET many: filters (Communication 2.1.3, XAPI-00154, 00164, 00173-00181) ----------------------


@pytest.fixture
def scenario(xapi: XAPI) -> dict[str, Any]:
    """Four statements sharing one verb, with agents and activities in every filterable place."""
    verb = {"id": unique_iri("verbs"), "display": {"en-US": "attended"}}
    learner, other, instructor = unique_agent(), unique_agent("Other"), unique_agent("Teacher")
    inner, inner_instructor, member = unique_agent("Inner"), unique_agent(), unique_agent()
    group = {"objectType": "Group", "name": "Team", "mbox": f"mailto:{uuid.uuid4()}@example.org"}
    group["member"] = [member]
    activity, category, sub_activity, sub_category = (unique_iri() for _ in range(4))
    registration = str(uuid.uuid4())
    category_activity = {
        "objectType": "Activity",
        "id": category,
        "definition": {"name": {"en-US": "meeting", "en-GB": "meeting"}},
    }
    s1 = statement(
        actor=learner,
        verb=verb,
        object={"objectType": "Activity", "id": activity},
        context={
            "registration": registration,
            "instructor": instructor,
            "contextActivities": {"category": category_activity},  # a single Activity
        },
    )
    s2 = statement(
        actor=other,
        verb=verb,
        object={
            "objectType": "SubStatement",
            "actor": inner,
            "verb": {"id": unique_iri("verbs")},
            "object": {"objectType": "Activity", "id": sub_activity},
            "context": {
                "instructor": inner_instructor,
                "contextActivities": {"category": {"id": sub_category}},
            },
        },
    )
    s3 = statement(actor=other, verb=verb, object=learner)
    s4 = statement(actor=group, verb=verb, object={"objectType": "Activity", "id": unique_iri()})
    ids = xapi.store(s1, s2, s3, s4)
    return {
        "ids": ids,
        "sent": [s1, s2, s3, s4],
        "verb": verb["id"],
        "learner": learner,
        "instructor": instructor,
        "inner": inner,
        "inner_instructor": inner_instructor,
        "group": group,
        "member": member,
        "activity": activity,
        "category": category,
        "sub_activity": sub_activity,
        "sub_category": sub_category,
        "registration": registration,
    }


def _agent(agent: dict[str, Any]) -> dict[str, Any]:
    return {"objectType": agent["objectType"], "mbox": agent["mbox"]}


def test_xapi_00154_00159_get_without_ids_answers_a_statement_result(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    r = xapi.get()
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"statements", "more"}  # XAPI-00113: one of each
    assert isinstance(body["statements"], list) and isinstance(body["more"], str)


def test_xapi_00181_00164_agent_matches_actor_or_object(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    s1, _, s3, _ = scenario["ids"]
    found = _ids(xapi.query(agent=_agent(scenario["learner"]), verb=scenario["verb"]))
    assert found == [s3, s1]


def test_xapi_00181_agent_matches_identified_group_and_its_members(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    s4 = scenario["ids"][3]
    assert _ids(xapi.query(agent=_agent(scenario["group"]))) == [s4]
    assert _ids(xapi.query(agent=_agent(scenario["member"]))) == [s4]


def test_xapi_00176_related_agents_reaches_context_and_substatements(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    s1, s2, _, _ = scenario["ids"]
    for who, expected in (
        ("instructor", s1),
        ("inner", s2),
        ("inner_instructor", s2),
    ):
        agent = _agent(scenario[who])
        assert xapi.query(agent=agent)["statements"] == [], who
        assert _ids(xapi.query(agent=agent, related_agents=True)) == [expected], who
        assert _ids(xapi.query(agent=agent, related_agents=False)) == [], who


def test_xapi_00180_00164_verb_filter_returns_only_that_verb(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    result = xapi.query(verb=scenario["verb"])
    assert sorted(_ids(result)) == sorted(scenario["ids"])
    assert {s["verb"]["id"] for s in result["statements"]} == {scenario["verb"]}


def test_xapi_00179_activity_filter_matches_the_object(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    s1 = scenario["ids"][0]
    result = xapi.query(activity=scenario["activity"])
    assert _ids(result) == [s1] and result["statements"][0]["object"]["id"] == scenario["activity"]


def test_xapi_00177_related_activities_reaches_context_and_substatements(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    s1, s2, _, _ = scenario["ids"]
    for key, expected in (("category", s1), ("sub_activity", s2), ("sub_category", s2)):
        assert xapi.query(activity=scenario[key])["statements"] == [], key
        assert _ids(xapi.query(activity=scenario[key], related_activities=True)) == [expected]


def test_xapi_00178_registration_filter(xapi: XAPI, scenario: dict[str, Any]) -> None:
    result = xapi.query(registration=scenario["registration"])
    assert _ids(result) == [scenario["ids"][0]]
    assert result["statements"][0]["context"]["registration"] == scenario["registration"]
    assert xapi.query(registration=str(uuid.uuid4()))["statements"] == []


def test_filters_alone_answer_200(xapi: XAPI) -> None:
    """XAPI-00154: related_activities / related_agents / format / ascending without others."""
    for params in ({"related_activities": "true"}, {"related_agents": "true"}, {"format": "ids"}):
        assert xapi.get(params=params).status_code == 200, params


def test_context_activities_come_back_as_arrays(xapi: XAPI, scenario: dict[str, Any]) -> None:
    """Data 2.4.6.2.s4.b3/b4 (9274.1.1 §4.2.4.2): a single context Activity is returned as an
    array of one; the suite reads `contextActivities.category[0]` (XAPI-00172)."""
    s1, s2, _, _ = scenario["ids"]
    sent = scenario["sent"]
    got = xapi.get_one(s1)["context"]["contextActivities"]["category"]
    assert got == [sent[0]["context"]["contextActivities"]["category"]]
    inner = xapi.get_one(s2)["object"]["context"]["contextActivities"]["category"]
    assert inner == [{"id": scenario["sub_category"]}]
    listed = xapi.query(verb=scenario["verb"], ascending=True)["statements"][0]
    assert isinstance(listed["context"]["contextActivities"]["category"], list)


def test_xapi_00173_limit_and_xapi_00113_more(xapi: XAPI, scenario: dict[str, Any]) -> None:
    result = xapi.query(verb=scenario["verb"], limit=1)
    assert len(result["statements"]) == 1 and result["more"]
    everything = xapi.query(verb=scenario["verb"], limit=0)  # 0: the server's maximum
    assert len(everything["statements"]) == 4 and everything["more"] == ""


def test_xapi_00166_ascending_orders_by_stored(xapi: XAPI, scenario: dict[str, Any]) -> None:
    asc = xapi.query(verb=scenario["verb"], ascending=True)["statements"]
    desc = xapi.query(verb=scenario["verb"])["statements"]
    assert [s["id"] for s in asc] == scenario["ids"]
    assert [s["id"] for s in desc] == scenario["ids"][::-1]
    stored = [_instant(s["stored"]) for s in asc]
    assert stored == sorted(stored)


def test_xapi_00174_00175_since_and_until_filter_on_stored(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    verb = scenario["verb"]
    stored = sorted(_instant(s["stored"]) for s in xapi.query(verb=verb)["statements"])
    first, last = stored[0], stored[-1]
    assert len(_ids(xapi.query(verb=verb, since=_iso(first - timedelta(seconds=1))))) == 4
    assert xapi.query(verb=verb, since=_iso(last))["statements"] == []  # since is exclusive
    assert len(_ids(xapi.query(verb=verb, until=_iso(last)))) == 4  # until is inclusive
    assert xapi.query(verb=verb, until=_iso(first - timedelta(milliseconds=1)))["statements"] == []
    old = xapi.query(until="2012-06-01T19:09:13.245Z")["statements"]
    assert old == []
    for s in xapi.query(since="2012-06-01T19:09:13.245Z", limit=20)["statements"]:
        assert _instant(s["stored"]) > _instant("2012-06-01T19:09:13.245Z")


@pytest.mark.parametrize(
    "since",
    [
        "2012-06-01T19:09:13.245Z",
        "2012-06-01T19:09:13Z",
        "2012-06-01T19:09:13.245+00:00",
        "2012-06-01T14:09:13.245-05:00",
        "2012-06-01T19:09:13.245123Z",
    ],
)
def test_since_and_until_accept_iso_8601_timestamps(xapi: XAPI, since: str) -> None:
    assert xapi.get(params={"since": since}).status_code == 200
    assert xapi.get(params={"until": since}).status_code == 200


def test_since_with_an_unencoded_plus_offset_is_understood(
    xapi: XAPI, scenario: dict[str, Any]
) -> None:
    """The suite writes query values unencoded; a "+" offset then arrives as a space."""
    verb = scenario["verb"]
    first = min(_instant(s["stored"]) for s in xapi.query(verb=verb)["statements"])
    since = (first - timedelta(seconds=1)).astimezone(timezone(timedelta(hours=5)))
    raw = since.isoformat(timespec="milliseconds")
    assert "+05:00" in raw
    r = xapi.get(f"{STATEMENTS}?verb={verb}&since={raw}")
    assert r.status_code == 200 and len(r.json()["statements"]) == 4


def test_xapi_00149_00109_no_match_is_an_empty_result_with_empty_more(xapi: XAPI) -> None:
    r = xapi.get(params={"verb": unique_iri("verbs")})
    assert r.status_code == 200 and r.json() == {"statements": [], "more": ""}


# --- more (Data 2.5, XAPI-00108, 00109, 00111, 00114) ---------------------------------------------


def test_xapi_00108_00111_00114_more_pages_through_every_statement(xapi: XAPI) -> None:
    learner = unique_agent()
    ids = xapi.store(*(statement(actor=learner) for _ in range(5)))
    r = xapi.get(params={"agent": orjson.dumps(_agent(learner)).decode(), "limit": "2"})
    seen: list[str] = []
    pages = 0
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"statements", "more"}
        seen += _ids(body)
        pages += 1
        if not body["more"]:
            break
        assert body["more"].startswith("/"), body["more"]  # a relative IRL on this server
        r = xapi.follow(r, body["more"])
    assert pages == 3 and seen == ids[::-1]


def test_xapi_00108_more_is_a_short_relative_url(xapi: XAPI) -> None:
    xapi.store(statement(), statement())
    r = xapi.get(params={"limit": "1"})
    more = r.json()["more"]
    assert more.startswith(f"{STATEMENTS}?more=") and len(more) < 2083
    assert not any(c in more for c in " <>\"'")
    nxt = xapi.follow(r, more)
    assert nxt.status_code == 200 and len(nxt.json()["statements"]) == 1


def test_more_keeps_the_format_and_ordering_of_the_first_page(xapi: XAPI) -> None:
    verb = {"id": unique_iri("verbs"), "display": {"en-US": "tried"}}
    ids = xapi.store(*(statement(verb=verb) for _ in range(3)))
    r = xapi.get(params={"verb": verb["id"], "limit": "2", "format": "ids", "ascending": "true"})
    nxt = xapi.follow(r, r.json()["more"])
    assert _ids(r.json()) + _ids(nxt.json()) == ids
    assert nxt.json()["statements"][0]["verb"] == {"id": verb["id"]}


def test_more_cannot_be_combined_with_other_parameters(xapi: XAPI) -> None:
    xapi.store(statement(), statement())
    more = xapi.query(limit=1)["more"]
    assert xapi.get(f"{more}&limit=5").status_code == 400
    assert xapi.get(params={"more": "not-a-token"}).status_code == 400


# --- Headers: Consistent-Through, version (Communication 2.1.3.s2.b5, 3.3) -----------------------


def test_xapi_00152_00160_consistent_through_is_iso_8601_and_not_before_stored(
    xapi: XAPI,
) -> None:
    xapi.store(statement())
    r = xapi.get(params={"limit": "50"})
    through = _instant(r.headers["x-experience-api-consistent-through"])
    assert through.tzinfo is not None
    for s in r.json()["statements"]:
        assert _instant(s["stored"]) <= through


def test_xapi_00153_consistent_through_on_every_statements_response(
    xapi: XAPI, live_lrs: LiveLRS
) -> None:
    sid = str(uuid.uuid4())
    responses = {
        "PUT 204": xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement()),
        "POST 200": xapi.post(json=statement()),
        "GET 200": xapi.get(params={"statementId": sid}),
        "HEAD 200": xapi.head(),
        "GET 404": xapi.get(params={"statementId": str(uuid.uuid4())}),
        "GET 400 no version": xapi.get(version=None),
        "GET 400 LIMIT": xapi.get(params={"LIMIT": "1"}),
        "POST 400": xapi.post(json={"verb": "nope"}),
        "GET 401": xapi.get(auth="Basic " + "Zm9vOmJhcg=="),
        "DELETE 405": xapi.request("DELETE", STATEMENTS),
    }
    for name, r in responses.items():
        assert str(r.status_code) in name, (name, r.status_code, r.text)
        assert _instant(r.headers["x-experience-api-consistent-through"]), name


@pytest.mark.parametrize(
    "sent,answered",
    [
        ("1.0", "1.0.3"),
        ("1.0.0", "1.0.3"),
        ("1.0.1", "1.0.3"),
        ("1.0.2", "1.0.3"),
        ("1.0.3", "1.0.3"),
        ("2.0", "2.0.0"),
        ("2.0.0", "2.0.0"),
    ],
)
def test_xapi_00333_version_header_is_accepted_and_answered(
    live_lrs: LiveLRS, sent: str, answered: str
) -> None:
    client = live_lrs.client(sent)
    [sid] = client.store(statement())
    r = client.get(params={"statementId": sid})
    assert r.status_code == 200 and r.headers["x-experience-api-version"] == answered


@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_xapi_00331_00321_missing_version_header_is_400_answered_as_1_0_3(
    live_lrs: LiveLRS, method: str
) -> None:
    """The 2.0 suite wants the 400 to say 1.0.3 (or 0.9/0.95); the 1.0.3 suite 1.0.x or 2.0.0."""
    client = live_lrs.client(None)
    sid = str(uuid.uuid4())
    r = client.request(method, f"{STATEMENTS}?statementId={sid}", json=statement())
    assert r.status_code == 400
    assert r.headers["x-experience-api-version"] == "1.0.3"
    assert live_lrs.client().get(params={"statementId": sid}).status_code == 404


@pytest.mark.parametrize("sent", ["0.9", "0.95", "BAD", "3.0.0", "1.1.0", ""])
def test_unsupported_version_header_is_400(live_lrs: LiveLRS, sent: str) -> None:
    r = live_lrs.client(sent).post(json=statement())
    assert r.status_code == 400


def test_xapi_00331_about_needs_no_version_header(live_lrs: LiveLRS) -> None:
    r = live_lrs.client(None).get("/xapi/about", auth=None)
    assert r.status_code == 200 and "2.0.0" in r.json()["version"]
    assert r.headers["x-experience-api-version"]


def test_headers_are_case_insensitive(live_lrs: LiveLRS) -> None:
    """RFC 9110 §5.1: field names are case-insensitive, and so is the media type."""
    client = live_lrs.client(None)
    headers = {"x-EXPERIENCE-api-VERSION": "1.0.3", "content-TYPE": "Application/JSON"}
    st = statement(id=str(uuid.uuid4()))
    r = client.post(content=orjson.dumps(st), headers=headers)
    assert r.status_code == 200, r.text
    assert client.get(params={"statementId": st["id"]}, headers=headers).status_code == 200


def test_xapi_00330_statements_are_returned_as_sent(xapi: XAPI) -> None:
    st = statement(id=str(uuid.uuid4()))
    xapi.store(st)
    got = xapi.get_one(st["id"])
    for key in ("actor", "verb", "object"):
        assert got[key] == st[key]


# --- HEAD (Communication 1.1) ---------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(xapi: XAPI) -> None:
    verb = {"id": unique_iri("verbs")}
    [sid] = xapi.store(statement(verb=verb))
    for params in ({"verb": verb["id"]}, {"statementId": sid}):
        got, head = xapi.get(params=params), xapi.head(params=params)
        assert head.status_code == got.status_code == 200
        assert head.content == b""
        for name in ("content-type", "last-modified", "x-experience-api-version"):
            assert head.headers[name] == got.headers[name], name
        assert head.headers["content-length"] == str(len(got.content))
        assert head.headers["x-experience-api-consistent-through"]


def test_head_errors_have_no_body(xapi: XAPI) -> None:
    r = xapi.head(params={"statementId": str(uuid.uuid4())})
    assert r.status_code == 404 and r.content == b""
    assert xapi.head(params={"foo": "bar"}).status_code == 400


# --- Authentication and error codes (Communication 3.2, 4.0) -------------------------------------


def test_xapi_00335_basic_authentication_is_supported(xapi: XAPI) -> None:
    assert xapi.put(f"{STATEMENTS}?statementId={uuid.uuid4()}", json=statement()).status_code == 204


@pytest.mark.parametrize(
    "auth",
    [None, "Basic Um9iQ0lzTm90OkFVc2VyT25UaGlzTFJTMTIz", "Basic:Um9iQ0lzTm90", "Bearer x"],
    ids=["none", "unknown-user", "malformed", "other-scheme"],
)
def test_xapi_00334_bad_credentials_are_401(xapi: XAPI, auth: str | None) -> None:
    sid = str(uuid.uuid4())
    assert (
        xapi.put(f"{STATEMENTS}?statementId={sid}", json=statement(), auth=auth).status_code == 401
    )
    assert xapi.get(auth=auth).status_code == 401
    bad_version = xapi.get(auth=auth, version="BAD")
    assert bad_version.status_code in (400, 401)


@pytest.mark.parametrize("method", ["DELETE", "PATCH"])
def test_methods_outside_the_specification_are_405(live_lrs: LiveLRS, method: str) -> None:
    """Communication 3.2.s3.b1 (**Implicit**): the suite sends DELETE with only a version header."""
    r = live_lrs.http.request(
        method,
        f"{STATEMENTS}?statementId={uuid.uuid4()}",
        headers={"X-Experience-API-Version": "1.0.1"},
    )
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} >= {"GET", "HEAD", "PUT", "POST"}
    assert r.json()["error"] == "method_not_allowed"


# --- CORS -----------------------------------------------------------------------------------------


def test_cors_preflight_and_exposed_headers(live_lrs: LiveLRS) -> None:
    r = live_lrs.http.options(
        STATEMENTS,
        headers={
            "Origin": "https://app.example.org",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,x-experience-api-version,content-type",
        },
    )
    assert 200 <= r.status_code < 300
    allowed = r.headers["access-control-allow-headers"].lower()
    for name in ("authorization", "x-experience-api-version", "content-type"):
        assert name in allowed
    assert "PUT" in r.headers["access-control-allow-methods"]
    got = live_lrs.client().get(headers={"Origin": "https://app.example.org"})
    assert got.headers["access-control-allow-origin"] in ("*", "https://app.example.org")
    exposed = got.headers["access-control-expose-headers"].lower()
    for name in (
        "x-experience-api-consistent-through",
        "last-modified",
        "x-experience-api-version",
    ):
        assert name in exposed
