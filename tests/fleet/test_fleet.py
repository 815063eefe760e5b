"""`codevitals fleet` end to end in local processes: reports, failures, resuming, clones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Repo, run_cli
from tests.fleet.helpers import (
    ADVISORIES,
    fleet_json,
    freeze,
    organisation,
    repos_file,
    statuses,
)
from tests.gold import compare
from tests.history.helpers import BEA, days_ago
from tests.schemas import validator


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Repo]:
    freeze(monkeypatch)
    return organisation(tmp_path)


def broken_head(root: Path) -> Path:
    """A folder that claims to be a repository but whose HEAD is garbage."""
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("garbage\n")
    return root


def listing(tmp_path: Path, org: dict[str, Repo], *extra: str) -> Path:
    return repos_file(tmp_path, [*(str(r.root) for r in org.values()), *extra])


def scrubbed(text: str, tmp_path: Path) -> str:
    return text.replace(str(ADVISORIES), "<advisories>").replace(str(tmp_path), "<tmp>")


def test_json_report_matches_gold_and_schema(tmp_path: Path, org: dict[str, Repo]) -> None:
    broken_head(tmp_path / "work" / "broken")
    listed = listing(tmp_path, org, "work/broken", "missing")
    result = run_cli("fleet", str(listed), "--offline", "--vuln-db", str(ADVISORIES),
                     "--format", "json", "--jobs", "2")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    validator("fleet.schema.json").validate(__import__("json").loads(result.stdout))
    compare(scrubbed(result.stdout, tmp_path), "fleet.json")


def test_terminal_report_matches_gold(tmp_path: Path, org: dict[str, Repo]) -> None:
    listed = listing(tmp_path, org, "missing")
    result = run_cli("fleet", str(listed), "--offline", "--vuln-db", str(ADVISORIES), "-j", "2")
    assert result.exit_code == 0, result.stderr
    compare(scrubbed(result.stdout, tmp_path), "fleet.terminal.txt")
    assert re.search(r"missing: .*no such file or directory", result.stderr)
    assert "1 of 4 repositories failed" in result.stderr


def test_failing_repositories_are_reported_and_the_others_finish(
    tmp_path: Path, org: dict[str, Repo]
) -> None:
    broken_head(tmp_path / "work" / "broken")
    (tmp_path / "work" / "plain").mkdir()
    document = fleet_json(listing(tmp_path, org, "work/broken", "work/plain", "missing"))
    failed = {r["name"]: r for r in document["repositories"] if r["status"] == "failed"}
    assert {name: item["reason"] for name, item in failed.items()} == {
        "broken": "git",
        "plain": "not-a-repository",
        "missing": "missing",
    }
    assert {item["attempts"] for item in failed.values()} == {2}
    assert document["totals"]["scanned"] == 3


def test_a_repository_with_a_damaged_object_is_scanned_in_part_and_says_why(
    tmp_path: Path, org: dict[str, Repo]
) -> None:
    damaged = org["api"]
    blob = damaged.git("rev-parse", "HEAD:app/route.py").strip()
    loose = damaged.root / ".git" / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.write_bytes(loose.read_bytes()[:10])  # truncated: zlib cannot inflate it
    document = fleet_json(listing(tmp_path, org))
    api = next(r for r in document["repositories"] if r["name"] == "api")
    assert (api["status"], api["partial"]) == ("scanned", True)
    reasons = {(n["path"], n["reason"]) for n in api["notices"]}
    # History survives without the damaged blob: mined from trees alone, and it says so.
    assert {("app/route.py", "unreadable"), ("", "missing-objects")} <= reasons
    assert api["knowledge"]["truck_factor"] == 2
    assert statuses(document)["web"] == "scanned"


def test_an_interrupted_run_resumes_without_scanning_again(
    tmp_path: Path, org: dict[str, Repo]
) -> None:
    # A run that stopped after two repositories left their results in the store.
    fleet_json(repos_file(tmp_path, [str(org["api"].root), str(org["web"].root)]))
    listed = listing(tmp_path, org)
    assert statuses(fleet_json(listed)) == {"api": "resumed", "web": "resumed", "jobs": "scanned"}
    org["web"].write("app/new.py", "x = 1\n")
    org["web"].commit("moved on", date=days_ago(1), author=BEA)
    resumed = fleet_json(listed)
    assert statuses(resumed) == {"api": "resumed", "web": "scanned", "jobs": "resumed"}
    assert statuses(fleet_json(listed, "--fresh")) == dict.fromkeys(
        ("api", "web", "jobs"), "scanned"
    )


def test_resumed_results_are_the_results(tmp_path: Path, org: dict[str, Repo]) -> None:
    listed = listing(tmp_path, org)
    first, second = fleet_json(listed), fleet_json(listed)
    for document in (first, second):
        for item in document["repositories"]:
            del item["status"]
        document["totals"].update(scanned=0, resumed=0)
    assert first == second


def test_url_repositories_are_cloned_and_cleaned_up(tmp_path: Path, org: dict[str, Repo]) -> None:
    workdir = tmp_path / "clones"
    listed = repos_file(tmp_path, [f"file://{org['api'].root}", f"file://{org['jobs'].root}"])
    document = fleet_json(listed, "--workdir", str(workdir))
    assert statuses(document) == {"api": "scanned", "jobs": "scanned"}
    api = next(r for r in document["repositories"] if r["name"] == "api")
    assert api["knowledge"]["truck_factor"] == 2
    assert api["hotspots"][0]["path"] == "app/route.py"
    assert list(workdir.iterdir()) == []


def test_kept_clones_are_fetched_into_on_the_next_run(tmp_path: Path, org: dict[str, Repo]) -> None:
    workdir = tmp_path / "clones"
    listed = repos_file(tmp_path, [f"file://{org['web'].root}"])
    first = fleet_json(listed, "--workdir", str(workdir), "--keep-clones")
    assert len(list(workdir.iterdir())) == 1
    tip = org["web"].commit("moved on", date=days_ago(1), author=BEA)
    second = fleet_json(listed, "--workdir", str(workdir), "--keep-clones")
    assert first["repositories"][0]["commit"] != tip
    assert second["repositories"][0]["commit"] == tip


def test_offline_clones_nothing_but_local_files(tmp_path: Path, org: dict[str, Repo]) -> None:
    listed = repos_file(tmp_path, [str(org["api"].root), "https://example.invalid/org/web.git"])
    document = fleet_json(listed)
    failed = [r for r in document["repositories"] if r["status"] == "failed"]
    assert [(r["name"], r["reason"]) for r in failed] == [("web", "offline")]


def test_html_report_escapes_names_and_loads_nothing(tmp_path: Path, org: dict[str, Repo]) -> None:
    hostile = org["web"].root.rename(org["web"].root.parent / "<img src=x onerror=alert(1)>")
    listed = repos_file(tmp_path, [str(org["api"].root), str(hostile)])
    result = run_cli("fleet", str(listed), "--offline", "--vuln-db", str(ADVISORIES),
                     "--format", "html", "-j", "2")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "app/route.py" in page


def test_options_that_do_not_go_together_are_usage_errors(
    tmp_path: Path, org: dict[str, Repo]
) -> None:
    listed = listing(tmp_path, org)
    workers = run_cli("fleet", str(listed), "--workers", "2")
    assert workers.exit_code == 2
    assert "--scheduler local" in workers.stderr
    jobs = run_cli("fleet", str(listed), "--scheduler", "local", "--jobs", "2")
    assert jobs.exit_code == 2
    missing = run_cli("fleet", str(tmp_path / "nowhere.txt"))
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.stderr
