"""A failing Great Expectations check must stop bad mastery rows reaching the dashboards."""

from pathlib import Path

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.defs.dashboards.assets import dashboards_site
from pipelines.defs.dashboards.resources import DashboardSiteResource
from pipelines.defs.warehouse.checks import mastery_expectations

MARTS = """
create table main.dim_students as select 'k' as student_key;
create table main.dim_classes as select 'c' as class_id, 'Class' as class_name,
    'School' as school_name, 1 as student_count;
create table main.class_students as select 'c' as class_id, 'k' as student_key;
create table main.dim_standards as select 'https://s/1' as standard_uri,
    'Add fractions.' as full_statement;
"""


@dg.asset(key="mastery")
def broken_mastery(duckdb: DuckDBResource) -> None:
    """Stands in for the dbt models: a mastery row with a score above 1, and the dimensions."""
    with duckdb.get_connection() as con:
        con.execute(MARTS)
        con.execute(
            "create table main.mastery as select 'k' as student_key,"
            " 'https://s/1' as standard_uri, '6.EE.A.1' as standard_code,"
            " 'decaying_average' as method, 1.5 as mastery_score, 6.0 as scale_score,"
            " 4 as level, 'Exceeds' as level_label, true as is_mastered, 3 as evidence_count"
        )


@pytest.mark.slow
def test_failing_check_skips_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = dg.materialize(
        [broken_mastery, mastery_expectations, dashboards_site],
        resources={
            "duckdb": DuckDBResource(database=str(tmp_path / "w.duckdb")),
            "dashboard_site": DashboardSiteResource(out_dir=str(site)),
        },
        raise_on_error=False,
    )
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert "mastery_score" in evaluation.metadata["failing_expectations"].value
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey("dashboards_site") not in materialized
    assert not (site / "index.html").exists()
