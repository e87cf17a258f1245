"""The sensor asks for one run per new high-water mark of the store, and none otherwise."""

import json
from pathlib import Path

import dagster as dg
import pytest

from pipelines.defs.landing.resources import StatementStoreResource
from pipelines.defs.landing.sensors import lrs_new_statements_sensor
from schemas import profile
from tests.pipelines.ace_district import BEN, fill_store, statement


@pytest.fixture
def store_resource(tmp_path: Path) -> StatementStoreResource:
    url = f"sqlite:///{tmp_path / 'lrs.sqlite3'}"
    batch = [
        statement(BEN, profile.VERB_SCORED, f"https://mathapp.example.org/q/{k}", k)
        for k in range(3)
    ]
    assert fill_store(url, [batch]) == 3
    return StatementStoreResource(database_url=url)


def _tick(resource: StatementStoreResource, cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor, resources={"lrs_store": resource})
    return lrs_new_statements_sensor(context)


def test_nothing_new_means_no_run(store_resource: StatementStoreResource) -> None:
    result = _tick(store_resource, json.dumps({"last_sequence": 3}))
    assert isinstance(result, dg.SkipReason)
    assert "3" in (result.skip_message or "")


def test_new_statements_request_one_run_keyed_by_sequence(
    store_resource: StatementStoreResource,
) -> None:
    result = _tick(store_resource, json.dumps({"last_sequence": 1}))
    assert isinstance(result, dg.SensorResult)
    assert [r.run_key for r in result.run_requests or []] == ["lrs-sequence-3"]
    assert json.loads(result.cursor or "{}") == {"last_sequence": 3}


@pytest.mark.parametrize("cursor", [None, "", "not json"])
def test_a_missing_or_broken_cursor_starts_from_zero(
    store_resource: StatementStoreResource, cursor: str | None
) -> None:
    result = _tick(store_resource, cursor)
    assert isinstance(result, dg.SensorResult)
    assert [r.run_key for r in result.run_requests or []] == ["lrs-sequence-3"]


def test_an_empty_store_requests_nothing(tmp_path: Path) -> None:
    empty = StatementStoreResource(database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert isinstance(_tick(empty, None), dg.SkipReason)
