"""Go: go.mod and go.sum, Go versions, the module proxy, and an offline audit end to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.fetch import HttpSettings
from codevitals.deps.goproxy import escape, pseudo_time
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.semver import go
from codevitals.model.deps import Aspect, DependencyReport, Relation
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "go"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


def test_go_mod_requires_indirect_and_toolchain() -> None:
    parsed = read_in(FIXTURES / "module", "go.mod")
    assert parsed.notices == []
    found = {d.name: d for d in parsed.declarations}
    assert len(found) == 25  # 2 direct, 22 indirect, the toolchain
    gin = found["github.com/gin-gonic/gin"]
    assert (gin.version, gin.line, gin.relation, gin.ecosystem) == (
        "v1.9.0",
        8,
        Relation.DIRECT,
        "Go",
    )
    assert found["golang.org/x/net"].relation is Relation.TRANSITIVE
    stdlib = found["stdlib"]
    assert (stdlib.version, stdlib.line, stdlib.group) == ("1.21.5", 5, "toolchain")


def test_go_sum_lists_the_highest_built_version_of_each_module(tmp_path: Path) -> None:
    (tmp_path / "go.sum").write_text(
        "example.com/a v1.0.0 h1:x=\nexample.com/a v1.0.0/go.mod h1:y=\n"
        "example.com/a v1.2.0 h1:z=\nexample.com/only-mod v2.0.0/go.mod h1:w=\n"
        "garbage\n"
    )
    parsed = read_in(tmp_path, "go.sum")
    assert [(d.name, d.version, d.line) for d in parsed.declarations] == [
        ("example.com/a", "v1.2.0", 3)
    ]
    assert [(n.reason, n.line) for n in parsed.notices] == [("invalid-lockfile", 5)]


def test_the_real_go_sum_agrees_with_go_mod(tmp_path: Path) -> None:
    declared = {(d.name, d.version) for d in read_in(FIXTURES / "module", "go.mod").declarations}
    (tmp_path / "go.sum").write_text((FIXTURES / "module" / "go.sum").read_text())
    summed = {(d.name, d.version) for d in read_in(tmp_path, "go.sum").declarations}
    assert ("github.com/gin-gonic/gin", "v1.9.0") in summed
    assert ("golang.org/x/text", "v0.7.0") in summed
    assert {pair for pair in summed if pair[0] in dict(declared)} <= declared
    # Beside its go.mod, go.sum adds nothing: the modules only tests of dependencies read
    # (testify, go-spew, …) are not in the build.
    assert read_in(FIXTURES / "module", "go.sum").declarations == []


GO_MOD = """\
module example.com/app

go 1.22

require (
\tgithub.com/a/lib v1.0.0
\tgithub.com/b/lib v1.1.0 // indirect
\tgithub.com/c/lib v0.3.0
)

require github.com/d/lib v2.0.0+incompatible

replace github.com/a/lib => github.com/fork/lib v1.0.1

replace github.com/c/lib v0.3.0 => ../c

exclude github.com/b/lib v1.0.9

retract v0.9.0 // published by mistake
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("module x\n\nrequire example.com/a\n", 3),
        ("module x\n\nrequire (\n\texample.com/a v1 v2\n)\n", 4),
        ("module x\n\nreplace example.com/a v1.0.0\n", 3),
    ],
)
def test_a_malformed_go_mod_line_is_one_notice(tmp_path: Path, text: str, line: int) -> None:
    (tmp_path / "go.mod").write_text(text)
    parsed = read_in(tmp_path, "go.mod")
    assert [(n.reason, n.line) for n in parsed.notices] == [("invalid-manifest", line)]
    assert parsed.declarations == []


def test_replace_exclude_and_retract(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    parsed = read_in(tmp_path, "go.mod")
    rows = [(d.name, d.version, d.line, d.relation.value, d.unresolvable)
            for d in parsed.declarations]  # fmt: skip
    assert rows == [
        ("github.com/fork/lib", "v1.0.1", 6, "direct", None),
        ("github.com/b/lib", "v1.1.0", 7, "transitive", None),
        ("github.com/c/lib", None, 8, "direct", "path"),
        ("github.com/d/lib", "v2.0.0+incompatible", 11, "direct", None),
        ("stdlib", "1.22.0", 3, "direct", None),
    ]
    assert parsed.notices == []


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("v0.0.0-20191109021931-daa7c04131f5", "v0.1.0"),  # a pseudo-version before a tag
        ("v1.2.3-pre", "v1.2.3"),
        ("v1.9.0", "v1.10.0"),
        ("1.21rc2", "1.21.0"),
        ("go1.21.5", "1.22.0-0"),
    ],
)
def test_go_version_order(low: str, high: str) -> None:
    before, after = go(low), go(high)
    assert before is not None
    assert after is not None
    assert before < after


