"""Packagist: composer.json and composer.lock, Composer's version order, Packagist (faked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.deps import packagist
from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.composerversion import parse
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.registry import Project
from codevitals.deps.store import Stamped
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "packagist"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


def test_composer_json_skips_the_platform_and_pins_only_exact_versions() -> None:
    parsed = read_in(FIXTURES / "app", "composer.json")
    rows = [(d.name, d.version, d.line, d.group, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("guzzlehttp/guzzle", None, 8, "", None),
        ("symfony/console", "v5.4.0", 9, "", None),  # names are case-insensitive
        ("acme/internal", None, 10, "", "vcs"),
        ("phpunit/phpunit", None, 13, "dev", None),
    ]
    assert all(d.ecosystem == "Packagist" for d in parsed.declarations)


def test_composer_lock_groups_lines_and_branches() -> None:
    parsed = read_in(FIXTURES / "app", "composer.lock")
    rows = [(d.name, d.version, d.line, d.group, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("acme/internal", None, 10, "", "vcs"),
        ("guzzlehttp/guzzle", "7.4.0", 21, "", None),
        ("guzzlehttp/psr7", "2.1.0", 36, "", None),  # its own entry, not guzzle's `require`
        ("symfony/console", "v5.4.0", 42, "", None),
        ("phpunit/phpunit", "9.5.10", 50, "dev", None),
    ]


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("composer.lock", '{"packages": [\n  {"name": "a/b",}\n]}', "invalid-json", 2),
        ("composer.lock", '{"packages": {"a/b": "1.0"}}', "invalid-lockfile", 1),
        ("composer.lock", '{"packages": [\n{"name": "a/b"}\n]}', "invalid-lockfile", 2),
        ("composer.json", '{"require": {\n"a/b": ["1.0"]\n}}', "invalid-manifest", 2),
        ("composer.json", "[]", "invalid-lockfile", 1),
    ],
)
def test_malformed_files_are_one_notice_each(
    tmp_path: Path, name: str, text: str, reason: str, line: int
) -> None:
    (tmp_path / name).write_text(text)
    parsed = read_in(tmp_path, name)
    assert [(n.path, n.reason, n.line) for n in parsed.notices] == [(name, reason, line)]
    assert parsed.declarations == []


def test_a_huge_junk_composer_lock_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "composer.lock").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "composer.lock")
    assert [(n.path, n.reason) for n in parsed.notices] == [("composer.lock", "too-large")]


# -- Composer versions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("1.0.0-dev", "1.0.0-alpha1"),
        ("1.0.0-alpha1", "1.0.0-alpha2"),
        ("1.0.0-a3", "1.0.0-beta1"),  # `a` is alpha
        ("1.0.0-beta1-dev", "1.0.0-beta1"),
        ("1.0.0-beta2", "1.0.0-b3"),
        ("1.0.0-beta9", "1.0.0-RC1"),
        ("1.0.0-rc1", "1.0.0"),
        ("1.0.0", "1.0.0-p1"),  # a patch release is above its release
        ("1.0.0", "1.0.0.1"),
        ("v1.9.9", "1.10"),
    ],
)
def test_composer_version_order(low: str, high: str) -> None:
    lower, higher = parse(low), parse(high)
    assert lower is not None
    assert higher is not None
    assert lower < higher


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("v1.2.3", "1.2.3.0"),
        ("1.2", "1.2.0.0"),
        ("1.2.3.4", "1.2.3.4"),
        ("1.0.0-beta.2", "1.0.0.0-beta2"),
        ("1.0.0RC1", "1.0.0.0-RC1"),
        ("2.0.0-alpha", "2.0.0.0-alpha"),
        ("1.0.0-pl2", "1.0.0.0-patch2"),
    ],
)
def test_normalisation_as_composer_writes_it(text: str, normalised: str) -> None:
    version = parse(text)
    assert version is not None
    assert version.normalised == normalised
    assert version == parse(normalised)


@pytest.mark.parametrize("text", ["dev-main", "2.x-dev", "", "latest", "1.0.0-gamma"])
def test_branches_and_junk_are_no_versions(text: str) -> None:
    assert parse(text) is None


# -- Packagist, faked: not reachable from where these tests were written ---------------------


def minified(name: str, entries: list[dict[str, object]]) -> dict[str, object]:
    return {"minified": "composer/2.0", "packages": {name: entries}}


PACKAGES = {
    "guzzlehttp/guzzle": minified("guzzlehttp/guzzle", [
        {"name": "guzzlehttp/guzzle", "version": "7.8.1", "version_normalized": "7.8.1.0",
         "time": "2023-12-03T20:35:24+00:00", "description": "HTTP client"},
        {"version": "7.4.3", "version_normalized": "7.4.3.0", "time": "2022-05-25T13:24:33+00:00"},
        {"version": "7.4.0", "version_normalized": "7.4.0.0", "time": "2021-10-18T09:52:00+00:00"},
        {"version": "7.0.0-beta.1", "version_normalized": "7.0.0.0-beta1",
         "time": "2019-12-30T00:00:00+00:00"},
    ]),
    "guzzlehttp/psr7": minified("guzzlehttp/psr7", [
        {"name": "guzzlehttp/psr7", "version": "2.6.2", "time": "2023-12-03T20:05:35+00:00"},
        {"version": "2.1.1", "time": "2022-03-20T21:55:58+00:00"},
        {"version": "2.1.0", "time": "2021-10-06T17:43:30+00:00"},
    ]),
    "symfony/console": minified("symfony/console", [
        {"name": "symfony/console", "version": "v7.1.1", "time": "2024-05-31T14:57:53+00:00"},
        {"version": "v5.4.0", "time": "2021-11-29T15:30:56+00:00"},
    ]),
    "phpunit/phpunit": minified("phpunit/phpunit", [
        {"name": "phpunit/phpunit", "version": "9.5.10", "time": "2021-09-25T07:38:51+00:00"},
    ]),
}  # fmt: skip


@pytest.fixture
def registry() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for name, document in PACKAGES.items():
            running.route(f"/p2/{name}.json", Reply.json(document))
        yield running


def php_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("Packagist", f"{server.url}/p2"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def test_a_composer_project_audited_offline(repo: Repo, registry: FakeServer) -> None:
    for name in ("composer.json", "composer.lock"):
        repo.write(f"php/{name}", (FIXTURES / "app" / name).read_text())
    report = php_audit(repo, registry, ["php/composer.json", "php/composer.lock"])
    found = {d.declaration.name: d for d in report.dependencies}
    guzzle, psr7, console = (
        found["guzzlehttp/guzzle"],
        found["guzzlehttp/psr7"],
        found["symfony/console"],
    )
    assert guzzle.declaration.version == "7.4.0"
    assert guzzle.declaration.locked_in == "php/composer.lock:21"
    assert guzzle.declaration.relation is Relation.DIRECT
    assert [v.id for v in guzzle.vulnerabilities] == ["GHSA-q559-8m2m-g699"]
    assert guzzle.fix == "7.4.3"
    assert guzzle.freshness is not None
    assert guzzle.freshness.latest == "7.8.1"
    assert guzzle.freshness.behind == 2
    assert [v.id for v in psr7.vulnerabilities] == ["GHSA-q7rv-6hp3-vh96"]
    assert psr7.declaration.relation is Relation.TRANSITIVE
    assert console.vulnerabilities == ()
    assert console.freshness is not None
    assert console.freshness.majors_behind == 2  # v7 against v5: the `v` is no part of it
    assert found["acme/internal"].declaration.unresolvable == "vcs"
    assert "php" not in found
    assert "ext-json" not in found
    assert report.sources["metadata"] == f"Packagist: {registry.url}/p2"


def test_minified_metadata_is_expanded_in_order() -> None:
    document = minified("a/b", [
        {"name": "a/b", "version": "2.0.0", "time": "2024-01-01T00:00:00+00:00",
         "abandoned": "c/d"},
        {"version": "1.0.0", "abandoned": "__unset"},
        {"version": "0.9.0", "time": "__unset"},
    ])  # fmt: skip
    project = packagist.parse("a/b", document)
    assert isinstance(project, Project)
    assert [(r.version, r.uploaded) for r in project.releases] == [
        ("2.0.0", "2024-01-01T00:00:00+00:00"),
        ("1.0.0", "2024-01-01T00:00:00+00:00"),  # inherited from the entry before it
        ("0.9.0", None),
    ]
    assert project.unmaintained == "abandoned; use c/d instead"  # the newest release says so


def test_an_abandoned_package_is_unmaintained_however_recent(
    repo: Repo, registry: FakeServer
) -> None:
    registry.route("/p2/swiftmailer/swiftmailer.json", Reply.json(minified(
        "swiftmailer/swiftmailer",
        [{"name": "swiftmailer/swiftmailer", "version": "v6.3.0",
          "time": "2024-05-01T00:00:00+00:00", "abandoned": "symfony/mailer"}],
    )))  # fmt: skip
    repo.write("composer.json", '{"require": {"swiftmailer/swiftmailer": "v6.3.0"}}')
    (item,) = php_audit(repo, registry, ["composer.json"]).dependencies
    assert item.freshness is not None
    assert item.freshness.unmaintained


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b"Not found"), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage</html>"), "malformed"),
        (Reply.json({"packages": {}}), "malformed"),
    ],
)
def test_a_registry_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, registry: FakeServer, reply: Reply, reason: str
) -> None:
    registry.route("/p2/monolog/monolog.json", reply)
    repo.write("composer.json", '{"require": {"monolog/monolog": "2.3.5"}}')
    (item,) = php_audit(repo, registry, ["composer.json"]).dependencies
    assert item.freshness is None
    (unknown,) = item.unknowns
    assert unknown.aspect is Aspect.FRESHNESS
    assert unknown.reason == reason
    assert item.vulnerability_source is not None  # the offline database did answer


def test_a_name_without_vendor_is_not_asked_for() -> None:
    client = packagist.PackagistClient(None, None)  # type: ignore[arg-type]
    found = client._fetch(None, "monolog")  # type: ignore[arg-type]
    assert isinstance(found, Failure)
    assert found.reason == "not-found"


def test_abandoned_survives_the_cache_and_offline_runs(
    registry: FakeServer, tmp_path: Path
) -> None:
    registry.route("/p2/a/b.json", Reply.json(minified("a/b", [
        {"name": "a/b", "version": "1.0.0", "time": "2024-05-01T00:00:00+00:00",
         "abandoned": True},
    ])))  # fmt: skip
    store = Cache(tmp_path / "store")
    try:
        with Fetcher(HttpSettings(timeout=2.0, retries=0)) as fetcher:
            online = packagist.PackagistClient(
                fetcher, Stamped(store, 3600.0), f"{registry.url}/p2"
            )
            assert isinstance(online.projects(["a/b"])["a/b"], Project)
        offline = packagist.PackagistClient(None, Stamped(store, None), f"{registry.url}/p2")
        cached = offline.projects(["a/b"])["a/b"]
    finally:
        store.close()
    assert isinstance(cached, Project)
    assert cached.unmaintained == "abandoned"
    assert [r.version for r in cached.releases] == ["1.0.0"]
