"""The Statements resource over the ASGI app: PUT, POST, GET, errors, versions, auth."""

from __future__ import annotations

import uuid

import orjson
import pytest

from tests.conftest import basic_auth
from tests.lrs.conftest import make_statement
from tests.lrs.xapi_http import XAPI

URL = "/xapi/statements"


def test_about_needs_no_auth_and_lists_versions(client: XAPI) -> None:
    r = client.get("/xapi/about", version=None, auth=None)
    assert r.status_code == 200
    assert r.json()["version"] == ["1.0.3", "2.0.0"]
    assert r.headers["X-Experience-API-Version"] == "2.0.0"


def test_missing_version_header_is_400_with_the_header_named(client: XAPI) -> None:
    r = client.post(URL, json=make_statement(), version=None)
    assert r.status_code == 400
    assert r.json()["errors"][0]["path"] == "X-Experience-API-Version"
    assert "X-Experience-API-Version" in r.headers


@pytest.mark.parametrize(
    "version,expected", [("1.0.3", "1.0.3"), ("1.0.0", "1.0.3"), ("2.0.0", "2.0.0")]
)
def test_version_header_on_every_response(client: XAPI, version: str, expected: str) -> None:
    r = client.get(URL, version=version)
    assert r.status_code == 200
    assert r.headers["X-Experience-API-Version"] == expected
    assert "X-Experience-API-Consistent-Through" in r.headers


def test_unsupported_version_is_400(client: XAPI) -> None:
    assert client.get(URL, version="0.95").status_code == 400


def test_post_single_and_batch_return_ids_in_order(client: XAPI) -> None:
    r = client.post(URL, json=make_statement(0))
    assert r.status_code == 200 and len(r.json()) == 1
    uuid.UUID(r.json()[0])
    given = [str(uuid.uuid4()) for _ in range(3)]
    batch = [make_statement(i, id=sid) for i, sid in enumerate(given)]
    r = client.post(URL, json=batch)
    assert r.status_code == 200 and r.json() == given


def test_put_then_get_by_id_returns_server_fields(client: XAPI) -> None:
    sid = str(uuid.uuid4())
    r = client.put(f"{URL}?statementId={sid}", json=make_statement(1))
    assert r.status_code == 204
    got = client.get(f"{URL}?statementId={sid}")
    assert got.status_code == 200
    body = got.json()
    assert body["id"] == sid
    assert body["authority"]["name"] == "Test app"
    assert body["stored"].endswith("Z") and body["timestamp"] == body["stored"]
    assert body["version"] == "1.0.0"
    assert "Last-Modified" in got.headers


