"""The alternate request syntax (1.0.3 Communication §1.3) as the ADL conformance suite checks it.

xAPI 1.0.3 requires it (XAPI-00336, 00148); IEEE 9274.1.1 removed it and the 2.0 suite expects
every such request to be refused with a 4xx. Over real HTTP to the live LRS.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote, urlencode

import orjson
import pytest

from tests.lrs.conftest import LiveLRS
from tests.lrs.xapi_http import STATEMENTS, statement

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _headers(live_lrs: LiveLRS, version: str | None) -> dict[str, str]:
    headers = {**FORM, "Authorization": live_lrs.auth}
    if version:
        headers["X-Experience-API-Version"] = version
    return headers


def _stored(live_lrs: LiveLRS, sid: str) -> int:
    return live_lrs.client().get(params={"statementId": sid}).status_code


def test_xapi_00148_post_with_method_get_returns_a_statement_result(live_lrs: LiveLRS) -> None:
    r = live_lrs.http.post(
        f"{STATEMENTS}?method=GET", content="limit=1", headers=_headers(live_lrs, "1.0.3")
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"statements", "more"}
    assert r.headers["x-experience-api-version"] == "1.0.3"
    assert r.headers["x-experience-api-consistent-through"]


def test_xapi_00336_method_get_carries_the_query_parameters_in_the_form(
    live_lrs: LiveLRS,
) -> None:
    [sid] = live_lrs.client().store(statement())
    form = urlencode({"statementId": sid, "format": "ids"})
    r = live_lrs.http.post(
        f"{STATEMENTS}?method=GET", content=form, headers=_headers(live_lrs, "1.0.3")
    )
    assert r.status_code == 200 and r.json()["id"] == sid
    assert r.json()["verb"].keys() == {"id"}


def test_xapi_00336_put_issued_as_post_is_204(live_lrs: LiveLRS) -> None:
    """The suite's form: statementId and url-encoded JSON content; real headers for the rest."""
    sid = str(uuid.uuid4())
    body = f"statementId={sid}&content={quote(orjson.dumps(statement()).decode())}"
    r = live_lrs.http.post(
        f"{STATEMENTS}?method=PUT", content=body, headers=_headers(live_lrs, "1.0.3")
    )
    assert r.status_code == 204, r.text
    assert _stored(live_lrs, sid) == 200


def test_xapi_00336_header_fields_travel_in_the_form(live_lrs: LiveLRS) -> None:
    """Communication 1.3.s3.b7: Authorization, X-Experience-API-Version and Content-Type are
    form fields, treated as headers; the request itself carries only its Content-Type."""
    sid = str(uuid.uuid4())
    form = {
        "statementId": sid,
        "content": orjson.dumps(statement()).decode(),
        "X-Experience-API-Version": "1.0.3",
        "Authorization": live_lrs.auth,
        "Content-Type": "application/json",
    }
    r = live_lrs.http.post(f"{STATEMENTS}?method=PUT", content=urlencode(form), headers=FORM)
    assert r.status_code == 204, r.text
    assert r.headers["x-experience-api-version"] == "1.0.3"
    assert r.headers["x-experience-api-consistent-through"]
    assert _stored(live_lrs, sid) == 200


def test_alternate_syntax_must_be_a_post(live_lrs: LiveLRS) -> None:
    """XAPI-00336: an alternate request not issued as a POST is 400."""
    form = {
        "content": orjson.dumps(statement()).decode(),
        "X-Experience-API-Version": "1.0.2",
        "Content-Type": "application/json",
    }
    for method in ("PUT", "GET"):
        r = live_lrs.http.request(
            method,
            f"{STATEMENTS}?method=POST",
            content=urlencode(form),
            headers=_headers(live_lrs, "1.0.3"),
        )
        assert r.status_code == 400, method


def test_unsupported_version_in_the_form_is_400(live_lrs: LiveLRS) -> None:
    """Communication 1.3.s3.b7: a form field X-Experience-API-Version of 0.8 is a bad header."""
    sid = str(uuid.uuid4())
    form = {
        "statementId": sid,
        "X-Experience-API-Version": "0.8",
        "content": orjson.dumps(statement()).decode(),
    }
    r = live_lrs.http.post(
        f"{STATEMENTS}?method=PUT", content=urlencode(form), headers=_headers(live_lrs, "1.0.3")
    )
    assert r.status_code == 400
    assert r.headers["x-experience-api-version"] == "1.0.3"
    assert _stored(live_lrs, sid) == 404


def test_extra_query_parameter_is_400(live_lrs: LiveLRS) -> None:
    """Communication 1.3.s3.b4: everything but `method` goes in the form."""
    sid = str(uuid.uuid4())
    form = urlencode({"statementId": sid, "content": orjson.dumps(statement()).decode()})
    r = live_lrs.http.post(
        f"{STATEMENTS}?method=PUT&statementId={sid}",
        content=form,
        headers=_headers(live_lrs, "1.0.3"),
    )
    assert r.status_code == 400
    assert _stored(live_lrs, sid) == 404


@pytest.mark.parametrize(
    "body,headers",
    [
        (b"", {}),
        (b"", {"Content-Type": "application/x-www-form-urlencoded"}),
        (
            orjson.dumps({"statementId": "x", "content": "{}"}),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        (orjson.dumps(statement()), {"Content-Type": "application/json"}),
    ],
    ids=["no-body", "empty-form", "json-called-form", "json"],
)
def test_content_must_be_a_form_with_content(
    live_lrs: LiveLRS, body: bytes, headers: dict[str, str]
) -> None:
    """Communication 1.3.s3.b4: no `content` form field, or a body that is not a form, is 400."""
    sent = {"Authorization": live_lrs.auth, "X-Experience-API-Version": "1.0.3", **headers}
    r = live_lrs.http.post(f"{STATEMENTS}?method=PUT", content=body, headers=sent)
    assert r.status_code == 400


@pytest.mark.parametrize(
    "method,query,form_version,header_version",
    [
        ("POST", "method=GET", None, "2.0.0"),
        ("POST", "method=PUT", None, "2.0.0"),
        ("POST", "method=PUT", "2.0.0", None),
        ("POST", "method=PUT", "2.0.0", "1.0.3"),
        ("PUT", "method=POST", None, "2.0.0"),
    ],
)
def test_alternate_syntax_is_refused_in_2_0(
    live_lrs: LiveLRS, method: str, query: str, form_version: str | None, header_version: str | None
) -> None:
    """9274.1.1 removed it; the 2.0 suite expects a 4xx for each of these."""
    sid = str(uuid.uuid4())
    form = {"statementId": sid, "content": orjson.dumps(statement()).decode(), "limit": "1"}
    if form_version:
        form["X-Experience-API-Version"] = form_version
    if method == "POST" and query == "method=GET":
        form = {"limit": "1"}
    r = live_lrs.http.request(
        method,
        f"{STATEMENTS}?{query}",
        content=urlencode(form),
        headers=_headers(live_lrs, header_version),
    )
    assert 400 <= r.status_code < 500
    assert r.headers["x-experience-api-version"] == "2.0.0"
    assert r.headers["x-experience-api-consistent-through"]
    assert _stored(live_lrs, sid) == 404


def test_json_post_with_method_parameter_is_refused_in_2_0(live_lrs: LiveLRS) -> None:
    """The 2.0 suite's own request: a JSON POST to /statements?method=GET."""
    r = live_lrs.client("2.0.0").post(f"{STATEMENTS}?method=GET", json=None)
    assert 400 <= r.status_code < 500
