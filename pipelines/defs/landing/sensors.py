"""Run the flow when the LRS has committed statements the last run did not see."""

from __future__ import annotations

import json

import dagster as dg

from pipelines.defs.jobs import ace_full
from pipelines.defs.landing.resources import StatementStoreResource


def _last_sequence(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(json.loads(cursor).get("last_sequence", 0))
    except (ValueError, AttributeError):
        return 0  # an unreadable cursor only costs one extra run; landing is idempotent


@dg.sensor(
    job=ace_full,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def lrs_new_statements_sensor(
    context: dg.SensorEvaluationContext, lrs_store: StatementStoreResource
) -> dg.SensorResult | dg.SkipReason:
    """Requests one `ace_full` run per new high-water mark of the LRS store's sequence."""
    last = _last_sequence(context.cursor)
    with lrs_store.open() as store:
        current = store.max_sequence()
    if current <= last:
        return dg.SkipReason(f"no statements committed after sequence {last}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"lrs-sequence-{current}")],
        cursor=json.dumps({"last_sequence": current}),
    )
