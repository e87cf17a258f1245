"""The class page in a real browser, opened from disk with networking off."""

from pathlib import Path

import pytest

from dashboards.build import class_page_name
from tests.conftest import chromium_path
from tests.dashboards.dashboard_marts import CLASS_ID, KEYS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium; skips when missing, fails instead under ACE_REQUIRE_SERVICES=1."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


def test_class_grid_renders_from_file(browser, built_site: Path) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((built_site / class_page_name(CLASS_ID, "Algebra 1")).as_uri())
    assert page.title() == "Algebra 1 · ACE mastery"
    grid = page.locator("#mastery-grid")
    assert grid.locator("tbody tr").count() == 3
    assert grid.locator("thead th.standard").count() == 3
    assert grid.locator("tbody td.cell").count() == 9
    amara = grid.locator(f'tr[data-student-key="{KEYS["amara"]}"]')
    assert amara.locator("th").inner_text() == "Amara Diaz"
    cell = amara.locator('td[data-standard="6.EE.A.2"]')
    assert cell.inner_text() == "3.8"
    assert "Exceeds" in (cell.get_attribute("title") or "")
    background = cell.evaluate("el => getComputedStyle(el).backgroundColor")
    missing = amara.locator('td[data-standard="6.EE.A.10"]')
    assert background != missing.evaluate("el => getComputedStyle(el).backgroundColor")
    assert all(url.startswith("file://") for url in requests), requests
    page.close()


def test_index_links_to_the_class_page(browser, built_site: Path) -> None:
    page = browser.new_page()
    page.goto((built_site / "index.html").as_uri())
    page.get_by_role("link", name="Algebra 1").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Algebra 1"
    page.close()
