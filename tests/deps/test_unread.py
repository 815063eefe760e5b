"""Dependency files codevitals does not read are named, so that nothing unchecked looks clean."""

from __future__ import annotations

import json
from pathlib import Path

from codevitals.deps.manifests import MemoryFiles
from codevitals.deps.unread import unread_notices
from tests.conftest import Repo, run_cli


def test_each_kind_is_named_once_at_its_first_file_with_how_many_there_are() -> None:
    notices = unread_notices(
        ["Gemfile", "app.gemspec", "sub/Gemfile", "Podfile", "src/main.rb", "README.md"]
    )
    assert [(n.path, n.reason) for n in notices] == [
        ("Gemfile", "not-read"),
        ("Podfile", "not-read"),
    ]
    assert notices[0].message == (
        "Bundler's Gemfiles and gemspecs are Ruby code, never run (3 files): the dependencies "
        "declared there are unchecked; commit the Gemfile.lock (`bundle lock`)"
    )
    assert notices[1].message == (
        "CocoaPods files have no reader: the dependencies declared there are unchecked"
    )


def test_a_file_codevitals_reads_beside_it_resolves_an_unread_file() -> None:
    assert unread_notices(["Gemfile", "Gemfile.lock", "x.gemspec"]) == []
    assert [n.path for n in unread_notices(["a/Gemfile", "b/Gemfile", "b/Gemfile.lock"])] == [
        "a/Gemfile"
    ]
    assert unread_notices(["setup.py", "tools/setup.py"]) == []  # read: deps.manifests.setup_py


def test_gradle_and_sbt_builds_are_read_not_named() -> None:
    scripts = ["build.gradle.kts", "core/build.gradle.kts", "app/build.gradle", "build.sbt"]
    assert unread_notices(scripts) == []


def test_several_files_of_a_kind_are_one_notice_at_the_first() -> None:
    (notice,) = unread_notices(["core/vcpkg.json", "vcpkg.json", "app/vcpkg.json"])
    assert notice.path == "app/vcpkg.json"  # the first by name
    assert "(3 files)" in notice.message


def test_a_file_that_declares_no_dependency_is_not_named() -> None:
    files = MemoryFiles(
        {
            "Package.swift": b'let package = Package(name: "Lib", targets: [.target("Lib")])\n',
            "app/vcpkg.json": b'{"name": "app", "dependencies": ["fmt"]}\n',
            "lib/vcpkg.json": b'{"name": "lib"}\n',
        }
    )
    notices = unread_notices(files.contents, files)
    assert [(n.path, "(2 files)" in n.message) for n in notices] == [("app/vcpkg.json", False)]
    assert [n.path for n in unread_notices(files.contents)] == ["Package.swift", "app/vcpkg.json"]


def test_a_gem_without_a_lockfile_is_a_partial_audit_that_fails_strict(repo: Repo) -> None:
    repo.write("Gemfile", 'source "https://rubygems.org"\ngemspec\n')
    repo.write("shop.gemspec", 'Gem::Specification.new { |s| s.add_dependency "rack" }\n')
    repo.write("requirements.txt", "")
    repo.commit()
    result = run_cli("deps", str(repo.root), "--offline", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert [(n["path"], n["reason"]) for n in document["notices"]] == [("Gemfile", "not-read")]
    assert "codevitals: Gemfile: not-read: Bundler's Gemfiles" in result.stderr
    strict = run_cli("deps", str(repo.root), "--offline", "-q", "--strict")
    assert strict.exit_code == 1
    assert "1 kinds of dependency file not read (--strict)" in strict.stderr


def test_the_files_of_a_commit_are_named_too(repo: Repo, tmp_path: Path) -> None:
    repo.write("vcpkg.json", '{"name": "app", "dependencies": ["fmt"]}\n')
    repo.write("app/main.cpp", "int main() { return 0; }\n")
    repo.commit()
    bare = repo.bare_clone(tmp_path / "bare.git")
    result = run_cli("deps", str(bare), "--offline", "-f", "json")  # HEAD's files, from git
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["partial"] is True
    assert "vcpkg.json: not-read: vcpkg manifests have no reader" in result.stderr
