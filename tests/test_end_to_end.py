"""The whole flow: a small simulated district posts over HTTP to a real LRS, the pipeline runs,
and the warehouse's mastery equals what the statements the apps sent imply."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ace.demo import DemoResult, run_demo
from schemas import profile as p

pytestmark = pytest.mark.slow
RATE = 0.65


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    out = tmp_path_factory.mktemp("demo")
    return run_demo(out, students=12, days=10, seed=7, progress=False)


def normalised(result: dict[str, Any]) -> float:
    score = result["score"]
    if "scaled" in score:
        return max(0.0, score["scaled"])
    return (score["raw"] - score["min"]) / (score["max"] - score["min"])


def decaying_average(scores: list[float]) -> float:
    value = scores[0]
    for score in scores[1:]:
        value = (1 - RATE) * value + RATE * score
    return value


def expected_mastery(demo: DemoResult) -> dict[tuple[str, str], tuple[float, int]]:
    """Recomputed from what the apps sent: scored, non-agency statements per standard."""
    evidence: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for item in demo.statements:
        st = item.statement
        if st["verb"]["id"] in p.AGENCY_VERBS or "score" not in st.get("result", {}):
            continue
        for category in st["context"]["contextActivities"].get("category", []):
            key = (st["actor"]["account"]["name"], category["id"])
            evidence[key].append((st["timestamp"], normalised(st["result"])))
    return {
        key: (decaying_average([s for _, s in sorted(items)]), len(items))
        for key, items in evidence.items()
    }


def test_pipeline_succeeded_and_published(demo: DemoResult) -> None:
    assert demo.pipeline["success"], demo.pipeline
    assert demo.pipeline["statements_landed"] == len(demo.statements)
    assert demo.pipeline["failed_checks"] == []
    assert Path(demo.pipeline["site_index"]).is_file()


def test_mastery_matches_the_statements_the_apps_sent(demo: DemoResult) -> None:
    expected = expected_mastery(demo)
    con = duckdb.connect(str(demo.settings.resolved_warehouse), read_only=True)
    rows = con.sql(
        """
        select split_part(d.actor_ifi, '|', 2) as sourced_id, m.standard_uri,
               m.mastery_score, m.evidence_count, m.method
        from main.mastery m join restricted.student_directory d using (student_key)
        """
    ).fetchall()
    con.close()
    assert len(rows) == len(expected) > 20
    for sourced_id, standard_uri, score, count, method in rows:
        want, want_count = expected[(sourced_id, standard_uri)]
        assert method == "decaying_average"
        assert count == want_count, (sourced_id, standard_uri)
        assert score == pytest.approx(want, abs=1e-5), (sourced_id, standard_uri)


def test_analyst_tables_carry_no_names(demo: DemoResult) -> None:
    con = duckdb.connect(str(demo.settings.resolved_warehouse), read_only=True)
    names = {s.name for s in demo.district.students}
    for table in ("mastery", "fct_evidence", "dim_students"):
        columns = [c[0] for c in con.sql(f"describe main.{table}").fetchall()]
        assert "student_key" in columns
        text = " ".join(
            str(v) for row in con.sql(f"select * from main.{table}").fetchall() for v in row
        )
        assert not any(name in text for name in names), table
    con.close()
