"""Progress names every long stage of a run on a terminal, and stays silent when piped."""

from __future__ import annotations

import io
import sys

import pytest

from codevitals.code.batch import StagedProgress
from codevitals.history import analysis
from codevitals.history.since import parse
from codevitals.report.progress import AnalysisProgress
from codevitals.scan import ScanOptions, scan
from codevitals.trend import TrendOptions, trend
from tests.conftest import Repo
from tests.history.helpers import ADA, NOW, days_ago


class _Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


class _Recorder:
    """Records the stages and counts a run reports."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def __call__(self, done: int, total: int) -> None:
        if not self.events or self.events[-1] != "analysing":
            self.events.append("analysing")

    def stage(self, name: str) -> None:
        self.events.append(name)


def test_a_stage_is_drawn_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with AnalysisProgress() as progress:
        progress.stage("reading history")
    assert "reading history" in terminal.getvalue()


def test_nothing_is_drawn_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with AnalysisProgress() as progress:
        progress.stage("reading history")
        progress(10, 100)
    assert piped.getvalue() == ""


def test_a_scan_announces_each_stage(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    repo.write("app.py", "def f(x):\n    return x\n")
    repo.commit("start", date=days_ago(10), author=ADA)
    recorder = _Recorder()
    assert isinstance(recorder, StagedProgress)

    scan(repo.root, ScanOptions(jobs=1), recorder)

    assert recorder.events == [
        "discovering files",
        "reading files",
        "analysing",
        "finding clones",
        "checking findings",
        "auditing dependencies",
        "reading history",
        "planning",
    ]


def test_a_trend_announces_each_stage(repo: Repo) -> None:
    for day in (90, 45, 5):
        repo.write("app.py", f"def f(x):\n    return x + {day}\n")
        repo.commit("change", date=days_ago(day), author=ADA)
    recorder = _Recorder()

    trend(repo.root, TrendOptions(since=parse("6m"), every=parse("1m"), now=NOW), recorder)

    stages = [e for e in recorder.events if e != "analysing"]
    assert stages == [
        "choosing snapshots",
        "analysing snapshots",
        "reading history",
        "scoring snapshots",
    ]
