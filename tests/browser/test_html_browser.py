"""The HTML report in a real browser: headless Chromium from the system, driven by Playwright.

The browser is Debian's `chromium` (`/usr/bin/chromium`); Playwright never downloads one.
`.ci/run` installs it. Locally the test is skipped when no browser is installed, but never
on CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Repo, run_cli
from tests.report.test_html import PAYLOAD
from tests.sample import build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser test")
        pytest.skip("no system Chromium")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def report(repo: Repo, tmp_path: Path) -> Path:
    build(repo)
    hostile = PAYLOAD.replace("/", "")
    repo.write(f"shop/{hostile}/deep{hostile}.py", "def handler(event):\n    return event\n")
    repo.commit("hostile names")
    target = tmp_path / "report.html"
    result = run_cli("scan", str(repo.root), "-q", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_report_opens_zooms_and_shows_a_file(browser: object, report: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    page.goto(report.as_uri())
    page.wait_for_selector("#worst-files li")
    assert "shop/orders.py" in page.text_content("#worst-files")

    page.click("#tab-map")
    page.click("#treemap .tile.folder")  # zoom into shop/
    page.wait_for_selector("#crumbs [aria-current='location']")
    assert page.text_content("#crumbs [aria-current='location']") == "shop"
    page.click("#treemap .tile[aria-label^='shop/orders.py']")
    page.wait_for_selector("#detail h3")
    assert page.text_content("#detail h3") == "shop/orders.py"
    assert "Cognitive Complexity" in page.text_content("#detail")
    page.screenshot(path=str(tmp_path / "report.png"))

    assert problems == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # the payload stayed text


def test_map_is_keyboard_accessible(browser: object, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.goto(report.as_uri())
    page.wait_for_selector("#worst-files li")
    page.focus("#tab-overview")
    page.keyboard.press("ArrowRight")  # tabs move with the arrow keys
    assert page.get_attribute("#tab-map", "aria-selected") == "true"
    page.wait_for_selector("#treemap .tile")
    page.focus("#treemap .tile.folder")
    page.keyboard.press("Enter")
    page.wait_for_selector("#crumbs [aria-current='location']")
    assert page.text_content("#crumbs [aria-current='location']") == "shop"
    page.keyboard.press("Backspace")
    page.wait_for_timeout(50)
    assert page.text_content("#crumbs [aria-current='location']") != "shop"
