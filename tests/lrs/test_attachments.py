"""Attachments over multipart/mixed and signed statements (xAPI Communication §1.5, Data §2.6)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid

import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from tests.lrs.conftest import make_statement
from tests.lrs.xapi_http import XAPI

URL = "/xapi/statements"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
BOUNDARY = "abcABC0123'()+_,-./:=?"


def attachment_meta(
    content: bytes, usage: str = "http://example.org/usage/essay", content_type: str = "text/plain"
) -> dict:
    return {
        "usageType": usage,
        "display": {"en-US": "essay"},
        "contentType": content_type,
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }


def multipart(statements: object, parts: list[tuple[bytes, dict[str, str]]]) -> tuple[bytes, str]:
    out = [
        f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode(),
        orjson.dumps(statements),
    ]
    for content, headers in parts:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        out += [f"\r\n--{BOUNDARY}\r\n{head}\r\n".encode(), content]
    out.append(f"\r\n--{BOUNDARY}--".encode())
    return b"".join(out), f'multipart/mixed; boundary="{BOUNDARY}"'


def part_headers(content: bytes, content_type: str = "text/plain") -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(content).hexdigest(),
    }


def test_attachment_stored_once_and_returned_with_attachments_true(client: XAPI) -> None:
    essay = b"My essay on ratios.\r\n--not-a-boundary\r\n"
    statements = [
        make_statement(i, id=str(uuid.uuid4()), attachments=[attachment_meta(essay)])
        for i in range(2)
    ]
    body, ctype = multipart(statements, [(essay, part_headers(essay))])
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 200, r.text
    got = client.get(URL, params={"statementId": statements[0]["id"], "attachments": "true"})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("multipart/mixed")
    assert got.content.count(b"X-Experience-API-Hash") == 1
    assert essay in got.content
    many = client.get(URL, params={"attachments": "true"})
    assert many.content.count(b"X-Experience-API-Hash") == 1  # two statements, one content


@pytest.mark.parametrize(
    "mutate,expected",
    [
        (lambda h: h.pop("X-Experience-API-Hash"), "X-Experience-API-Hash"),
        (lambda h: h.update({"X-Experience-API-Hash": "0" * 64}), "does not match"),
        (lambda h: h.update({"Content-Transfer-Encoding": "base64"}), "binary"),
    ],
)
def test_bad_attachment_part_is_400_and_nothing_stored(client: XAPI, mutate, expected) -> None:  # type: ignore[no-untyped-def]
    essay = b"essay"
    st = make_statement(0, id=str(uuid.uuid4()), attachments=[attachment_meta(essay)])
    headers = part_headers(essay)
    mutate(headers)
    body, ctype = multipart([st], [(essay, headers)])
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 400 and expected in r.json()["message"]
    assert client.get(URL, params={"statementId": st["id"]}).status_code == 404


def test_missing_part_and_stray_part_are_400(client: XAPI) -> None:
    essay, other = b"essay", b"other"
    st = make_statement(0, attachments=[attachment_meta(essay)])
    body, ctype = multipart([st], [])
    assert client.post(URL, content=body, headers={"Content-Type": ctype}).status_code == 400
    body, ctype = multipart([st], [(essay, part_headers(essay)), (other, part_headers(other))])
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 400 and "no matching attachment" in r.json()["message"]


def test_file_url_attachment_needs_no_part(client: XAPI) -> None:
    meta = attachment_meta(b"remote") | {"fileUrl": "https://files.example.org/essay.txt"}
    assert client.post(URL, json=make_statement(0, attachments=[meta])).status_code == 200


def _key_and_cert() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ace test signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def sign(statement: dict, key: rsa.RSAPrivateKey, cert: str, alg: str = "RS256") -> bytes:
    algo = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}[alg]
    header = _b64(orjson.dumps({"alg": alg, "x5c": [cert]}))
    payload = _b64(orjson.dumps(statement))
    signature = key.sign(f"{header}.{payload}".encode(), padding.PKCS1v15(), algo)
    return f"{header}.{payload}.{_b64(signature)}".encode()


def signed_request(statement: dict, jws: bytes) -> tuple[bytes, str]:
    signed = dict(statement)
    signed["attachments"] = [attachment_meta(jws, SIGNATURE, "application/octet-stream")]
    return multipart([signed], [(jws, part_headers(jws, "application/octet-stream"))])


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_signed_statement_is_verified(client: XAPI, alg: str) -> None:
    key, cert = _key_and_cert()
    st = make_statement(0, id=str(uuid.uuid4()))
    body, ctype = signed_request(st, sign(st, key, cert, alg))
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 200, r.text


def test_signature_of_another_statement_is_400(client: XAPI) -> None:
    key, cert = _key_and_cert()
    st = make_statement(0, id=str(uuid.uuid4()))
    other = make_statement(1, id=st["id"])
    body, ctype = signed_request(st, sign(other, key, cert))
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 400 and "does not match" in r.json()["message"]


def test_undecodable_or_tampered_jws_is_400(client: XAPI) -> None:
    key, cert = _key_and_cert()
    st = make_statement(0, id=str(uuid.uuid4()))
    body, ctype = signed_request(st, b"not-a-jws")
    assert client.post(URL, content=body, headers={"Content-Type": ctype}).status_code == 400
    header, payload, signature = sign(st, key, cert).decode().split(".")
    tampered = f"{header}.{payload}.{signature[:-6]}AAAAAA".encode()
    body, ctype = signed_request(st, tampered)
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 400 and "does not verify" in r.json()["message"]
    hs256 = f"{_b64(orjson.dumps({'alg': 'HS256'}))}.{payload}.{signature}".encode()
    body, ctype = signed_request(st, hs256)
    r = client.post(URL, content=body, headers={"Content-Type": ctype})
    assert r.status_code == 400 and "RS256" in r.json()["message"]
