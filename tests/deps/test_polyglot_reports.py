"""Every ecosystem in every report and command: npm, Go and Cargo beside PyPI, end to end.

Repositories are built in temporary folders and audited offline against real advisories:
the Go and RustSec records copied from their databases and the npm records written by hand
(`fixtures/go`, `fixtures/cargo`, `fixtures/npm`: see each SOURCE.md for origin and licence).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Repo, run_cli
from tests.report.test_html import data_of
from tests.schemas import validator

FIXTURES = Path(__file__).parent / "fixtures"

PACKAGE_JSON = """\
{
  "name": "web",
  "version": "1.0.0",
  "dependencies": {
    "lodash": "4.17.20"
  },
  "devDependencies": {
    "debug": "2.6.8"
  }
}
"""
"""lodash 4.17.20 has GHSA-35jh-r3h4-6jhm (fixed in 4.17.21); debug 2.6.8, for development
only, GHSA-gxpj-cx7g-858c (fixed in 2.6.9)."""

GO_MOD = "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.0\n"
"""gin v1.9.0 has GO-2023-1737 (fixed in v1.9.1); Go 1.22.0's standard library GO-2024-2598."""

CARGO_TOML = """\
[package]
name = "app"
version = "0.1.0"
edition = "2021"

[dependencies]
time = "=0.1.45"

[dev-dependencies]
smallvec = "=1.6.0"
"""
"""time 0.1.45 has RUSTSEC-2020-0071 (fixed in 0.2.0); smallvec 1.6.0, a dev-dependency,
RUSTSEC-2021-0003 (fixed in 1.6.1)."""

GO_TEST_MOD = "module example.com/svc/test\n\ngo 1.22\n\nrequire golang.org/x/text v0.3.7\n"
"""A module of its own for integration tests: golang.org/x/text v0.3.7 has GO-2026-5970."""


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01


@pytest.fixture
def advisories(tmp_path: Path) -> Path:
    """One offline database of the npm, Go and RustSec test records."""
    database = tmp_path / "advisories"
    for ecosystem in ("npm", "go", "cargo", "."):
        source = FIXTURES / ecosystem / "advisories"
        shutil.copytree(source, database / (ecosystem.strip(".") or "pypa"))
    return database


def polyglot(repo: Repo) -> Repo:
    """A web front end (npm), a Go service with a test module, a Rust crate, one Python pin."""
    repo.write("web/package.json", PACKAGE_JSON)
    repo.write("svc/go.mod", GO_MOD)
    repo.write("svc/test/go.mod", GO_TEST_MOD)
    repo.write("crate/Cargo.toml", CARGO_TOML)
    repo.write("requirements.txt", "requests==2.31.0\n")
    repo.write("app.py", '"""App."""\n\n\ndef main() -> int:\n    """Run."""\n    return 0\n')
    repo.commit("polyglot", date="2024-05-01T12:00:00")
    return repo


def offline(advisories: Path, *args: str) -> tuple[str, ...]:
    return ("--offline", "--vuln-db", str(advisories), *args)


def document(*args: str) -> dict[str, Any]:
    result = run_cli(*args)
    assert result.exit_code in {0, 1}, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


# -- reports ----------------------------------------------------------------------------------


def test_the_terminal_labels_each_package_and_totals_each_ecosystem(
    repo: Repo, advisories: Path
) -> None:
    polyglot(repo)
    result = run_cli("deps", str(repo.root), *offline(advisories))
    assert result.exit_code == 1, result.stderr  # known vulnerabilities
    out = result.stdout
    assert "npm lodash 4.17.20  upgrade to 4.17.21" in out
    assert "Go github.com/gin-gonic/gin v1.9.0  upgrade to v1.9.1" in out
    assert "crates.io time 0.1.45  upgrade to 0.2.0" in out
    totals = [line.strip() for line in out.splitlines() if line.startswith("  ") and ": " in line]
    assert "npm: 2 packages · vulnerable 2 · libyear unknown · outdated 0" in totals
    assert "crates.io: 2 packages · vulnerable 2 · libyear unknown · outdated 0" in totals
    # Go: gin, the test module's x/text, and the standard library of each go.mod's go line.
    assert "Go: 3 packages · vulnerable 3 · libyear unknown · outdated 0" in totals
    assert "PyPI: 1 package · vulnerable 0 · libyear unknown · outdated 0" in totals


def test_one_ecosystem_needs_no_labels(repo: Repo, advisories: Path) -> None:
    repo.write("web/package.json", PACKAGE_JSON)
    repo.commit("web only")
    out = run_cli("deps", str(repo.root), *offline(advisories)).stdout
    assert "  lodash 4.17.20  upgrade to 4.17.21" in out
    assert "npm: " not in out


def test_the_same_name_in_two_ecosystems_is_two_packages(repo: Repo, advisories: Path) -> None:
    repo.write("package.json", '{"dependencies": {"requests": "2.31.0"}}\n')
    repo.write("requirements.txt", "requests==2.31.0\n")
    repo.commit("two requests")
    found = document("deps", str(repo.root), *offline(advisories, "-f", "json", "-q"))
    assert found["totals"]["dependencies"] == 2


def test_markdown_totals_each_ecosystem(repo: Repo, advisories: Path) -> None:
    polyglot(repo)
    result = run_cli("scan", str(repo.root), *offline(advisories, "-f", "markdown", "-q"))
    assert "- npm: 2 packages · vulnerable 2 · libyear unknown · outdated 0" in result.stdout
    assert "- Go: 3 packages · vulnerable 3" in result.stdout


def test_sarif_names_the_ecosystem_of_a_vulnerable_package(repo: Repo, advisories: Path) -> None:
    polyglot(repo)
    sarif = document("scan", str(repo.root), *offline(advisories, "-f", "sarif", "-q"))
    messages = {r["ruleId"]: r["message"]["text"] for r in sarif["runs"][0]["results"]}
    assert messages["GHSA-35jh-r3h4-6jhm"] == (
        "lodash 4.17.20 (npm) is affected by GHSA-35jh-r3h4-6jhm; upgrade to 4.17.21"
    )
    assert messages["GO-2023-1737"].startswith("github.com/gin-gonic/gin v1.9.0 (Go) is affected")
    assert messages["RUSTSEC-2020-0071"].startswith("time 0.1.45 (crates.io) is affected")


def test_the_html_dependencies_tab_has_each_ecosystem_as_text(
    repo: Repo, advisories: Path, tmp_path: Path
) -> None:
    repo.write("web/package.json", PACKAGE_JSON.replace("lodash", "</script><b>x"))
    repo.write("svc/go.mod", GO_MOD)
    repo.commit("web and svc")
    page = tmp_path / "report.html"
    result = run_cli("scan", str(repo.root), *offline(advisories, "-f", "html", "-o", str(page)))
    assert result.exit_code in {0, 1}, result.stderr
    html = page.read_text(encoding="utf-8")
    assert 'id="deps-ecosystem"' in html
    assert "</script><b>x" not in html  # the repository's text is data, never markup
    dependencies: Any = data_of(html)["dependencies"]
    rows = {(item["name"], item["ecosystem"]) for item in dependencies["items"]}
    assert {("</script><b>x", "npm"), ("github.com/gin-gonic/gin", "Go")} <= rows


def test_the_json_report_fits_the_schema(repo: Repo, advisories: Path) -> None:
    polyglot(repo)
    found = document("deps", str(repo.root), *offline(advisories, "-f", "json", "-q"))
    validator("deps.schema.json").validate(found)
    assert {d["ecosystem"] for d in found["dependencies"]} == {"npm", "Go", "crates.io", "PyPI"}
