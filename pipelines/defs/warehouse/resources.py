"""The warehouse: one DuckDB file, built by the dbt project in `warehouse/`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from ace.settings import REPO_ROOT, Settings

WAREHOUSE_PROJECT_DIR = REPO_ROOT / "warehouse"

ace_dbt_project = DbtProject(project_dir=WAREHOUSE_PROJECT_DIR)

# dbt is installed beside this interpreter; the venv's bin/ need not be on PATH.
_VENV_DBT = Path(sys.executable).parent / "dbt"
DBT_EXECUTABLE = str(_VENV_DBT) if _VENV_DBT.exists() else "dbt"


@contextmanager
def warehouse_env(database: str | Path) -> Iterator[None]:
    """Point dbt's profile (`env_var('ACE_WAREHOUSE')`) at this run's DuckDB file.

    dbt runs as a subprocess that inherits os.environ when it starts, so the variable only
    needs to be set while the invocation is launched.
    """
    previous = os.environ.get("ACE_WAREHOUSE")
    os.environ["ACE_WAREHOUSE"] = str(Path(database).resolve())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("ACE_WAREHOUSE", None)
        else:
            os.environ["ACE_WAREHOUSE"] = previous


def _manifest_is_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [project.project_dir / "dbt_project.yml", project.project_dir / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        sources += [p for p in (project.project_dir / folder).rglob("*") if p.is_file()]
    return any(p.exists() and p.stat().st_mtime > built for p in sources)


def prepare_manifest(project: DbtProject, warehouse: Path) -> Path:
    """Parse the dbt project when target/ is missing (it is git-ignored) or older than the models.

    The Definitions need the manifest at import time; parsing needs no network and no
    database, only the profile's env var.
    """
    if _manifest_is_stale(project):
        dbt = DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)
        with warehouse_env(warehouse):
            invocation = dbt.cli(["parse", "--quiet"], target_path=project.target_path)
        invocation.wait()
    return project.manifest_path


def warehouse_resources(settings: Settings) -> dict[str, Any]:
    return {
        "duckdb": DuckDBResource(database=str(settings.resolved_warehouse)),
        "dbt": DbtCliResource(project_dir=ace_dbt_project, dbt_executable=DBT_EXECUTABLE),
    }


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(resources=warehouse_resources(Settings()))
