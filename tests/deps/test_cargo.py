"""Cargo: Cargo.toml and Cargo.lock, Cargo ranges, crates.io, and an offline audit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.deps import crates
from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.deps.registry import Project
from codevitals.deps.store import Stamped
from codevitals.model.deps import Relation
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "cargo"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def read_in(root: Path, name: str) -> Parsed:
    source = source_for(name)
    assert source is not None
    return source.read(DiskFiles(root), name)


def test_cargo_toml_kinds_pins_and_paths() -> None:
    parsed = read_in(FIXTURES / "crate", "Cargo.toml")
    rows = [(d.name, d.version, d.line, d.group, d.unresolvable) for d in parsed.declarations]
    assert rows == [
        ("smallvec", "1.6.0", 7, "", None),
        ("time", None, 8, "", None),
        ("local-helper", None, 9, "", "path"),
        ("itoa", None, 12, "dev", None),
    ]
    assert all(d.ecosystem == "crates.io" for d in parsed.declarations)


def test_workspaces_targets_and_renames(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["a"]\n\n[workspace.dependencies]\nserde = "1.0.100"\n\n'
        "[target.'cfg(windows)'.dependencies]\nwinapi = \"0.3\"\n\n"
        '[build-dependencies]\ncc-renamed = { package = "cc", version = "=1.0.83" }\n'
        'gitdep = { git = "https://example.com/x" }\n'
    )
    rows = [(d.name, d.version, d.line, d.group, d.unresolvable)
            for d in read_in(tmp_path, "Cargo.toml").declarations]  # fmt: skip
    assert rows == [
        ("cc", "1.0.83", 11, "build", None),
        ("gitdep", None, 12, "build", "vcs"),
        ("serde", None, 5, "", None),
        ("winapi", None, 8, "", None),
    ]


def test_cargo_lock_crates_not_workspace_members() -> None:
    parsed = read_in(FIXTURES / "crate", "Cargo.lock")
    names = {d.name: d.version for d in parsed.declarations}
    assert "demo" not in names
    assert "local-helper" not in names
    assert names["smallvec"] == "1.6.0"
    assert names["time"] == "0.1.45"
    assert names["wasi"] == "0.10.0+wasi-snapshot-preview1"


def test_a_malformed_cargo_lock_is_one_notice(tmp_path: Path) -> None:
    (tmp_path / "Cargo.lock").write_text('[[package]]\nname = "a"\nversion = "1.0.0\n')
    parsed = read_in(tmp_path, "Cargo.lock")
    assert [(n.reason, n.line) for n in parsed.notices] == [("invalid-toml", 3)]


CRATES = {
    "smallvec": [("1.6.0", "2021-01-08T00:00:00Z", False), ("1.6.1", "2021-01-09T00:00:00Z", False),
                 ("1.13.2", "2024-03-20T00:00:00Z", False)],
    "time": [("0.1.45", "2022-11-30T00:00:00Z", False), ("0.3.36", "2024-04-10T00:00:00Z", False),
             ("0.3.37", "2024-05-01T00:00:00Z", True)],
}  # fmt: skip


def index_file(versions: list[tuple[str, str, bool]]) -> bytes:
    """A crate's file in the sparse index: one JSON line per version, as crates.io writes it."""
    lines = [json.dumps({"name": "x", "vers": n, "deps": [], "cksum": "0" * 64, "features": {},
                         "yanked": y, "pubtime": t, "v": 2}) for n, t, y in versions]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def registry() -> Iterator[FakeServer]:
    with FakeServer() as running:
        for name, versions in CRATES.items():
            running.route(f"/crates/{crates.index_path(name)}", Reply(200, index_file(versions)))
        yield running


def test_a_cargo_project_audited_offline(repo: Repo, registry: FakeServer) -> None:
    for name in ("Cargo.toml", "Cargo.lock", "helper/Cargo.toml"):
        repo.write(f"rs/{name}", (FIXTURES / "crate" / name).read_text())
    options = AuditOptions(
        vuln_db=FIXTURES / "advisories",
        registry_urls=(("crates.io", f"{registry.url}/crates"),),
        http=HttpSettings(timeout=2.0, retries=0),
        now=NOW,
    )
    report = audit(repo.root, ["rs/Cargo.lock", "rs/Cargo.toml", "rs/helper/Cargo.toml"],
                   options, None)  # fmt: skip
    found = {d.declaration.name: d for d in report.dependencies}
    smallvec, time = found["smallvec"], found["time"]
    assert [v.id for v in smallvec.vulnerabilities] == ["RUSTSEC-2021-0003"]
    assert smallvec.fix == "1.6.1"
    assert time.declaration.version == "0.1.45"  # `0.1.43` in Cargo.toml means ^0.1.43
    assert time.declaration.locked_in == "rs/Cargo.lock:38"
    assert [v.id for v in time.vulnerabilities] == ["RUSTSEC-2020-0071"]
    assert time.freshness is not None
    assert time.freshness.latest == "0.3.36"  # 0.3.37 is yanked
    assert time.declaration.relation is Relation.DIRECT
    assert found["libc"].declaration.relation is Relation.TRANSITIVE


def test_index_paths_follow_cargo_s_layout() -> None:
    assert [crates.index_path(n) for n in ("a", "cc", "syn", "Serde", "aho-corasick")] == [
        "1/a", "2/cc", "3/s/syn", "se/rd/serde", "ah/o-/aho-corasick"
    ]  # fmt: skip


def test_the_index_is_asked_once_per_crate(registry: FakeServer) -> None:
    with Fetcher(HttpSettings(timeout=5.0, retries=0, concurrency=8)) as fetcher:
        client = crates.CratesClient(fetcher, Stamped(None, None), f"{registry.url}/crates")
        found = client.projects(["smallvec", "time", "nope-a", "nope-b"])
    assert sorted(name for name, item in found.items() if isinstance(item, Project)) == [
        "smallvec",
        "time",
    ]
    assert found["nope-a"] == Failure("not-found", "no crate 'nope-a' on crates.io "
                                      "(misspelt, or private?)")  # fmt: skip
    assert sorted(path for _, path, _ in registry.requests) == [
        "/crates/no/pe/nope-a",
        "/crates/no/pe/nope-b",
        "/crates/sm/al/smallvec",
        "/crates/ti/me/time",
    ]


def test_an_index_file_s_versions_times_and_yanks() -> None:
    text = (
        '{"name":"demo","vers":"0.1.0","yanked":false,"pubtime":"2020-01-02T03:04:05Z"}\n'
        '{"name":"demo","vers":"0.2.0","yanked":true}\n\n'
    )
    project = crates.parse("demo", text)
    assert isinstance(project, Project)
    assert [tuple(r) for r in project.releases] == [
        ("0.1.0", "2020-01-02T03:04:05Z", False, None),
        ("0.2.0", None, True, None),  # no publication time: its age is unknown, not made up
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("<html>proxy login</html>", "line 1 of its index file is no version entry"),
        ('{"vers":"1.0.0"}\n{"name":"demo"}\n', "line 2 of its index file is no version entry"),
        ("\n", "its index file lists no version"),
    ],
)
def test_an_index_file_that_is_not_one_is_malformed(text: str, why: str) -> None:
    assert crates.parse("demo", text) == Failure("malformed", f"demo: {why}")
