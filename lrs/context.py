"""What every LRS request handler shares: the store, the authenticator, limits, the version."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from starlette.requests import Request

from lrs.auth import Authenticator
from lrs.errors import bad_request
from lrs.store.base import Credential, StatementStore

SUPPORTED_VERSIONS = ("1.0.3", "2.0.0")
# Scope key set by AlternateRequestSyntax: the version a form-encoded request asked for.
ALTERNATE_VERSION = "ace.alternate_version"
_V1 = re.compile(r"^1\.0(\.\d+)?$")
_V2 = re.compile(r"^2\.0(\.\d+)?$")


def negotiate_version(request: Request) -> str:
    """The xAPI rules this request follows, from its `X-Experience-API-Version` header."""
    value = request.headers.get("x-experience-api-version")
    if value is None:
        raise bad_request(
            "the X-Experience-API-Version header is required",
            [("X-Experience-API-Version", "is required")],
        )
    value = value.strip()
    if _V1.match(value):
        return "1.0.3"
    if _V2.match(value):
        return "2.0.0"
    raise bad_request(
        f"X-Experience-API-Version {value!r} is not supported (use 1.0.x or 2.0.0)",
        [("X-Experience-API-Version", "must be 1.0.x or 2.0.0")],
    )


def response_version(request_header: str | None, *, about: bool = False) -> str:
    """The version header of a response: the version the request asked for.

    A request that names no version we speak is not a 2.0 request: xAPI 2.0 made the header
    mandatory, and the 2.0 conformance suite (Communication 3.3, XAPI-00331) expects the 400 it
    gets to carry `1.0.3`, which the 1.0.3 suite accepts too. `/about`, which needs no header,
    answers with the newest version we speak.
    """
    value = (request_header or "").strip()
    if _V2.match(value):
        return "2.0.0"
    if _V1.match(value) or not about:
        return "1.0.3"
    return "2.0.0"


@dataclass
class LRSContext:
    store: StatementStore
    authority_home_page: str
    max_body_bytes: int = 20 * 1024 * 1024
    read_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=8, thread_name_prefix="lrs-read")
    )
    authenticator: Authenticator = field(init=False)

    def __post_init__(self) -> None:
        self.authenticator = Authenticator(self.store)

    def authenticate(self, request: Request) -> Credential:
        cached: Credential | None = request.scope.get("ace.credential")
        if cached is None:
            cached = self.authenticator.authenticate(request.headers.get("authorization"))
            request.scope["ace.credential"] = cached
        return cached
