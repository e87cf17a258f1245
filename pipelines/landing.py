"""Landing: copy the LRS statement store and the CASE package into the warehouse's raw schema.

The store is append-only and sequence-numbered, so the warehouse's own `max(sequence)` is the
cursor: a run that dies half-way resumes where the committed pages end, and the primary key on
(tenant, statement_id) makes any overlap harmless. Each page commits together with the keys of
the learners it introduces. Learner identifiers never leave the `restricted` schema; everything
downstream sees the HMAC `student_key`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lrs.store.base import StatementStore, StoredStatement

PAGE_SIZE = 5_000

RAW_DDL = """
create schema if not exists raw;
create schema if not exists restricted;
create table if not exists raw.lrs_statements (
    sequence bigint not null,
    tenant varchar not null,
    statement_id varchar not null,
    stored timestamptz not null,
    voided boolean not null,
    payload json not null,
    landed_at timestamptz not null,
    primary key (tenant, statement_id)
);
create table if not exists restricted.learner_keys (
    actor_ifi varchar primary key,
    student_key varchar not null,
    display_name varchar
);
"""

# The same spelling as lrs.statements.agent_key and the dbt macro `actor_ifi`; the dbt
# relationships test from stg_lrs__statements.actor_ifi to learner_keys keeps them in step.
ACTOR_IFI_SQL = """
case
    when (actor->>'$.mbox') is not null then 'mbox:' || lower(actor->>'$.mbox')
    when (actor->>'$.mbox_sha1sum') is not null then 'sha1:' || lower(actor->>'$.mbox_sha1sum')
    when (actor->>'$.openid') is not null then 'openid:' || (actor->>'$.openid')
    when (actor->'$.account') is not null
        then 'account:' || coalesce(actor->>'$.account.homePage', 'None')
            || '|' || coalesce(actor->>'$.account.name', 'None')
end
"""


@dataclass(frozen=True)
class LandingReport:
    rows_landed: int
    rows_read: int
    pages: int
    first_sequence: int | None
    max_sequence: int
    new_learners: int
    seconds: float


def student_key(actor_ifi: str, secret: str) -> str:
    """The pseudonymous key analysts see: stable for a learner, useless without the secret."""
    return hmac.new(secret.encode(), actor_ifi.encode(), hashlib.sha256).hexdigest()


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


def land_statements(
    store: StatementStore,
    con: duckdb.DuckDBPyConnection,
    secret: str,
    page_size: int = PAGE_SIZE,
) -> LandingReport:
    """Copy statements committed after the warehouse's max sequence, one transaction per page."""
    started = time.perf_counter()
    ensure_raw_tables(con)
    after = _warehouse_max_sequence(con)
    snapshot = store.max_sequence()  # statements committed during the run wait for the next one
    first: int | None = None
    landed = read = pages = new_learners = 0
    while after < snapshot:
        page = [s for s in store.read_since(after, page_size) if s.sequence <= snapshot]
        if not page:
            break
        first = page[0].sequence if first is None else first
        page_landed, page_learners = _land_page(con, page, secret)
        landed += page_landed
        new_learners += page_learners
        read += len(page)
        pages += 1
        after = page[-1].sequence
    return LandingReport(
        rows_landed=landed,
        rows_read=read,
        pages=pages,
        first_sequence=first,
        max_sequence=_warehouse_max_sequence(con),
        new_learners=new_learners,
        seconds=round(time.perf_counter() - started, 3),
    )


