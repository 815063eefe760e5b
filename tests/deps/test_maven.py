"""Maven: pom.xml, gradle.lockfile, version catalogs, ComparableVersion, Maven Central."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.collect import collect
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.maven import MavenClient, search_times
from codevitals.deps.maven_version import parse
from codevitals.deps.registry import Project
from codevitals.deps.store import Stamped
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo, run_cli
from tests.deps.fake_server import FakeServer, Reply
from tests.schemas import validator

FIXTURES = Path(__file__).parent / "fixtures" / "maven"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


# -- pom.xml ----------------------------------------------------------------------------------


def test_a_child_pom_takes_properties_and_managed_versions_from_its_parent() -> None:
    # The versions `mvn help:effective-pom` printed for this project (see SOURCE.md).
    parsed = read_in(FIXTURES / "project", "app/pom.xml")
    rows = [(d.name, d.version, d.line, d.group, d.relation) for d in parsed.declarations]
    assert rows == [
        ("org.apache.logging.log4j:log4j-core", "2.14.1", 20, "", Relation.DIRECT),
        ("org.apache.commons:commons-text", "1.10.0", 24, "", Relation.DIRECT),
        ("org.example.demo:demo-model", "1.4.0-SNAPSHOT", 28, "", Relation.DIRECT),
        ("junit:junit", "4.12", 33, "test", Relation.DIRECT),
        ("javax.servlet:javax.servlet-api", "4.0.1", 39, "dev", Relation.DIRECT),
    ]
    assert all(d.ecosystem == "Maven" for d in parsed.declarations)
    assert parsed.notices == []
    assert parsed.read == ["app/pom.xml"]  # the parent is still read as its own manifest


def _pom(coordinates: str, body: str = "", parent: str = "") -> str:
    group, artifact, version = coordinates.split(":")
    own = f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
    own += f"<version>{version}</version>" if version else ""
    inherit = ""
    if parent:
        p_group, p_artifact, p_version = parent.split(":")
        inherit = (f"<parent><groupId>{p_group}</groupId><artifactId>{p_artifact}</artifactId>"
                   f"<version>{p_version}</version></parent>")  # fmt: skip
    return f"<project><modelVersion>4.0.0</modelVersion>{inherit}{own}{body}</project>\n"


def _dependency(coordinates: str) -> str:
    group, artifact, version = coordinates.split(":")
    return (f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
            f"<version>{version}</version></dependency>")  # fmt: skip


def test_a_module_the_repository_builds_is_its_own_code_not_a_dependency(repo: Repo) -> None:
    # google/gson's modules depend on `gson ${project.version}`, built beside them: it was
    # listed as a dependency, not found on Central, and failed `deps --strict` (found by
    # comparing with osv-scanner on gson's poms).
    parent = "org.example.shop:shop-parent:2.0.0-SNAPSHOT"
    repo.write("pom.xml", _pom(parent, "<modules><module>core</module><module>web</module>"
                                       "</modules><packaging>pom</packaging>"))  # fmt: skip
    repo.write("core/pom.xml", _pom("org.example.shop:shop-core:", parent=parent))
    uses = _dependency("org.example.shop:shop-core:${project.version}")
    uses += _dependency("com.google.guava:guava:31.1-jre")
    repo.write("web/pom.xml", _pom("org.example.shop:shop-web:", f"<dependencies>{uses}"
                                   "</dependencies>", parent=parent))  # fmt: skip
    # A test fixture naming a real artifact at another version hides nothing.
    repo.write("web/src/test/resources/pom.xml", _pom("com.google.guava:guava:99.0"))
    repo.commit("a shop in two modules")
    paths = ["pom.xml", "core/pom.xml", "web/pom.xml", "web/src/test/resources/pom.xml"]
    collected = collect(repo.root, paths)
    assert [(d.path, d.name, d.version) for d in collected.declarations] == [
        ("web/pom.xml", "com.google.guava:guava", "31.1-jre")
    ]
    assert {m.path: m.declarations for m in collected.manifests}["web/pom.xml"] == 1


def test_managed_versions_nobody_uses_are_reported_as_such() -> None:
    parsed = read_in(FIXTURES / "project", "pom.xml")
    rows = [(d.name, d.version, d.line, d.relation) for d in parsed.declarations]
    assert rows == [
        ("org.apache.logging.log4j:log4j-core", "2.14.1", 24, Relation.UNKNOWN),
        ("org.apache.commons:commons-text", "1.9", 29, Relation.UNKNOWN),
        ("com.google.guava:guava", "31.1-jre", 34, Relation.UNKNOWN),
    ]


def test_a_parent_outside_the_repository_leaves_its_properties_unknown(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(
        "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version>"
        "<relativePath>../../outside/pom.xml</relativePath></parent>\n<dependencies>\n"
        "<dependency><groupId>a</groupId><artifactId>b</artifactId>"
        "<version>${b.version}</version></dependency>\n"
        "<dependency><groupId>a</groupId><artifactId>c</artifactId>"
        "<version>[1.0,2.0)</version></dependency>\n"
        "<dependency><groupId>a</groupId><artifactId>d</artifactId>"
        "<scope>system</scope><systemPath>/lib/d.jar</systemPath></dependency>\n"
        "</dependencies></project>\n"
    )
    parsed = read_in(tmp_path, "pom.xml")
    rows = [(d.name, d.version, d.line, d.unresolvable) for d in parsed.declarations]
    assert rows == [("a:b", None, 3, None), ("a:c", None, 4, None), ("a:d", None, 5, "path")]
    assert [(n.reason, n.line) for n in parsed.notices] == [("unresolved-property", 3)]
    assert "${b.version}" in parsed.notices[0].message


def test_parents_that_form_a_cycle_end(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    parent = "<parent><groupId>g</groupId><artifactId>{0}</artifactId><version>1</version>"
    (tmp_path / "pom.xml").write_text(
        "<project>" + parent.format("a") + "<relativePath>a/pom.xml</relativePath></parent>"
        "<properties><x.version>2.0</x.version></properties></project>"
    )
    (tmp_path / "a" / "pom.xml").write_text(
        "<project>" + parent.format("root") + "</parent><dependencies><dependency>"
        "<groupId>g</groupId><artifactId>x</artifactId><version>${x.version}</version>"
        "</dependency></dependencies></project>"
    )
    parsed = read_in(tmp_path, "a/pom.xml")
    assert [(d.name, d.version) for d in parsed.declarations] == [("g:x", "2.0")]


def test_an_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t-token")
    (tmp_path / "pom.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        "<project><dependencies><dependency><groupId>a</groupId>"
        "<artifactId>&leak;</artifactId><version>1</version></dependency></dependencies>"
        "</project>\n"
    )
    parsed = read_in(tmp_path, "pom.xml")
    assert parsed.declarations == []
    assert [(n.path, n.reason) for n in parsed.notices] == [("pom.xml", "invalid-xml")]
    assert "s3cr3t" not in parsed.notices[0].message


def test_billion_laughs_xml_is_refused_before_it_expands(tmp_path: Path) -> None:
    entities = ['<!ENTITY a "lollollollollollollollollollol">']
    entities += [f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)]
    (tmp_path / "pom.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE project [{"".join(entities)}]>\n'
        "<project><properties><x>&j;</x></properties></project>\n"
    )
    parsed = read_in(tmp_path, "pom.xml")
    assert [(n.reason, n.message) for n in parsed.notices] == [
        ("invalid-xml", "refused: DTDForbidden (entities and DTDs are not read)")
    ]


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("pom.xml", "<project>\n<dependencies>\n</project>\n", "invalid-xml", 3),
        ("pom.xml", "<settings/>", "invalid-manifest", 1),
        ("gradle.lockfile", "# gradle\na:b:1.0=compileClasspath\njunk\n", "invalid-lockfile", 3),
        ("gradle/libs.versions.toml", "[libraries]\nx = { module = \n", "invalid-toml", 2),
        ("gradle/libs.versions.toml", '[libraries]\nx = {version = "1"}\n', "invalid-manifest", 2),
    ],
)  # fmt: skip
def test_malformed_files_are_one_notice_each(
    tmp_path: Path, name: str, text: str, reason: str, line: int
) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    parsed = read_in(tmp_path, name)
    assert [(n.path, n.reason, n.line) for n in parsed.notices] == [(name, reason, line)]


def test_a_huge_junk_pom_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "pom.xml").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "pom.xml")
    assert [(n.path, n.reason) for n in parsed.notices] == [("pom.xml", "too-large")]


# -- Gradle -----------------------------------------------------------------------------------


def test_gradle_lockfile_entries_and_test_configurations() -> None:
    parsed = read_in(FIXTURES / "gradle-project", "gradle.lockfile")
    rows = [(d.name, d.version, d.line, d.group) for d in parsed.declarations]
    assert rows[:4] == [
        ("com.google.code.findbugs:jsr305", "3.0.2", 4, ""),
        ("com.google.guava:failureaccess", "1.0.1", 5, ""),
        ("com.google.guava:guava", "31.1-jre", 6, ""),
        ("junit:junit", "4.12", 7, "test"),
    ]
    assert len(rows) == 7  # `empty=` names no artifact
    assert all(d.relation is Relation.UNKNOWN for d in parsed.declarations)


def test_version_catalog_libraries_references_and_rich_versions() -> None:
    parsed = read_in(FIXTURES / "gradle-project", "gradle/libs.versions.toml")
    rows = [(d.name, d.version, d.line) for d in parsed.declarations]
    assert rows == [
        ("com.google.guava:guava", "31.1-jre", 7),  # not line 2, the version of the same name
        ("org.apache.logging.log4j:log4j-core", "2.14.1", 8),
        ("junit:junit", "4.12", 9),  # `prefer`, as `strictly` is a range
        ("org.apache.commons:commons-text", "1.9", 10),
        ("org.slf4j:slf4j-api", None, 11),  # from a platform: unknown here
    ]


# -- ComparableVersion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [
        # maven.apache.org/pom.html, "Version Order Specification", and its examples.
        ("1", "1.1"),
        ("1-snapshot", "1"),
        ("1", "1-sp"),
        ("1-foo2", "1-foo10"),
        ("1-foo", "1-1"),
        ("1-1", "1.1"),
        ("1-ga", "1-sp"),
        ("1-ga.1", "1-sp.1"),
        ("1-sp-1", "1-ga-1"),
        ("1.0-alpha-1", "1.0-beta-1"),
        ("1.0-beta", "1.0-m1"),
        ("1.0-M1", "1.0-RC1"),
        ("1.0-rc1", "1.0-SNAPSHOT"),
        ("1.0-SNAPSHOT", "1.0"),
        ("1.0", "1.0-jre"),  # unknown qualifiers follow the release
        ("1.0-abc", "1.0-xyz"),
        ("2.9", "2.10"),
        ("2.0-beta9", "2.0"),
        ("2.0", "2.0.1"),
    ],
)
def test_maven_version_order(low: str, high: str) -> None:
    lower, higher = parse(low), parse(high)
    assert lower is not None
    assert higher is not None
    assert lower < higher
    assert higher > lower


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("1", "1.0"),
        ("1", "1.0.0"),
        ("1.ga", "1-ga"),
        ("1-ga", "1-0"),
        ("1", "1-final"),
        ("1.0.RELEASE", "1"),
        ("1.foo", "1-foo"),
        ("1-ga-1", "1-1"),
        ("1-a1", "1-alpha-1"),
        ("1-cr1", "1-RC1"),
    ],
)
def test_maven_versions_that_are_equal(left: str, right: str) -> None:
    one, other = parse(left), parse(right)
    assert one == other
    assert hash(one) == hash(other)


def test_maven_prerelease_and_major() -> None:
    def flags(text: str) -> tuple[bool, int]:
        version = parse(text)
        assert version is not None
        return version.is_prerelease, version.major

    assert flags("33.0.0-jre") == (False, 33)
    assert flags("2.0.0-M1") == (True, 2)
    assert flags("1.4.0-SNAPSHOT") == (True, 1)
    assert flags("2.15.0") == (False, 2)
    assert parse("${x.version}") is None
    assert parse("[1.0,2.0)") is None


# -- Maven Central ----------------------------------------------------------------------------


def metadata(*versions: str) -> bytes:
    listed = "".join(f"<version>{v}</version>" for v in versions)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n<metadata><groupId>g</groupId>"
        f"<versioning><versions>{listed}</versions></versioning></metadata>"
    ).encode()


CENTRAL = {
    "org/apache/logging/log4j/log4j-core": metadata("2.13.0", "2.14.1", "2.15.0", "2.17.1",
                                                    "3.0.0-beta2"),
    "org/apache/commons/commons-text": metadata("1.9", "1.10.0", "1.12.0"),
    "junit/junit": metadata("4.12", "4.13.1", "4.13.2"),
    "javax/servlet/javax.servlet-api": metadata("4.0.1"),
}  # fmt: skip


@pytest.fixture
def central() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for path, body in CENTRAL.items():
            running.route(f"/maven2/{path}/maven-metadata.xml", Reply(200, body))
        yield running


def maven_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("Maven", f"{server.url}/maven2"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def test_a_maven_project_audited_offline(repo: Repo, central: FakeServer) -> None:
    for name in ("pom.xml", "app/pom.xml"):
        repo.write(f"java/{name}", (FIXTURES / "project" / name).read_text())
    report = maven_audit(repo, central, ["java/app/pom.xml", "java/pom.xml"])
    found = {(d.declaration.path, d.declaration.name): d for d in report.dependencies}
    log4j = found["java/app/pom.xml", "org.apache.logging.log4j:log4j-core"]
    assert [v.id for v in log4j.vulnerabilities] == ["GHSA-jfh8-c2jp-5v3q"]
    assert log4j.fix == "2.15.0"
    assert log4j.freshness is not None
    assert log4j.freshness.latest == "2.17.1"  # 3.0.0-beta2 is a pre-release
    assert log4j.freshness.behind == 2
    # The child's property wins over the parent's: commons-text 1.10.0 is the fixed version.
    assert found["java/app/pom.xml", "org.apache.commons:commons-text"].vulnerabilities == ()
    parent_text = found["java/pom.xml", "org.apache.commons:commons-text"]
    assert [v.id for v in parent_text.vulnerabilities] == ["GHSA-599f-7c49-w659"]
    junit = found["java/app/pom.xml", "junit:junit"]
    assert [v.id for v in junit.vulnerabilities] == ["GHSA-269g-pwp5-87pp"]
    assert junit.fix == "4.13.1"
    model = found["java/app/pom.xml", "org.example.demo:demo-model"]
    assert model.freshness is None  # not on Central: unknown, never current
    assert [u.reason for u in model.unknowns] == ["not-found"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b"Not Found"), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage"), "malformed"),
        (Reply(200, b"<metadata><versioning/></metadata>"), "malformed"),
        (
            Reply(200, b'<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><m>&x;</m>'),
            "malformed",
        ),
    ],
)
def test_a_registry_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, central: FakeServer, reply: Reply, reason: str
) -> None:
    central.route("/maven2/com/example/left-pad/maven-metadata.xml", reply)
    repo.write(
        "pom.xml",
        "<project><dependencies><dependency><groupId>com.example</groupId>"
        "<artifactId>left-pad</artifactId><version>1.3.0</version></dependency>"
        "</dependencies></project>",
    )
    (item,) = maven_audit(repo, central, ["pom.xml"]).dependencies
    assert item.freshness is None
    (unknown,) = item.unknowns
    assert unknown.aspect is Aspect.FRESHNESS
    assert unknown.reason == reason
    assert item.vulnerability_source is not None  # the offline database did answer


def test_release_times_come_from_the_search_api_or_stay_unknown(central: FakeServer) -> None:
    central.route(
        "/search",
        Reply.json({"response": {"docs": [{"v": "4.12", "timestamp": 1417709863000},
                                          {"v": "4.13.2", "timestamp": "junk"}]}}),
    )  # fmt: skip
    with Fetcher(HttpSettings(timeout=2.0, retries=0)) as fetcher:
        client = MavenClient(fetcher, Stamped(None, None), f"{central.url}/maven2")
        client.search_url = f"{central.url}/search"
        dated = client.projects(["junit:junit"])["junit:junit"]
        client.search_url = f"{central.url}/nowhere"
        undated = client.projects(["javax.servlet:javax.servlet-api"])
    assert isinstance(dated, Project)
    times = {r.version: r.uploaded for r in dated.releases}
    assert times == {"4.12": "2014-12-04T16:17:43Z", "4.13.1": None, "4.13.2": None}
    assert isinstance(undated["javax.servlet:javax.servlet-api"], Project)
    assert search_times(Failure("network", "unreachable")) == {}


def test_the_json_report_names_the_maven_ecosystem(repo: Repo) -> None:
    for name in ("pom.xml", "app/pom.xml"):
        repo.write(f"java/{name}", (FIXTURES / "project" / name).read_text())
    repo.commit("java")
    args = ("--offline", "--vuln-db", str(FIXTURES / "advisories"), "--format", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1  # log4j-core 2.14.1 is vulnerable
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    rows = {(d["ecosystem"], d["name"], d["version"]) for d in document["dependencies"]}
    assert ("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1") in rows
    assert document["totals"]["libyear_unknown"] == document["totals"]["dependencies"]


def test_a_gradle_build_script_is_audited_like_a_pom(repo: Repo, central: FakeServer) -> None:
    repo.write(
        "app/build.gradle.kts",
        'val log4j = "2.14.1"\n'
        "dependencies {\n"
        '    implementation("org.apache.logging.log4j:log4j-core:$log4j")\n'
        '    testImplementation("junit:junit:4.12")\n'
        "}\n",
    )
    report = maven_audit(repo, central, ["app/build.gradle.kts"])
    found = {d.declaration.name: d for d in report.dependencies}
    log4j = found["org.apache.logging.log4j:log4j-core"]
    assert (log4j.declaration.path, log4j.declaration.line) == ("app/build.gradle.kts", 3)
    assert [v.id for v in log4j.vulnerabilities] == ["GHSA-jfh8-c2jp-5v3q"]
    assert log4j.freshness is not None
    assert log4j.freshness.latest == "2.17.1"
    junit = found["junit:junit"]
    assert (junit.declaration.group, [v.id for v in junit.vulnerabilities]) == (
        "test",
        ["GHSA-269g-pwp5-87pp"],
    )
    assert [m.kind for m in report.manifests] == ["build.gradle"]


def test_deps_reads_a_gradle_build_and_names_what_it_could_not(repo: Repo) -> None:
    repo.write(
        "build.gradle",
        "dependencies {\n"
        "    implementation 'org.apache.logging.log4j:log4j-core:2.14.1'\n"
        "    implementation Deps.guava\n"
        "}\n",
    )
    repo.commit("gradle")
    args = ("--offline", "--vuln-db", str(FIXTURES / "advisories"), "--format", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1  # log4j-core 2.14.1 is vulnerable
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    assert [d["name"] for d in document["dependencies"]] == ["org.apache.logging.log4j:log4j-core"]
    assert document["partial"] is True  # `Deps.guava` is code: not read, and said so
    assert [(n["path"], n["reason"], n["line"]) for n in document["notices"]] == [
        ("build.gradle", "not-read", 3)
    ]
