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
from lrs.store.sqlite import SQLiteStatementStore

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
    "open_store",
]


def open_store(url: str) -> SQLiteStatementStore:
    """Open the store named by `sqlite:///path` (or a bare path)."""
    if url.startswith("sqlite:///"):
        return SQLiteStatementStore(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL statement store is not available yet; use sqlite:///PATH")
    if "://" in url:
        raise StoreError(f"unsupported database URL {url!r}: use sqlite:///PATH")
    return SQLiteStatementStore(url)
