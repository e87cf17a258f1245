"""The SQLite statement store: sequence, atomicity, durability settings, filters, paging."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import orjson
import pytest

from lrs.statements import prepare_statement
from lrs.store import (
    InvalidVoiding,
    SQLiteStatementStore,
    StatementConflict,
    StatementQuery,
)
from lrs.store.sqlite import _connect, _Writer, format_stamp
from tests.lrs.conftest import make_statement

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "http://h.example", "name": "k"}}


def same(a: bytes, b: bytes) -> bool:
    return orjson.loads(a)["verb"] == orjson.loads(b)["verb"]


def prep(statement: dict) -> object:
    return prepare_statement(statement, authority=AUTHORITY, version="1.0.3")


@pytest.fixture(params=["thread", "process"])
def store(tmp_path: Path, request: pytest.FixtureRequest):
    s = SQLiteStatementStore(tmp_path / "lrs.sqlite3", writer=request.param)
    yield s
    s.close()


def test_sequence_is_strictly_increasing_across_batches(store: SQLiteStatementStore) -> None:
    for batch in range(3):
        store.save("t", [prep(make_statement(i)) for i in range(batch * 4, batch * 4 + 4)], same)
    rows = store.read_since(0, 100)
    sequences = [r.sequence for r in rows]
    assert sequences == sorted(sequences) and len(set(sequences)) == 12
    assert store.max_sequence() == sequences[-1]
    assert [r.sequence for r in store.read_since(sequences[5], 100)] == sequences[6:]


def test_store_fills_stored_and_timestamp_at_commit(store: SQLiteStatementStore) -> None:
    with_ts = make_statement(1, timestamp="2026-01-05T10:00:00-05:00")
    store.save("t", [prep(make_statement(0)), prep(with_ts)], same)
    first, second = (orjson.loads(r.payload) for r in store.read_since(0, 10))
    assert first["stored"] == first["timestamp"] and first["stored"].endswith("Z")
    assert second["timestamp"] == "2026-01-05T10:00:00-05:00"
    assert second["stored"] != second["timestamp"]
    assert first["authority"] == AUTHORITY and first["version"] == "1.0.0"


def test_conflicting_batch_stores_nothing(store: SQLiteStatementStore) -> None:
    original = make_statement(0, id="11111111-1111-4111-8111-111111111111")
    store.save("t", [prep(original)], same)
    changed = make_statement(1, id="11111111-1111-4111-8111-111111111111")
    with pytest.raises(StatementConflict):
        store.save("t", [prep(make_statement(2)), prep(changed)], same)
    assert store.max_sequence() == 1 and len(store.read_since(0, 10)) == 1


def test_equivalent_resend_is_a_no_op(store: SQLiteStatementStore) -> None:
    st = make_statement(0, id="22222222-2222-4222-8222-222222222222")
    assert store.save("t", [prep(dict(st))], same) == [st["id"]]
    assert store.save("t", [prep(dict(st))], same) == [st["id"]]
    assert store.max_sequence() == 1


def test_same_id_in_other_tenant_is_independent(store: SQLiteStatementStore) -> None:
    st = make_statement(0, id="33333333-3333-4333-8333-333333333333")
    store.save("a", [prep(dict(st))], same)
    store.save("b", [prep(make_statement(1, id=st["id"]))], same)
    assert store.get("a", st["id"], voided=False) is not None
    assert orjson.loads(store.get("b", st["id"], voided=False).payload)["verb"] != st["verb"]
    assert store.get("c", st["id"], voided=False) is None


def test_voiding_hides_target_and_voiding_a_voider_is_refused(store: SQLiteStatementStore) -> None:
    target = make_statement(0, id="44444444-4444-4444-8444-444444444444")
    voider = make_statement(
        1,
        id="55555555-5555-4555-8555-555555555555",
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    store.save("t", [prep(target), prep(voider)], same)
    assert store.get("t", target["id"], voided=False) is None
    assert store.get("t", target["id"], voided=True) is not None
    page = store.query("t", StatementQuery(limit=10))
    assert [s.id for s in page.statements] == [voider["id"]]
    bad = make_statement(
        2,
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": voider["id"]},
    )
    with pytest.raises(InvalidVoiding):
        store.save("t", [prep(bad)], same)


def test_filters_use_interned_keys(store: SQLiteStatementStore) -> None:
    store.save("t", [prep(make_statement(i)) for i in range(20)], same)
    agent = "account:https://sis.example.org|stu-1"
    by_agent = store.query("t", StatementQuery(agent=agent, limit=100)).statements
    assert len(by_agent) == 7  # i % 3 == 1 for i in 0..19
    by_verb = store.query(
        "t", StatementQuery(verb="http://adlnet.gov/expapi/verbs/completed")
    ).statements
    assert len(by_verb) == 10
    both = store.query("t", StatementQuery(agent=agent, activity="https://apps.example.org/quiz/1"))
    assert {orjson.loads(s.payload)["object"]["id"] for s in both.statements} == {
        "https://apps.example.org/quiz/1"
    }
    category = "https://standards.example.org/6.EE.A.1"
    assert store.query("t", StatementQuery(activity=category)).statements == []
    related = store.query("t", StatementQuery(activity=category, related_activities=True))
    assert len(related.statements) == 20
    assert store.query("t", StatementQuery(verb="http://never.example/seen")).statements == []


def test_paging_is_stable_while_statements_arrive(store: SQLiteStatementStore) -> None:
    store.save("t", [prep(make_statement(i)) for i in range(5)], same)
    first = store.query("t", StatementQuery(limit=2))
    assert first.more and len(first.statements) == 2
    store.save("t", [prep(make_statement(i)) for i in range(5, 8)], same)
    seen = [s.sequence for s in first.statements]
    after = first.statements[-1].sequence
    while True:
        page = store.query(
            "t", StatementQuery(limit=2, after_sequence=after, max_sequence=first.snapshot)
        )
        seen += [s.sequence for s in page.statements]
        if not page.more:
            break
        after = page.statements[-1].sequence
    assert seen == [5, 4, 3, 2, 1]


def test_concurrent_writers_are_group_committed(store: SQLiteStatementStore) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for j in range(10):
                store.save("t", [prep(make_statement(n * 100 + j + k)) for k in range(5)], same)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.max_sequence() == 8 * 10 * 5
    assert len({r.id for r in store.read_since(0, 1000)}) == 400


def test_database_is_wal_with_full_sync(store: SQLiteStatementStore, tmp_path: Path) -> None:
    store.save("t", [prep(make_statement(0))], same)
    con = sqlite3.connect(tmp_path / "lrs.sqlite3")
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    # Every connection the store opens (the writer's included) commits with a full fsync.
    assert (
        _connect(str(tmp_path / "other.sqlite3")).execute("pragma synchronous").fetchone()[0] == 2
    )  # FULL
    assert con.execute("select count(*) from statements").fetchone()[0] == 1


def test_statement_refs_match_their_targets_filters(store: SQLiteStatementStore) -> None:
    target = make_statement(0, id="66666666-6666-4666-8666-666666666666")
    confirm = {
        "actor": {"mbox": "mailto:teacher@example.org"},
        "verb": {"id": "http://example.org/verbs/confirmed"},
        "object": {"objectType": "StatementRef", "id": target["id"]},
    }
    chained = {
        "actor": {"mbox": "mailto:principal@example.org"},
        "verb": {"id": "http://example.org/verbs/approved"},
        "object": {"objectType": "StatementRef", "id": "77777777-7777-4777-8777-777777777777"},
    }
    # the chain arrives out of order: c -> b -> a, with a stored last
    store.save("t", [prep(chained)], same)
    store.save("t", [prep(dict(confirm, id="77777777-7777-4777-8777-777777777777"))], same)
    store.save("t", [prep(target)], same)
    agent = "account:https://sis.example.org|stu-0"
    for q in (
        StatementQuery(agent=agent),
        StatementQuery(verb=target["verb"]["id"]),
        StatementQuery(activity=target["object"]["id"]),
    ):
        assert len(store.query("t", q).statements) == 3, q
    own = store.query("t", StatementQuery(verb="http://example.org/verbs/confirmed")).statements
    assert len(own) == 2  # the confirmation and what refers to it, not the original


def test_registration_filter(store: SQLiteStatementStore) -> None:
    reg_a, reg_b = "8f1c2d4e-8a9b-4c3d-9e0f-a1b2c3d4e5f6", "9f1c2d4e-8a9b-4c3d-9e0f-a1b2c3d4e5f6"
    batch = []
    for i in range(6):
        st = make_statement(i)
        st["context"]["registration"] = reg_a if i % 3 else reg_b.upper()
        batch.append(prep(st))
    store.save("t", batch, same)
    assert len(store.query("t", StatementQuery(registration=reg_a)).statements) == 4
    assert len(store.query("t", StatementQuery(registration=reg_b)).statements) == 2
    other = "00000000-0000-4000-8000-000000000000"
    assert store.query("t", StatementQuery(registration=other)).statements == []


def test_server_assigned_ids_are_time_ordered_rfc4122_uuids() -> None:
    import uuid

    from lrs.statements import new_statement_id

    ids = [new_statement_id() for _ in range(5000)]
    assert len(set(ids)) == 5000
    assert ids == sorted(ids)  # time-ordered, even within one millisecond
    for value in ids[:50]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def _group(writer: _Writer, *jobs: tuple[str, list[object]]) -> list[object]:
    """Commit these requests as one group, as the writer does with requests that queue up."""
    return writer.commit_group([(t, sts, same, ()) for t, sts in jobs], lambda _: None)


def test_a_group_of_plain_new_requests_is_written_together(tmp_path: Path) -> None:
    writer = _Writer(str(tmp_path / "lrs.sqlite3"))
    try:
        sql: list[str] = []
        writer.con.set_trace_callback(sql.append)
        results = _group(writer, *(("t", [prep(make_statement(i))]) for i in range(6)))
        writer.con.set_trace_callback(None)
        assert all(isinstance(r, list) and len(r) == 1 for r in results)
        assert not [q for q in sql if q.startswith("savepoint")]  # no per-request savepoints
        assert len([q for q in sql if q.startswith("select id, payload from statements")]) == 1
        rows = writer.con.execute("select id, sequence from statements order by sequence")
        assert [r[0] for r in rows] == [r[0] for r in results]  # type: ignore[index]
        # One sequence per statement, in request order; every filter key is there.
        keys = writer.con.execute("select count(distinct sequence) from statement_keys")
        assert keys.fetchone()[0] == 6
    finally:
        writer.close()


def test_a_group_with_a_conflict_fails_only_that_request(tmp_path: Path) -> None:
    writer = _Writer(str(tmp_path / "lrs.sqlite3"))
    try:
        taken = make_statement(0, id="55555555-5555-4555-8555-555555555555")
        _group(writer, ("t", [prep(dict(taken))]))
        clash = make_statement(1, id=taken["id"])  # another verb: not equivalent
        results = _group(
            writer,
            ("t", [prep(make_statement(2))]),
            ("t", [prep(clash)]),
            ("t", [prep(make_statement(3))]),
            ("u", [prep(make_statement(4))]),  # another tenant in the same group
        )
        assert isinstance(results[1], StatementConflict)  # found by the one-by-one path
        assert all(isinstance(results[i], list) for i in (0, 2, 3))
        count = writer.con.execute("select count(*) from statements").fetchone()[0]
        assert count == 4  # the first statement, then three of the four requests
    finally:
        writer.close()


@pytest.mark.parametrize(
    "epoch_ms",
    [0, 999, 1000, 1_764_790_000_123, 1_764_790_000_999, 1_764_790_001_000, 4_102_444_799_999],
)
def test_format_stamp_matches_datetime_across_second_boundaries(epoch_ms: int) -> None:
    from datetime import UTC, datetime

    expected = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.")
    assert format_stamp(epoch_ms) == f"{expected}{epoch_ms % 1000:03d}Z"
    assert format_stamp(epoch_ms + 1000) != format_stamp(epoch_ms)  # the cache moves on


def _voiding(target: str, sid: str) -> dict:
    return make_statement(
        0,
        id=sid,
        verb={"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        object={"objectType": "StatementRef", "id": target},
    )


def test_a_new_tenants_rolled_back_first_request_does_not_leak_to_another_tenant(
    store: SQLiteStatementStore,
) -> None:
    """The tenant row created by a request that is rolled back is gone: so is its cached id."""
    first = "66666666-6666-4666-8666-666666666661"
    second = "66666666-6666-4666-8666-666666666662"
    with pytest.raises(InvalidVoiding):  # voids a voiding statement: the request is refused
        store.save(
            "a",
            [
                prep(_voiding("66666666-6666-4666-8666-666666666660", first)),
                prep(_voiding(first, second)),
            ],
            same,
        )
    store.save("a", [prep(make_statement(1, id="77777777-7777-4777-8777-777777777777"))], same)
    store.save("b", [prep(make_statement(2, id="88888888-8888-4888-8888-888888888888"))], same)
    assert [s.id for s in store.query("a", StatementQuery()).statements] == [
        "77777777-7777-4777-8777-777777777777"
    ]
    assert [s.id for s in store.query("b", StatementQuery()).statements] == [
        "88888888-8888-4888-8888-888888888888"
    ]


def test_a_cancelled_request_does_not_stop_the_answers_to_later_ones(
    store: SQLiteStatementStore,
) -> None:
    """A request whose client went away (its future cancelled) is still committed; every
    request after it still gets its answer."""
    first = store.submit("t", [prep(make_statement(0))], same)
    first.cancel()
    later = [store.submit("t", [prep(make_statement(i))], same) for i in range(1, 4)]
    assert [len(f.result(timeout=30)) for f in later] == [1, 1, 1]
    assert store.max_sequence() == 4  # the cancelled request was committed all the same
