"""Each command's flags and configuration become one typed value, in `cli/build.py`.

A stage runs because that value's field says so: these tests read the fields each command's
builder sets, from the command line and from a configuration file.
"""

from __future__ import annotations

import click

from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.history import HistoryOptions
from codevitals.history.since import parse
from codevitals.scan import ScanOptions
from tests.conftest import Repo


def _context(name: str, *args: str) -> click.Context:
    """The context `codevitals NAME ARGS…` runs in, its parameters parsed."""
    root = click.Context(main, info_name="codevitals")
    command = main.get_command(root, name)
    assert command is not None
    return command.make_context(name, list(args), parent=root)


def _stages(options: ScanOptions) -> set[str]:
    chosen = {
        "findings": options.findings is not None and not options.findings.empty,
        "dependencies": options.dependencies is not None,
        "history": options.history is not None,
        "plan": options.plan is not None,
    }
    return {name for name, runs in chosen.items() if runs}


def test_each_scanning_command_names_the_stages_it_runs(repo: Repo) -> None:
    root = str(repo.root)
    every = {"findings", "dependencies", "history", "plan"}
    assert _stages(build.for_scan(_context("scan", root), repo.root).scan) == every
    quiet = build.for_scan(_context("scan", root, "--no-deps", "--no-history"), repo.root)
    assert _stages(quiet.scan) == {"findings", "plan"}
    hotspots = build.for_hotspots(_context("hotspots", root), repo.root)
    assert _stages(hotspots.scan) == {"findings", "history", "plan"}
    explain = build.for_explain(_context("explain", root), repo.root)
    assert _stages(explain.scan) == {"findings"}
    gate = build.for_gate(_context("gate", root, "--base", "main"), repo.root)
    assert _stages(gate.request.options) == {"findings", "dependencies"}
    no_deps = build.for_gate(_context("gate", root, "--no-deps"), repo.root)
    assert _stages(no_deps.request.options) == {"findings"}


def test_the_plan_lists_as_many_items_as_its_top_says(repo: Repo) -> None:
    planned = build.for_plan(_context("plan", str(repo.root), "--top", "3"), repo.root)
    assert planned.scan.plan is not None
    assert planned.scan.plan.items == 3


def test_since_is_the_hotspot_window_in_a_scan_and_the_start_of_a_trend(repo: Repo) -> None:
    root = str(repo.root)
    scanned = build.for_scan(_context("scan", root, "--since", "2y"), repo.root).scan
    assert scanned.history is not None
    assert scanned.history.since == parse("2y")
    validated = build.for_validate(_context("validate", root, "--since", "2y"), repo.root)
    assert validated.validate.history.since == parse("2y")
    trend = build.for_trend(_context("trend", root, "--since", "2y"), repo.root).trend
    assert trend.since == parse("2y")
    assert trend.history.since == HistoryOptions().since  # the window stays the default


def test_configuration_values_reach_the_typed_options(repo: Repo) -> None:
    repo.write(
        ".codevitals.toml",
        'since = "3y"\nduplication-min-tokens = 70\ntop = 4\n[trend]\nsince = "6m"\n',
    )
    root = str(repo.root)
    scanned = build.for_scan(_context("scan", root), repo.root)
    assert scanned.scan.history is not None
    assert scanned.scan.history.since == parse("3y")
    assert scanned.scan.duplication.min_tokens == 70
    assert scanned.top == 4
    trend = build.for_trend(_context("trend", root), repo.root).trend
    assert trend.since == parse("6m")
    assert trend.scan.min_tokens == 70
