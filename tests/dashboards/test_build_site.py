"""The static site: which pages, what the grid holds, privacy on the district page, offline."""

import re
from pathlib import Path

from dashboards.build import build_site, class_page_name
from tests.dashboards.dashboard_marts import CLASS_ID, KEYS, OTHER_CLASS_ID, make_mart_warehouse


def _grid_rows(html: str) -> list[tuple[str, list[str]]]:
    rows = []
    for key, body in re.findall(r'<tr data-student-key="(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r'<td class="cell [^"]+"[^>]*>([^<]*)</td>', body)
        rows.append((key, cells))
    return rows


def test_pages_written_and_linked(mart_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pages = build_site(mart_warehouse, out)
    algebra = out / class_page_name(CLASS_ID, "Algebra 1")
    geometry = out / class_page_name(OTHER_CLASS_ID, "Geometry 2")
    assert pages == [out / "index.html", algebra, geometry]
    index = (out / "index.html").read_text()
    assert f'href="{class_page_name(CLASS_ID, "Algebra 1")}"' in index
    assert '<a href="../index.html">' in algebra.read_text()


def test_class_grid_rows_columns_and_cells(built_site: Path) -> None:
    html = (built_site / class_page_name(CLASS_ID, "Algebra 1")).read_text()
    codes = re.findall(r'class="standard" title="([^"]+)">([^<]+)<', html)
    # natural order (A.2 before A.10), full statement in the tooltip
    assert [code for _, code in codes] == ["6.EE.A.2", "6.EE.A.10", "6.RP.A.1"]
    assert codes[0][0].startswith("6.EE.A.2: Write, read, and evaluate")
    rows = _grid_rows(html)
    assert [key for key, _ in rows] == [KEYS["amara"], KEYS["bo"], KEYS["unnamed"]]
    assert rows[0][1] == ["3.8", "–", "1.8"]
    assert rows[1][1] == ["2.9", "2.2", "–"]
    assert rows[2][1] == ["–", "–", "3.2"]
    assert 'class="cell level-4" data-standard="6.EE.A.2"' in html
    assert "Amara Diaz" in html and "Bo Chen" in html
    assert "Student c0ffee00" in html  # no name in the directory: a short key
    assert "Dee Park" not in html  # another class's student
    for label in ("Beginning", "Developing", "Proficient", "Exceeds"):
        assert label in html  # the legend


def test_without_the_restricted_directory_students_show_as_short_keys(tmp_path: Path) -> None:
    warehouse = make_mart_warehouse(tmp_path / "w.duckdb", with_directory=False)
    build_site(warehouse, tmp_path / "site")
    html = (tmp_path / "site" / class_page_name(CLASS_ID, "Algebra 1")).read_text()
    assert "Amara" not in html
    assert "Student aaaaaaaa" in html


def test_small_classes_are_suppressed_on_the_district_page(mart_warehouse: Path, tmp_path: Path):
    build_site(mart_warehouse, tmp_path / "small", min_cell_size=10)
    suppressed = (tmp_path / "small" / "index.html").read_text()
    assert "fewer than 10 students" in suppressed and "%" not in suppressed
    build_site(mart_warehouse, tmp_path / "open", min_cell_size=1)
    shown = (tmp_path / "open" / "index.html").read_text()
    assert re.search(r'id="share-mastered">\s*50%', shown)  # 3 of 6 cells mastered


def test_pages_need_no_network(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        assert "<script" not in html and "<link" not in html and "@import" not in html
        assert not re.search(r'(src|href)="(https?:)?//', html), page
        assert "url(" not in html


def test_rebuilding_removes_pages_of_classes_that_are_gone(
    built_site: Path, mart_warehouse: Path
) -> None:
    stale = built_site / "classes" / "old-class-00000000.html"
    stale.write_text("old")
    build_site(mart_warehouse, built_site, min_cell_size=1)
    assert not stale.exists()
