"""NuGet: *.csproj, Directory.Packages.props, packages.lock.json, NuGetVersion, the V3 API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.collect import collect
from codevitals.deps.fetch import Fetcher, HttpSettings
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.nuget import NuGetClient
from codevitals.deps.nuget_version import normalised, parse
from codevitals.deps.registry import Project
from codevitals.deps.store import Stamped
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo, run_cli
from tests.deps.fake_server import FakeServer, Reply
from tests.schemas import validator

FIXTURES = Path(__file__).parent / "fixtures" / "nuget"
SOLUTION = FIXTURES / "solution"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


# -- manifests --------------------------------------------------------------------------------


def test_csproj_references_central_versions_overrides_and_properties() -> None:
    parsed = read_in(SOLUTION, "src/App/App.csproj")
    rows = [(d.name, d.version, d.line, d.group) for d in parsed.declarations]
    assert rows == [
        ("Newtonsoft.Json", "12.0.3", 11, ""),  # from Directory.Packages.props two folders up
        ("Serilog", "2.12.0", 12, ""),  # VersionOverride wins over the central 2.10.0
        ("Polly", "7.2.4", 13, ""),  # $(PollyVersion) from the project's PropertyGroup
        ("Microsoft.Extensions.Http", "6.0.0", 14, ""),  # a child element; 6.0 is 6.0.0
        ("StyleCop.Analyzers", "1.1.118", 17, "dev"),  # PrivateAssets="all": a build tool
    ]
    assert all(d.ecosystem == "NuGet" for d in parsed.declarations)
    assert parsed.notices == []


def test_directory_packages_props_versions_and_global_references() -> None:
    parsed = read_in(SOLUTION, "Directory.Packages.props")
    rows = [(d.name, d.version, d.line, d.relation) for d in parsed.declarations]
    assert rows == [
        ("Newtonsoft.Json", "12.0.3", 6, Relation.UNKNOWN),
        ("Serilog", "2.10.0", 7, Relation.UNKNOWN),
        ("xunit", "2.4.1", 8, Relation.UNKNOWN),
        ("Nerdbank.GitVersioning", "3.6.133", 11, Relation.DIRECT),
    ]


def test_lockfile_packages_once_per_version_without_projects() -> None:
    parsed = read_in(SOLUTION, "src/App/packages.lock.json")
    rows = [(d.name, d.version, d.line, d.relation) for d in parsed.declarations]
    assert rows == [
        ("Microsoft.Extensions.Http", "6.0.0", 5, Relation.DIRECT),
        ("Newtonsoft.Json", "12.0.3", 14, Relation.DIRECT),
        ("Polly", "7.2.4", 20, Relation.DIRECT),
        ("Serilog", "2.12.0", 26, Relation.DIRECT),
        ("StyleCop.Analyzers", "1.1.118", 32, Relation.DIRECT),
        ("Microsoft.Extensions.Logging", "6.0.0", 38, Relation.TRANSITIVE),
        ("Microsoft.Extensions.Logging", "8.0.0", 38, Relation.TRANSITIVE),  # net8.0's
    ]


def test_the_project_and_its_lockfile_report_each_package_once() -> None:
    found = collect(SOLUTION, ["src/App/App.csproj", "src/App/packages.lock.json"])
    rows = [(d.name, d.version, Path(d.path).name, d.relation) for d in found.declarations]
    assert rows == [
        ("Newtonsoft.Json", "12.0.3", "App.csproj", Relation.DIRECT),
        ("Serilog", "2.12.0", "App.csproj", Relation.DIRECT),
        ("Polly", "7.2.4", "App.csproj", Relation.DIRECT),
        ("Microsoft.Extensions.Http", "6.0.0", "App.csproj", Relation.DIRECT),
        ("StyleCop.Analyzers", "1.1.118", "App.csproj", Relation.DIRECT),
        ("Microsoft.Extensions.Logging", "6.0.0", "packages.lock.json", Relation.TRANSITIVE),
        ("Microsoft.Extensions.Logging", "8.0.0", "packages.lock.json", Relation.TRANSITIVE),
    ]  # fmt: skip


def test_ranges_floats_and_outside_properties_pin_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.csproj").write_text(
        "<Project>\n<ItemGroup>\n"
        '<PackageReference Include="A" Version="[1.0,2.0)" />\n'
        '<PackageReference Include="B" Version="1.*" />\n'
        '<PackageReference Include="C" Version="$(CVersion)" />\n'
        '<PackageReference Include="D" />\n'
        '<PackageReference Version="1.0" />\n'
        "</ItemGroup>\n</Project>\n"
    )
    parsed = read_in(tmp_path, "a.csproj")
    assert [(d.name, d.version, d.line) for d in parsed.declarations] == [
        ("A", None, 3), ("B", None, 4), ("C", None, 5), ("D", None, 6),
    ]  # fmt: skip
    assert [(n.reason, n.line) for n in parsed.notices] == [
        ("unresolved-property", 5),
        ("invalid-manifest", None),
    ]


def test_properties_come_from_the_nearest_directory_build_props(tmp_path: Path) -> None:
    (tmp_path / "src" / "App").mkdir(parents=True)
    (tmp_path / "Directory.Build.props").write_text(
        "<Project><PropertyGroup><NunitVersion>9.9.9</NunitVersion></PropertyGroup></Project>"
    )
    (tmp_path / "src" / "Directory.Build.props").write_text(
        "<Project><PropertyGroup><NunitVersion>3.11.0</NunitVersion>"
        "<MoqVersion>4.8.1</MoqVersion></PropertyGroup></Project>"
    )
    (tmp_path / "src" / "App" / "App.csproj").write_text(
        "<Project><PropertyGroup><MoqVersion>4.20.0</MoqVersion></PropertyGroup><ItemGroup>\n"
        '<PackageReference Include="NUnit" Version="$(NunitVersion)" />\n'
        '<PackageReference Include="Moq" Version="$(MoqVersion)" />\n'
        "</ItemGroup></Project>\n"
    )
    parsed = read_in(tmp_path, "src/App/App.csproj")
    assert [(d.name, d.version) for d in parsed.declarations] == [
        ("NUnit", "3.11.0"),  # the nearest props file, not the one at the root
        ("Moq", "4.20.0"),  # the project's own property wins
    ]
    assert parsed.notices == []


def test_an_external_entity_in_a_csproj_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t-token")
    (tmp_path / "a.csproj").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<Project><ItemGroup><PackageReference Include="&leak;" Version="1.0" />'
        "</ItemGroup></Project>\n"
    )
    parsed = read_in(tmp_path, "a.csproj")
    assert parsed.declarations == []
    assert [(n.path, n.reason) for n in parsed.notices] == [("a.csproj", "invalid-xml")]
    assert "s3cr3t" not in parsed.notices[0].message


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("a.csproj", "<Project>\n<ItemGroup>\n</Project>\n", "invalid-xml", 3),
        ("a.csproj", "<project/>", "invalid-manifest", 1),
        ("Directory.Packages.props", "<Project><ItemGroup>", "invalid-xml", 1),
        ("packages.lock.json", '{"version": 1,\n "dependencies": {,}}', "invalid-json", 2),
        ("packages.lock.json", '{"version": 1}', "invalid-lockfile", 1),
        ("packages.lock.json", '{"dependencies": {"net8.0": {\n"A": {"type": "Direct"}}}}',
         "invalid-lockfile", 2),
    ],
)  # fmt: skip
def test_malformed_files_are_one_notice_each(
    tmp_path: Path, name: str, text: str, reason: str, line: int
) -> None:
    (tmp_path / name).write_text(text)
    parsed = read_in(tmp_path, name)
    assert [(n.path, n.reason, n.line) for n in parsed.notices] == [(name, reason, line)]
    assert parsed.declarations == []


def test_a_huge_junk_lockfile_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "packages.lock.json").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "packages.lock.json")
    assert [(n.path, n.reason) for n in parsed.notices] == [("packages.lock.json", "too-large")]


# -- NuGetVersion -----------------------------------------------------------------------------


def test_nuget_version_order() -> None:
    # learn.microsoft.com/nuget/concepts/package-versioning: SemVer 2 precedence, four parts.
    ordered = [
        "0.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0.1", "1.0.1",
        "1.2", "1.10", "2.0.0-preview1", "2.0.0",
    ]  # fmt: skip
    versions = [parse(text) for text in ordered]
    assert all(v is not None for v in versions)
    assert sorted(versions) == versions  # type: ignore[type-var]
    assert len(set(versions)) == len(versions)


@pytest.mark.parametrize(
    ("left", "right"),
    [("1.0", "1.0.0.0"), ("1", "1.0.0"), ("1.01", "1.1"), ("1.0.0-ALPHA", "1.0.0-alpha"),
     ("1.0.0+build.1", "1.0.0+other")],
)  # fmt: skip
def test_nuget_versions_that_are_equal(left: str, right: str) -> None:
    assert parse(left) == parse(right)
    assert hash(parse(left)) == hash(parse(right))


def test_nuget_normal_form_prerelease_and_major() -> None:
    assert [normalised(v) for v in ("1.0", "1.0.0.0", "1.0.0.1", "2.1-Beta.2+sha")] == [
        "1.0.0", "1.0.0", "1.0.0.1", "2.1.0-beta.2",
    ]  # fmt: skip
    beta, release = parse("2.1-beta.2"), parse("13.0.1")
    assert beta is not None
    assert release is not None
    assert (beta.is_prerelease, beta.major) == (True, 2)
    assert (release.is_prerelease, release.major) == (False, 13)
    assert [parse(text) for text in ("[1.0,2.0)", "1.*", "", "1.0.0.0.0")] == [None] * 4


# -- the V3 API -------------------------------------------------------------------------------


def leaf(version: str, published: str, **extra: Any) -> dict[str, Any]:
    return {"catalogEntry": {"version": version, "published": published, **extra}}


FEED = {
    "newtonsoft.json": ["12.0.3", "13.0.1", "13.0.2", "13.0.3", "14.0.0-beta1"],
    "serilog": ["2.10.0", "2.12.0", "3.0.0"],
}
REGISTRATION: dict[str, Any] = {
    "newtonsoft.json": {"items": [{"items": [
        leaf("12.0.3", "2019-11-09T01:27:30+00:00"),
        leaf("13.0.1", "2021-03-22T20:10:49+00:00"),
        leaf("13.0.2", "2022-11-24T08:00:00+00:00", listed=False),
        leaf("13.0.3", "2023-03-08T08:00:00+00:00"),
        leaf("14.0.0-Beta1", "2024-01-01T00:00:00+00:00"),
    ]}]},
    "serilog": {"items": [{"@id": "PAGE"}]},
}  # fmt: skip
SERILOG_PAGE = {"items": [
    leaf("2.10.0", "2020-09-01T00:00:00+00:00"),
    leaf("2.12.0", "2022-08-01T00:00:00+00:00",
         deprecation={"reasons": ["Legacy"], "message": "use 3.x"}),
    leaf("3.0.0", "2023-06-01T00:00:00+00:00"),
]}  # fmt: skip


@pytest.fixture
def feed() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for name, versions in FEED.items():
            running.route(
                f"/v3-flatcontainer/{name}/index.json", Reply.json({"versions": versions})
            )
        for name, document in REGISTRATION.items():
            text = json.dumps(document).replace("PAGE", f"{running.url}/page/{name}")
            running.route(
                f"/v3/registration5-gz-semver2/{name}/index.json", Reply(200, text.encode())
            )
        running.route("/page/serilog", Reply.json(SERILOG_PAGE))
        yield running


def client(fetcher: Fetcher, server: FakeServer) -> NuGetClient:
    return NuGetClient(fetcher, Stamped(None, None), f"{server.url}/v3-flatcontainer")


def test_times_listing_and_deprecation_from_the_registration(feed: FakeServer) -> None:
    with Fetcher(HttpSettings(timeout=2.0, retries=0)) as fetcher:
        found = client(fetcher, feed).projects(["Newtonsoft.Json", "Serilog"])
    newtonsoft, serilog = found["Newtonsoft.Json"], found["Serilog"]
    assert isinstance(newtonsoft, Project)
    assert isinstance(serilog, Project)
    rows = {r.version: (r.uploaded, r.yanked, r.yanked_reason) for r in newtonsoft.releases}
    assert rows["13.0.1"] == ("2021-03-22T20:10:49+00:00", False, None)
    assert rows["13.0.2"] == ("2022-11-24T08:00:00+00:00", True, "unlisted")
    assert rows["14.0.0-beta1"][0] == "2024-01-01T00:00:00+00:00"  # matched case-insensitively
    deprecated = {r.version: r.yanked_reason for r in serilog.releases if r.yanked}
    assert deprecated == {"2.12.0": "deprecated: Legacy: use 3.x"}  # from a page fetched apart


def test_without_the_registration_versions_are_known_and_times_unknown(
    feed: FakeServer,
) -> None:
    feed.route("/v3/registration5-gz-semver2/serilog/index.json", Reply(500, b"oops"))
    with Fetcher(HttpSettings(timeout=2.0, retries=0)) as fetcher:
        found = client(fetcher, feed).projects(["Serilog"])["Serilog"]
    assert isinstance(found, Project)
    assert [(r.version, r.uploaded) for r in found.releases] == [
        ("2.10.0", None), ("2.12.0", None), ("3.0.0", None),
    ]  # fmt: skip


def nuget_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("NuGet", f"{server.url}/v3-flatcontainer"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def test_a_nuget_project_audited_offline(repo: Repo, feed: FakeServer) -> None:
    for name in ("Directory.Packages.props", "src/App/App.csproj", "src/App/packages.lock.json"):
        repo.write(f"dotnet/{name}", (SOLUTION / name).read_text())
    report = nuget_audit(
        repo, feed, ["dotnet/src/App/App.csproj", "dotnet/src/App/packages.lock.json"]
    )
    found = {d.declaration.name: d for d in report.dependencies}
    newtonsoft = found["Newtonsoft.Json"]
    assert [v.id for v in newtonsoft.vulnerabilities] == ["GHSA-5crp-9r3c-p9vr"]
    assert newtonsoft.fix == "13.0.1"
    assert newtonsoft.freshness is not None
    assert newtonsoft.freshness.latest == "13.0.3"  # 14.0.0-beta1 is a pre-release
    assert newtonsoft.freshness.behind == 2  # 13.0.2 is unlisted
    polly = found["Polly"]
    assert polly.freshness is None  # not on this feed: unknown, never current
    assert [u.reason for u in polly.unknowns] == ["not-found"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b"Not Found"), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage</html>"), "malformed"),
        (Reply.json({"data": []}), "malformed"),
    ],
)
def test_a_feed_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, feed: FakeServer, reply: Reply, reason: str
) -> None:
    feed.route("/v3-flatcontainer/left.pad/index.json", reply)
    repo.write(
        "a.csproj",
        '<Project><ItemGroup><PackageReference Include="Left.Pad" Version="1.3.0" />'
        "</ItemGroup></Project>",
    )
    (item,) = nuget_audit(repo, feed, ["a.csproj"]).dependencies
    assert item.freshness is None
    (unknown,) = item.unknowns
    assert unknown.aspect is Aspect.FRESHNESS
    assert unknown.reason == reason
    assert item.vulnerability_source is not None  # the offline database did answer


def test_the_json_report_names_the_nuget_ecosystem(repo: Repo) -> None:
    for name in ("Directory.Packages.props", "src/App/App.csproj", "src/App/packages.lock.json"):
        repo.write(f"dotnet/{name}", (SOLUTION / name).read_text())
    repo.commit("dotnet")
    args = ("--offline", "--vuln-db", str(FIXTURES / "advisories"), "--format", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1  # Newtonsoft.Json 12.0.3 is vulnerable
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    rows = {(d["ecosystem"], d["name"], d["version"]) for d in document["dependencies"]}
    assert ("NuGet", "Newtonsoft.Json", "12.0.3") in rows
    assert document["totals"]["libyear_unknown"] == document["totals"]["dependencies"]


PACKAGES_CONFIG = """\
<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net48" />
  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />
  <package id="Polly" version="[7.0,8.0)" targetFramework="net48" />
  <package id="NoVersion" />
