"""Conan's conanfile.txt and conan.lock are read; ConanCenter advisories are looked up."""

from __future__ import annotations

import json
from pathlib import Path

from codevitals.deps.collect import collect
from codevitals.deps.maven_version import MavenVersion, parse
from codevitals.deps.unread import unread_notices
from codevitals.model.deps import Relation
from tests.conftest import Repo, run_cli

CONANFILE = """\
[requires]
zlib/1.2.13
fmt/[>=9.0 <10]  # a range
mylib/1.0@acme/stable
openssl/1.1.1t#f1b7e2d4

[tool_requires]
cmake/3.25.1

[generators]
CMakeDeps
not/a/reference
"""

LOCK_V2 = {
    "version": "0.5",
    "requires": ["zlib/1.2.13#97d5730b529b4224045fe7090592d4c1%1692672717.68"],
    "build_requires": ["cmake/3.25.1#3c6d3b1a0b3c1c5b8b3a2e8f3d4c5b6a%1690000000.0"],
    "python_requires": [],
}
LOCK_V1 = {
    "graph_lock": {
        "nodes": {
            "0": {"ref": "app/0.1", "requires": ["1"]},
            "1": {"ref": "boost/1.81.0#abc", "requires": []},
        }
    },
    "version": "0.4",
}


def test_a_conanfile_lists_requires_and_tools(tmp_path: Path) -> None:
    (tmp_path / "conanfile.txt").write_text(CONANFILE)
    found = collect(tmp_path, ["conanfile.txt"])
    rows = [(d.name, d.version, d.line, d.group, d.unresolvable) for d in found.declarations]
    assert rows == [
        ("zlib", "1.2.13", 2, "", None),
        ("fmt", None, 3, "", None),  # a range pins nothing
        ("mylib", "1.0", 4, "", "path"),  # another remote's package, not ConanCenter's
        ("openssl", "1.1.1t", 5, "", None),
        ("cmake", "3.25.1", 8, "dev", None),
    ]
    assert found.notices == []  # [generators] lists no packages


def test_a_lock_beside_the_conanfile_resolves_it_and_adds_the_rest(tmp_path: Path) -> None:
    (tmp_path / "conanfile.txt").write_text("[requires]\nzlib/[>=1.2 <2]\n")
    (tmp_path / "conan.lock").write_text(json.dumps(LOCK_V2, indent=2))
    found = collect(tmp_path, ["conan.lock", "conanfile.txt"])
    rows = [(d.name, d.version, d.relation, d.path) for d in found.declarations]
    assert rows == [
        ("zlib", "1.2.13", Relation.DIRECT, "conanfile.txt"),
        ("cmake", "3.25.1", Relation.TRANSITIVE, "conan.lock"),
    ]


def test_a_conan_1_lock_leaves_out_its_own_project(tmp_path: Path) -> None:
    (tmp_path / "conan.lock").write_text(json.dumps(LOCK_V1))
    found = collect(tmp_path, ["conan.lock"])
    assert [(d.name, d.version) for d in found.declarations] == [("boost", "1.81.0")]


def _order(version: str) -> MavenVersion:
    found = parse(version)
    assert found is not None
    return found


def test_openssl_s_letter_releases_order_after_their_number() -> None:
    versions = ["1.1.1u", "1.1.1", "1.1.1t", "1.1.0l", "3.0.8"]
    assert sorted(versions, key=_order) == ["1.1.0l", "1.1.1", "1.1.1t", "1.1.1u", "3.0.8"]


def test_conanfile_py_is_unread_without_a_lock_or_text_file() -> None:
    assert [n.path for n in unread_notices(["conanfile.py"])] == ["conanfile.py"]
    assert unread_notices(["conanfile.py", "conan.lock"]) == []


def test_pins_are_audited_against_conan_center_advisories(repo: Repo, tmp_path: Path) -> None:
    repo.write("conanfile.txt", "[requires]\nopenssl/1.1.1t\n")
    repo.commit()
    advisories = tmp_path / "osv"
    advisories.mkdir()
    # Made for this test, in the shape of OSV's ConanCenter records.
    record = {
        "id": "TEST-CONAN-1",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "ConanCenter", "name": "openssl"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "1.1.1"}, {"fixed": "1.1.1u"}]}
                ],
            }
        ],
    }
    (advisories / "TEST-CONAN-1.json").write_text(json.dumps(record))
    args = ("--offline", "--vuln-db", str(advisories), "-f", "json")
    result = run_cli("deps", str(repo.root), *args)
    assert result.exit_code == 1, result.stderr
    (openssl,) = json.loads(result.stdout)["dependencies"]
    assert ([v["id"] for v in openssl["vulnerabilities"]], openssl["fix"]) == (
        ["TEST-CONAN-1"],
        "1.1.1u",
    )
