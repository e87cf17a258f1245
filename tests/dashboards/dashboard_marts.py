"""A hand-made warehouse holding only the mart tables the dashboards read, with known cells.

The dashboards are tested against it without dbt; the end-to-end test in tests/pipelines
builds the site from the real marts.
"""

from pathlib import Path

import duckdb

KEYS = {"amara": "a" * 64, "bo": "b" * 64, "unnamed": "c0ffee" + "0" * 58, "dee": "d" * 64}
CLASS_ID = "https://sis.example.org/classes/alg-1"
OTHER_CLASS_ID = "https://sis.example.org/classes/geo-2"
STANDARDS = {
    "6.EE.A.2": (
        "https://s/ee-a-2",
        "Write, read, and evaluate expressions in which letters stand for numbers.",
    ),
    "6.EE.A.10": ("https://s/ee-a-10", "A code that sorts after 6.EE.A.2 when read as numbers."),
    "6.RP.A.1": ("https://s/rp-a-1", "Understand the concept of a ratio."),
}
# (student, code, mastery_score, level, label)
CELLS = [
    ("amara", "6.EE.A.2", 0.95, 4, "Exceeds"),
    ("amara", "6.RP.A.1", 0.45, 1, "Beginning"),
    ("bo", "6.EE.A.2", 0.72, 3, "Proficient"),
    ("bo", "6.EE.A.10", 0.55, 2, "Developing"),
    ("unnamed", "6.RP.A.1", 0.8, 3, "Proficient"),
    ("dee", "6.RP.A.1", 0.3, 1, "Beginning"),
]

MARTS = """
create table main.dim_students (student_key varchar);
create table main.dim_classes (class_id varchar, class_name varchar, school_name varchar,
    student_count integer);
create table main.class_students (class_id varchar, student_key varchar);
create table main.dim_standards (standard_uri varchar, standard_code varchar,
    full_statement varchar);
create table main.mastery (student_key varchar, standard_uri varchar, standard_code varchar,
    method varchar, mastery_score double, scale_score double, level integer,
    level_label varchar, is_mastered boolean, evidence_count integer);
create schema restricted;
create table restricted.student_directory (student_key varchar, display_name varchar,
    actor_ifi varchar);
"""


def make_mart_warehouse(path: Path, *, with_directory: bool = True) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(MARTS)
        con.executemany("insert into main.dim_students values (?)", [[k] for k in KEYS.values()])
        con.execute(
            "insert into main.dim_classes values (?, 'Algebra 1', 'Lincoln Middle', 3),"
            " (?, 'Geometry 2', 'Lincoln Middle', 1)",
            [CLASS_ID, OTHER_CLASS_ID],
        )
        members = [[CLASS_ID, KEYS[s]] for s in ("amara", "bo", "unnamed")]
        con.executemany("insert into main.class_students values (?, ?)", members)
        con.execute("insert into main.class_students values (?, ?)", [OTHER_CLASS_ID, KEYS["dee"]])
        con.executemany(
            "insert into main.dim_standards values (?, ?, ?)",
            [[uri, code, text] for code, (uri, text) in STANDARDS.items()],
        )
        con.executemany(
            "insert into main.mastery values (?, ?, ?, 'decaying_average', ?, ?, ?, ?, ?, 2)",
            [
                [KEYS[s], STANDARDS[code][0], code, score, score * 4, level, label, level >= 3]
                for s, code, score, level, label in CELLS
            ],
        )
        if with_directory:
            con.executemany(
                "insert into restricted.student_directory values (?, ?, ?)",
                [
                    [KEYS["amara"], "Amara Diaz", "account:sis|1"],
                    [KEYS["bo"], "Bo Chen", "account:sis|2"],
                    [KEYS["unnamed"], None, "account:sis|3"],
                    [KEYS["dee"], "Dee Park", "account:sis|4"],
                ],
            )
        else:
            con.execute("drop table restricted.student_directory")
    return path
