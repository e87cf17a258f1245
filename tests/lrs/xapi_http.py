"""An xAPI client over real HTTP, and statement builders, for the conformance tests.

The conformance tests run against one LRS on a random port for the whole session (the
`live_lrs` fixture), so every test makes its own verbs, activities and agents (`unique_*`) and
filters on them: statements other tests stored never change what a test sees.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
import orjson

VERSIONS = ("1.0.3", "2.0.0")
STATEMENTS = "/xapi/statements"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def unique_iri(kind: str = "activities") -> str:
    return f"http://conformance.example.org/{kind}/{uuid.uuid4()}"


def unique_agent(name: str = "Learner") -> dict[str, Any]:
    return {"objectType": "Agent", "name": name, "mbox": f"mailto:{uuid.uuid4()}@example.org"}


def statement(**overrides: Any) -> dict[str, Any]:
    """A small valid statement with its own verb; `overrides` replace top-level properties."""
    body: dict[str, Any] = {
        "actor": {"objectType": "Agent", "name": "Ana", "mbox": "mailto:ana@example.org"},
        "verb": {
            "id": unique_iri("verbs"),
            "display": {"en-US": "attempted", "en-GB": "attempted", "es": "intentó"},
        },
        "object": {
            "objectType": "Activity",
            "id": unique_iri(),
            "definition": {
                "name": {"en-US": "Ratios quiz", "en-GB": "Ratios quiz", "es": "Prueba"},
                "description": {"en-US": "A quiz", "en-GB": "A quiz", "es": "Una prueba"},
            },
        },
    }
    body.update(overrides)
    return body


def voiding(target: str, **overrides: Any) -> dict[str, Any]:
    return statement(
        verb={"id": VOIDED, "display": {"en-US": "voided"}},
        object={"objectType": "StatementRef", "id": target},
        **overrides,
    )


def attachment_meta(
    content: bytes,
    usage: str = "http://conformance.example.org/usage/essay",
    content_type: str = "text/plain",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "usageType": usage,
        "display": {"en-US": "essay", "en-GB": "essay"},
        "contentType": content_type,
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
        **extra,
    }


def multipart_body(
    first: bytes,
    parts: list[tuple[dict[str, str], bytes]],
    boundary: str = "-------314159265358979323846",
    first_type: str = "application/json",
) -> bytes:
    """A multipart/mixed body as clients write it: CRLFs, headers, a closing delimiter."""
    out = [f"--{boundary}\r\nContent-Type: {first_type}\r\n\r\n".encode(), first, b"\r\n"]
    for headers, content in parts:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        out += [f"--{boundary}\r\n{head}\r\n".encode(), content, b"\r\n"]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def part_headers(content: bytes, content_type: str = "text/plain") -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(content).hexdigest(),
    }


def parse_multipart(content_type: str, body: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart/mixed response the way a strict client does: the boundary is the
    header's text after `boundary=` taken literally, so a quoted boundary would not be found."""
    media, _, params = content_type.partition(";")
    assert media.strip() == "multipart/mixed", content_type
    boundary = params.strip().removeprefix("boundary=")
    delimiter = b"--" + boundary.encode()
    assert body.startswith(delimiter), body[:80]
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in body.split(b"\r\n" + delimiter):
        chunk = chunk.removeprefix(delimiter)
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content))
    return parts


@dataclass
class XAPI:
    """Requests to the live LRS with Basic auth and a version header unless told otherwise."""

    http: httpx.Client
    auth: str
    version: str | None = "1.0.3"

    def request(
        self,
        method: str,
        url: str,
        *,
        version: str | None = "default",
        auth: str | None = "default",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        sent = dict(headers or {})
        chosen = self.version if version == "default" else version
        if chosen is not None:
            sent.setdefault("X-Experience-API-Version", chosen)
        if auth is not None:
            sent.setdefault("Authorization", self.auth if auth == "default" else auth)
        return self.http.request(method, url, headers=sent, **kwargs)

    def get(self, url: str = STATEMENTS, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def head(self, url: str = STATEMENTS, **kw: Any) -> httpx.Response:
        return self.request("HEAD", url, **kw)

    def put(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", url, **kw)

    def post(self, url: str = STATEMENTS, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def store(self, *statements: dict[str, Any]) -> list[str]:
        """POST the statements as one batch; the LRS must answer 200 with their ids."""
        r = self.post(json=list(statements))
        assert r.status_code == 200, r.text
        ids: list[str] = r.json()
        return ids

    def get_one(self, statement_id: str, **params: str) -> dict[str, Any]:
        r = self.get(params={"statementId": statement_id, **params})
        assert r.status_code == 200, r.text
        found: dict[str, Any] = r.json()
        return found

    def query(self, **params: Any) -> dict[str, Any]:
        r = self.get(params={k: _param(v) for k, v in params.items()})
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def follow(self, response: httpx.Response, more: str) -> httpx.Response:
        """GET a `more` link resolved against the URL of the response it came in."""
        return self.get(urljoin(str(response.url), more))


def _param(value: Any) -> str:
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
