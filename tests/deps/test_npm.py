"""npm: its manifest and lockfiles, SemVer, the registry, and an audit end to end."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.fetch import HttpSettings
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.manifests.npm_common import key_lines
from codevitals.deps.semver import parse, satisfies
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo, run_cli
from tests.deps.fake_server import FakeServer, Reply
from tests.schemas import validator

FIXTURES = Path(__file__).parent / "fixtures" / "npm"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
LOCKED = {("@types/ms", "0.7.34"), ("debug", "2.6.9"), ("lodash", "4.17.20"),
          ("ms", "2.0.0"), ("ms", "2.1.3")}  # fmt: skip
"""What every lockfile of the fixture project installs (ms twice: debug nests its own)."""


def read(folder: str, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None, name
    return source.read(DiskFiles(FIXTURES / folder), name)


def pairs(parsed: Parsed) -> set[tuple[str, str | None]]:
    return {(d.name, d.version) for d in parsed.declarations}


@pytest.mark.parametrize(
    ("folder", "name"),
    [("lock-v3", "package-lock.json"), ("lock-v1", "package-lock.json"),
     ("yarn-classic", "yarn.lock"), ("yarn-berry", "yarn.lock"), ("pnpm", "pnpm-lock.yaml"),
     ("bun", "bun.lock")],
)  # fmt: skip
def test_every_lockfile_format_yields_what_is_installed(folder: str, name: str) -> None:
    parsed = read(folder, name)
    assert parsed.notices == []
    assert pairs(parsed) == LOCKED
    assert all(d.ecosystem == "npm" and d.line for d in parsed.declarations)


def test_package_json_groups_lines_and_pins() -> None:
    parsed = read("lock-v3", "package.json")
    rows = [(d.name, d.version, d.line, d.group) for d in parsed.declarations]
    assert rows == [
        ("debug", None, 6, ""),
        ("lodash", "4.17.20", 7, ""),
        ("ms", None, 8, ""),
        ("@types/ms", None, 11, "dev"),
    ]


def test_lockfile_lines_and_dev_flags() -> None:
    found = {(d.name, d.version): d for d in read("lock-v3", "package-lock.json").declarations}
    assert found["debug", "2.6.9"].line == 25
    assert found["ms", "2.0.0"].line == 33
    assert found["@types/ms", "0.7.34"].group == "dev"


def test_key_lines_finds_each_key_that_opens_where_it_first_does() -> None:
    text = (
        '{\r\n  "packages": {\r\n    "": {"name": "app"},\r\n'
        '    "node_modules/a\\"b": {\r\n      "note": "x: {",\r\n'
        '      "resolved": "{not a key}"\r\n    },\r\n    "node_modules/c": [\r\n'
        '    "node_modules/a\\"b": {}\r\n  }\r\n}\r\n'
    )
    assert key_lines(text, "{") == {"packages": 2, "": 3, 'node_modules/a\\"b': 4}
    assert key_lines(text, "[") == {"node_modules/c": 8}


def test_specs_that_name_no_registry_version(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(
        '{"dependencies": {"a": "file:../a", "b": "github:x/b", "c": "x/c#main",'
        ' "d": "https://x.test/d.tgz", "e": "npm:lodash@4.17.21", "f": "=1.2.3", "g": "*"}}'
    )
    parsed = read_in(tmp_path, "package.json")
    rows = [(d.name, d.version, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("a", None, "path"),
        ("b", None, "vcs"),
        ("c", None, "vcs"),
        ("d", None, "url"),
        ("e", None, "alias"),
        ("f", "1.2.3", None),
        ("g", None, None),
    ]


def test_a_workspace_link_and_the_project_itself_are_no_dependencies(tmp_path: Path) -> None:
    (tmp_path / "package-lock.json").write_text(
        '{"lockfileVersion": 3, "packages": {"": {"name": "root"},'
        ' "packages/app": {"version": "1.0.0"},'
        ' "node_modules/app": {"resolved": "packages/app", "link": true},'
        ' "node_modules/left-pad": {"version": "1.3.0"}}}'
    )
    assert pairs(read_in(tmp_path, "package-lock.json")) == {("left-pad", "1.3.0")}


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("package-lock.json", '{"packages": {\n  "node_modules/a": {,}\n}}', "invalid-json", 2),
        ("package.json", "[1, 2]", "invalid-lockfile", 1),
        ("pnpm-lock.yaml", "packages:\n  a@1.0.0: {\n", "invalid-yaml", 3),
        ("yarn.lock", 'a@^1.0.0\n  version "1.0.0"\n', "invalid-lockfile", 1),
        ("bun.lock", '{\n  "packages": {\n    "a": ["a@1.0.0",, ""],\n  },\n}', "invalid-json", 3),
        ("bun.lock", '{"packages": {\n"a": [],\n}}', "invalid-lockfile", 2),
        ("bun.lock", '{"packages": ["a@1.0.0"]}', "invalid-lockfile", 1),
    ],
)
def test_malformed_files_are_one_notice_each(
    tmp_path: Path, name: str, text: str, reason: str, line: int
) -> None:
    (tmp_path / name).write_text(text)
    parsed = read_in(tmp_path, name)
    assert [(n.path, n.reason, n.line) for n in parsed.notices] == [(name, reason, line)]
    assert parsed.declarations == []


@pytest.fixture(params=["libyaml", "pure Python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """PyYAML with libyaml (its wheels), and without it (built from source elsewhere)."""
    if request.param == "pure Python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml")
    return str(request.param)


def test_billion_laughs_yaml_is_refused_before_it_expands(tmp_path: Path, yaml_parser: str) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        prior = chr(ord("a") + index - 1)
        here = chr(ord("a") + index)
        levels.append(f"{here}: &{here} [" + ",".join([f"*{prior}"] * 9) + "]")
    (tmp_path / "pnpm-lock.yaml").write_text("\n".join(levels) + "\npackages: *j\n")
    parsed = read_in(tmp_path, "pnpm-lock.yaml")
    assert [(n.reason, n.message, n.line) for n in parsed.notices] == [
        ("invalid-yaml", "aliases are not allowed in a lockfile", 2)
    ]


def test_a_pnpm_lockfile_reads_alike_with_either_parser(yaml_parser: str) -> None:
    found = read("pnpm", "pnpm-lock.yaml")
    assert found.notices == []
    assert [(d.name, d.version, d.line) for d in found.declarations] == [
        ("@types/ms", "0.7.34", 27),
        ("debug", "2.6.9", 30),
        ("lodash", "4.17.20", 38),
        ("ms", "2.0.0", 41),
        ("ms", "2.1.3", 44),
    ]


def test_a_huge_junk_lockfile_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "yarn.lock").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "yarn.lock")
    assert [(n.path, n.reason) for n in parsed.notices] == [("yarn.lock", "too-large")]


def test_bun_lock_comments_workspaces_and_sources(tmp_path: Path) -> None:
    (tmp_path / "bun.lock").write_text(
        "{\n  // written by hand, as Bun allows: comments and trailing commas\n"
        '  "lockfileVersion": 1, /* a block\n comment */\n'
        '  "packages": {\n'
        '    "app-lib": ["app-lib@workspace:packages/lib"],\n'
        '    "tricky": ["tricky@1.0.0", "", {"note": "a ,] inside // a string"}, "sha512-x"],\n'
        '    "@scope/pkg": ["@scope/pkg@2.0.0-rc.1", "", {}, "sha512-y",],\n'
        '    "fromgit": ["fromgit@github:user/repo#abc123", {}, "user-repo-abc123"],\n'
        '    "local": ["local@file:../local", {}],\n'
        "  },\n}\n"
    )
    parsed = read_in(tmp_path, "bun.lock")
    assert parsed.notices == []
    rows = [(d.name, d.version, d.line, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("tricky", "1.0.0", 7, None),  # the block comment's lines are kept
        ("@scope/pkg", "2.0.0-rc.1", 8, None),
        ("fromgit", None, 9, "vcs"),
        ("local", None, 10, "path"),
    ]


def test_a_huge_junk_bun_lock_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "bun.lock").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written to disk
    parsed = read_in(tmp_path, "bun.lock")
    assert [(n.path, n.reason) for n in parsed.notices] == [("bun.lock", "too-large")]


# -- SemVer -----------------------------------------------------------------------------------


def test_semver_precedence_follows_the_specification() -> None:
    # semver.org §11's own example, lowest first.
    ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
               "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0",
               "2.1.1", "10.0.0"]  # fmt: skip
    versions = [parse(text) for text in ordered]
    assert all(v is not None for v in versions)
    assert sorted(versions) == versions  # type: ignore[type-var]


def test_semver_build_metadata_takes_no_part_in_precedence() -> None:
    assert parse("1.0.0+build.1") == parse("1.0.0+build.2") == parse("1.0.0")
    assert str(parse("v1.2.3-rc.1+sha.5114f85")) == "1.2.3-rc.1+sha.5114f85"


@pytest.mark.parametrize("text", ["1.2", "1.2.3.4", "01.2.3", "1.2.3-01", "1.2.3-", "latest"])
def test_what_is_not_semver(text: str) -> None:
    assert parse(text) is None


def test_prerelease_and_major() -> None:
    rc = parse("3.0.0-rc.1")
    assert rc is not None
    assert rc.is_prerelease
    assert rc.major == 3
    final = parse("3.0.0")
    assert final is not None
    assert not final.is_prerelease
    assert rc < final


RANGES = [
    ("1.2.3", "^1.2.0", True), ("2.0.0", "^1.2.0", False), ("0.2.5", "^0.2.3", True),
    ("0.3.0", "^0.2.3", False), ("0.0.3", "^0.0.3", True), ("0.0.4", "^0.0.3", False),
    ("1.2.9", "~1.2.3", True), ("1.3.0", "~1.2.3", False), ("1.5.0", "1.x", True),
    ("2.0.0", "1.x", False), ("1.2.3", "*", True), ("3.1.0", ">=3.0.0 <4 || 1.x", True),
    ("4.0.0", ">=3.0.0 <4", False), ("2.0.0", "1.0.0 - 2.0.0", True),
    ("2.0.1", "1.0.0 - 2.0.0", False), ("2.9.9", "1.0 - 2", True), ("3.0.0", "1.0 - 2", False),
    ("1.2.4-beta.1", "^1.2.3", False),  # a pre-release only where the range names one
    ("1.2.3-beta.2", "^1.2.3-beta.1", True), ("1.2.3", ">1.2", False), ("1.3.0", ">1.2", True),
    ("1.2.9", "<=1.2", True), ("1.3.0", "<=1.2", False), ("1.2.0", "<1.2", False),
    ("0.9.0", "^0", True), ("1.0.0", "^0", False), ("1.2.3", ">= 1.2.3", True),
    ("1.2.3", "not a range", None),
]  # fmt: skip


@pytest.mark.parametrize(("version", "spec", "expected"), RANGES)
def test_npm_ranges(version: str, spec: str, expected: bool | None) -> None:
    at = parse(version)
    assert at is not None
    assert satisfies(at, spec) is expected


# -- registry and audit -----------------------------------------------------------------------


def registry_document(name: str, times: dict[str, str], **deprecated: str) -> dict[str, Any]:
    return {
        "name": name,
        "versions": {v: ({"deprecated": deprecated[v]} if v in deprecated else {}) for v in times},
        "time": {"created": "2010-01-01T00:00:00.000Z", **times},
    }


REGISTRY = {
    "lodash": registry_document(
        "lodash", {"4.17.20": "2020-08-13T16:53:54.152Z", "4.17.21": "2021-02-20T15:42:16.891Z"}
    ),
    "debug": registry_document(
        "debug",
        {
            "2.6.9": "2017-09-22T13:32:35.541Z",
            "4.3.4": "2022-03-17T13:38:47.641Z",
            "4.3.5": "2024-05-31T11:41:17.000Z",
        },
        **{"4.3.5": "broken release"},
    ),
    "ms": registry_document(
        "ms", {"2.0.0": "2017-05-16T12:00:00.000Z", "2.1.3": "2020-12-08T13:54:35.223Z"}
    ),
    "@types/ms": registry_document("@types/ms", {"0.7.34": "2023-11-07T00:00:00.000Z"}),
}


@pytest.fixture
def registry() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for name, document in REGISTRY.items():
            running.route(f"/npm/{name.replace('/', '%2f')}", Reply.json(document))
        yield running


def npm_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("npm", f"{server.url}/npm"),),
        index_url=f"{server.url}/pypi",
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def project(repo: Repo, lockfile: str = "lock-v3/package-lock.json") -> Repo:
    repo.write("web/package.json", (FIXTURES / "lock-v3" / "package.json").read_text())
    repo.write(f"web/{Path(lockfile).name}", (FIXTURES / lockfile).read_text())
    return repo


def test_an_npm_project_audited_end_to_end(repo: Repo, registry: FakeServer) -> None:
    report = npm_audit(project(repo), registry, ["web/package.json", "web/package-lock.json"])
    rows = [(d.declaration.name, d.declaration.version, d.declaration.relation,
             d.declaration.locked_in) for d in report.dependencies]  # fmt: skip
    assert rows == [
        ("debug", "2.6.9", Relation.DIRECT, "web/package-lock.json:25"),
        ("lodash", "4.17.20", Relation.DIRECT, None),
        ("ms", "2.1.3", Relation.DIRECT, "web/package-lock.json:43"),
        ("@types/ms", "0.7.34", Relation.DIRECT, "web/package-lock.json:19"),
        ("ms", "2.0.0", Relation.TRANSITIVE, None),  # debug's own copy is audited too
    ]
    by_name = {(d.declaration.name, d.declaration.version): d for d in report.dependencies}
    lodash = by_name["lodash", "4.17.20"]
    assert [v.id for v in lodash.vulnerabilities] == ["GHSA-35jh-r3h4-6jhm"]
    assert lodash.vulnerabilities[0].fixed == ("4.17.21",)
    assert lodash.fix == "4.17.21"
    assert lodash.freshness is not None
    assert lodash.freshness.behind == 1
    debug = by_name["debug", "2.6.9"]
    assert debug.vulnerabilities == ()  # 2.6.9 is the fix of the first range
    assert debug.freshness is not None
    assert debug.freshness.latest == "4.3.4"  # 4.3.5 is deprecated
    assert debug.freshness.majors_behind == 2
    assert report.totals.vulnerable == 1
    assert report.totals.unchecked == 0
    assert report.sources["metadata"] == f"npm: {registry.url}/npm"


def test_a_deprecated_version_in_use_says_so(repo: Repo, registry: FakeServer) -> None:
    repo.write("package.json", '{"dependencies": {"debug": "4.3.5"}}')
    (item,) = npm_audit(repo, registry, ["package.json"]).dependencies
    assert item.freshness is not None
    assert item.freshness.yanked
    assert item.freshness.yanked_reason == "deprecated: broken release"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b'{"error": "Not found"}'), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage</html>"), "malformed"),
        (Reply.json({"name": "x"}), "malformed"),
    ],
)
def test_a_registry_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, registry: FakeServer, reply: Reply, reason: str
) -> None:
    registry.route("/npm/left-pad", reply)
    repo.write("package.json", '{"dependencies": {"left-pad": "1.3.0"}}')
    (item,) = npm_audit(repo, registry, ["package.json"]).dependencies
    assert item.freshness is None
    (unknown,) = item.unknowns
    assert unknown.aspect is Aspect.FRESHNESS
    assert unknown.reason == reason
    assert item.vulnerability_source is not None  # the offline database did answer


def test_a_broken_lockfile_is_a_notice_and_the_manifest_still_audited(
    repo: Repo, registry: FakeServer
) -> None:
    repo.write("package.json", '{"dependencies": {"lodash": "^4.17.0"}}')
    repo.write("package-lock.json", '{"packages": {"node_modules/lodash": ')
    report = npm_audit(repo, registry, ["package.json", "package-lock.json"])
    assert [(n.path, n.reason) for n in report.notices] == [("package-lock.json", "invalid-json")]
    assert report.partial
    (item,) = report.dependencies
    assert item.declaration.version is None  # unpinned: unknown, not clean
    assert report.totals.unchecked == 1


def test_python_and_npm_in_one_folder_stay_apart(repo: Repo, registry: FakeServer) -> None:
    project(repo)
    repo.write("web/requirements.txt", "ms==1.0\n")
    paths = ["web/package.json", "web/package-lock.json", "web/requirements.txt"]
    report = npm_audit(repo, registry, paths)
    python = [d for d in report.dependencies if d.declaration.ecosystem == "PyPI"]
    assert [(d.declaration.name, d.declaration.version) for d in python] == [("ms", "1.0")]
    npm_ms = [d for d in report.dependencies if d.declaration.requirement.startswith("ms@")]
    assert len(npm_ms) == 2


@pytest.mark.parametrize(
    "folder", ["yarn-classic/yarn.lock", "pnpm/pnpm-lock.yaml", "bun/bun.lock"]
)
def test_other_lockfiles_resolve_the_manifest_too(
    repo: Repo, registry: FakeServer, folder: str
) -> None:
    project(repo, folder)
    report = npm_audit(repo, registry, ["web/package.json", f"web/{Path(folder).name}"])
    direct = {(d.declaration.name, d.declaration.version) for d in report.dependencies
              if d.declaration.relation is Relation.DIRECT}  # fmt: skip
    assert direct == {("debug", "2.6.9"), ("lodash", "4.17.20"), ("ms", "2.1.3"),
                      ("@types/ms", "0.7.34")}  # fmt: skip


def test_the_json_report_names_each_ecosystem_and_fits_the_schema(repo: Repo) -> None:
    project(repo)
    repo.write("web/alias/package.json", '{"dependencies": {"old": "npm:lodash@4.17.21"}}')
    repo.commit("web")
    args = ("--offline", "--vuln-db", str(FIXTURES / "advisories"), "--format", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1  # lodash 4.17.20 is vulnerable
    document = json.loads(result.stdout)
    validator("deps.schema.json").validate(document)
    rows = {(d["ecosystem"], d["name"], d["unresolvable"]) for d in document["dependencies"]}
    assert ("npm", "lodash", None) in rows
    assert ("npm", "old", "alias") in rows
    # Offline with an empty cache: every version's freshness is unknown, never current.
    assert document["totals"]["libyear_unknown"] == document["totals"]["dependencies"]


def test_an_aliased_install_is_the_package_it_aliases(tmp_path: Path) -> None:
    # As npm 11 writes it for `"string-width-cjs": "npm:string-width@^4.2.0"` (express's
    # lockfile): the folder is the alias, `name` the package. Found against osv-scanner.
    (tmp_path / "package-lock.json").write_text(
        '{"lockfileVersion": 3, "packages": {\n'
        '  "": {"name": "app"},\n'
        '  "node_modules/string-width-cjs": {\n'
        '    "name": "string-width", "version": "4.2.3", "dev": true\n'
        "  }\n}}\n"
    )
    (item,) = read_in(tmp_path, "package-lock.json").declarations
    assert (item.name, item.version, item.line, item.group) == ("string-width", "4.2.3", 3, "dev")
