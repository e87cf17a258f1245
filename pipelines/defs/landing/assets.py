"""Raw landing: LRS statements and the CASE standards package, into the warehouse's raw schema.

Each step writes two tables in one transaction-sized unit of work, so each is a multi-asset
with one spec per table: dbt sources then map one-to-one onto Dagster assets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.landing.resources import (
    CaseStandardsResource,
    StatementStoreResource,
    StudentKeyResource,
)
from pipelines.landing import PAGE_SIZE, land_statements, load_case_package

LRS_STATEMENTS = dg.AssetKey("lrs_statements")
LEARNER_KEYS = dg.AssetKey(["restricted", "learner_keys"])
CASE_ITEMS = dg.AssetKey("case_items")
CASE_ASSOCIATIONS = dg.AssetKey("case_associations")


def _ensure_warehouse_dir(duckdb: DuckDBResource) -> None:
    Path(duckdb.database).parent.mkdir(parents=True, exist_ok=True)


@dg.multi_asset(
    name="lrs_statements",
    specs=[
        dg.AssetSpec(
            LRS_STATEMENTS,
            description="raw.lrs_statements: every statement the LRS committed, exactly once "
            "by (tenant, statement_id), landed in the store's sequence order.",
            kinds={"duckdb"},
            group_name="landing",
            tags={"layer": "raw"},
        ),
        dg.AssetSpec(
            LEARNER_KEYS,
            description="restricted.learner_keys: each learner identifier with its HMAC "
            "student_key and display name. Restricted: not for analysts.",
            kinds={"duckdb"},
            group_name="landing",
            tags={"layer": "raw", "privacy": "restricted"},
        ),
    ],
)
def lrs_statements(
    lrs_store: StatementStoreResource,
    student_keys: StudentKeyResource,
    duckdb: DuckDBResource,
) -> Iterator[dg.MaterializeResult]:
    """Statements committed to the LRS since the last landing, in pages of 5,000.

    The cursor is the warehouse's own max(sequence), so a failed run resumes where its last
    committed page ended; learners seen for the first time get their student_key.
    """
    _ensure_warehouse_dir(duckdb)
    with lrs_store.open() as store, duckdb.get_connection() as con:
        report = land_statements(store, con, student_keys.secret, page_size=PAGE_SIZE)
        totals = con.execute(
            "select (select count(*) from raw.lrs_statements),"
            " (select count(*) from restricted.learner_keys)"
        ).fetchall()
    statements_total, learners_total = totals[0]
    yield dg.MaterializeResult(
        asset_key=LRS_STATEMENTS,
        metadata={
            "rows_landed": report.rows_landed,
            "rows_read": report.rows_read,
            "pages": report.pages,
            "first_sequence": report.first_sequence,
            "max_sequence": report.max_sequence,
            "total_rows": int(statements_total),
            "seconds": report.seconds,
        },
    )
    yield dg.MaterializeResult(
        asset_key=LEARNER_KEYS,
        metadata={"new_learners": report.new_learners, "total_rows": int(learners_total)},
    )


@dg.multi_asset(
    name="case_standards",
    specs=[
        dg.AssetSpec(
            CASE_ITEMS,
            description="raw.case_items: the CFItems (standards, clusters) of the CASE package.",
            kinds={"duckdb"},
            group_name="landing",
            tags={"layer": "raw"},
        ),
        dg.AssetSpec(
            CASE_ASSOCIATIONS,
            description="raw.case_associations: the CFAssociations (isChildOf hierarchy).",
            kinds={"duckdb"},
            group_name="landing",
            tags={"layer": "raw"},
        ),
    ],
)
def case_standards(
    case_standards_file: CaseStandardsResource, duckdb: DuckDBResource
) -> Iterator[dg.MaterializeResult]:
    """The district's CASE standards package, replaced whole on every run (it is small)."""
    _ensure_warehouse_dir(duckdb)
    with duckdb.get_connection() as con:
        summary = load_case_package(con, case_standards_file.file)
    common = {
        "source_file": str(case_standards_file.file),
        "document_title": summary["document_title"] or "",
    }
    yield dg.MaterializeResult(asset_key=CASE_ITEMS, metadata={**common, "rows": summary["items"]})
    yield dg.MaterializeResult(
        asset_key=CASE_ASSOCIATIONS, metadata={**common, "rows": summary["associations"]}
    )
