"""A small district with known answers, for the landing and end-to-end tests.

Three learners in two classes. Every statement shape the flow must handle appears once: a
voided statement, a self-assessment, an unaligned activity, a contextActivities value that is
one object instead of a list, raw/min/max scores, a success-only result, a negative scaled
score, an objective that is not in the CASE package, and evidence stored in the reverse of the
order it happened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ace.settings import Settings
from lrs.statements import prepare_statement
from lrs.store import open_store
from schemas import profile

TENANT = "district-1"
SECRET = "test-secret"
SIS = "https://sis.example.org"
AUTHORITY = {
    "objectType": "Agent",
    "name": "test",
    "account": {"homePage": "http://localhost/xapi/credentials", "name": "test"},
}
CASE_FILE = Path(__file__).resolve().parents[2] / "data" / "standards" / "ace-sample-math-6.json"
START = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)


def _standard_uris() -> dict[str, str]:
    items = json.loads(CASE_FILE.read_text())["CFItems"]
    return {item["humanCodingScheme"]: item["uri"] for item in items}


STANDARDS = _standard_uris()
EE_A_1 = STANDARDS["6.EE.A.1"]
RP_A_1 = STANDARDS["6.RP.A.1"]
NS_B_2 = STANDARDS["6.NS.B.2"]
OBJECTIVE = "https://district.example.org/objectives/fractions-fluency"

CLASS_A = ("https://sis.example.org/classes/math6-p1", "Math 6 - Period 1")
CLASS_B = ("https://sis.example.org/classes/math6-p2", "Math 6 - Period 2")
SCHOOL = ("https://sis.example.org/schools/lincoln", "Lincoln Middle School")

AVA = {"objectType": "Agent", "name": "Ava Reyes", "account": {"homePage": SIS, "name": "s-001"}}
BEN = {"objectType": "Agent", "name": "Ben Okafor", "account": {"homePage": SIS, "name": "s-002"}}
CY = {"objectType": "Agent", "name": "Cy Lindqvist", "mbox": "mailto:Cy@Example.org"}

VOIDED_ID = "00000000-0000-4000-8000-00000000dead"


def _grouping(klass: tuple[str, str]) -> list[dict[str, Any]]:
    return [
        {"id": id_, "definition": {"type": kind, "name": {"en-US": name}}}
        for (id_, name), kind in (
            (klass, profile.ACTIVITY_CLASS),
            (SCHOOL, profile.ACTIVITY_SCHOOL),
        )
    ]


def statement(
    actor: dict[str, Any],
    verb: str,
    activity: str,
    minutes: int,
    *,
    standards: tuple[str, ...] = (),
    result: dict[str, Any] | None = None,
    klass: tuple[str, str] = CLASS_A,
    single_category: bool = False,
    statement_id: str | None = None,
) -> dict[str, Any]:
    """An ACE-profile statement; `minutes` after START is when the work happened."""
    activities: dict[str, Any] = {"grouping": _grouping(klass)}
    if standards:
        category = [
            {"id": uri, "definition": {"type": profile.ACTIVITY_OBJECTIVE}} for uri in standards
        ]
        if standards[0] == OBJECTIVE:
            category[0]["definition"]["name"] = {"en-US": "Fractions fluency"}
        activities["category"] = category[0] if single_category else category
    body: dict[str, Any] = {
        "actor": actor,
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"id": activity, "definition": {"type": profile.ACTIVITY_ASSESSMENT}},
        "context": {"platform": "MathApp", "contextActivities": activities},
        "timestamp": (START + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z"),
    }
    if result is not None:
        body["result"] = result
    if statement_id:
        body["id"] = statement_id
    return body


def scaled(value: float) -> dict[str, Any]:
    return {"score": {"scaled": value}}


QUIZ = "https://mathapp.example.org/quizzes/"


def _ava_ee_scores() -> list[dict[str, Any]]:
    """Scaled 0.2..1.0 (1,2,3,4,5 of 5) in this time order; the third has one category object."""
    return [
        statement(AVA, profile.VERB_SCORED, f"{QUIZ}ee-{k}", 10 * k, standards=(EE_A_1,),
                  result=scaled(k / 5), single_category=(k == 3))
        for k in range(1, 6)
    ]  # fmt: skip


def _not_evidence_and_others() -> list[dict[str, Any]]:
    return [
        statement(AVA, profile.VERB_SCORED, f"{QUIZ}ee-late", 100, standards=(EE_A_1,),
                  result=scaled(0.0), statement_id=VOIDED_ID),
        statement(AVA, profile.VERB_SELF_ASSESSED, f"{QUIZ}ee-self", 110, standards=(EE_A_1,),
                  result={"score": {"raw": 1, "min": 1, "max": 4}}),
        statement(AVA, profile.VERB_EXPERIENCED, "https://mathapp.example.org/lessons/ee", 5,
                  standards=(EE_A_1,)),
        statement(BEN, profile.VERB_SCORED, f"{QUIZ}rp-1", 10, standards=(RP_A_1,),
                  result={"score": {"raw": 2, "min": 0, "max": 5}}),
        statement(BEN, profile.VERB_SCORED, f"{QUIZ}rp-2", 20, standards=(RP_A_1,),
                  result={"score": {"raw": 8, "max": 10}}),
        statement(BEN, profile.VERB_PASSED, f"{QUIZ}ns-1", 30, standards=(NS_B_2,),
                  result={"success": True}),
        statement(BEN, profile.VERB_SCORED, f"{QUIZ}unaligned", 40, result=scaled(0.9)),
        statement(CY, profile.VERB_SCORED, f"{QUIZ}ee-cy", 10, standards=(EE_A_1,),
                  result=scaled(-0.5), klass=CLASS_B),
        statement(CY, profile.VERB_SCORED, f"{QUIZ}rp-cy", 20, standards=(RP_A_1,),
                  result=scaled(0.7), klass=CLASS_B),
        statement(CY, profile.VERB_ANSWERED, f"{QUIZ}frac-cy", 30, standards=(OBJECTIVE,),
                  result=scaled(0.75), klass=CLASS_B),
    ]  # fmt: skip


def _voiding() -> dict[str, Any]:
    teacher = {"objectType": "Agent", "name": "Teacher", "mbox": "mailto:teacher@example.org"}
    return {
        "actor": teacher,
        "verb": {"id": profile.VERB_VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": VOIDED_ID},
    }


def district_batches() -> list[list[dict[str, Any]]]:
    """Batches in the order they are stored (the store stamps `stored` per batch).

    Ava's last two scores are stored first, so ordering by `stored` would give another value.
    """
    ava = _ava_ee_scores()
    return [
        list(reversed(ava[3:])),
        list(reversed(ava[:3])),
        _not_evidence_and_others(),
        [_voiding()],
    ]


def fill_store(database_url: str, batches: list[list[dict[str, Any]]]) -> int:
    """Store the batches through the LRS's own store API; returns the store's max sequence."""
    store = open_store(database_url)
    try:
        for batch in batches:
            prepared = [prepare_statement(s, authority=AUTHORITY, version="1.0.3") for s in batch]
            store.save(TENANT, prepared, equivalent=lambda a, b: a == b)
        return store.max_sequence()
    finally:
        store.close()


def district_settings(root: Path) -> Settings:
    return Settings(
        data_dir=root,
        database_url=f"sqlite:///{root / 'lrs.sqlite3'}",
        warehouse=root / "warehouse.duckdb",
        site_dir=root / "site",
        standards_file=CASE_FILE,
        student_key_secret=SECRET,
    )


@dataclass(frozen=True)
class DistrictRun:
    settings: Settings
    summary: dict[str, Any]
    statements_stored: int
