"""One job for the whole flow: landing, dbt build, checks, dashboards."""

import dagster as dg

# In-process: DuckDB allows one writing process per file, and every step here writes it.
ace_full = dg.define_asset_job(
    "ace_full",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Land new LRS statements and the standards, build the warehouse, check it, "
    "and rebuild the dashboards.",
)


@dg.definitions
def defs() -> dg.Definitions:
    """Ad-hoc materializations from the UI run in-process too, for the same reason."""
    return dg.Definitions(jobs=[ace_full], executor=dg.in_process_executor)