def test_incompatible_is_no_part_of_the_order() -> None:
    assert go("v2.0.0+incompatible") == go("2.0.0")


def test_proxy_case_encoding_and_pseudo_version_times() -> None:
    assert escape("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"
    assert pseudo_time("v0.0.0-20191109021931-daa7c04131f5") == "2019-11-09T02:19:31Z"
    assert pseudo_time("v1.2.3") is None


# -- proxy and audit -------------------------------------------------------------------------

GIN_MOD = """\
module github.com/gin-gonic/gin

go 1.20

retract v1.9.1 // a test's retraction, not gin's
"""


TAGS = {"v1.8.2": "2022-12-22", "v1.9.0": "2023-02-21", "v1.9.1": "2023-06-01",
        "v1.10.0": "2024-05-07"}  # fmt: skip


@pytest.fixture
def proxy() -> Iterator[FakeServer]:
    with FakeServer() as running:
        base = "/go/github.com/gin-gonic/gin/@v"
        running.route(f"{base}/list", Reply(200, b"v1.8.2\nv1.9.0\nv1.9.1\nv1.10.0\n"))
        running.route(f"{base}/v1.10.0.mod", Reply(200, GIN_MOD.encode()))
        for version, day in TAGS.items():
            info = {"Version": version, "Time": f"{day}T00:00:00Z"}
            running.route(f"{base}/{version}.info", Reply.json(info))
        yield running


def go_audit(repo: Repo, server: FakeServer, paths: list[str]) -> DependencyReport:
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("Go", f"{server.url}/go"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    return audit(repo.root, paths, options, None)


def test_a_go_module_audited_offline(repo: Repo, proxy: FakeServer) -> None:
    for name in ("go.mod", "go.sum"):
        repo.write(f"svc/{name}", (FIXTURES / "module" / name).read_text())
    report = go_audit(repo, proxy, ["svc/go.mod", "svc/go.sum"])
    found = {d.declaration.name: d for d in report.dependencies}
    assert len(found) == 25  # go.sum adds nothing go.mod does not list
    gin = found["github.com/gin-gonic/gin"]
    assert [v.id for v in gin.vulnerabilities] == ["GO-2023-1737"]  # not GO-2021-0052 (< 1.7.7)
    assert gin.fix == "v1.10.0"  # 1.9.1 fixes it, but is retracted; spelt as Go does
    assert gin.freshness is not None
    assert (gin.freshness.latest, gin.freshness.behind) == ("v1.10.0", 1)
    assert gin.freshness.libyear == pytest.approx(1.21, abs=0.01)
    text = found["golang.org/x/text"]
    assert [v.id for v in text.vulnerabilities] == ["GO-2026-5970"]  # not GO-2022-1059
    stdlib = found["stdlib"]
    assert [v.id for v in stdlib.vulnerabilities] == ["GO-2024-2598"]
    assert [u.reason for u in stdlib.unknowns] == ["no-registry"]
    # Modules the fake proxy does not know: freshness unknown, vulnerabilities still checked.
    net = found["golang.org/x/net"]
    assert [u.aspect for u in net.unknowns] == [Aspect.FRESHNESS]
    assert report.totals.unchecked == 0


def test_a_retracted_version_in_use_says_so(repo: Repo, proxy: FakeServer) -> None:
    repo.write("go.mod", "module x\n\nrequire github.com/gin-gonic/gin v1.9.1\n")
    gin = next(d for d in go_audit(repo, proxy, ["go.mod"]).dependencies if d.declaration.line)
    assert gin.freshness is not None
    assert gin.freshness.yanked
    assert gin.freshness.yanked_reason == "retracted: a test's retraction, not gin's"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b"not found: unknown revision"), "not-found"),
        (Reply(410, b"gone: not found"), "not-found"),
        (Reply(429, b"slow down"), "http-error"),
        (Reply(500, b"oops"), "http-error"),
        (Reply(200, b"<html>garbage</html>"), "no-releases"),
        (Reply(200, b"\xff\xfe\x00"), "malformed"),
    ],
)
def test_a_proxy_that_fails_leaves_freshness_unknown_never_clean(
    repo: Repo, proxy: FakeServer, reply: Reply, reason: str
) -> None:
    proxy.route("/go/example.com/!upper/mod/@v/list", reply)
    repo.write("go.mod", "module x\n\nrequire example.com/Upper/mod v1.0.0\n")
    item = next(
        d for d in go_audit(repo, proxy, ["go.mod"]).dependencies if d.declaration.line == 3
    )
    assert item.freshness is None
    assert [(u.aspect, u.reason) for u in item.unknowns] == [(Aspect.FRESHNESS, reason)]
    assert item.vulnerability_source is not None  # the offline database still answered
