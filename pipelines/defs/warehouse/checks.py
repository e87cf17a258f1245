"""Great Expectations suite on the mastery mart: bad mastery rows must not reach the dashboards."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import dagster as dg
from dagster_duckdb import DuckDBResource

if TYPE_CHECKING:
    import pandas as pd

MASTERY_METHODS = ("decaying_average",)
MASTERY_GRAIN = ("student_key", "standard_uri", "method")


def _mastery_suite() -> Any:
    import great_expectations as gx  # ~7 s to import: only when a check actually runs

    suite = gx.ExpectationSuite(name="mastery")
    for expectation in (
        gx.expectations.ExpectColumnValuesToNotBeNull(column="student_key"),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="mastery_score", min_value=0, max_value=1
        ),
        gx.expectations.ExpectColumnValuesToNotBeNull(column="mastery_score"),
        gx.expectations.ExpectColumnValuesToBeInSet(column="level", value_set=[1, 2, 3, 4]),
        gx.expectations.ExpectColumnValuesToBeBetween(column="evidence_count", min_value=1),
        gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(MASTERY_GRAIN)),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="method", value_set=list(MASTERY_METHODS)
        ),
    ):
        suite.add_expectation(expectation)
    return suite


def _ephemeral_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        analytics_enabled=False,  # no network calls from a school district's server
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _expectation_name(result: Any) -> str:
    config = result.expectation_config
    columns = config.kwargs.get("column") or ",".join(config.kwargs.get("column_list") or [])
    return f"{config.type}({columns})"


def validate_mastery(frame: pd.DataFrame) -> dg.AssetCheckResult:
    """Validate mastery rows with GX 1.x on a pandas frame.

    Pandas, not SQL: GX's SQLAlchemy path returns empty results on DuckDB tables.
    """
    context = _ephemeral_context()
    batch = (
        context.data_sources.add_pandas("warehouse")
        .add_dataframe_asset("mastery")
        .add_batch_definition_whole_dataframe("whole_table")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    validation = batch.validate(_mastery_suite(), result_format="SUMMARY")
    failed = [_expectation_name(r) for r in validation.results if not r.success]
    stats = validation.statistics
    return dg.AssetCheckResult(
        passed=bool(validation.success),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rows": len(frame),
            "expectations_evaluated": int(stats["evaluated_expectations"]),
            "expectations_failed": int(stats["unsuccessful_expectations"]),
            "failing_expectations": ", ".join(failed) or "none",
        },
    )


@dg.asset_check(
    asset=dg.AssetKey("mastery"),
    blocking=True,
    description="Great Expectations: keys present, scores in 0-1, levels 1-4, evidence >= 1, "
    "one row per student × standard × method, known methods.",
)
def mastery_expectations(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        frame = con.execute("select * from main.mastery").df()
    return validate_mastery(frame)
