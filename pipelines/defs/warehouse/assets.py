"""The dbt models of `warehouse/`, built (models and their tests) by one `dbt build`."""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from ace.settings import Settings
from pipelines.defs.warehouse.resources import ace_dbt_project, prepare_manifest, warehouse_env


class AceDbtTranslator(DagsterDbtTranslator):
    """Every dbt model lives in the `warehouse` group; sources map to landing assets by meta."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "warehouse"


@dbt_assets(
    manifest=prepare_manifest(ace_dbt_project, Settings().resolved_warehouse),
    project=ace_dbt_project,
    dagster_dbt_translator=AceDbtTranslator(),
    name="ace_warehouse_models",
)
def ace_warehouse_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource
) -> Iterator[Any]:
    """Staging, intermediate and mart models of the ACE warehouse, with their dbt tests."""
    with warehouse_env(duckdb.database):
        invocation = dbt.cli(["build"], context=context)
    yield from invocation.stream()