</packages>
"""


def test_a_packages_config_pins_every_package_and_marks_development_ones(repo: Repo) -> None:
    repo.write("legacy/packages.config", PACKAGES_CONFIG)
    parsed = read_in(repo.root / "legacy", "packages.config")
    rows = [(d.name, d.version, d.line, d.group) for d in parsed.declarations]
    assert rows == [
        ("Newtonsoft.Json", "12.0.3", 3, ""),
        ("StyleCop.Analyzers", "1.1.118", 4, "dev"),
        ("Polly", None, 5, ""),  # a range pins nothing
    ]
    assert [(n.reason, n.line) for n in parsed.notices] == [("invalid-manifest", 6)]


def test_a_packages_config_is_audited_like_a_project_file(repo: Repo, feed: FakeServer) -> None:
    repo.write("legacy/packages.config", PACKAGES_CONFIG)
    report = nuget_audit(repo, feed, ["legacy/packages.config"])
    newtonsoft = {d.declaration.name: d for d in report.dependencies}["Newtonsoft.Json"]
    assert [v.id for v in newtonsoft.vulnerabilities] == ["GHSA-5crp-9r3c-p9vr"]
    assert newtonsoft.fix == "13.0.1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<packages><package id='a' version='1'/>", "invalid-xml"),
        ("<project/>", "invalid-manifest"),
        ('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><packages>&x;</packages>',
         "invalid-xml"),
    ],
)  # fmt: skip
def test_a_malformed_packages_config_is_one_notice(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "packages.config").write_text(text)
    parsed = read_in(tmp_path, "packages.config")
    assert (parsed.declarations, [n.reason for n in parsed.notices]) == ([], [reason])
