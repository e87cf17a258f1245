"""Attachments and signed statements as the ADL conformance suite sends them, over real HTTP.

Content types (Communication 1.5, XAPI-00127..00135), the `attachments` parameter of GET
(XAPI-00161, 00167) and signed statements (Data 2.6, XAPI-00115..00117). Request bodies are
built the way the suite builds them: a boundary of dashes and digits, `Content-Type:` header
lines with or without a space, a CRLF before the closing delimiter.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.lrs.xapi_http import (
    SIGNATURE,
    XAPI,
    attachment_meta,
    multipart_body,
    parse_multipart,
    part_headers,
    statement,
)

BOUNDARY = "-------314159265358979323846"
MIXED = f"multipart/mixed; boundary={BOUNDARY}"
TEXT1 = b"here is a simple attachment"
TEXT2 = b"here is a second simple attachment, longer"
TEXT3 = b"and a third one, declared by no statement"


def _post(xapi: XAPI, body: bytes, content_type: str = MIXED) -> Any:
    return xapi.post(content=body, headers={"Content-Type": content_type})


def _with(*contents: bytes, **extra: Any) -> dict[str, Any]:
    return statement(
        id=str(uuid.uuid4()), attachments=[attachment_meta(c, **extra) for c in contents]
    )


# --- Content types (Communication 1.5.1, 1.5.2) --------------------------------------------------


def test_xapi_00127_file_url_attachment_is_accepted_as_json(xapi: XAPI) -> None:
    st = _with(TEXT1, fileUrl="http://over.there.com/file.txt")
    assert xapi.post(json=st).status_code == 200


def test_xapi_00127_multipart_form_data_is_400(xapi: XAPI) -> None:
    st = _with(TEXT1)
    body = multipart_body(orjson.dumps(st), [(part_headers(TEXT1), TEXT1)], BOUNDARY)
    assert _post(xapi, body, f"multipart/form-data; boundary={BOUNDARY}").status_code == 400
    file_url = _with(TEXT1, fileUrl="http://over.there.com/file.txt")
    r = _post(xapi, orjson.dumps(file_url), f"multipart/form-data; boundary={BOUNDARY}")
    assert r.status_code == 400
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_xapi_00127_raw_attachment_is_accepted_as_multipart_mixed(xapi: XAPI) -> None:
    st = _with(TEXT1)
    body = multipart_body(orjson.dumps(st), [(part_headers(TEXT1), TEXT1)], BOUNDARY)
    r = _post(xapi, body)
    assert r.status_code == 200, r.text
    assert r.json() == [st["id"]]


@pytest.mark.parametrize("with_file_url", [True, False])
def test_multipart_with_only_the_statement_part_is_accepted(
    xapi: XAPI, with_file_url: bool
) -> None:
    """Communication 1.5 (2.0 suite): a multipart body whose statements need no part."""
    st = _with(TEXT1, fileUrl="http://over.there.com/file.txt") if with_file_url else statement()
    assert _post(xapi, multipart_body(orjson.dumps(st), [], BOUNDARY)).status_code == 200


def test_xapi_00128_excess_part_is_400(xapi: XAPI) -> None:
    st = _with(TEXT1, TEXT2)
    parts = [(part_headers(c), c) for c in (TEXT1, TEXT2, TEXT3)]
    assert _post(xapi, multipart_body(orjson.dumps(st), parts, BOUNDARY)).status_code == 400
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_xapi_00129_missing_part_is_400(xapi: XAPI) -> None:
    st = _with(TEXT1, TEXT2)
    body = multipart_body(orjson.dumps(st), [(part_headers(TEXT1), TEXT1)], BOUNDARY)
    assert _post(xapi, body).status_code == 400


def test_xapi_00130_00131_boundary_missing_from_body_or_header_is_400(xapi: XAPI) -> None:
    st = _with(TEXT1)
    good = multipart_body(orjson.dumps(st), [(part_headers(TEXT1), TEXT1)], BOUNDARY)
    no_first = good.removeprefix(f"--{BOUNDARY}\r\n".encode())
    assert _post(xapi, no_first).status_code == 400  # XAPI-00131
    second = f"\r\n--{BOUNDARY}\r\nContent-Type: text/plain".encode()
    no_second = good.replace(second, b"\r\nContent-Type: text/plain", 1)
    assert _post(xapi, no_second).status_code == 400  # XAPI-00130
    assert _post(xapi, good, "multipart/mixed;").status_code == 400  # no boundary parameter
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_xapi_00134_first_part_must_be_application_json(xapi: XAPI) -> None:
    st = _with(TEXT1)
    parts = [(part_headers(TEXT1), TEXT1)]
    body = multipart_body(orjson.dumps(st), parts, BOUNDARY, first_type="text/plain")
    assert _post(xapi, body).status_code == 400


def test_xapi_00133_statements_split_over_two_parts_is_400(xapi: XAPI) -> None:
    st = _with(TEXT1)
    json_part = {"Content-Type": "application/json"}
    parts = [(json_part, orjson.dumps(st)), (part_headers(TEXT1), TEXT1)]
    assert _post(xapi, multipart_body(orjson.dumps(st), parts, BOUNDARY)).status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"X-Experience-API-Hash": None},
        {"X-Experience-API-Hash": hashlib.sha256(b"something else").hexdigest()},
        {"Content-Transfer-Encoding": "base64"},
        {"Content-Transfer-Encoding": None},
    ],
    ids=["XAPI-00132-no-hash", "XAPI-00132-wrong-hash", "XAPI-00135-base64", "XAPI-00135-none"],
)
def test_xapi_00132_00135_part_needs_its_hash_and_binary_encoding(
    xapi: XAPI, change: dict[str, str | None]
) -> None:
    st = _with(TEXT1)
    headers: dict[str, str] = part_headers(TEXT1)
    for name, value in change.items():
        if value is None:
            headers.pop(name)
        else:
            headers[name] = value
    body = multipart_body(orjson.dumps(st), [(headers, TEXT1)], BOUNDARY)
    assert _post(xapi, body).status_code == 400
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_multipart_header_names_and_boundary_quoting_are_flexible(xapi: XAPI) -> None:
    """RFC 2046 / RFC 9110: header names are case-insensitive; a boundary may be quoted."""
    st = _with(TEXT1)
    headers = {
        "content-type": "text/plain",
        "CONTENT-TRANSFER-ENCODING": "binary",
        "x-experience-api-hash": hashlib.sha256(TEXT1).hexdigest().upper(),
    }
    body = multipart_body(orjson.dumps(st), [(headers, TEXT1)], "b0undary")
    assert _post(xapi, body, 'Multipart/Mixed; Boundary="b0undary"').status_code == 200


# --- GET with attachments (XAPI-00161, 00167) ----------------------------------------------------


@pytest.fixture
def with_two_attachments(xapi: XAPI) -> dict[str, Any]:
    st = _with(TEXT1, TEXT2)
    parts = [(part_headers(TEXT1), TEXT1), (part_headers(TEXT2), TEXT2)]
    r = _post(xapi, multipart_body(orjson.dumps(st), parts, BOUNDARY))
    assert r.status_code == 200, r.text
    return st


def test_xapi_00167_attachments_true_returns_multipart_with_each_attachment(
    xapi: XAPI, with_two_attachments: dict[str, Any]
) -> None:
    sid = with_two_attachments["id"]
    r = xapi.get(params={"statementId": sid, "attachments": "true"})
    assert r.status_code == 200
    ctype = r.headers["content-type"]
    assert ctype.startswith("multipart/mixed; boundary=") and '"' not in ctype
    parts = parse_multipart(ctype, r.content)
    assert parts[0][0]["content-type"] == "application/json"
    assert orjson.loads(parts[0][1])["id"] == sid
    by_hash = {headers["x-experience-api-hash"]: (headers, body) for headers, body in parts[1:]}
    for content in (TEXT1, TEXT2):
        sha2 = hashlib.sha256(content).hexdigest()
        headers, body = by_hash[sha2]
        assert body == content and headers["content-transfer-encoding"] == "binary"
        assert headers["content-type"] == "text/plain"
        assert r.content.count(sha2.encode()) == 2  # in the statement and on its part
    assert len(parts) == 3


def test_xapi_00167_statement_result_in_multipart_and_attachments_once(
    xapi: XAPI, with_two_attachments: dict[str, Any]
) -> None:
    again = statement(attachments=with_two_attachments["attachments"][:1])
    xapi.store(again | {"attachments": [{**again["attachments"][0], "fileUrl": "http://x.org/f"}]})
    r = xapi.get(params={"attachments": "true", "limit": "2"})
    parts = parse_multipart(r.headers["content-type"], r.content)
    result = orjson.loads(parts[0][1])
    assert set(result) == {"statements", "more"} and len(result["statements"]) == 2
    hashes = [headers["x-experience-api-hash"] for headers, _ in parts[1:]]
    assert sorted(hashes) == sorted({hashlib.sha256(c).hexdigest() for c in (TEXT1, TEXT2)})


@pytest.mark.parametrize("params", [{}, {"attachments": "false"}], ids=["absent", "false"])
def test_xapi_00161_without_attachments_true_the_answer_is_json(
    xapi: XAPI, with_two_attachments: dict[str, Any], params: dict[str, str]
) -> None:
    for query in ({"statementId": with_two_attachments["id"]}, {"limit": "1"}):
        r = xapi.get(params={**query, **params})
        assert r.headers["content-type"] == "application/json"
        assert TEXT1 not in r.content


def test_attachments_true_with_no_attachment_is_still_multipart(xapi: XAPI) -> None:
    [sid] = xapi.store(statement())
    r = xapi.get(params={"statementId": sid, "attachments": "true"})
    parts = parse_multipart(r.headers["content-type"], r.content)
    assert len(parts) == 1 and orjson.loads(parts[0][1])["id"] == sid
    head = xapi.head(params={"statementId": sid, "attachments": "true"})
    assert head.content == b"" and head.headers["content-type"].startswith("multipart/mixed")


# --- Signed statements (Data 2.6) -----------------------------------------------------------------

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_ALGS = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jws(payload: bytes, alg: str = "RS256") -> bytes:
    """A compact JWS with no certificate, as the suite's `jws` library makes it."""
    header = _b64(orjson.dumps({"alg": alg}))
    body = _b64(payload)
    algo = _ALGS.get(alg, hashes.SHA256())
    signature = _KEY.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), algo)
    return f"{header}.{body}.{_b64(signature)}".encode()


