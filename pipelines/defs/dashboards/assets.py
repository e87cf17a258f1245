"""The static dashboards, rebuilt by the same run that rebuilds the marts."""

from __future__ import annotations

import time
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dashboards.build import build_site
from pipelines.defs.dashboards.resources import DashboardSiteResource


@dg.asset(
    deps=[
        dg.AssetKey("mastery"),
        dg.AssetKey("dim_classes"),
        dg.AssetKey("class_students"),
        dg.AssetKey("dim_standards"),
        dg.AssetKey("dim_students"),
        dg.AssetKey(["restricted", "student_directory"]),
    ],
    kinds={"html"},
    group_name="dashboards",
)
def dashboards_site(
    duckdb: DuckDBResource, dashboard_site: DashboardSiteResource
) -> dg.MaterializeResult:
    """District overview and one mastery grid per class, as static HTML that opens offline."""
    started = time.perf_counter()
    pages = build_site(Path(duckdb.database), dashboard_site.path)
    index = pages[0]
    return dg.MaterializeResult(
        metadata={
            "index": dg.MetadataValue.path(str(index)),
            "pages": len(pages),
            "class_pages": len(pages) - 1,
            "seconds": round(time.perf_counter() - started, 3),
        }
    )
