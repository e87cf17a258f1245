"""The statement store contract shared by the SQLite and PostgreSQL implementations.

The store is append-only. Every statement gets a strictly increasing `sequence` when it is
committed; the pipeline's cursor is that sequence, never a clock. A call to `save` commits the
whole batch durably or nothing at all, and returns only after the commit is durable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

Equivalent = Callable[[bytes, bytes], bool]


@dataclass(frozen=True, slots=True)
class NewStatement:
    """A validated statement ready to store, with the keys its filters need.

    `payload` is the statement's JSON; when the server fills `stored` (and `timestamp`), the
    payload ends with `STORED_PLACEHOLDER` (and `TIMESTAMP_PLACEHOLDER`) so the writer can
    splice the commit time in without re-serialising.
    """

    id: str
    payload: bytes
    verb: str
    registration: str | None
    agents: tuple[str, ...]  # IFI keys of the actor and of an Agent/Group object (and members)
    related_agents: tuple[str, ...]  # every agent anywhere in the statement, superset of agents
    activities: tuple[str, ...]  # the object activity id
    related_activities: tuple[str, ...]  # every activity anywhere, superset of activities
    voids: str | None = None  # the id this statement voids, when it is a voiding statement
    ref_target: str | None = None  # the statement its StatementRef object targets
    fill_timestamp: bool = False


@dataclass(frozen=True, slots=True)
class AttachmentContent:
    """One attachment's bytes, stored once per tenant and sha2."""

    sha2: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StoredStatement:
    sequence: int
    tenant: str
    id: str
    stored: str
    voided: bool
    payload: bytes


@dataclass(slots=True)
class StatementQuery:
    agent: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_agents: bool = False
    related_activities: bool = False
    since_us: int | None = None  # exclusive, microseconds since the epoch (on `stored`)
    until_us: int | None = None  # inclusive
    limit: int = 100
    ascending: bool = False
    after_sequence: int | None = None  # paging cursor: continue past this sequence
    max_sequence: int | None = None  # paging snapshot: ignore statements committed later
    authority: str | None = None  # `statements/read/mine`: only what this authority stored


@dataclass(slots=True)
class QueryPage:
    statements: list[StoredStatement] = field(default_factory=list)
    more: bool = False
    snapshot: int = 0  # highest sequence visible to this query


@dataclass(frozen=True, slots=True)
class Credential:
    key: str
    name: str
    tenant: str
    scopes: frozenset[str]
    secret_hash: str


class StoreError(Exception):
    """Base class for errors the LRS turns into HTTP statuses."""


class StatementConflict(StoreError):
    """Same id already stored with a body that is not equivalent (409)."""

    def __init__(self, statement_id: str) -> None:
        super().__init__(f"statement {statement_id} already exists with a different body")
        self.statement_id = statement_id

    def __reduce__(self) -> tuple[type[StatementConflict], tuple[str]]:
        return (StatementConflict, (self.statement_id,))  # crosses the writer process intact


class InvalidVoiding(StoreError):
    """A voiding statement that targets another voiding statement (400)."""


class StatementStore(Protocol):
    def save(
        self,
        tenant: str,
        statements: Sequence[NewStatement],
        equivalent: Equivalent,
        attachments: Sequence[AttachmentContent] = (),
    ) -> list[str]:
        """Store the batch and its attachments atomically and durably; return the ids."""
        ...

    def submit(
        self,
        tenant: str,
        statements: Sequence[NewStatement],
        equivalent: Equivalent,
        attachments: Sequence[AttachmentContent] = (),
    ) -> Future[list[str]]:
        """Like `save`, without waiting: the future resolves once the batch is durable."""
        ...

    def get_attachments(self, tenant: str, sha2s: Sequence[str]) -> list[AttachmentContent]: ...

    def get(self, tenant: str, statement_id: str, *, voided: bool) -> StoredStatement | None: ...

    def query(self, tenant: str, query: StatementQuery) -> QueryPage: ...

    def consistent_through(self) -> str:
        """The `stored` time up to which every query is complete (ISO 8601)."""
        ...

    def read_since(self, after_sequence: int, limit: int) -> list[StoredStatement]:
        """Statements of every tenant committed after `after_sequence`, in sequence order."""
        ...

    def max_sequence(self) -> int: ...

    def add_credential(self, credential: Credential) -> None: ...

    def get_credential(self, key: str) -> Credential | None: ...

    def close(self) -> None: ...
