"""Statement attachments over `multipart/mixed` (xAPI Communication §1.5.2) and JWS signatures.

A request with attachment content is `multipart/mixed`: the first part holds the statements as
JSON, each further part one attachment's bytes with `Content-Transfer-Encoding: binary` and
`X-Experience-API-Hash` equal to the attachment's `sha2`. Every attachment without a `fileUrl`
must have its part; a part no statement declares is an error. Signed statements carry a JWS
(RS256/384/512) whose payload must be the statement itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import orjson
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lrs.errors import bad_request
from lrs.store.base import AttachmentContent

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
_JWS_HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}


def boundary_of(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "boundary" and value:
            return value.strip().strip('"')
    raise bad_request(
        "Content-Type multipart/mixed needs a boundary parameter",
        [("Content-Type", "multipart/mixed needs a boundary")],
    )


def _headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.split(b"\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise bad_request("multipart: a part header line has no colon")
        headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    return headers


def split_multipart(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    """The parts of a multipart body as (headers, content), strictly per RFC 2046."""
    delimiter = b"--" + boundary.encode("latin-1")
    if not body.startswith(delimiter):
        start = body.find(b"\r\n" + delimiter)
        if start < 0:
            raise bad_request("multipart: the body does not contain the boundary")
        body = body[start + 2 :]
    chunks = body.split(b"\r\n" + delimiter)
    chunks[0] = chunks[0][len(delimiter) :]
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in chunks:
        if chunk.startswith(b"--"):
            return parts
        if not chunk.startswith(b"\r\n"):
            raise bad_request("multipart: malformed boundary line")
        head, sep, content = chunk[2:].partition(b"\r\n\r\n")
        if not sep:
            if head.endswith(b"\r\n") or not head:  # a part with no headers
                head, content = b"", chunk[4:]
            else:
                raise bad_request("multipart: a part has no blank line after its headers")
        parts.append((_headers(head), content))
    raise bad_request("multipart: the closing boundary is missing")


def parse_attachment_parts(
    parts: list[tuple[dict[str, str], bytes]],
) -> dict[str, AttachmentContent]:
    found: dict[str, AttachmentContent] = {}
    for index, (headers, content) in enumerate(parts, start=1):
        sha2 = headers.get("x-experience-api-hash")
        if not sha2:
            raise bad_request(f"multipart part {index}: X-Experience-API-Hash header is required")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise bad_request(f"multipart part {index}: Content-Transfer-Encoding must be binary")
        if hashlib.sha256(content).hexdigest() != sha2.lower() and not _other_sha2(content, sha2):
            raise bad_request(f"multipart part {index}: content does not match its hash {sha2}")
        found[sha2.lower()] = AttachmentContent(
            sha2.lower(), headers.get("content-type", "application/octet-stream"), content
        )
    return found


def _other_sha2(content: bytes, sha2: str) -> bool:
    """SHA-2 allows 224/384/512 too; accept any whose digest length matches."""
    for algo in ("sha224", "sha384", "sha512"):
        if hashlib.new(algo, content).hexdigest() == sha2.lower():
            return True
    return False


def match_attachments(
    statements: list[dict[str, Any]], parts: dict[str, AttachmentContent]
) -> dict[str, AttachmentContent]:
    """Check every declared attachment has content (or a fileUrl) and no part is stray."""
    declared: set[str] = set()
    for s_index, statement in enumerate(statements):
        for a_index, attachment in enumerate(statement.get("attachments") or ()):
            sha2 = attachment["sha2"].lower()
            if attachment.get("usageType") == SIGNATURE_USAGE:
                _check_signature_header(
                    attachment, sha2 in parts, f"[{s_index}].attachments[{a_index}]"
                )
            if sha2 in parts:
                declared.add(sha2)
            elif "fileUrl" not in attachment:
                path = f"[{s_index}].attachments[{a_index}]"
                raise bad_request(
                    f"{path}: no multipart part carries sha2 {sha2} and there is no fileUrl",
                    [(path, "needs a part with its sha2 or a fileUrl")],
                )
            if attachment.get("usageType") == SIGNATURE_USAGE and sha2 in parts:
                verify_signature(
                    statement, parts[sha2].content, f"[{s_index}].attachments[{a_index}]"
                )
    stray = set(parts) - declared
    if stray:
        raise bad_request(
            f"multipart: parts with no matching attachment: {', '.join(sorted(stray))}"
        )
    return parts


def _check_signature_header(attachment: dict[str, Any], has_part: bool, path: str) -> None:
    """Data 2.6.s4.b1 (XAPI-00115): the JWS is sent as the attachment's content and its
    contentType is application/octet-stream; anything else is a malformed signature (400)."""
    content_type = attachment["contentType"].split(";")[0].strip().lower()
    if content_type != SIGNATURE_CONTENT_TYPE:
        raise bad_request(
            f"{path}: a signature attachment must have contentType {SIGNATURE_CONTENT_TYPE}",
            [(f"{path}.contentType", f"must be {SIGNATURE_CONTENT_TYPE} for a signature")],
        )
    if not has_part:
        raise bad_request(
            f"{path}: a signature attachment must carry the JWS in a multipart part",
            [(path, "needs a part with its sha2")],
        )


def _b64url(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def verify_signature(statement: dict[str, Any], jws: bytes, path: str) -> None:
    """A signed statement's JWS must decode, use RS256/384/512, and carry the statement."""
    from schemas.xapi import statements_equivalent

    try:
        header_b64, payload_b64, signature_b64 = jws.decode("ascii").strip().split(".")
        header = orjson.loads(_b64url(header_b64))
        payload = orjson.loads(_b64url(payload_b64))
        signature = _b64url(signature_b64)
    except (ValueError, UnicodeDecodeError, binascii.Error, orjson.JSONDecodeError) as err:
        raise bad_request(f"{path}: the signature is not a JWS compact serialisation") from err
    alg = header.get("alg") if isinstance(header, dict) else None
    if alg not in _JWS_HASHES:
        raise bad_request(f"{path}: JWS alg must be RS256, RS384 or RS512 (got {alg!r})")
    if not isinstance(payload, dict):
        raise bad_request(f"{path}: the JWS payload is not a statement")
    if not statements_equivalent(_signed_content(payload), _signed_content(statement)):
        raise bad_request(f"{path}: the JWS payload does not match the statement")
    chain = header.get("x5c")
    if chain:
        _verify_rsa(header_b64, payload_b64, signature, chain[0], _JWS_HASHES[alg](), path)


def _signed_content(statement: dict[str, Any]) -> dict[str, Any]:
    """What a signature covers: the statement before the signature and the server's fields."""
    content = {
        k: v
        for k, v in statement.items()
        if k not in ("stored", "authority", "version", "attachments")
    }
    others = [a for a in statement.get("attachments", ()) if a.get("usageType") != SIGNATURE_USAGE]
    if others:
        content["attachments"] = others
    return content


def _verify_rsa(
    header_b64: str, payload_b64: str, signature: bytes, cert_b64: str, algo: Any, path: str
) -> None:
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(cert_b64))
        key = cert.public_key()
    except (ValueError, binascii.Error) as err:
        raise bad_request(f"{path}: the JWS x5c certificate cannot be read") from err
    if not isinstance(key, rsa.RSAPublicKey):
        raise bad_request(f"{path}: the JWS x5c certificate does not hold an RSA key")
    try:
        key.verify(signature, f"{header_b64}.{payload_b64}".encode(), padding.PKCS1v15(), algo)
    except InvalidSignature as err:
        raise bad_request(f"{path}: the JWS signature does not verify") from err
