"""One whole run of the flow in this process, for `ace pipeline run`, the demo and the tests.

The code location's Definitions bind resources from the environment (`Settings()`); a caller
here passes its own Settings (CLI flags, a demo folder, a test's temp dir), so the same assets,
checks and job are rebound to resources built from those settings and executed in-process on
an ephemeral instance: no daemon, no Dagster home needed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from ace.settings import Settings
from pipelines.defs.dashboards.resources import dashboards_resources
from pipelines.defs.landing.assets import LRS_STATEMENTS
from pipelines.defs.landing.resources import landing_resources
from pipelines.defs.warehouse.resources import warehouse_resources

JOB_NAME = "ace_full"
GX_MASTERY_CHECK = "mastery:mastery_expectations"
DASHBOARDS_SITE = dg.AssetKey("dashboards_site")
# Dagster logs every step event at DEBUG; a console run needs warnings and failures only.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def build_resources(settings: Settings) -> dict[str, Any]:
    """Every resource the code location uses, configured from one Settings object."""
    return {
        **landing_resources(settings),
        **warehouse_resources(settings),
        **dashboards_resources(settings),
    }


def pipeline_definitions(settings: Settings) -> dg.Definitions:
    """The code location's assets, checks and job, bound to resources from `settings`."""
    from pipelines.definitions import defs

    return dg.Definitions(
        assets=list(defs.assets or []),
        asset_checks=list(defs.asset_checks or []),
        jobs=list({job.name: job for job in defs.jobs or []}.values()),
        resources=build_resources(settings),
    )


def run_pipeline(settings: Settings) -> dict[str, Any]:
    """Run `ace_full` once and summarise it for a console.

    `success` is False when a step failed; `failed_checks` lists failed dbt tests and GX checks
    (`gx_mastery_passed` is None when the check did not run).
    """
    started = time.perf_counter()
    settings.resolved_warehouse.parent.mkdir(parents=True, exist_ok=True)
    job = pipeline_definitions(settings).resolve_job_def(JOB_NAME)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance, run_config=QUIET_LOGS, raise_on_error=False
        )
    landing = _materialization_metadata(result, LRS_STATEMENTS)
    checks = {
        evaluation.asset_check_key.to_user_string(): evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }
    published = {
        event.event_specific_data.materialization.asset_key  # type: ignore[union-attr]
        for event in result.get_asset_materialization_events()
    }
    site_index = settings.resolved_site_dir / "index.html"  # None below: not rebuilt this run
    return {
        "success": result.success,
        "run_id": result.run_id,
        "statements_landed": int(landing.get("rows_landed", 0)),
        "max_sequence": int(landing.get("max_sequence", 0)),
        "mastery_rows": _count_rows(settings.resolved_warehouse, "main.mastery"),
        "warehouse": str(settings.resolved_warehouse),
        "site_index": str(site_index) if DASHBOARDS_SITE in published else None,
        "gx_mastery_passed": checks.get(GX_MASTERY_CHECK),
        "checks_passed": sum(checks.values()),
        "failed_checks": sorted(key for key, passed in checks.items() if not passed),
        "failed_steps": [event.step_key for event in result.get_step_failure_events()],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _materialization_metadata(
    result: dg.ExecuteInProcessResult, key: dg.AssetKey
) -> dict[str, Any]:
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization  # type: ignore[union-attr]
        if materialization.asset_key == key:
            return {name: value.value for name, value in materialization.metadata.items()}
    return {}


def _count_rows(warehouse: Path, table: str) -> int | None:
    if not warehouse.exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute(f"select count(*) from {table}").fetchone()
    except duckdb.Error:
        return None
    return int(row[0]) if row else None
