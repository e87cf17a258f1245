"""HTTP Basic credentials: each belongs to one tenant and carries xAPI scopes.

Secrets are stored as Argon2id hashes. Verifying Argon2id costs tens of milliseconds by design,
which would cap a busy LRS at a few dozen requests per second, so a secret that verified once is
remembered in this process as a SHA-256 digest and later requests compare digests in constant
time. The digest never leaves memory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lrs.store.base import Credential, StatementStore

SCOPES = frozenset(
    {
        "statements/write",
        "statements/read",
        "statements/read/mine",
        "all/read",
        "all",
        "state",
        "define",
        "profile",
    }
)
FULL_READ = frozenset({"statements/read", "all/read", "all"})
READ_STATEMENTS = FULL_READ | {"statements/read/mine"}
WRITE_STATEMENTS = frozenset({"statements/write", "all"})

_hasher = PasswordHasher()


class AuthError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_scopes(text: str) -> frozenset[str]:
    scopes = frozenset(s for s in text.replace(",", " ").split() if s)
    unknown = scopes - SCOPES
    if unknown:
        raise ValueError(
            f"unknown scope(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(SCOPES))}"
        )
    if not scopes:
        raise ValueError("at least one scope is required")
    return scopes


def create_credential(
    store: StatementStore,
    *,
    name: str,
    tenant: str,
    scopes: frozenset[str],
    key: str | None = None,
    secret: str | None = None,
) -> tuple[str, str]:
    """Create a credential and return (key, secret); the secret is shown only this once."""
    key = key or secrets.token_hex(10)
    secret = secret or secrets.token_urlsafe(24)
    store.add_credential(
        Credential(
            key=key, name=name, tenant=tenant, scopes=scopes, secret_hash=_hasher.hash(secret)
        )
    )
    return key, secret


def authority_agent(credential: Credential, home_page: str) -> dict[str, Any]:
    """The Agent the LRS stamps as `authority` on statements sent with this credential."""
    return {
        "objectType": "Agent",
        "name": credential.name,
        "account": {"homePage": home_page, "name": credential.key},
    }


class Authenticator:
    """Resolves an `Authorization` header to a credential, caching verified secrets."""

    def __init__(self, store: StatementStore) -> None:
        self._store = store
        self._verified: dict[str, tuple[bytes, Credential]] = {}

    def authenticate(self, header: str | None) -> Credential:
        if not header:
            raise AuthError(401, "authentication required: send HTTP Basic credentials")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic" or not token:
            raise AuthError(401, "Authorization must use the Basic scheme")
        try:
            key, sep, secret = (
                base64.b64decode(token.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError) as err:
            raise AuthError(401, "Authorization: malformed Basic credentials") from err
        if not sep:
            raise AuthError(401, "Authorization: malformed Basic credentials")
        digest = hashlib.sha256(secret.encode()).digest()
        cached = self._verified.get(key)
        if cached is not None and hmac.compare_digest(cached[0], digest):
            return cached[1]
        credential = self._store.get_credential(key)
        if credential is None:
            raise AuthError(401, "unknown credentials")
        try:
            _hasher.verify(credential.secret_hash, secret)
        except (VerificationError, InvalidHashError) as err:
            raise AuthError(401, "unknown credentials") from err
        self._verified[key] = (digest, credential)
        return credential


def require_scope(credential: Credential, allowed: frozenset[str]) -> None:
    if not credential.scopes & allowed:
        raise AuthError(
            403,
            f"credential {credential.key!r} lacks a scope for this request "
            f"(needs one of: {', '.join(sorted(allowed))})",
        )
