"""Where the static dashboards are published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from ace.settings import Settings


class DashboardSiteResource(dg.ConfigurableResource):
    """The folder the static site is written to (served or shared as plain files)."""

    out_dir: str

    @property
    def path(self) -> Path:
        return Path(self.out_dir)


def dashboards_resources(settings: Settings) -> dict[str, Any]:
    return {"dashboard_site": DashboardSiteResource(out_dir=str(settings.resolved_site_dir))}


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(resources=dashboards_resources(Settings()))
