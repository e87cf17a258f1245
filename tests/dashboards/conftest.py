"""Fixtures: the hand-made mart warehouse of `dashboard_marts` and a site built from it."""

from pathlib import Path

import pytest

from tests.dashboards.dashboard_marts import make_mart_warehouse


@pytest.fixture
def mart_warehouse(tmp_path: Path) -> Path:
    return make_mart_warehouse(tmp_path / "marts.duckdb")


@pytest.fixture
def built_site(mart_warehouse: Path, tmp_path: Path) -> Path:
    from dashboards.build import build_site

    out = tmp_path / "site"
    build_site(mart_warehouse, out, min_cell_size=1)
    return out
