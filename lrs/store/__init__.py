"""Statement stores: `open_store(url)` picks the implementation from the URL scheme."""

from __future__ import annotations

from lrs.store.base import (
    AttachmentContent,
    Credential,
    InvalidVoiding,
    NewStatement,
    QueryPage,
    StatementConflict,
    StatementQuery,
    StatementStore,
    StoredStatement,
    StoreError,
)
from lrs.store.sqlite import SQLiteStatementStore, WriterChoice
from lrs.store.writer_process import WriterAddress, WriterProcess

__all__ = [
    "AttachmentContent",
    "Credential",
    "InvalidVoiding",
    "NewStatement",
    "QueryPage",
    "SQLiteStatementStore",
    "StatementConflict",
    "StatementQuery",
    "StatementStore",
    "StoreError",
    "StoredStatement",
    "WriterAddress",
    "WriterChoice",
    "WriterProcess",
    "open_store",
    "sqlite_path",
    "start_writer_process",
]


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///path` URL (or a bare path); other schemes are refused."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///") or ":memory:"
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL statement store is not available yet; use sqlite:///PATH")
    if "://" in url:
        raise StoreError(f"unsupported database URL {url!r}: use sqlite:///PATH")
    return url


def open_store(url: str, *, writer: WriterChoice = "thread") -> SQLiteStatementStore:
    """Open the store named by `sqlite:///path` (or a bare path).

    `writer="process"` commits from a writer process of its own (the server's choice);
    `"thread"` from a thread of this process (tools and tests that write little); a writer
    address connects to a writer process already running (the workers of `ace serve`).
    """
    return SQLiteStatementStore(sqlite_path(url), writer=writer)


def start_writer_process(url: str) -> WriterProcess:
    """A writer process for the store at `url`, for several server processes to share."""
    return WriterProcess(sqlite_path(url), SQLiteStatementStore.max_group)
