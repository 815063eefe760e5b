"""Dependency counts in every report: unknowns beside each count, never green while any is."""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text

from codevitals.deps.audit import totals
from codevitals.model.deps import (
    Aspect,
    Declaration,
    Dependency,
    DependencyReport,
    Freshness,
    Manifest,
    Unknown,
)
from codevitals.report import deps_counts
from codevitals.report.json.deps import section
from codevitals.report.terminal.scan import dependency_summary
from tests.conftest import Repo, run_cli
from tests.report.test_html import data_of

OFFLINE = Unknown(Aspect.VULNERABILITIES, "offline", "--offline without --vuln-db")
NO_INDEX = Unknown(Aspect.FRESHNESS, "network", "index unreachable")


def _pinned(name: str, *unknowns: Unknown, libyear: float | None = None) -> Dependency:
    declared = Declaration(name, "requirements.txt", 1, f"{name}==1.0", version="1.0")
    fresh = Freshness(latest="2.0", libyear=libyear) if libyear is not None else None
    return Dependency(declared, fresh, unknowns=unknowns)


def _report(*items: Dependency) -> DependencyReport:
    manifest = Manifest("requirements.txt", "requirements", len(items))
    return DependencyReport((manifest,), items, totals(items))


def _style_of(line: Text, words: str) -> str:
    start = line.plain.index(words)
    styles = [str(span.style) for span in line.spans if span.start <= start < span.end]
    return styles[-1]


def test_nothing_checked_is_no_clean_count() -> None:
    report = _report(*(_pinned(f"p{i}", OFFLINE, NO_INDEX) for i in range(104)))
    t = report.totals
    assert (t.vulnerable, t.unchecked, t.libyear_unknown) == (0, 104, 104)
    assert deps_counts.vulnerable(t) == "0 · 104 unknown"
    assert deps_counts.vulnerable_tone(t) == "warning"
    assert deps_counts.libyear(t) == "unknown"  # not "0.0"
    _, freshness, risk = dependency_summary(report)
    assert "libyear unknown" in freshness.plain
    assert "vulnerable 0 · 104 unknown" in risk.plain
    assert _style_of(risk, "0 · 104 unknown") == "bold yellow"
    json_totals = section(report)["totals"]
    assert (json_totals["unchecked"], json_totals["libyear_unknown"]) == (104, 104)


def test_a_partly_measured_libyear_is_a_floor() -> None:
    report = _report(_pinned("a", libyear=2.5), _pinned("b", NO_INDEX))
    assert deps_counts.libyear(report.totals) == "≥ 2.5 · 1 unknown"
    assert deps_counts.vulnerable(report.totals) == "0"  # both were checked
    assert deps_counts.vulnerable_tone(report.totals) == "healthy"


def test_the_html_cards_and_markdown_show_unknowns(repo: Repo, tmp_path: Path) -> None:
    repo.write("app.py", '"""An app."""\n')
    repo.write("requirements.txt", "requests==2.30.0\nflask==3.0.0\n")
    repo.commit("app")
    target = tmp_path / "report.html"
    html = run_cli("scan", str(repo.root), "-q", "--offline", "-f", "html", "-o", str(target))
    assert html.exit_code == 0, html.stderr
    data = data_of(target.read_text(encoding="utf-8"))
    cards = data["dependencies"]["cards"]  # type: ignore[index]
    assert cards["overview"] == [  # label, text, colour class (h-<tone>)
        ["Vulnerable packages", "0 · 2 unknown", "warning"],
        ["Libyears behind", "unknown", "warning"],
    ]
    assert ["Vulnerable", "0 · 2 unknown", "warning"] in cards["tab"]

    markdown = run_cli("scan", str(repo.root), "-q", "--offline", "-f", "markdown")
    assert "Dependencies: 2 packages · ⚠️ vulnerable 0 · 2 unknown · libyear unknown" in (
        markdown.stdout
    )


def test_the_plan_says_what_it_could_not_check(repo: Repo) -> None:
    repo.write("app.py", '"""An app."""\n')
    repo.write("requirements.txt", "requests==2.30.0\n")
    repo.commit("app")
    scan = run_cli("scan", str(repo.root), "-q", "--offline")
    assert "Nothing to pay down." not in scan.stdout  # no clean bill while anything is unchecked
    assert "1 dependency not checked for vulnerabilities" in " ".join(scan.stdout.split())
    terminal = run_cli("plan", str(repo.root), "-q", "--offline")
    assert "1 dependency not checked for vulnerabilities" in " ".join(terminal.stdout.split())
    document = json.loads(run_cli("plan", str(repo.root), "-q", "--offline", "-f", "json").stdout)
    assert document["plan"]["unchecked_dependencies"] == 1
    markdown = run_cli("plan", str(repo.root), "-q", "--offline", "-f", "markdown").stdout
    assert "⚠️ 1 dependency not checked for vulnerabilities" in markdown
