"""The audit end to end: several manifests, a fake index, the offline advisories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.fetch import HttpSettings
from codevitals.model.deps import (
    Dependency,
    DependencyReport,
    Relation,
    VulnerabilitySource,
    checked,
)
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer, Reply
from tests.deps.project import build, serve_pypi

ADVISORIES = Path(__file__).parent / "fixtures" / "advisories"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
PATHS = ["svc-a/pyproject.toml", "svc-a/uv.lock", "svc-b/requirements.txt",
         "svc-c/poetry.lock", "svc-c/app.py"]  # fmt: skip


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        serve_pypi(running)
        yield running


def run(repo: Repo, server: FakeServer, **options: object) -> DependencyReport:
    defaults: dict[str, object] = {"osv_url": server.url}
    settings = AuditOptions(
        index_url=f"{server.url}/pypi",
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
        **{**defaults, **options},  # type: ignore[arg-type]
    )
    return audit(repo.root, PATHS, settings, None)


def find(report: DependencyReport, path: str, name: str) -> Dependency:
    return next(
        d for d in report.dependencies if d.declaration.path == path and d.declaration.name == name
    )


def test_a_monorepo_audit(repo: Repo, server: FakeServer) -> None:
    report = run(build(repo), server, vuln_db=ADVISORIES)
    assert [(m.path, m.kind, m.declarations) for m in report.manifests] == [
        ("svc-a/pyproject.toml", "pyproject", 2),
        ("svc-a/uv.lock", "uv.lock", 3),
        ("svc-b/requirements.txt", "requirements", 5),
        ("svc-c/poetry.lock", "poetry.lock", 0),
    ]
    requests = find(report, "svc-a/pyproject.toml", "requests")
    assert requests.declaration.version == "2.19.1"
    assert requests.declaration.locked_in == "svc-a/uv.lock:11"
    assert [v.id for v in requests.vulnerabilities] == ["PYSEC-2018-28", "PYSEC-2023-74"]
    assert requests.vulnerabilities[0].aliases == ("CVE-2018-18074", "GHSA-x84v-xcm2-53pg")
    assert requests.vulnerabilities[0].fixed == ("2.20.0",)
    assert requests.fix == "2.31.0"  # the smallest release that fixes both
    assert requests.freshness is not None
    assert requests.freshness.behind == 4


def test_lockfile_entries_the_manifest_declares_are_not_reported_twice(
    repo: Repo, server: FakeServer
) -> None:
    report = run(build(repo), server, vuln_db=ADVISORIES)
    in_a = [(d.declaration.path, d.declaration.name, d.declaration.relation)
            for d in report.dependencies if d.declaration.path.startswith("svc-a/")]  # fmt: skip
    assert in_a == [
        ("svc-a/pyproject.toml", "requests", Relation.DIRECT),
        ("svc-a/pyproject.toml", "flask", Relation.DIRECT),
        ("svc-a/uv.lock", "werkzeug", Relation.TRANSITIVE),
    ]
    werkzeug = find(report, "svc-a/uv.lock", "werkzeug")
    assert [v.id for v in werkzeug.vulnerabilities] == ["PYSEC-2023-221"]
    assert werkzeug.fix == "3.0.1"


def test_unknowns_say_why_and_are_never_clean(repo: Repo, server: FakeServer) -> None:
    report = run(build(repo), server, vuln_db=ADVISORIES)
    reasons = {
        d.declaration.name: [u.reason for u in d.unknowns]
        for d in report.dependencies
        if d.declaration.path == "svc-b/requirements.txt"
    }
    assert reasons == {
        "requests": [],
        "no-such-package": ["not-found"],
        "urllib3": ["unpinned"],
        "oldlib": [],
        ".": ["unresolvable"],
    }
    assert find(report, "svc-b/requirements.txt", "oldlib").freshness.unmaintained  # type: ignore[union-attr]


def test_totals_count_each_package_in_use_once(repo: Repo, server: FakeServer) -> None:
    totals = run(build(repo), server, vuln_db=ADVISORIES).totals
    # requests 2.19.1 is declared twice (svc-a through the lock, svc-b) and counts once.
    assert totals.dependencies == 7
    assert (totals.vulnerable, totals.vulnerabilities) == (2, 3)
    assert totals.unknown == 3
    assert totals.unmaintained == 1
    assert totals.libyear > 5


def test_a_broken_lockfile_is_a_notice_and_the_rest_is_audited(
    repo: Repo, server: FakeServer
) -> None:
    report = run(build(repo), server, vuln_db=ADVISORIES)
    assert report.partial
    assert [(n.path, n.reason, n.line) for n in report.notices] == [
        ("svc-c/poetry.lock", "invalid-toml", 4),
        ("svc-b/requirements.txt", "not-found", 3),  # a misspelt or private package
    ]


def test_an_unreachable_osv_makes_vulnerabilities_unknown(repo: Repo, server: FakeServer) -> None:
    report = run(build(repo), server, osv_url="http://127.0.0.1:9")
    requests = find(report, "svc-a/pyproject.toml", "requests")
    assert requests.vulnerabilities == ()
    assert [(u.aspect.value, u.reason) for u in requests.unknowns] == [
        ("vulnerabilities", "network")
    ]
    assert report.totals.vulnerable == 0
    assert report.totals.unknown == 7  # every package: none is taken for clean


def test_offline_without_a_database_knows_no_vulnerabilities(
    repo: Repo, server: FakeServer
) -> None:
    report = run(build(repo), server, offline=True)
    assert server.requests == []
    flask = find(report, "svc-a/pyproject.toml", "flask")
    assert {(u.aspect.value, u.reason) for u in flask.unknowns} == {
        ("freshness", "offline"),
        ("vulnerabilities", "offline"),
    }
    assert report.sources["vulnerabilities"] == "none (--offline without --vuln-db)"


def test_offline_uses_cached_metadata(repo: Repo, server: FakeServer, tmp_path: Path) -> None:
    build(repo)
    cache = Cache(tmp_path / "store")
    common = {"index_url": f"{server.url}/pypi", "now": NOW, "vuln_db": ADVISORIES}
    audit(repo.root, PATHS, AuditOptions(**common), cache)  # type: ignore[arg-type]
    asked = len(server.requests)
    report = audit(repo.root, PATHS, AuditOptions(offline=True, **common), cache)  # type: ignore[arg-type]
    cache.close()
    assert len(server.requests) == asked
    assert find(report, "svc-a/pyproject.toml", "flask").unknowns == ()


PYSEC_2018_28: dict[str, object] = {
    "id": "PYSEC-2018-28",
    "aliases": ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"],
    "summary": None,
    "details": "The Requests package before 2.20.0 sends an HTTP Authorization header.",
    "fixed_in": ["2.20.0"],
    "link": "https://osv.dev/vulnerability/PYSEC-2018-28",
    "source": "osv",
    "withdrawn": None,
}


def _release(vulnerabilities: list[dict[str, object]]) -> Reply:
    """A `/pypi/<name>/<version>/json` document, trimmed to what the fallback reads."""
    return Reply.json({"info": {}, "urls": [], "vulnerabilities": vulnerabilities})


def test_pypi_answers_when_osv_cannot_be_reached(repo: Repo, server: FakeServer) -> None:
    withdrawn = {**PYSEC_2018_28, "id": "PYSEC-0000-1", "withdrawn": "2019-01-01T00:00:00Z"}
    server.route("/pypi/requests/2.19.1/json", _release([PYSEC_2018_28, withdrawn]))
    server.route("/pypi/flask/2.3.3/json", _release([]))
    report = run(build(repo), server, osv_url="http://127.0.0.1:9")

    requests = find(report, "svc-a/pyproject.toml", "requests")
    assert requests.vulnerability_source is VulnerabilitySource.PYPI
    assert [(v.id, v.aliases, v.fixed) for v in requests.vulnerabilities] == [
        ("PYSEC-2018-28", ("CVE-2018-18074", "GHSA-x84v-xcm2-53pg"), ("2.20.0",))
    ]
    assert requests.vulnerabilities[0].summary.startswith("The Requests package before 2.20.0")
    assert requests.fix == "2.20.0"  # computed from the index's releases, as for OSV
    flask = find(report, "svc-a/pyproject.toml", "flask")
    assert (flask.vulnerability_source, flask.vulnerabilities, flask.unknowns) == (
        VulnerabilitySource.PYPI,
        (),
        (),
    )
    assert "pypi: 2" in report.sources["vulnerabilities"]


def test_when_every_source_fails_the_first_reason_stays_and_both_are_named(
    repo: Repo, server: FakeServer
) -> None:
    report = run(build(repo), server, osv_url="http://127.0.0.1:9")
    werkzeug = find(report, "svc-a/uv.lock", "werkzeug")  # PyPI has no such release document
    assert werkzeug.vulnerability_source is None
    [unknown] = werkzeug.unknowns
    assert unknown.reason == "network"
    assert unknown.message.startswith("OSV: ")
    assert "PyPI: " in unknown.message
    assert not checked(werkzeug)
    assert report.totals.unchecked == report.totals.dependencies


def test_each_dependency_says_which_source_answered(repo: Repo, server: FakeServer) -> None:
    report = run(build(repo), server, vuln_db=ADVISORIES)
    requests = find(report, "svc-b/requirements.txt", "requests")
    assert requests.vulnerability_source is VulnerabilitySource.DATABASE
    # Unpinned or unresolvable: nothing answered, and the totals count them as unchecked.
    assert find(report, "svc-b/requirements.txt", "urllib3").vulnerability_source is None
    assert report.totals.unchecked == 2  # urllib3 (unpinned) and "." (editable)
    # … and no-such-package (not on the index) has no libyear either.
    assert report.totals.libyear_unknown == 3
