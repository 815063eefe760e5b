"""What `codevitals deps` loads: a warm or offline audit of an npm lockfile sends no request
and reads no Python manifest, so it must not pay for importing the network client, packaging's
requirement parser, the terminal report or the code-health scan.

Each audit runs in a fresh interpreter (the test process has imported everything already) and
reports the modules it ended with, and its JSON report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import Repo
from tests.deps.fake_server import FakeServer
from tests.deps.test_npm import FIXTURES, project, registry
from tests.test_startup import PROBE

NETWORK = ("httpx", "httpcore")
NOT_FOR_AN_NPM_AUDIT = (
    "rich",  # the terminal report
    "codevitals.report.terminal.deps",
    "packaging.requirements",  # PEP 508: Python manifests only
    "packaging.utils",
    "yaml",  # pnpm lockfiles and YAML advisories only
    "codevitals.scan",  # other commands
    "codevitals.code.health",
    "codevitals.plan",
    "codevitals.history.options",  # options of other commands: their defaults and choices
    "codevitals.history.fixes",
    "codevitals.gate",
    "codevitals.findings.presets",
    "codevitals.model.fleet",  # the fleet's models: only its reports name them
)

__all__ = ["registry"]  # the fixture, imported for the tests below


def _audit(repo: Repo, server: FakeServer, cache: Path, output: Path, *args: str) -> set[str]:
    """The modules `codevitals deps` (JSON to `output`) had loaded when it ended."""
    command = ["deps", str(repo.root), "--vuln-db", str(FIXTURES / "advisories"),
               "--registry-url", f"npm={server.url}/npm", "--index-url", f"{server.url}/pypi",
               "--cache-dir", str(cache), "--format", "json", "--output", str(output), "-q",
               *args]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "SOURCE_DATE_EPOCH": "1796601600"},
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["exit"] in (None, 0, 1), done.stderr
    return set(probe["modules"])


def _report(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    document.pop("sources", None)  # says "cache only (--offline)" offline
    return document


def _loaded(modules: set[str], names: tuple[str, ...]) -> set[str]:
    """Which of `names` (packages or modules) were imported, themselves or a module in them."""
    return {name for name in names for m in modules if m == name or m.startswith(f"{name}.")}


def test_a_warm_or_offline_npm_audit_loads_no_network_client_and_reports_the_same(
    repo: Repo, registry: FakeServer, tmp_path: Path
) -> None:
    project(repo).commit("an npm project")
    cache = tmp_path / "cache"
    cold = _audit(repo, registry, cache, tmp_path / "cold.json")
    asked = len(registry.requests)
    warm = _audit(repo, registry, cache, tmp_path / "warm.json")
    offline = _audit(repo, registry, cache, tmp_path / "offline.json", "--offline")
    assert asked > 0  # the cold run did fetch
    assert len(registry.requests) == asked  # and no other
    assert _loaded(cold, NETWORK) == set(NETWORK)  # the probe does see httpx being imported
    assert _loaded(warm, NETWORK) == _loaded(offline, NETWORK) == set()
    for modules in (warm, offline):
        assert _loaded(modules, NOT_FOR_AN_NPM_AUDIT) == set()
    assert _loaded(cold, NOT_FOR_AN_NPM_AUDIT) <= {"rich"}  # httpx imports it for its own CLI
    cold_report = _report(tmp_path / "cold.json")
    assert cold_report["dependencies"]
    assert _report(tmp_path / "warm.json") == cold_report
    assert _report(tmp_path / "offline.json") == cold_report
