"""Terminal reports use the terminal's width, 80 columns when piped, and never cut a path's
line number or a rule's name."""

from __future__ import annotations

import io
import os
import re
import shutil

import pytest

from codevitals.findings import select
from codevitals.report.terminal.scan import TerminalReporter
from codevitals.report.terminal.style import WIDTH, clip_path, terminal_columns
from codevitals.scan import ScanOptions, scan
from tests.conftest import Repo, run_cli

DEEP = "src/" + "/".join(f"layer_{n}" for n in range(12)) + "/deploy_helpers.py"
SHELL = (
    "import subprocess\n\n\ndef deploy(command):\n    return subprocess.call(command, shell=True)\n"
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("width", [20, 30, 45, 60])
def test_a_long_path_keeps_its_file_name_and_line(width: int) -> None:
    place = f"{DEEP}:1234"
    clipped = clip_path(place, width)
    assert len(clipped) == width
    assert clipped.endswith(":1234")
    assert "…" in clipped
    if width >= len("/deploy_helpers.py:1234") + 2:
        assert clipped.endswith("/deploy_helpers.py:1234")
        assert clipped.startswith("src/")


def test_a_short_path_is_left_alone() -> None:
    assert clip_path("app.py:3", 80) == "app.py:3"


def test_width_is_the_terminals_and_never_below_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((200, 50)))
    assert terminal_columns(_Terminal()) == 200
    assert terminal_columns(io.StringIO()) == WIDTH  # piped
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((60, 50)))
    assert terminal_columns(_Terminal()) == WIDTH  # narrow


def _findings_line(out: io.StringIO) -> str:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # a terminal gets colours
    return next(line for line in plain.splitlines() if line.startswith("  ×1"))


def test_the_findings_section_fits_the_width_without_cutting_the_line(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write(DEEP, SHELL)
    repo.commit("deep")
    result = scan(repo.root, ScanOptions(jobs=1, findings=select(["security"]), history=None))
    piped, wide = io.StringIO(), _Terminal()
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((200, 50)))

    TerminalReporter().report(result, piped)
    TerminalReporter().report(result, wide)

    narrow = _findings_line(piped)
    assert len(narrow) <= WIDTH
    assert "S602 subprocess-popen-with-shell-equals-true" in narrow
    assert narrow.endswith("/deploy_helpers.py:5")
    assert "…" in narrow
    assert f"{DEEP}:5" in _findings_line(wide)


def test_show_findings_all_lists_every_finding(repo: Repo) -> None:
    repo.write("app/deploy.py", SHELL + "\n\ndef again(command):\n"
               "    return subprocess.call(command, shell=True)\n")  # fmt: skip
    repo.commit("two shell calls")
    common = ("scan", str(repo.root), "-q", "--no-history", "--no-deps")

    default = run_cli(*common).stdout
    every = run_cli(*common, "--show-findings", "all").stdout

    assert "app/deploy.py:5 and 1 more" in default
    assert "--show-findings all lists every finding" in default
    assert "app/deploy.py:5  " in every
    assert "app/deploy.py:9  " in every
    assert "and 1 more" not in every
