"""The whole code location loads, and its job, sensor, schedule and checks are wired as meant."""

from typing import Any

import dagster as dg
import pytest

from pipelines.definitions import defs


@pytest.fixture(scope="module")
def graph() -> Any:
    return defs.resolve_asset_graph()


def test_job_sensor_and_schedule_resolve() -> None:
    job = defs.resolve_job_def("ace_full")
    sensor = defs.resolve_sensor_def("lrs_new_statements_sensor")
    schedule = defs.resolve_schedule_def("ace_nightly")
    assert sensor.job_name == "ace_full"
    assert schedule.job_name == "ace_full"
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "UTC"
    assert job.executor_def is dg.in_process_executor  # one DuckDB writer at a time
    assert defs.executor is dg.in_process_executor  # ad-hoc materializations too


def test_every_asset_is_materialized_by_the_job(graph: Any) -> None:
    job = defs.resolve_job_def("ace_full")
    keys = graph.get_all_asset_keys()
    assert all(graph.get(key).is_materializable for key in keys), "a dangling external asset"
    assert set(job.asset_layer.selected_asset_keys) == keys


def test_landing_feeds_the_dbt_sources_and_the_marts_feed_the_site(graph: Any) -> None:
    parents = graph.get(dg.AssetKey(["staging", "stg_lrs__statements"])).parent_keys
    assert parents == {dg.AssetKey("lrs_statements")}
    learners = graph.get(dg.AssetKey(["intermediate", "int_learner_statements"])).parent_keys
    assert dg.AssetKey(["restricted", "learner_keys"]) in learners
    standards = graph.get(dg.AssetKey(["staging", "stg_case__standards"])).parent_keys
    assert standards == {dg.AssetKey("case_items")}
    site = graph.get(dg.AssetKey("dashboards_site"))
    assert dg.AssetKey("mastery") in site.parent_keys
    assert site.group_name == "dashboards"
    assert graph.get(dg.AssetKey("mastery")).group_name == "warehouse"
    assert graph.get(dg.AssetKey("lrs_statements")).group_name == "landing"
    assert "duckdb" in graph.get(dg.AssetKey("lrs_statements")).kinds


def test_the_gx_check_blocks_the_mastery_mart(graph: Any) -> None:
    key = dg.AssetCheckKey(dg.AssetKey("mastery"), "mastery_expectations")
    assert key in graph.asset_check_keys
    assert graph.get_check_spec(key).blocking
    dbt_tests = [k for k in graph.asset_check_keys if k.asset_key == dg.AssetKey("mastery")]
    assert len(dbt_tests) > 5  # the dbt tests on mastery are asset checks too
