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


def test_the_scan_summary_labels_vulnerable_packages_by_ecosystem(
    repo: Repo, advisories: Path
) -> None:
    polyglot(repo)
    out = run_cli("scan", str(repo.root), *offline(advisories)).stdout
    assert "Go github.com/gin-gonic/gin v1.9.0  upgrade to v1.9.1" in out
    assert "Go: 3 packages · vulnerable 3" in out


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


# -- plan -------------------------------------------------------------------------------------


def plan_items(repo: Repo, advisories: Path) -> dict[str, dict[str, Any]]:
    """The plan's upgrade items by package."""
    found = document("plan", str(repo.root), *offline(advisories, "-f", "json", "-q"))
    items = found["plan"]["items"]
    return {item["target"]["package"]: item for item in items if item["kind"] == "upgrade"}


def test_the_plan_upgrades_vulnerable_go_and_npm_packages_as_the_registry_spells_them(
    repo: Repo, advisories: Path
) -> None:
    items = plan_items(polyglot(repo), advisories)
    gin = items["github.com/gin-gonic/gin"]
    assert gin["action"] == "upgrade `github.com/gin-gonic/gin` v1.9.0 → v1.9.1"  # go.mod's v
    assert gin["reasons"][0]["text"].endswith("fixed in v1.9.1")
    assert (gin["target"]["path"], gin["target"]["line"], gin["place"]) == (
        "svc/go.mod", 5, "production"
    )  # fmt: skip
    lodash = items["lodash"]
    assert lodash["action"] == "upgrade `lodash` 4.17.20 → 4.17.21"
    assert (lodash["target"]["path"], lodash["place"]) == ("web/package.json", "production")
    assert items["time"]["action"] == "upgrade `time` 0.1.45 → 0.2.0"


def test_the_plan_places_development_dependencies_of_every_ecosystem_as_development(
    repo: Repo, advisories: Path
) -> None:
    items = plan_items(polyglot(repo), advisories)
    places = {name: item["place"] for name, item in items.items()}
    assert places["debug"] == "development"  # an npm devDependency
    assert places["smallvec"] == "development"  # a Cargo dev-dependency
    assert places["golang.org/x/text"] == "development"  # a Go module of the tests only
    # The toolchain both Go modules declare is the service's: it ships.
    assert places["stdlib"] == "production"
    assert items["stdlib"]["target"]["path"] == "svc/go.mod"


# -- gate -------------------------------------------------------------------------------------


@pytest.fixture
def web(repo: Repo) -> Repo:
    """A front end on main with one clean package; the branch adds a vulnerable one."""
    repo.write("web/package.json", '{\n  "dependencies": {\n    "ms": "2.1.3"\n  }\n}\n')
    repo.commit("web")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("web/package.json", PACKAGE_JSON)
    return repo


def test_the_gate_fails_when_a_change_adds_a_vulnerable_npm_package(
    web: Repo, advisories: Path
) -> None:
    result = run_cli("gate", str(web.root), "--base", "main", *offline(advisories, "-q"))
    assert result.exit_code == 1, result.stderr
    out = " ".join(result.stdout.split())
    assert "lodash 4.17.20 (npm) is affected by GHSA-35jh-r3h4-6jhm" in out
    found = document("gate", str(web.root), "--base", "main", *offline(advisories, "-f", "json"))
    problems = {(p["check"], p["path"], p["line"], p["code"]) for p in found["problems"]}
    assert ("dependencies", "web/package.json", 5, "GHSA-35jh-r3h4-6jhm") in problems


def test_the_gate_names_new_npm_packages_it_could_not_check_and_strict_fails(web: Repo) -> None:
    # Offline without advisories: no lookup can be made, so nothing new is clean.
    result = run_cli("gate", str(web.root), "--base", "main", "--offline", "-q")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "2 new dependencies not checked" in out
    assert "lodash 4.17.20 (npm) could not be checked" in out
    assert "ms 2.1.3" not in out  # main pinned it already: not new
    strict = run_cli("gate", str(web.root), "--base", "main", "--offline", "--strict", "-q")
    assert strict.exit_code == 1
    assert "not checked (--strict)" in " ".join(strict.stdout.split())


# -- trend and fleet --------------------------------------------------------------------------


