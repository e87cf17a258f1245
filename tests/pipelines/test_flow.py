"""End to end over the known district: store -> landing -> dbt -> GX -> dashboards."""

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ace.settings import REPO_ROOT
from dashboards.build import class_page_name
from lrs.statements import agent_key
from lrs.store import open_store
from pipelines.landing import land_statements, student_key
from pipelines.mastery import decaying_average
from tests.pipelines.ace_district import (
    AVA,
    BEN,
    CLASS_A,
    CY,
    EE_A_1,
    NS_B_2,
    OBJECTIVE,
    RP_A_1,
    SECRET,
    VOIDED_ID,
    DistrictRun,
)

pytestmark = pytest.mark.slow


def key_of(actor: dict[str, Any]) -> str:
    ifi = agent_key(actor)
    assert ifi is not None
    return student_key(ifi, SECRET)


def query(run: DistrictRun, sql: str, params: list[Any] | None = None) -> list[tuple]:
    with duckdb.connect(str(run.settings.resolved_warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def mastery(run: DistrictRun, actor: dict[str, Any], standard: str) -> dict[str, Any]:
    with duckdb.connect(str(run.settings.resolved_warehouse), read_only=True) as con:
        cursor = con.execute(
            "select * from main.mastery where student_key = ? and standard_uri = ?",
            [key_of(actor), standard],
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1, rows
    return dict(zip(names, rows[0], strict=True))


def test_the_run_succeeds_and_reports_what_it_did(district_run: DistrictRun) -> None:
    summary = district_run.summary
    assert summary["success"] and not summary["failed_steps"]
    assert summary["statements_landed"] == district_run.statements_stored == 16
    assert summary["max_sequence"] == 16
    assert summary["mastery_rows"] == 6
    assert summary["gx_mastery_passed"] is True
    assert summary["failed_checks"] == []
    assert summary["checks_passed"] > 40  # dbt tests arrive as asset checks
    assert Path(summary["site_index"]).is_file()


def test_decaying_average_in_time_order_not_stored_order(district_run: DistrictRun) -> None:
    row = mastery(district_run, AVA, EE_A_1)
    expected = decaying_average([0.2, 0.4, 0.6, 0.8, 1.0])  # stored as 4,5 then 1,2,3
    assert row["mastery_score"] == pytest.approx(expected, abs=1e-6)
    assert row["scale_score"] == pytest.approx(expected * 4, abs=1e-5)
    assert (row["level"], row["level_label"], row["is_mastered"]) == (3, "Proficient", True)
    assert row["evidence_count"] == 5  # not the voided 0.0, not the self-assessment
    assert (row["method"], json.loads(row["method_params"])) == ("decaying_average", {"rate": 0.65})
    assert row["standard_code"] == "6.EE.A.1"


@pytest.mark.parametrize(
    ("actor", "standard", "score", "level", "evidence"),
    [
        (BEN, RP_A_1, 0.35 * 0.4 + 0.65 * 0.8, 2, 2),  # raw 2 of 0-5, then raw 8 of max 10
        (BEN, NS_B_2, 1.0, 4, 1),  # success only
        (CY, EE_A_1, 0.0, 1, 1),  # scaled -0.5 clamps to 0
        (CY, RP_A_1, 0.7, 3, 1),  # exactly on the Proficient cut
        (CY, OBJECTIVE, 0.75, 3, 1),  # an objective outside the CASE package
    ],
)
def test_known_mastery_values(
    district_run: DistrictRun,
    actor: dict[str, Any],
    standard: str,
    score: float,
    level: int,
    evidence: int,
) -> None:
    row = mastery(district_run, actor, standard)
    assert row["mastery_score"] == pytest.approx(score, abs=1e-6)
    assert (row["level"], row["evidence_count"]) == (level, evidence)


def test_objective_without_a_case_item_is_named_by_its_activity(district_run: DistrictRun) -> None:
    assert mastery(district_run, CY, OBJECTIVE)["standard_code"] == "Fractions fluency"


def test_voided_and_voiding_statements_are_gone_downstream(district_run: DistrictRun) -> None:
    raw = query(district_run, "select count(*) from raw.lrs_statements")[0][0]
    assert raw == 16  # landing keeps everything
    for table in ("staging.stg_lrs__statements", "main.fct_evidence"):
        found = query(
            district_run, f"select count(*) from {table} where statement_id = ?", [VOIDED_ID]
        )
        assert found == [(0,)], table
    verbs = query(district_run, "select distinct verb_id from staging.stg_lrs__statements")
    assert all(not v.endswith("/voided") for (v,) in verbs)


def test_only_scored_aligned_non_agency_statements_are_evidence(district_run: DistrictRun) -> None:
    verbs = {v for (v,) in query(district_run, "select distinct verb_id from main.fct_evidence")}
    assert not any("self-assessed" in v or "experienced" in v for v in verbs)
    objects = {o for (o,) in query(district_run, "select object_id from main.fct_evidence")}
    assert "https://mathapp.example.org/quizzes/ee-3" in objects  # single-object category
    assert "https://mathapp.example.org/quizzes/unaligned" not in objects
    assert query(district_run, "select count(*) from main.fct_evidence") == [(11,)]
    ben = query(
        district_run,
        "select statement_count from main.dim_students where student_key = ?",
        [key_of(BEN)],
    )
    assert ben == [(4,)]  # the unaligned statement still counts as activity


def test_raw_scores_are_kept_beside_the_normalised_one(district_run: DistrictRun) -> None:
    rows = query(
        district_run,
        "select score, score_raw, score_min, score_max from main.fct_evidence"
        " where student_key = ? and standard_uri = ? order by evidence_number",
        [key_of(BEN), RP_A_1],
    )
    assert rows == [(pytest.approx(0.4), 2.0, 0.0, 5.0), (pytest.approx(0.8), 8.0, None, 10.0)]


def test_classes_and_their_students(district_run: DistrictRun) -> None:
    classes = query(
        district_run,
        "select class_name, school_name, student_count from main.dim_classes order by 1",
    )
    assert classes == [
        ("Math 6 - Period 1", "Lincoln Middle School", 2),
        ("Math 6 - Period 2", "Lincoln Middle School", 1),
    ]
    members = query(
        district_run,
        "select student_key from main.class_students where class_id = ? order by 1",
        [CLASS_A[0]],
    )
    assert {m for (m,) in members} == {key_of(AVA), key_of(BEN)}


def test_analyst_tables_carry_no_names_or_identifiers(district_run: DistrictRun) -> None:
    tables = query(
        district_run,
        "select table_name from information_schema.tables where table_schema = 'main'",
    )
    assert {"mastery", "fct_evidence", "dim_students", "dim_classes"} <= {t for (t,) in tables}
    for (table,) in tables:
        with duckdb.connect(str(district_run.settings.resolved_warehouse), read_only=True) as con:
            frame = con.execute(f"select * from main.{table}").df()
        assert not {"display_name", "actor_ifi", "actor_name"} & set(frame.columns), table
        text = frame.astype(str).to_string()
        for secret in ("Ava Reyes", "s-001", "mailto:", "Lindqvist"):
            assert secret not in text, (table, secret)


def test_every_built_column_is_documented(district_run: DistrictRun) -> None:
    manifest = json.loads((REPO_ROOT / "warehouse" / "target" / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert len(models) >= 12
    for model in models:
        built = query(
            district_run,
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ?",
            [model["schema"], model["alias"]],
        )
        documented = {name for name, col in model["columns"].items() if col["description"]}
        assert model["description"], model["name"]
        assert {c for (c,) in built} == documented, model["name"]


def test_landing_again_adds_nothing(district_run: DistrictRun) -> None:
    store = open_store(district_run.settings.resolved_database_url)
    try:
        with duckdb.connect(str(district_run.settings.resolved_warehouse)) as con:
            report = land_statements(store, con, SECRET)
    finally:
        store.close()
    assert (report.rows_landed, report.rows_read, report.new_learners) == (0, 0, 0)
    assert report.max_sequence == 16


def test_dashboards_show_the_class_grid(district_run: DistrictRun) -> None:
    site = district_run.settings.resolved_site_dir
    index = (site / "index.html").read_text()
    page_a = class_page_name(*CLASS_A)
    assert f'href="{page_a}"' in index
    assert len(list((site / "classes").glob("*.html"))) == 2
    page = (site / page_a).read_text()
    rows = re.findall(r'<tr data-student-key="([0-9a-f]+)">\s*<th scope="row">([^<]+)</th>', page)
    assert rows == [(key_of(AVA), "Ava Reyes"), (key_of(BEN), "Ben Okafor")]
    assert re.findall(r'class="standard" title="[^"]+">([^<]+)<', page) == [
        "6.EE.A.1",
        "6.NS.B.2",
        "6.RP.A.1",
    ]
    assert re.search(r'class="cell level-3" data-standard="6.EE.A.1"[^>]*>3.6</td>', page)
    for html in (index, page):
        assert "<script" not in html and "<link" not in html and "src=" not in html
