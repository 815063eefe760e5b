"""RubyGems: Gemfile.lock, Gem::Version order, RubyGems.org (faked), and an offline audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.fetch import HttpSettings
from codevitals.deps.gemversion import parse
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "rubygems"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


def test_gemfile_lock_sources_platforms_and_direct_gems() -> None:
    parsed = read_in(FIXTURES / "app", "Gemfile.lock")
    rows = [(d.name, d.version, d.line, d.relation, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("widget", None, 5, Relation.DIRECT, "vcs"),
        ("local_engine", None, 11, Relation.DIRECT, "path"),
        ("mini_portile2", "2.8.0", 16, Relation.TRANSITIVE, None),
        ("nokogiri", "1.13.9", 17, Relation.DIRECT, None),  # once, not once per platform
        ("rack", "2.2.3", 22, Relation.DIRECT, None),
        ("racc", "1.6.0", 23, Relation.TRANSITIVE, None),
        ("rails-html-sanitizer", "1.4.3", 24, Relation.DIRECT, None),
        ("loofah", "2.19.0", 26, Relation.TRANSITIVE, None),
        ("crass", "1.0.6", 29, Relation.TRANSITIVE, None),
    ]
    assert parsed.notices == []
    assert all(d.ecosystem == "RubyGems" for d in parsed.declarations)


def test_a_platform_only_gem_keeps_its_version(tmp_path: Path) -> None:
    (tmp_path / "Gemfile.lock").write_text(
        "GEM\n  remote: https://rubygems.org/\n  specs:\n"
        "    google-protobuf (3.21.12-x86_64-linux)\n\nDEPENDENCIES\n  google-protobuf\n"
    )
    (item,) = read_in(tmp_path, "Gemfile.lock").declarations
    assert (item.name, item.version) == ("google-protobuf", "3.21.12")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 2.2.3\n", 4),
        ("GEM\n  specs:\n    rack ()\n", 3),
    ],
)
def test_a_malformed_spec_line_is_one_notice(tmp_path: Path, text: str, line: int) -> None:
    (tmp_path / "Gemfile.lock").write_text(text)
    parsed = read_in(tmp_path, "Gemfile.lock")
    assert [(n.path, n.reason, n.line) for n in parsed.notices] == [
        ("Gemfile.lock", "invalid-lockfile", line)
    ]
    assert parsed.declarations == []


def test_a_file_that_is_no_lockfile_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "Gemfile.lock").write_bytes(b'{"not": "a lockfile"}\n')
    parsed = read_in(tmp_path, "Gemfile.lock")
    assert [(n.reason, n.line) for n in parsed.notices] == [("invalid-lockfile", 1)]


def test_a_huge_junk_gemfile_lock_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "Gemfile.lock").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "Gemfile.lock")
    assert [(n.path, n.reason) for n in parsed.notices] == [("Gemfile.lock", "too-large")]


# -- Gem::Version -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("1.0.a", "1.0"),  # a pre-release sorts below its release
        ("1.0.a", "1.0.b"),
        ("1.0.a10", "1.0.b1"),  # words compare as text
        ("1.0.b1", "1.0.b2"),
        ("1.0-rc1", "1.0"),  # `-` reads as `.pre.`
        ("1.9", "1.10"),
        ("2.2.3", "2.2.3.1"),
        ("1.a", "1.0.a"),  # `a` against 0: a word is below a number
        ("0.9.9", "1.0.0.a"),
    ],
)
def test_gem_version_order(low: str, high: str) -> None:
    lower, higher = parse(low), parse(high)
    assert lower is not None
    assert higher is not None
    assert lower < higher
    assert higher > lower


def test_trailing_zeros_are_one_version() -> None:
    assert parse("1.0") == parse("1.0.0") == parse("1")
    assert len({parse("1.0"), parse("1.0.0"), parse("1")}) == 1
    assert parse("1.0.a") != parse("1.0")


@pytest.mark.parametrize("text", ["", "a.b", "1..2", "1.0 beta", ".1"])
def test_what_rubygems_rejects(text: str) -> None:
    assert parse(text) is None


def test_prerelease_and_major() -> None:
    prerelease, release = parse("7.1.0.rc2"), parse("7.1.0")
    assert prerelease is not None
    assert release is not None
    assert prerelease.is_prerelease
    assert not release.is_prerelease
    assert release.major == 7


# -- RubyGems.org, faked: not reachable from where these tests were written -----------------

GEMS = {
    "nokogiri": [
        {"number": "1.16.5", "platform": "ruby", "created_at": "2024-05-13T00:00:00.000Z",
         "prerelease": False},
        {"number": "1.16.5", "platform": "x86_64-linux", "created_at": "2024-05-13T00:05:00.000Z",
         "prerelease": False},
        {"number": "1.16.0.rc1", "platform": "ruby", "created_at": "2023-12-01T00:00:00.000Z",
         "prerelease": True},
        {"number": "1.13.10", "platform": "ruby", "created_at": "2022-12-07T00:00:00.000Z",
         "prerelease": False},
        {"number": "1.13.9", "platform": "x86_64-linux", "created_at": "2022-10-18T00:05:00.000Z",
         "prerelease": False},
        {"number": "1.13.9", "platform": "ruby", "created_at": "2022-10-18T00:00:00.000Z",
         "prerelease": False},
    ],
    "rack": [
        {"number": "3.0.11", "platform": "ruby", "created_at": "2024-05-10T00:00:00.000Z",
         "prerelease": False},
        {"number": "2.2.3.1", "platform": "ruby", "created_at": "2022-05-27T00:00:00.000Z",
         "prerelease": False},
        {"number": "2.2.3", "platform": "ruby", "created_at": "2020-06-15T00:00:00.000Z",
         "prerelease": False},
    ],
}  # fmt: skip


@pytest.fixture
def registry() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for name, document in GEMS.items():
            running.route(f"/gems/{name}.json", Reply.json(document))
        yield running


def gem_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("RubyGems", f"{server.url}/gems"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def test_a_bundle_audited_offline(repo: Repo, registry: FakeServer) -> None:
    repo.write("app/Gemfile.lock", (FIXTURES / "app" / "Gemfile.lock").read_text())
    report = gem_audit(repo, registry, ["app/Gemfile.lock"])
    found = {d.declaration.name: d for d in report.dependencies}
    nokogiri, rack = found["nokogiri"], found["rack"]
    assert [v.id for v in nokogiri.vulnerabilities] == ["GHSA-2qc6-mcvw-92cw"]
    assert nokogiri.fix == "1.13.10"
    assert nokogiri.freshness is not None
    assert nokogiri.freshness.latest == "1.16.5"  # not the newer-looking 1.16.0.rc1
    assert nokogiri.freshness.released is not None
    assert nokogiri.freshness.released.startswith("2022-10-18T00:00")  # first platform's upload
    assert nokogiri.freshness.behind == 2
    assert [v.id for v in rack.vulnerabilities] == ["GHSA-wq4h-7r42-5hrr"]
    assert rack.fix == "2.2.3.1"  # four segments, ordered as Gem::Version does
    assert rack.freshness is not None
    assert rack.freshness.majors_behind == 1
    assert found["crass"].vulnerabilities == ()
    assert found["crass"].vulnerability_source is not None  # checked, and clean
    assert found["widget"].declaration.unresolvable == "vcs"
    assert report.sources["metadata"] == f"RubyGems: {registry.url}/gems"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b"This rubygem could not be found."), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage</html>"), "malformed"),
        (Reply.json({"number": "1.0"}), "malformed"),
    ],
)
def test_a_registry_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, registry: FakeServer, reply: Reply, reason: str
) -> None:
    registry.route("/gems/rake.json", reply)
    repo.write("Gemfile.lock", "GEM\n  specs:\n    rake (13.0.6)\n\nDEPENDENCIES\n  rake\n")
    (item,) = gem_audit(repo, registry, ["Gemfile.lock"]).dependencies
    assert item.freshness is None
    (unknown,) = item.unknowns
    assert unknown.aspect is Aspect.FRESHNESS
    assert unknown.reason == reason
    assert item.vulnerability_source is not None  # the offline database did answer


def test_a_yanked_version_in_use_is_unknown_not_clean(repo: Repo, registry: FakeServer) -> None:
    repo.write("Gemfile.lock", "GEM\n  specs:\n    rack (2.2.2)\n\nDEPENDENCIES\n  rack\n")
    (item,) = gem_audit(repo, registry, ["Gemfile.lock"]).dependencies
    assert [u.reason for u in item.unknowns] == ["version-not-found"]
