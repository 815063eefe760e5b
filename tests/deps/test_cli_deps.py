"""`codevitals deps` and the dependency summary of `codevitals scan`, as a user meets them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import Repo, run_cli
from tests.deps.fake_server import FakeServer, Reply
from tests.deps.project import build, serve_pypi
from tests.gold import compare
from tests.report.test_sarif import _validate as validate_sarif
from tests.report.test_sarif import assert_github_ready
from tests.schemas import validator

ADVISORIES = Path(__file__).parent / "fixtures" / "advisories"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        serve_pypi(running)
        running.route("/v1/querybatch", _no_vulnerabilities)
        yield running


def _no_vulnerabilities(_path: str, body: bytes) -> Reply:
    return Reply.json({"results": [{} for _ in json.loads(body)["queries"]]})


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports depend on the date (unmaintained packages): 2024-06-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")


@pytest.fixture
def project(repo: Repo) -> Repo:
    build(repo)
    repo.commit("monorepo")
    return repo


def deps(repo: Repo, server: FakeServer, *args: str) -> Result:
    index = ("--index-url", f"{server.url}/pypi", "--osv-url", server.url)
    return run_cli("deps", str(repo.root), *index, *args)


def scrubbed(text: str, server: FakeServer) -> str:
    return re.sub(
        r"http://127\.0\.0\.1:\d+",
        "http://fake-index",
        text.replace(server.url, "http://fake-index"),
    )


def test_terminal_report_matches_gold(
    project: Repo, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative database path: the checkout's own path would wrap the 80-column line
    # differently in every folder the suite runs from.
    monkeypatch.chdir(ADVISORIES.parent)
    result = deps(project, server, "--vuln-db", ADVISORIES.name)
    assert result.exit_code == 1  # known vulnerabilities
    assert "codevitals: dependencies: 2 vulnerable" in result.stderr
    compare(scrubbed(result.stdout, server), "deps.terminal.txt")


def test_json_report_matches_gold_and_schema(project: Repo, server: FakeServer) -> None:
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "--format", "json", "-q")
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    assert document["totals"]["vulnerable"] == 2
    text = scrubbed(result.stdout, server).replace(str(ADVISORIES), "<advisories>")
    compare(text, "deps.json")


def test_markdown_report_matches_gold(project: Repo, server: FakeServer) -> None:
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "--format", "markdown", "-q")
    assert result.exit_code == 1  # known vulnerabilities, whatever the format
    text = scrubbed(result.stdout, server).replace(str(ADVISORIES), "<advisories>")
    assert "### Unknown (not checked, never counted as clean)" in text
    compare(re.sub(r" at `[0-9a-f]{10}`", " at `<sha>`", text), "deps.md")


def test_markdown_escapes_what_the_repository_controls(repo: Repo, server: FakeServer) -> None:
    repo.write("package.json", json.dumps({"dependencies": {"<img src=x>|a": "1.0.0"}}))
    repo.commit("a hostile package name")
    result = deps(repo, server, "--format", "markdown", "-q", "--offline")
    (row,) = [line for line in result.stdout.splitlines() if "img" in line]
    assert row.startswith("| `<img src=x>\\|a` 1.0.0 | ")  # in a code span: shown, not run
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells: the name's pipe is escaped


def test_sarif_report_is_valid_github_ready_and_matches_gold(
    project: Repo, server: FakeServer
) -> None:
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "--format", "sarif", "-q")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    validate_sarif(document)
    assert_github_ready(document)
    results = document["runs"][0]["results"]
    rules = {r["ruleId"] for r in results}
    # Every advisory of every vulnerable pin, and each pin nobody could check: never clean.
    assert rules == {"PYSEC-2023-221", "PYSEC-2018-28", "PYSEC-2023-74", "unchecked-dependency"}
    unchecked = [r for r in results if r["ruleId"] == "unchecked-dependency"]
    assert len(unchecked) == document_totals(project, server)["unchecked"]
    compare(scrubbed(result.stdout, server), "deps.sarif.json")


def document_totals(repo: Repo, server: FakeServer) -> dict[str, Any]:
    result = deps(repo, server, "--vuln-db", str(ADVISORIES), "--format", "json", "-q")
    totals: dict[str, Any] = json.loads(result.stdout)["totals"]
    return totals


def test_an_ignored_vulnerability_is_shown_with_its_reason_and_never_counted(
    project: Repo, server: FakeServer
) -> None:
    werkzeug = "PYSEC-2023-221=dev server only, never exposed"
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "--format", "json", "-q",
                  "--ignore-vuln", werkzeug)  # fmt: skip
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    found = {(d["name"], d["path"]): d for d in document["dependencies"]}
    item = found["werkzeug", "svc-a/uv.lock"]
    assert item["vulnerabilities"] == []
    assert item["fix"] is None  # nothing left to upgrade for
    assert [(i["vulnerability"]["id"], i["reason"]) for i in item["ignored"]] == [
        ("PYSEC-2023-221", "dev server only, never exposed")
    ]
    assert (document["totals"]["vulnerable"], document["totals"]["ignored"]) == (1, 1)
    assert result.exit_code == 1  # requests is still vulnerable
    # By an alias (the CVE) too, without a reason; with nothing left, the audit passes.
    requests = ("--ignore-vuln", "CVE-2018-18074", "--ignore-vuln", "cve-2023-32681")
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "-q",
                  "--ignore-vuln", werkzeug, *requests)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "vulnerable 0 · 2 unknown · 3 ignored" in result.stdout
    assert "Ignored vulnerabilities (--ignore-vuln: not counted)" in result.stdout
    assert "PYSEC-2023-221: dev server only, never exposed" in result.stdout
    assert "PYSEC-2018-28: no reason given" in result.stdout


def test_an_ignored_vulnerability_is_a_suppressed_sarif_result(
    project: Repo, server: FakeServer
) -> None:
    result = deps(project, server, "--vuln-db", str(ADVISORIES), "--format", "sarif", "-q",
                  "--ignore-vuln", "PYSEC-2023-221=dev only")  # fmt: skip
    document = json.loads(result.stdout)
    validate_sarif(document)
    (werkzeug,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "PYSEC-2023-221"]
    assert werkzeug["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "dev only"}
    ]
    others = [r for r in document["runs"][0]["results"] if r["ruleId"] != "PYSEC-2023-221"]
    assert others
    assert all("suppressions" not in r for r in others)


@pytest.mark.parametrize("value", ["", "=why", "two words=why"])
def test_a_bad_ignore_vuln_is_a_usage_error(repo: Repo, server: FakeServer, value: str) -> None:
    write_requirements(repo, "requests==2.32.3\n")
    result = deps(repo, server, "-q", "--ignore-vuln", value)
    assert result.exit_code == 2
    assert "--ignore-vuln takes ID or ID=REASON" in result.stderr


def test_notices_name_the_file_and_line(project: Repo, server: FakeServer) -> None:
    result = deps(project, server, "--vuln-db", str(ADVISORIES))
    assert "codevitals: svc-c/poetry.lock:4: invalid-toml:" in result.stderr


def write_requirements(repo: Repo, text: str) -> Repo:
    repo.write("requirements.txt", text)
    return repo


def test_one_manifest_is_audited_alone(project: Repo, server: FakeServer) -> None:
    # As pip-audit's -r and osv-scanner's --lockfile: the file named, nothing beside it.
    path = project.root / "svc-b" / "requirements.txt"
    result = run_cli("deps", str(path), "--index-url", f"{server.url}/pypi", "--osv-url",
                     server.url, "--vuln-db", str(ADVISORIES), "-f", "json", "-q")  # fmt: skip
    document = json.loads(result.stdout)
    assert {m["path"] for m in document["manifests"]} == {"requirements.txt"}
    assert "requests" in {d["name"] for d in document["dependencies"]}
    assert result.exit_code == 1  # requests 2.19.1 is vulnerable


def test_a_file_that_is_no_manifest_is_a_usage_error(repo: Repo) -> None:
    repo.write("notes.txt", "requests==2.19.1\n")
    result = run_cli("deps", str(repo.root / "notes.txt"), "-q", "--offline")
    assert result.exit_code == 2
    assert "notes.txt: not a manifest or lockfile codevitals reads" in result.stderr


def test_a_manifest_linked_from_outside_is_not_read(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "requirements.txt"
    outside.parent.mkdir()
    outside.write_text("secret-internal-name==1.0\n")
    (repo.root / "requirements.txt").symlink_to(outside)
    result = run_cli("deps", str(repo.root / "requirements.txt"), "-f", "json", "--offline")
    document = json.loads(result.stdout)
    assert document["dependencies"] == []  # its names never reach an index
    assert document["partial"] is True
    assert "requirements.txt" in result.stderr


def test_clean_dependencies_exit_zero(repo: Repo, server: FakeServer) -> None:
    result = deps(write_requirements(repo, "requests==2.32.3\n"), server, "-q")
    assert result.exit_code == 0, result.stderr
    assert "vulnerable 0" in result.stdout


def test_strict_fails_on_unknowns_only(repo: Repo, server: FakeServer) -> None:
    write_requirements(repo, "requests>=2\n")
    assert deps(repo, server, "-q").exit_code == 0
    strict = deps(repo, server, "-q", "--strict")
    assert strict.exit_code == 1
    assert "1 not checked (--strict)" in strict.stderr


def test_an_unreachable_osv_is_unknown_and_fails_strict(repo: Repo, server: FakeServer) -> None:
    write_requirements(repo, "requests==2.19.1\n")
    args = ("--index-url", f"{server.url}/pypi", "--osv-url", "http://127.0.0.1:9", "-q")
    result = run_cli("deps", str(repo.root), *args, "--strict", "--format", "json")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)["dependencies"]
    assert item["vulnerabilities"] == []
    assert [u["reason"] for u in item["unknowns"]] == ["network"]


def test_offline_sends_no_request(project: Repo, server: FakeServer) -> None:
    result = deps(project, server, "--offline", "-q", "--format", "json")
    assert server.requests == []
    assert json.loads(result.stdout)["sources"]["metadata"] == "cache only (--offline)"


def test_configuration_sets_the_unmaintained_period(repo: Repo, server: FakeServer) -> None:
    write_requirements(repo, "oldlib==1.0\n")
    assert "unmaintained 1" in deps(repo, server, "-q").stdout
    repo.write(".codevitals.toml", 'unmaintained-after = "20y"\nfail-under = 5\n')
    assert "unmaintained 0" in deps(repo, server, "-q").stdout


@pytest.mark.parametrize("key", ["index-url = 'http://evil.example'", "osv-url = 'http://x'",
                                 "vuln-db = '.'", "registry-url = ['npm=http://x']",
                                 "ignore-vuln = ['PYSEC-2023-221']"])  # fmt: skip
def test_a_repository_cannot_choose_servers_or_advisories(
    repo: Repo, server: FakeServer, key: str
) -> None:
    write_requirements(repo, "requests==2.32.3\n")
    repo.write(".codevitals.toml", key + "\n")
    result = deps(repo, server, "-q")
    assert result.exit_code == 2
    assert "is accepted only on the command line" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unmaintained-after", "2x"), "not a duration"),
        (("--vuln-db", "nowhere"), "does not exist"),
    ],
)
def test_bad_options_are_one_line_errors(
    repo: Repo, server: FakeServer, args: tuple[str, str], message: str
) -> None:
    result = deps(write_requirements(repo, "six==1.16.0\n"), server, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_vuln_db_that_is_no_database_is_an_error(repo: Repo, server: FakeServer) -> None:
    bogus = repo.write("notes.txt", "hello\n")
    result = deps(write_requirements(repo, "six==1.16.0\n"), server, "--vuln-db", str(bogus))
    assert result.exit_code == 2
    assert result.stderr.startswith("codevitals: error: ")
    assert "folder or a zip" in result.stderr


def scan(repo: Repo, server: FakeServer, *args: str) -> Any:
    index = ("--index-url", f"{server.url}/pypi", "--osv-url", server.url)
    result = run_cli("scan", str(repo.root), *index, "-q", *args)
    assert result.exit_code == 0, result.stderr
    return result


def test_scan_includes_the_dependency_audit(project: Repo, server: FakeServer) -> None:
    result = scan(project, server, "--vuln-db", str(ADVISORIES), "--format", "json")
    document = json.loads(result.stdout)
    validator("scan.schema.json").validate(document)
    assert document["dependencies"]["totals"]["vulnerable"] == 2
    assert document["partial"]  # the broken poetry.lock


def test_scan_summary_in_the_terminal(project: Repo, server: FakeServer) -> None:
    text = scan(project, server, "--vuln-db", str(ADVISORIES)).stdout
    assert "Dependencies 7 packages in 4 manifests" in text
    assert "requests 2.19.1  upgrade to 2.31.0  svc-a/pyproject.toml:5" in text


def test_scan_without_dependencies(project: Repo, server: FakeServer) -> None:
    document = json.loads(scan(project, server, "--no-deps", "--format", "json").stdout)
    assert document["dependencies"] is None
    assert server.requests == []


def test_bad_input_is_one_line_each_and_the_rest_is_audited(repo: Repo, server: FakeServer) -> None:
    repo.write("a/pyproject.toml", "[project]\nname = 'a'\ndependencies = [\n  'six==1.16.0'\n")
    repo.write("b/Pipfile.lock", '{\n  "default": {\n    "six": {"version": "==1.16.0"}\n  ,}\n}\n')
    repo.write("c/poetry.lock", '[[package]]\nname = "flask"\nversion = "three point oh"\n')
    repo.write("requirements.txt", "requests==2.32.3\n-r requirements-dev.txt\nreqeusts==2.0\n")
    repo.write("requirements-dev.txt", "flask==3.0.0\n-r requirements.txt\n")
    result = deps(repo, server, "--vuln-db", str(ADVISORIES), "--format", "json")
    lines = [line for line in result.stderr.splitlines() if not line.startswith("codevitals: dep")]
    assert sorted(line.split(": ")[1] for line in lines) == [
        "a/pyproject.toml:4",
        "b/Pipfile.lock:4",
        "c/poetry.lock:2",
        "requirements.txt:2",
        "requirements.txt:3",
    ]
    assert all(line.startswith("codevitals: ") and line.count("\n") == 0 for line in lines)
    loop = "include loop requirements-dev.txt → requirements.txt → requirements-dev.txt"
    assert loop in result.stderr
    assert "no project 'reqeusts'" in result.stderr
    assert "'three point oh' is not a PEP 440 version" in result.stderr
    audited = {d["name"]: d for d in json.loads(result.stdout)["dependencies"]}
    assert audited["requests"]["freshness"]["latest"] == "2.32.3"
    assert audited["flask"]["version"] == "3.0.0"
    assert json.loads(result.stdout)["partial"]


def test_every_registry_is_unreachable_in_tests_so_lookups_are_unknown(repo: Repo) -> None:
    """Without --offline, an npm, Go and Cargo repository asks the closed port conftest sets,
    never the public registries: every lookup is unknown, none clean, and it ends quickly."""
    repo.write("package.json", json.dumps({"dependencies": {"left-pad": "1.3.0"}}))
    repo.write("go.mod", "module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n")
    repo.write("Cargo.toml", '[package]\nname = "m"\nversion = "0.1.0"\n\n'
               '[dependencies]\nserde = "=1.0.200"\n')  # fmt: skip
    repo.commit("three ecosystems")
    result = run_cli("deps", str(repo.root), "-q", "--format", "json", "--timeout", "5")
    items = json.loads(result.stdout)["dependencies"]
    assert {item["ecosystem"] for item in items} == {"Go", "crates.io", "npm"}
    for item in items:
        assert "network" in [u["reason"] for u in item["unknowns"]], item
    assert "127.0.0.1:9" in json.loads(result.stdout)["sources"]["metadata"]


def test_registry_url_chooses_each_ecosystems_registry(repo: Repo) -> None:
    repo.write("package.json", json.dumps({"dependencies": {"left-pad": "1.3.0"}}))
    repo.write("requirements.txt", "requests==2.32.3\n")
    repo.commit("npm and PyPI")
    chosen = ("--registry-url", "NPM=http://127.0.0.1:9/mine", "--registry-url",
              "pypi=http://127.0.0.1:9/simple")  # fmt: skip
    result = run_cli("deps", str(repo.root), "-q", "--format", "json", *chosen)
    metadata = json.loads(result.stdout)["sources"]["metadata"]
    assert "npm: http://127.0.0.1:9/mine" in metadata
    assert "PyPI: http://127.0.0.1:9/simple" in metadata


@pytest.mark.parametrize("value", ["cargo=http://x", "npm", "npm="])
def test_a_bad_registry_url_is_a_usage_error_naming_the_ecosystems(repo: Repo, value: str) -> None:
    repo.write("package.json", "{}")
    result = run_cli("deps", str(repo.root), "--registry-url", value)
    assert result.exit_code == 2
    assert "npm, Go, crates.io, Maven, NuGet, RubyGems, Packagist" in result.stderr
    assert value in result.stderr