def signed_body(
    st: dict[str, Any],
    *,
    alg: str = "RS256",
    content_type: str = "application/octet-stream",
    payload: bytes | None = None,
) -> tuple[bytes, str]:
    """The suite's signStatement: a leading CRLF, `Name:value` headers, no final CRLF."""
    token = jws(orjson.dumps(st) if payload is None else payload, alg)
    signed = {**st, "attachments": [attachment_meta(token, SIGNATURE, content_type)]}
    boundary = "-------------1234567890"
    body = b"".join(
        [
            f"\r\n--{boundary}\r\nContent-Type:application/json\r\n\r\n".encode(),
            orjson.dumps(signed),
            f"\r\n--{boundary}\r\nContent-Type:{content_type}\r\n"
            "Content-Transfer-Encoding:binary\r\n"
            f"X-Experience-API-Hash:{hashlib.sha256(token).hexdigest()}\r\n\r\n".encode(),
            token,
            f"\r\n--{boundary}--".encode(),
        ]
    )
    return body, f"multipart/mixed; boundary={boundary}"


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_xapi_00117_signature_with_rs_algorithm_is_accepted(xapi: XAPI, alg: str) -> None:
    st = statement(id=str(uuid.uuid4()))
    body, ctype = signed_body(st, alg=alg)
    r = _post(xapi, body, ctype)
    assert r.status_code == 200, r.text
    assert xapi.get_one(st["id"])["attachments"][0]["usageType"] == SIGNATURE
    got = xapi.get(params={"statementId": st["id"], "attachments": "true"})
    [_, (headers, token)] = parse_multipart(got.headers["content-type"], got.content)
    assert headers["content-type"] == "application/octet-stream" and token.count(b".") == 2