def test_trend_counts_vulnerable_packages_of_every_ecosystem(repo: Repo, advisories: Path) -> None:
    repo.write("requirements.txt", "requests==2.31.0\n")
    repo.write("app.py", '"""App."""\n')
    repo.commit("python only", date="2024-03-01T12:00:00")
    polyglot(repo)
    found = document("trend", str(repo.root), "--until", "2024-06-01", "--since", "4m",
                     *offline(advisories, "-f", "json", "-q"))  # fmt: skip
    validator("trend.schema.json").validate(found)
    vulnerable = [(p["commit_time"][:10], p["vulnerable"]) for p in found["points"]]
    # lodash, debug, gin, the Go toolchain, x/text, time, smallvec: seven, once Go, npm and
    # Cargo arrive; the Python pin is clean throughout.
    assert vulnerable[0] == ("2024-03-01", 0)
    assert vulnerable[-1] == ("2024-05-01", 7)


def test_fleet_counts_and_groups_packages_of_every_ecosystem(
    repo: Repo, advisories: Path, tmp_path: Path
) -> None:
    polyglot(repo)
    other = Repo(tmp_path / "other").init()
    other.write("package.json", '{"dependencies": {"lodash": "4.17.20"}}\n')
    other.write("requirements.txt", "lodash==4.17.20\n")  # a PyPI name alike: another package
    other.commit("lodash twice")
    listed = tmp_path / "repos.txt"
    listed.write_text(f"{repo.root}\n{other.root}\n", encoding="utf-8")
    found = document("fleet", str(listed), *offline(advisories, "-f", "json", "--jobs", "1"))
    validator("fleet.schema.json").validate(found)
    by_name = {item["name"]: item for item in found["repositories"]}
    assert by_name["repo"]["dependencies"]["dependencies"] == 8
    assert by_name["repo"]["dependencies"]["vulnerable"] == 7
    assert by_name["other"]["dependencies"]["dependencies"] == 2
    shared = [(s["ecosystem"], s["name"], s["repositories"]) for s in found["vulnerable"]]
    assert ("npm", "lodash", ["other", "repo"]) in shared
    pins = {(p["ecosystem"], p["name"]) for p in by_name["repo"]["pins"]}
    assert {("Go", "github.com/gin-gonic/gin"), ("crates.io", "time"), ("npm", "lodash")} <= pins
    # The terminal and the HTML page label each package with its ecosystem: two `lodash`.
    out = run_cli("fleet", str(listed), *offline(advisories, "--jobs", "1", "--top", "20")).stdout
    rows = " ".join(out.split())
    assert "npm lodash 4.17.20" in rows
    assert "Go github.com/gin-gonic/gin" in rows
    page = tmp_path / "fleet.html"
    run_cli("fleet", str(listed), *offline(advisories, "-j", "1", "-f", "html", "-o", str(page)))
    html = page.read_text(encoding="utf-8")
    assert '<td><span class="muted">npm</span> lodash</td>' in html
    assert '<td><span class="muted">crates.io</span> time</td>' in html


# -- bad input --------------------------------------------------------------------------------


def test_unreadable_lockfiles_are_one_line_each_and_their_packages_never_clean(
    repo: Repo, advisories: Path
) -> None:
    repo.write("web/package.json", '{\n  "dependencies": {\n    "lodash": "^4.17.0"\n  }\n}\n')
    repo.write("crate/Cargo.toml", CARGO_TOML)
    repo.write("crate/Cargo.lock", 'version = 3\n[[package]]\nname = "time"\nversion = \n')
    repo.write("svc/go.mod", GO_MOD)
    repo.commit("broken lockfile")
    with (repo.root / "web" / "package-lock.json").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse junk, untracked: no 20 MB written to disk
    result = run_cli("deps", str(repo.root), *offline(advisories))
    assert result.exit_code == 1, result.stderr  # gin is still found vulnerable
    notices = [line for line in result.stderr.splitlines() if "lock" in line]
    assert any("web/package-lock.json" in line and "too-large" in line for line in notices)
    assert any("crate/Cargo.lock" in line and "invalid-toml" in line for line in notices)
    assert "partial results" in result.stdout
    out = " ".join(result.stdout.split())
    # lodash's range names no version without its lockfile: unknown, never clean.
    assert "npm: 1 package · vulnerable 0 · 1 unknown" in out
    assert "lodash@^4.17.0" in out
    assert "unpinned" in out
    assert "Go github.com/gin-gonic/gin v1.9.0 upgrade to v1.9.1" in out