def test_put_with_mismatched_id_is_400(client: XAPI) -> None:
    r = client.put(
        f"{URL}?statementId={uuid.uuid4()}", json=make_statement(0, id=str(uuid.uuid4()))
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["path"] == "id"


def test_malformed_statement_names_the_field(client: XAPI) -> None:
    bad = make_statement(0, actor={"mbox": "learner@example.org"})
    r = client.post(URL, json=bad)
    assert r.status_code == 400
    body = r.json()
    assert any(e["path"] == "actor.mbox" for e in body["errors"]), body
    assert "actor.mbox" in body["message"]


def test_batch_with_one_bad_statement_stores_nothing(client: XAPI) -> None:
    good = [make_statement(i, id=str(uuid.uuid4())) for i in range(3)]
    bad = make_statement(9, verb={"id": "not an iri"})
    r = client.post(URL, json=[*good, bad])
    assert r.status_code == 400
    assert r.json()["errors"][0]["path"].startswith("[3].verb")
    for st in good:
        assert client.get(f"{URL}?statementId={st['id']}").status_code == 404


def test_duplicate_ids_in_one_batch_are_400(client: XAPI) -> None:
    sid = str(uuid.uuid4())
    r = client.post(URL, json=[make_statement(0, id=sid), make_statement(0, id=sid)])
    assert r.status_code == 400
    assert client.get(f"{URL}?statementId={sid}").status_code == 404


def test_conflicting_resend_is_409_and_equivalent_is_no_op(client: XAPI) -> None:
    sid = str(uuid.uuid4())
    assert client.put(f"{URL}?statementId={sid}", json=make_statement(0)).status_code == 204
    assert client.put(f"{URL}?statementId={sid}", json=make_statement(0)).status_code == 204
    assert client.post(URL, json=make_statement(0, id=sid)).json() == [sid]
    r = client.put(f"{URL}?statementId={sid}", json=make_statement(1))
    assert r.status_code == 409


def test_invalid_json_and_deep_nesting_are_400_not_500(client: XAPI) -> None:
    headers = {"Content-Type": "application/json"}
    assert client.post(URL, content=b"{not json", headers=headers).status_code == 400
    deep = b"[" * 5000 + b"]" * 5000
    assert client.post(URL, content=deep, headers=headers).status_code == 400


def test_wrong_content_type_is_400(client: XAPI) -> None:
    r = client.post(
        URL, content=orjson.dumps(make_statement()), headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 400


def test_auth_required_and_checked(client: XAPI) -> None:
    assert client.get(URL, auth=None).status_code == 401
    assert client.get(URL, auth=basic_auth("nobody", "nothing")).status_code == 401
    assert client.get(URL, auth="Bearer abc").status_code == 401


def test_scope_is_enforced(client: XAPI, lrs_app) -> None:  # type: ignore[no-untyped-def]
    from lrs.auth import create_credential

    key, secret = create_credential(
        lrs_app.state.ctx.store,
        name="reader",
        tenant="district-1",
        scopes=frozenset({"statements/read"}),
    )
    r = client.post(URL, json=make_statement(), auth=basic_auth(key, secret))
    assert r.status_code == 403
    assert client.get(URL, auth=basic_auth(key, secret)).status_code == 200


def test_tenants_see_only_their_statements(client: XAPI, lrs_app) -> None:  # type: ignore[no-untyped-def]
    from lrs.auth import create_credential

    sid = client.post(URL, json=make_statement()).json()[0]
    key, secret = create_credential(
        lrs_app.state.ctx.store, name="other", tenant="district-2", scopes=frozenset({"all"})
    )
    other = basic_auth(key, secret)
    assert client.get(f"{URL}?statementId={sid}", auth=other).status_code == 404
    assert client.get(URL, auth=other).json()["statements"] == []


def test_get_filters_and_more_paging(client: XAPI) -> None:
    client.post(URL, json=[make_statement(i) for i in range(12)])
    agent = orjson.dumps(
        {"account": {"homePage": "https://sis.example.org", "name": "stu-0"}}
    ).decode()
    r = client.get(URL, params={"agent": agent, "limit": "2"})
    body = r.json()
    assert r.status_code == 200 and len(body["statements"]) == 2
    assert body["more"].startswith("/xapi/statements?more=")
    seen = [s["id"] for s in body["statements"]]
    while body["more"]:
        body = client.get(body["more"]).json()
        seen += [s["id"] for s in body["statements"]]
    assert len(seen) == 4 and len(set(seen)) == 4  # i % 3 == 0 for i in 0..11
    verb = client.get(URL, params={"verb": "http://adlnet.gov/expapi/verbs/answered"}).json()
    assert len(verb["statements"]) == 6
    act = client.get(URL, params={"activity": "https://apps.example.org/quiz/0"}).json()
    assert len(act["statements"]) == 3
    asc = client.get(URL, params={"ascending": "true", "limit": "12"}).json()["statements"]
    desc = client.get(URL, params={"limit": "12"}).json()["statements"]
    assert [s["id"] for s in asc] == [s["id"] for s in reversed(desc)]


def test_unknown_or_miscased_parameter_is_400(client: XAPI) -> None:
    assert client.get(URL, params={"Verb": "http://x.example/v"}).status_code == 400
    assert client.get(URL, params={"colour": "red"}).status_code == 400
    r = client.get(URL, params={"statementId": str(uuid.uuid4()), "verb": "http://x.example/v"})
    assert r.status_code == 400


def test_head_returns_headers_without_body(client: XAPI) -> None:
    client.post(URL, json=make_statement())
    r = client.request("HEAD", URL)
    assert r.status_code == 200 and r.content == b""
    assert "X-Experience-API-Consistent-Through" in r.headers


def test_alternate_request_syntax_for_1_0_3_and_refused_for_2_0(client: XAPI) -> None:
    from urllib.parse import urlencode

    sid = str(uuid.uuid4())
    form = {
        "statementId": sid,
        "content": orjson.dumps(make_statement(0)).decode(),
        "Authorization": client.auth,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    r = client.http.post(f"{URL}?method=PUT", content=urlencode(form), headers=headers)
    assert r.status_code == 204, r.text
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    got = client.http.post(
        f"{URL}?method=GET",
        headers=headers,
        content=urlencode(
            {"statementId": sid, "Authorization": client.auth, "X-Experience-API-Version": "1.0.3"}
        ),
    )
    assert got.status_code == 200 and got.json()["id"] == sid
    form.update({"X-Experience-API-Version": "2.0.0", "statementId": str(uuid.uuid4())})
    r = client.http.post(f"{URL}?method=PUT", content=urlencode(form), headers=headers)
    assert r.status_code == 400 and "2.0.0" in r.json()["message"]
    r = client.http.post(
        f"{URL}?method=PUT&statementId={sid}", content=urlencode(form), headers=headers
    )
    assert r.status_code == 400


def test_read_mine_scope_sees_only_own_statements(client: XAPI, lrs_app) -> None:  # type: ignore[no-untyped-def]
    from lrs.auth import create_credential

    store = lrs_app.state.ctx.store
    key, secret = create_credential(
        store,
        name="app-b",
        tenant="district-1",
        scopes=frozenset({"statements/write", "statements/read/mine"}),
    )
    mine = basic_auth(key, secret)
    theirs = client.post(URL, json=make_statement(0)).json()[0]
    own = client.post(URL, json=make_statement(1), auth=mine).json()[0]
    listed = client.get(URL, auth=mine).json()["statements"]
    assert [s["id"] for s in listed] == [own]
    assert client.get(f"{URL}?statementId={theirs}", auth=mine).status_code == 404
    assert client.get(f"{URL}?statementId={own}", auth=mine).status_code == 200
    assert len(client.get(URL).json()["statements"]) == 2


@pytest.mark.parametrize(
    "agent,path",
    [
        ('{"mbox": "learner@example.org"}', "agent.mbox"),
        ('{"mbox": "mailto:a@example.org", "openid": "http://x.example/"}', "agent"),
        ('{"objectType": "Group", "member": [{"mbox": "mailto:a@example.org"}]}', "agent"),
        ("not json", "agent"),
    ],
)
def test_bad_agent_parameter_is_400_naming_it(client: XAPI, agent: str, path: str) -> None:
    r = client.get(URL, params={"agent": agent})
    assert r.status_code == 400
    assert any(e["path"].startswith(path) for e in r.json()["errors"]), r.json()


def test_registration_parameter_filters(client: XAPI) -> None:
    reg = str(uuid.uuid4())
    tagged = make_statement(0)
    tagged["context"]["registration"] = reg
    client.post(URL, json=[tagged, make_statement(1)])
    found = client.get(URL, params={"registration": reg}).json()["statements"]
    assert len(found) == 1 and found[0]["context"]["registration"] == reg
    assert client.get(URL, params={"registration": "not-a-uuid"}).status_code == 400
