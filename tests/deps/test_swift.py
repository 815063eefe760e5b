"""SwiftPM's Package.resolved is read, and its pins are checked against SwiftURL advisories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.deps.manifests import DiskFiles, source_for
from codevitals.deps.manifests.package_resolved import swift_url
from codevitals.deps.unread import unread_notices
from codevitals.report.cyclonedx.deps import purl
from tests.conftest import Repo, run_cli

RESOLVED_V2 = {
    "pins": [
        {
            "identity": "swift-nio",
            "kind": "remoteSourceControl",
            "location": "https://github.com/apple/swift-nio.git",
            "state": {"revision": "a1b2", "version": "2.40.0"},
        },
        {
            "identity": "swift-log",
            "kind": "remoteSourceControl",
            "location": "https://github.com/apple/swift-log",
            "state": {"branch": "main", "revision": "c3d4"},
        },
        {"identity": "local", "kind": "fileSystem", "location": "/Users/me/Local"},
    ],
    "version": 2,
}
RESOLVED_V1 = {
    "object": {
        "pins": [
            {
                "package": "Alamofire",
                "repositoryURL": "https://github.com/Alamofire/Alamofire.git",
                "state": {"branch": None, "revision": "e5f6", "version": "5.4.0"},
            }
        ]
    },
    "version": 1,
}


@pytest.mark.parametrize(
    ("location", "name"),
    [
        ("https://github.com/apple/swift-nio.git", "github.com/apple/swift-nio"),
        ("https://GitHub.com/apple/swift-nio/", "github.com/apple/swift-nio"),
        ("git@github.com:apple/swift-nio.git", "github.com/apple/swift-nio"),
        ("ssh://git@github.com/apple/swift-nio", "github.com/apple/swift-nio"),
    ],
)
def test_a_repository_url_is_named_as_osv_names_swift_packages(location: str, name: str) -> None:
    assert swift_url(location) == name


def test_both_formats_of_package_resolved_are_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Package.resolved").write_text(json.dumps(RESOLVED_V2, indent=2))
    (tmp_path / "Package.resolved").write_text(json.dumps(RESOLVED_V1, indent=2))
    source = source_for("Package.resolved")
    assert source is not None
    v2 = source.read(DiskFiles(tmp_path), "a/Package.resolved")
    assert [(d.name, d.version, d.unresolvable, d.line) for d in v2.declarations] == [
        ("github.com/apple/swift-nio", "2.40.0", None, 6),
        ("github.com/apple/swift-log", None, "vcs", 15),  # a branch: no release
    ]  # the local package is the project's own code
    v1 = source.read(DiskFiles(tmp_path), "Package.resolved")
    assert [(d.name, d.version) for d in v1.declarations] == [
        ("github.com/Alamofire/Alamofire", "5.4.0")
    ]
    assert source_for("App.xcworkspace/xcshareddata/swiftpm/Package.resolved") is not None
    assert source_for(".build/checkouts/x/Package.resolved") is None


def test_package_swift_is_named_unread_only_without_its_resolved_file() -> None:
    assert [n.path for n in unread_notices(["Package.swift"])] == ["Package.swift"]
    assert unread_notices(["Package.swift", "Package.resolved"]) == []


def test_pins_are_audited_against_swift_url_advisories(repo: Repo, tmp_path: Path) -> None:
    repo.write("Package.resolved", json.dumps(RESOLVED_V2, indent=2))
    repo.commit()
    advisories = tmp_path / "osv"
    advisories.mkdir()
    # Made for this test, in the shape of GitHub's SwiftURL advisories.
    record = {
        "id": "TEST-SWIFT-1",
        "modified": "2024-01-01T00:00:00Z",
        "summary": "a test advisory",
        "affected": [
            {
                "package": {"ecosystem": "SwiftURL", "name": "github.com/apple/swift-nio"},
                "ranges": [
                    {"type": "SEMVER", "events": [{"introduced": "2.0.0"}, {"fixed": "2.41.0"}]}
                ],
            }
        ],
    }
    (advisories / "TEST-SWIFT-1.json").write_text(json.dumps(record))
    args = ("--offline", "--vuln-db", str(advisories), "-f", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1, result.stderr  # a vulnerable pin
    document = json.loads(result.stdout)
    rows = {d["name"]: d for d in document["dependencies"]}
    nio = rows["github.com/apple/swift-nio"]
    assert [v["id"] for v in nio["vulnerabilities"]] == ["TEST-SWIFT-1"]
    assert nio["fix"] == "2.41.0"
    reasons = {u["reason"] for u in nio["unknowns"]}
    assert "no-registry" in reasons  # freshness: no central registry, never "current"
    assert purl("SwiftURL", "github.com/apple/swift-nio", "2.40.0") == (
        "pkg:swift/github.com/apple/swift-nio@2.40.0"
    )