def _warehouse_max_sequence(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: DuckDB refuses register() while a result is half-read
    rows = con.execute("select coalesce(max(sequence), 0) from raw.lrs_statements").fetchall()
    return int(rows[0][0])


def _land_page(
    con: duckdb.DuckDBPyConnection, page: list[StoredStatement], secret: str
) -> tuple[int, int]:
    """Insert one page and key its new learners in one transaction, so neither can be lost."""
    frame = pd.DataFrame(
        {
            "sequence": [s.sequence for s in page],
            "tenant": [s.tenant for s in page],
            "statement_id": [s.id for s in page],
            "stored": [s.stored for s in page],
            "voided": [s.voided for s in page],
            "payload": [s.payload.decode() for s in page],
        }
    )
    con.register("landing_page", frame)
    try:
        con.execute("begin transaction")
        inserted = con.execute(
            """
            insert into raw.lrs_statements
            select sequence, tenant, statement_id, stored::timestamptz, voided, payload::json,
                now()
            from landing_page
            on conflict do nothing
            """
        ).fetchall()
        learners = _key_new_learners(con, secret)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister("landing_page")
    return (int(inserted[0][0]) if inserted else 0), learners


def _key_new_learners(con: duckdb.DuckDBPyConnection, secret: str) -> int:
    """Key the page's learners not seen before; existing keys never change."""
    new = con.execute(
        f"""
        with actors as (
            select payload::json->'$.actor' as actor, sequence from landing_page
        ),
        identified as (
            select {ACTOR_IFI_SQL} as actor_ifi, actor->>'$.name' as display_name, sequence
            from actors
        )
        select actor_ifi, arg_min(display_name, sequence) as display_name
        from identified
        where actor_ifi is not null
            and actor_ifi not in (select actor_ifi from restricted.learner_keys)
        group by actor_ifi
        """
    ).fetchall()
    if not new:
        return 0
    frame = pd.DataFrame(
        {
            "actor_ifi": [ifi for ifi, _ in new],
            "student_key": [student_key(ifi, secret) for ifi, _ in new],
            "display_name": [name for _, name in new],
        }
    )
    con.register("new_learners", frame)
    try:
        con.execute(
            "insert into restricted.learner_keys select actor_ifi, student_key, display_name"
            " from new_learners on conflict do nothing"
        )
    finally:
        con.unregister("new_learners")
    return len(new)


def load_case_package(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, Any]:
    """Replace raw.case_items / raw.case_associations with the package's current content."""
    package = json.loads(path.read_text(encoding="utf-8"))
    document = package.get("CFDocument") or {}
    items = pd.DataFrame(
        [_case_item_row(item, document) for item in package.get("CFItems") or []],
        columns=list(_CASE_ITEM_COLUMNS),
        dtype="string",
    )
    associations = pd.DataFrame(
        [_case_association_row(a) for a in package.get("CFAssociations") or []],
        columns=list(_CASE_ASSOCIATION_COLUMNS),
        dtype="string",
    )
    con.execute("create schema if not exists raw")
    for table, frame in (("case_items", items), ("case_associations", associations)):
        con.register("case_frame", frame)
        try:
            con.execute(f"create or replace table raw.{table} as select * from case_frame")
        finally:
            con.unregister("case_frame")
    return {
        "document_title": document.get("title"),
        "document_uri": document.get("uri"),
        "items": len(items),
        "associations": len(associations),
    }


_CASE_ITEM_COLUMNS = (
    "identifier",
    "uri",
    "human_coding_scheme",
    "full_statement",
    "item_type",
    "education_level",
    "language",
    "document_uri",
    "document_title",
    "last_change_date_time",
)
_CASE_ASSOCIATION_COLUMNS = (
    "identifier",
    "uri",
    "association_type",
    "origin_uri",
    "origin_identifier",
    "destination_uri",
    "destination_identifier",
    "last_change_date_time",
)


def _case_item_row(item: dict[str, Any], document: dict[str, Any]) -> tuple[Any, ...]:
    doc = item.get("CFDocumentURI") or {}
    return (
        item.get("identifier"),
        item.get("uri"),
        item.get("humanCodingScheme"),
        item.get("fullStatement"),
        item.get("CFItemType"),
        ",".join(item.get("educationLevel") or []) or None,
        item.get("language"),
        doc.get("uri") or document.get("uri"),
        doc.get("title") or document.get("title"),
        item.get("lastChangeDateTime"),
    )


def _case_association_row(association: dict[str, Any]) -> tuple[Any, ...]:
    origin = association.get("originNodeURI") or {}
    destination = association.get("destinationNodeURI") or {}
    return (
        association.get("identifier"),
        association.get("uri"),
        association.get("associationType"),
        origin.get("uri"),
        origin.get("identifier"),
        destination.get("uri"),
        destination.get("identifier"),
        association.get("lastChangeDateTime"),
    )
