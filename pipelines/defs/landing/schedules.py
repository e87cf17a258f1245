"""The nightly full run, so reference data and dashboards refresh even on a quiet day."""

import dagster as dg

from ace.settings import Settings
from pipelines.defs.jobs import ace_full


def _timezone(settings: Settings) -> str:
    # Settings may grow a `schedule_timezone` field (ACE_SCHEDULE_TIMEZONE); UTC until then.
    return str(getattr(settings, "schedule_timezone", None) or "UTC")


ace_nightly = dg.ScheduleDefinition(
    name="ace_nightly",
    job=ace_full,
    cron_schedule="0 2 * * *",
    execution_timezone=_timezone(Settings()),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00: land, build, check, publish.",
)
