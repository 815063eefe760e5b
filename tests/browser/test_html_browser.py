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
from typing import Any

import pytest

from codevitals.history import analysis
from codevitals.parse import registry
from codevitals.trend import record
from tests.conftest import Repo, run_cli
from tests.report.test_html import HOSTILE_AUTHOR, HOSTILE_NAME, PAYLOAD
from tests.sample import NOW, build
from tests.trend.helpers import NOW as TREND_NOW
from tests.trend.helpers import UNTIL, shop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

playwright = pytest.importorskip("playwright.sync_api")
ADVISORIES = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"


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
def report(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    build(repo)
    hostile = PAYLOAD.replace("/", "")
    repo.write(f"shop/{hostile}/deep{hostile}.py", "def handler(event):\n    return event\n")
    repo.write("requirements.txt", "werkzeug==2.3.3\n")
    repo.commit(f"hostile names {PAYLOAD}", date="2024-02-01T09:00:00", author=HOSTILE_AUTHOR)
    target = tmp_path / "report.html"
    offline = ("--offline", "--vuln-db", str(ADVISORIES))
    result = run_cli("scan", str(repo.root), "-q", *offline, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    return problems


def test_report_opens_zooms_and_shows_a_file(browser: object, report: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
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
    assert "In the pay-down plan" in page.text_content("#detail")
    assert "Ada" in page.text_content("#detail")  # the file's history: its authors
    assert page.locator("#treemap .tile.hot").count() >= 1  # emphasis: the most changed files
    page.screenshot(path=str(tmp_path / "report.png"))

    assert problems == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # the payload stayed text


def test_map_is_keyboard_accessible(browser: object, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.goto(report.as_uri())
    page.wait_for_selector("#worst-files li")
    page.focus("#tab-overview")
    page.keyboard.press("ArrowRight")  # tabs move with the arrow keys
    assert page.get_attribute("#tab-plan", "aria-selected") == "true"
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tab-map", "aria-selected") == "true"
    page.wait_for_selector("#treemap .tile")
    page.focus("#treemap .tile.folder")
    page.keyboard.press("Enter")
    page.wait_for_selector("#crumbs [aria-current='location']")
    assert page.text_content("#crumbs [aria-current='location']") == "shop"
    page.keyboard.press("Backspace")
    page.wait_for_timeout(50)
    assert page.text_content("#crumbs [aria-current='location']") != "shop"


def test_plan_history_and_dependencies_tabs(browser: object, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(report.as_uri())
    page.wait_for_selector("#plan-top li")
    assert "upgrade werkzeug" in page.text_content("#plan-top")

    page.click("#tab-plan")
    page.select_option("#plan-kind", "upgrade")
    assert page.locator("#plan-items > li").count() == 1
    assert "PYSEC-2023-221" in page.text_content("#plan-items")

    page.click("#tab-history")
    page.wait_for_selector("#contributors-table tbody tr")
    names = page.locator("#contributors-table tbody tr td:first-child").all_text_contents()
    assert HOSTILE_NAME in names  # shown as text, not run as markup
    assert page.locator("#hotspots-table tbody tr").count() >= 2

    page.click("#tab-dependencies")
    page.check("#deps-risky")
    rows = page.locator("#deps-table tbody tr")
    assert rows.count() == 1
    assert "werkzeug" in rows.first.text_content()

    assert problems == []
    assert page.evaluate("document.querySelectorAll('img, script[src]').length") == 0


def test_tabs_without_data_are_hidden_and_skipped(browser: object, folder: Repo) -> None:
    folder.write("a.py", "def f(a, b, c, d, e, f):\n    return a\n")
    target = folder.root.parent / "plain.html"
    result = run_cli("scan", str(folder.root), "-q", "--no-deps", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.goto(target.as_uri())
    page.wait_for_selector("#worst-files li")
    assert page.is_hidden("#tab-history")  # not a git repository
    assert page.is_hidden("#tab-dependencies")  # --no-deps
    page.click("#tab-functions")
    page.keyboard.press("ArrowRight")  # past the hidden History and Dependencies tabs
    assert page.get_attribute("#tab-findings", "aria-selected") == "true"


def test_unchecked_dependencies_are_never_shown_clean(browser: object, folder: Repo) -> None:
    folder.write("a.py", '"""A."""\n')
    folder.write("requirements.txt", "requests==2.30.0\n")
    target = folder.root.parent / "unchecked.html"
    result = run_cli("scan", str(folder.root), "-q", "--offline", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(target.as_uri())
    card = page.locator("#cards .card", has_text="Vulnerable packages")
    assert card.locator(".value").text_content() == "0 · 1 unknown"
    assert card.locator(".value").get_attribute("class") == "value h-warning"  # not h-healthy
    libyear = page.locator("#cards .card", has_text="Libyears behind").locator(".value")
    assert libyear.text_content() == "unknown"
    page.click("#tab-dependencies")
    assert "unknown" in page.locator("#deps-table tbody tr").first.text_content()
    assert problems == []


def test_an_ignored_vulnerability_is_shown_with_its_reason(browser: object, folder: Repo) -> None:
    folder.write("a.py", '"""A."""\n')
    folder.write("requirements.txt", "requests==2.30.0\n")
    target = folder.root.parent / "ignored.html"
    args = ("--offline", "--vuln-db", str(ADVISORIES), "--ignore-vuln", "PYSEC-2023-74=<b>ours</b>")
    result = run_cli("scan", str(folder.root), "-q", *args, "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(target.as_uri())
    card = page.locator("#cards .card", has_text="Vulnerable packages")
    assert card.locator(".value").text_content() == "0 · 1 ignored"
    page.click("#tab-dependencies")
    row = page.locator("#deps-table tbody tr").first
    assert "ignored PYSEC-2023-74: <b>ours</b>" in row.text_content()  # text, not markup
    assert page.evaluate("document.querySelectorAll('#deps-table b').length") == 0
    assert problems == []


def test_trend_tab_charts_the_snapshots_and_the_hotspots(
    browser: object, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "now", lambda: TREND_NOW)
    monkeypatch.setattr(record, "now", lambda: TREND_NOW)
    shop(repo)
    trend = run_cli("trend", str(repo.root), "--until", UNTIL, "--since", "6m", "--no-deps", "-q")
    assert trend.exit_code == 0, trend.stderr
    repo.write("src/app/util.py", "def identity(value):\n    return value\n\n\nx = 1\n")  # dirty
    monkeypatch.setattr(record, "now", lambda: TREND_NOW + 86_400)
    target = repo.root.parent / "trend.html"
    result = run_cli("scan", str(repo.root), "-q", "--no-deps", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(target.as_uri())
    page.wait_for_selector("#worst-files li")
    assert "Health since 2024-02-01" in page.text_content("#cards")
    page.click("#tab-trend")
    page.wait_for_selector("#trend-charts svg.line-chart")
    summary = page.text_content("#trend-summary")
    assert summary == (
        "6 points from 2024-02-01 to 2024-06-02: 5 snapshots of the main line and 1 recorded scan"
    )
    health = page.locator("#trend-charts .chart").first
    assert health.locator("h2").text_content() == "health"
    assert "(worse)" in health.locator(".change").text_content()  # it went up, then down
    assert health.locator("circle.dot").count() == 6  # five snapshots and this scan
    assert health.locator("circle.dot.scan").count() == 1
    files = page.locator("#trend-files-table tbody tr")
    assert "src/app/models.py" in files.all_text_contents()[0]  # worst change first
    assert files.first.locator("svg.sparkline").count() == 1
    assert problems == []


def test_examples_and_docs_have_their_own_plan_section(
    browser: object, repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    build(repo)
    repo.write("examples/celery/requirements.txt", "requests==2.30.0\n")
    repo.commit("an example", date="2024-02-01T09:00:00")
    target = tmp_path / "report.html"
    offline = ("--offline", "--vuln-db", str(ADVISORIES))
    result = run_cli("scan", str(repo.root), "-q", *offline, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(target.as_uri())
    page.wait_for_selector("#plan-top li")
    assert "requests" not in page.text_content("#plan-top")

    page.click("#tab-plan")
    assert page.is_visible("#plan-development")
    assert "upgrade requests" in page.text_content("#plan-development-items")
    assert "requests" not in page.text_content("#plan-items")
    assert problems == []


def test_language_filter_narrows_files_functions_and_the_map(browser: object, folder: Repo) -> None:
    folder.write("app/pick.py", "def pick(a, b, c, d, e, f):\n    return a\n")
    folder.write("web/draw.js", "export function draw(a, b, c, d, e, f) {\n  return a;\n}\n")
    folder.write("web/label.ts", "export const label = (name?: string) => name ?? 'nobody';\n")
    folder.write("tools/pick.rb", "def pick(items)\n  items.first\nend\n")
    target = folder.root.parent / "languages.html"
    result = run_cli("scan", str(folder.root), "-q", "--no-deps", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    problems = _watch(page)
    page.goto(target.as_uri())
    page.wait_for_selector("#worst-files li")
    summary = page.text_content("#languages") or ""
    assert "python 1 file" in summary
    assert "javascript 1 file" in summary

    page.click("#tab-files")
    ruby = registry.for_suffix(".rb") is not None  # analysed once Ruby has a front end
    assert page.locator("#files-table tbody tr").count() == 3 + ruby
    page.select_option("#files-language", "javascript")
    paths = page.locator("#files-table tbody tr td:first-child").all_text_contents()
    assert paths == ["web/draw.js"]
    assert "javascript" in page.locator("#files-table tbody tr").first.text_content()

    page.click("#tab-functions")
    page.select_option("#functions-language", "python")
    names = page.locator("#functions-table tbody tr td:first-child").all_text_contents()
    assert names == ["pick"]

    page.click("#tab-map")
    page.select_option("#map-language", "typescript")
    page.wait_for_selector("#treemap > .tile")
    tiles = "(tiles) => tiles.map((t) => t.getAttribute('aria-label'))"
    assert [t.split(" ")[0] for t in page.locator("#treemap > .tile").evaluate_all(tiles)] == [
        "web/"
    ]
    page.click("#treemap > .tile.folder")
    page.wait_for_selector("#treemap > .tile:not(.folder)")
    labels = page.locator("#treemap > .tile").evaluate_all(tiles)
    assert [t.split(" ")[0] for t in labels] == ["web/label.ts"]
    page.click("#treemap > .tile")
    page.wait_for_selector("#detail h3")
    assert page.text_content("#detail h3") == "web/label.ts"
    assert "typescript" in (page.text_content("#detail") or "")
    assert problems == []
