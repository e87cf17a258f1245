"""The static dashboards: a district overview and one mastery grid per class, from the marts.

Plain HTML files with inline CSS and no scripts or external resources, so a teacher can open
them from a shared drive or a USB stick without any network. The district page shows only
aggregates, suppressed below the small-cell size; the class pages are for the class's teacher
and name the students (from the restricted directory).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2

from pipelines.mastery import LEVEL_LABELS, SCALE_MAX

TEMPLATES = Path(__file__).parent / "templates"
MIN_CELL_SIZE = 10


@dataclass
class ClassSummary:
    class_id: str
    class_name: str
    school_name: str | None
    student_count: int
    standard_count: int
    share_mastered: float | None
    page: str
    suppressed: bool = False


@dataclass
class ClassGrid:
    summary: ClassSummary
    students: list[dict[str, Any]] = field(default_factory=list)
    standards: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def build_site(warehouse: Path, out_dir: Path, *, min_cell_size: int = MIN_CELL_SIZE) -> list[Path]:
    """Write index.html and classes/*.html under out_dir; returns the pages written."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        overview = _district_overview(con, min_cell_size)
        classes = _class_summaries(con, min_cell_size)
        grids = [_class_grid(con, summary) for summary in classes]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    common = {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "levels": LEVEL_LABELS,
        "scale_max": SCALE_MAX,
        "min_cell_size": min_cell_size,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    class_dir = out_dir / "classes"
    class_dir.mkdir(exist_ok=True)
    for stale in class_dir.glob("*.html"):
        stale.unlink()
    index = out_dir / "index.html"
    index.write_text(
        env.get_template("index.html").render(overview=overview, classes=classes, **common),
        encoding="utf-8",
    )
    written = [index]
    for grid in grids:
        page = out_dir / grid.summary.page
        page.write_text(env.get_template("class.html").render(grid=grid, **common), "utf-8")
        written.append(page)
    return written


def class_page_name(class_id: str, class_name: str) -> str:
    """A readable, stable file name: the class name's slug plus a short hash of its id."""
    slug = re.sub(r"[^a-z0-9]+", "-", class_name.lower()).strip("-")[:40] or "class"
    return f"classes/{slug}-{hashlib.sha1(class_id.encode()).hexdigest()[:8]}.html"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _district_overview(con: duckdb.DuckDBPyConnection, min_cell_size: int) -> dict[str, Any]:
    row = _rows(
        con,
        """
        select
            (select count(*) from main.dim_students) as students,
            (select count(*) from main.dim_classes) as classes,
            (select count(*) from main.dim_standards) as standards_in_framework,
            (select count(distinct standard_uri) from main.mastery) as standards_assessed,
            (select count(*) from main.mastery) as mastery_rows,
            (select avg(case when is_mastered then 1.0 else 0.0 end) from main.mastery)
                as share_mastered
        """,
    )[0]
    row["suppressed"] = row["students"] < min_cell_size
    if row["suppressed"]:
        row["share_mastered"] = None
    return row


def _class_summaries(con: duckdb.DuckDBPyConnection, min_cell_size: int) -> list[ClassSummary]:
    rows = _rows(
        con,
        """
        with class_mastery as (
            select class_students.class_id, mastery.standard_uri, mastery.is_mastered
            from main.class_students
            inner join main.mastery on mastery.student_key = class_students.student_key
        )
        select
            dim_classes.class_id,
            dim_classes.class_name,
            dim_classes.school_name,
            dim_classes.student_count,
            count(distinct class_mastery.standard_uri) as standard_count,
            avg(case when class_mastery.is_mastered then 1.0 else 0.0 end) as share_mastered
        from main.dim_classes
        left join class_mastery on class_mastery.class_id = dim_classes.class_id
        group by all
        order by dim_classes.school_name nulls last, dim_classes.class_name
        """,
    )
    summaries = []
    for row in rows:
        suppressed = row["student_count"] < min_cell_size
        summaries.append(
            ClassSummary(
                class_id=row["class_id"],
                class_name=row["class_name"],
                school_name=row["school_name"],
                student_count=int(row["student_count"]),
                standard_count=int(row["standard_count"]),
                share_mastered=None if suppressed else row["share_mastered"],
                page=class_page_name(row["class_id"], row["class_name"]),
                suppressed=suppressed,
            )
        )
    return summaries


def _has_student_directory(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'restricted' and table_name = 'student_directory'"
    ).fetchall()
    return bool(found[0][0])


def _class_grid(con: duckdb.DuckDBPyConnection, summary: ClassSummary) -> ClassGrid:
    names = (
        "(select display_name from restricted.student_directory d"
        " where d.student_key = class_students.student_key)"
        if _has_student_directory(con)
        else "null"
    )
    students = _rows(
        con,
        f"select student_key, {names} as display_name from main.class_students where class_id = ?",
        [summary.class_id],
    )
    for student in students:
        student["label"] = student["display_name"] or f"Student {student['student_key'][:8]}"
    students.sort(key=lambda s: (s["label"].lower(), s["student_key"]))
    cells = _rows(
        con,
        """
        select mastery.*, dim_standards.full_statement
        from main.mastery
        inner join main.class_students using (student_key)
        left join main.dim_standards using (standard_uri)
        where class_students.class_id = ?
        """,
        [summary.class_id],
    )
    standards: dict[str, dict[str, Any]] = {}
    for cell in cells:
        standards.setdefault(
            cell["standard_uri"],
            {
                "uri": cell["standard_uri"],
                "code": cell["standard_code"],
                "statement": cell["full_statement"] or cell["standard_code"],
            },
        )
    return ClassGrid(
        summary=summary,
        students=students,
        standards=sorted(standards.values(), key=lambda s: _natural_key(s["code"])),
        cells={(c["student_key"], c["standard_uri"]): c for c in cells},
    )


def _natural_key(code: str) -> list[Any]:
    """6.EE.A.2 before 6.EE.A.10."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", code)]
