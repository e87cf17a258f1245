"""Landing without dbt: exactly-once copies, pages, learner keys, the CASE package."""

from pathlib import Path

import duckdb
import pytest

from lrs.statements import agent_key
from lrs.store import open_store
from pipelines.landing import land_statements, load_case_package, student_key
from schemas import profile
from tests.pipelines.ace_district import (
    AVA,
    BEN,
    CASE_FILE,
    CY,
    SECRET,
    district_batches,
    fill_store,
    statement,
)


def test_student_key_is_stable_and_depends_on_the_secret() -> None:
    ifi = "account:https://sis.example.org|s-001"
    key = student_key(ifi, "secret-a")
    assert key == student_key(ifi, "secret-a")
    assert key != student_key(ifi, "secret-b")
    assert key != student_key("account:https://sis.example.org|s-002", "secret-a")
    assert len(key) == 64 and int(key, 16) >= 0  # hex SHA-256, no identifier inside
    assert "s-001" not in key


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'lrs.sqlite3'}"


def _land(store_url: str, warehouse: Path, page_size: int = 5_000):
    store = open_store(store_url)
    try:
        with duckdb.connect(str(warehouse)) as con:
            return land_statements(store, con, SECRET, page_size=page_size)
    finally:
        store.close()


def test_landing_is_exactly_once_and_resumes_after_the_last_sequence(
    store_url: str, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    stored = fill_store(store_url, district_batches())
    first = _land(store_url, warehouse, page_size=4)
    assert first.rows_landed == stored
    assert first.pages == -(-stored // 4)  # ceil: pages of 4
    assert first.max_sequence == stored

    again = _land(store_url, warehouse)
    assert (again.rows_landed, again.rows_read, again.new_learners) == (0, 0, 0)

    more = [statement(BEN, profile.VERB_SCORED, "https://mathapp.example.org/q/new", 500)]
    fill_store(store_url, [more])
    third = _land(store_url, warehouse)
    assert (third.rows_landed, third.first_sequence, third.new_learners) == (1, stored + 1, 0)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        count = con.execute("select count(*), count(distinct statement_id) from raw.lrs_statements")
        assert count.fetchall() == [(stored + 1, stored + 1)]


def test_learner_keys_spell_identifiers_like_the_lrs(store_url: str, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    fill_store(store_url, district_batches())
    report = _land(store_url, warehouse)
    assert report.new_learners == 4  # three students and the teacher who voided a statement
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(
            con.execute("select actor_ifi, student_key from restricted.learner_keys").fetchall()
        )
        names = dict(
            con.execute("select actor_ifi, display_name from restricted.learner_keys").fetchall()
        )
    for actor in (AVA, BEN, CY):
        ifi = agent_key(actor)
        assert ifi is not None
        assert rows[ifi] == student_key(ifi, SECRET)
        assert names[ifi] == actor["name"]
    assert "mbox:mailto:cy@example.org" in rows  # mbox is compared lower-case


def test_case_package_lands_items_and_associations(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        summary = load_case_package(con, CASE_FILE)
        again = load_case_package(con, CASE_FILE)  # replaced, not appended
        items = con.execute(
            "select count(*) from raw.case_items where human_coding_scheme = '6.EE.A.1'"
        ).fetchall()
        parents = con.execute(
            "select count(*) from raw.case_associations where association_type = 'isChildOf'"
        ).fetchall()
    assert summary == again
    assert summary["items"] == 28 and summary["associations"] > 0
    assert items == [(1,)]
    assert parents[0][0] == summary["associations"]