def test_xapi_00117_signature_with_another_algorithm_is_400(xapi: XAPI) -> None:
    st = statement(id=str(uuid.uuid4()))
    body, ctype = signed_body(st, alg="HS256")
    assert _post(xapi, body, ctype).status_code == 400
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_xapi_00115_signature_attachment_must_be_application_octet_stream(xapi: XAPI) -> None:
    st = statement(id=str(uuid.uuid4()))
    body, ctype = signed_body(st, content_type="text/plain; charset=ascii")
    r = _post(xapi, body, ctype)
    assert r.status_code == 400 and "application/octet-stream" in r.json()["message"]
    assert xapi.get(params={"statementId": st["id"]}).status_code == 404


def test_xapi_00115_signature_attachment_needs_its_part(xapi: XAPI) -> None:
    token = jws(orjson.dumps(statement()))
    meta = attachment_meta(token, SIGNATURE, "application/octet-stream")
    st = statement(attachments=[meta | {"fileUrl": "http://adlnet.gov/this.file"}])
    assert xapi.post(json=st).status_code == 400


def test_xapi_00116_payload_that_is_not_json_is_400(xapi: XAPI) -> None:
    st = statement(id=str(uuid.uuid4()))
    broken = orjson.dumps(st).decode().replace('"', "'", 1).encode()
    body, ctype = signed_body(st, payload=broken)
    assert _post(xapi, body, ctype).status_code == 400


def test_xapi_00116_payload_of_another_statement_is_400(xapi: XAPI) -> None:
    st = statement(id=str(uuid.uuid4()))
    body, ctype = signed_body(st, payload=orjson.dumps(statement(id=st["id"])))
    assert _post(xapi, body, ctype).status_code == 400


def test_signed_statement_compares_durations_to_hundredths(xapi: XAPI) -> None:
    """9274.1.1 §4.2.7 (2.0 suite): the statement may carry more precision than its JWS."""
    signed = statement(id=str(uuid.uuid4()), result={"duration": "P1DT12H36M0.12S"})
    body, ctype = signed_body(signed)
    body = body.replace(b'"P1DT12H36M0.12S"', b'"P1DT12H36M0.1237S"', 1)
    assert _post(xapi, body, ctype).status_code == 200
