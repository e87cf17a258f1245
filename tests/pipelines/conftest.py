"""The whole flow, run once per session over the known district of `ace_district`."""

from __future__ import annotations

import pytest

from tests.pipelines.ace_district import (
    DistrictRun,
    district_batches,
    district_settings,
    fill_store,
)


@pytest.fixture(scope="session")
def district_run(tmp_path_factory: pytest.TempPathFactory) -> DistrictRun:
    """The whole flow, once: store -> landing -> dbt build -> GX check -> dashboards."""
    from pipelines.run import run_pipeline

    settings = district_settings(tmp_path_factory.mktemp("district"))
    stored = fill_store(settings.resolved_database_url, district_batches())
    summary = run_pipeline(settings)
    assert summary["success"], summary
    return DistrictRun(settings=settings, summary=summary, statements_stored=stored)
