"""Discovery: which files a scan reads, with what role, language and blob id."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import pytest

from codevitals import discover as discovery
from codevitals.discover import Discovery, Filters, discover
from codevitals.errors import InputError
from codevitals.model import Role
from codevitals.parse import registry
from codevitals.scan import ScanOptions, scan
from tests.conftest import Repo

PLAIN = "def f():\n    return 1\n"


def _paths(found: Discovery) -> list[str]:
    return [candidate.path for candidate in found.files]


def _skipped(found: Discovery) -> dict[str, str]:
    return {item.path: item.reason for item in found.skipped}


def _notices(found: Discovery) -> dict[str, str]:
    return {notice.path: notice.reason for notice in found.notices}


def _roles(found: Discovery) -> dict[str, Role]:
    return {candidate.path: candidate.role for candidate in found.files}


# -- git work trees --------------------------------------------------------------------------


def test_tracked_and_untracked_unignored_files(repo: Repo) -> None:
    repo.write(".gitignore", "build/\n*.generated.py\n")
    repo.write("pkg/app.py", PLAIN)
    repo.write("pkg/util.py", PLAIN)
    repo.commit()
    repo.write("pkg/new.py", PLAIN)  # untracked, not ignored
    repo.write("build/out.py", PLAIN)  # ignored folder
    repo.write("pkg/x.generated.py", PLAIN)  # ignored pattern

    found = discover(repo.root, Filters())

    assert found.in_git
    assert found.commit == repo.git("rev-parse", "HEAD").strip()
    assert _paths(found) == ["pkg/app.py", "pkg/new.py", "pkg/util.py"]
    assert found.skipped == []
    assert found.notices == []


def test_a_tracked_file_matching_gitignore_is_still_scanned(repo: Repo) -> None:
    repo.write("keep.py", PLAIN)
    repo.commit()
    repo.write(".gitignore", "keep.py\n")
    assert _paths(discover(repo.root, Filters())) == ["keep.py"]


def test_index_blob_ids_for_unmodified_files_only(repo: Repo) -> None:
    repo.write("same.py", PLAIN)
    repo.write("edited.py", PLAIN)
    repo.write("staged.py", PLAIN)
    repo.commit()
    repo.write("edited.py", PLAIN + "x = 2\n")
    repo.write("staged.py", PLAIN + "y = 3\n")
    repo.git("add", "staged.py")
    repo.write("new.py", PLAIN)

    blobs = {c.path: c.blob_id for c in discover(repo.root, Filters()).files}

    assert blobs == {
        "same.py": repo.git("hash-object", "same.py").strip(),
        # Staged and unchanged since: the index holds exactly the working copy's bytes.
        "staged.py": repo.git("hash-object", "staged.py").strip(),
        "edited.py": None,
        "new.py": None,
    }


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_files_git_was_told_not_to_watch_are_hashed(repo: Repo, flag: str) -> None:
    # git would not notice these edits, so the index blob id cannot be trusted for them.
    repo.write("hidden.py", PLAIN)
    repo.write("plain.py", PLAIN)
    repo.commit()
    repo.git("update-index", flag, "hidden.py")
    repo.write("hidden.py", PLAIN + "local = 1\n")
    assert repo.git("diff-files", "--name-only") == ""

    blobs = {c.path: c.blob_id for c in discover(repo.root, Filters()).files}

    assert blobs == {"hidden.py": None, "plain.py": repo.git("hash-object", "plain.py").strip()}


def test_merge_conflicts_and_intent_to_add_are_hashed(repo: Repo) -> None:
    repo.write("both.py", "x = 1\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "other")
    repo.write("both.py", "x = 2\n")
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.write("both.py", "x = 3\n")
    repo.commit()
    with pytest.raises(subprocess.CalledProcessError):
        repo.git("merge", "-q", "other")
    repo.write("later.py", PLAIN)
    repo.git("add", "--intent-to-add", "later.py")

    found = discover(repo.root, Filters())

    # One entry per conflicted path, hashed from the working copy with its markers.
    assert {c.path: c.blob_id for c in found.files} == {"both.py": None, "later.py": None}


@pytest.mark.parametrize("setting", ["clean", "process"])
def test_discovery_runs_no_filter_the_repository_configures(
    repo: Repo, tmp_path: Path, setting: str
) -> None:
    # A repository's own .git/config can name programs; git runs a clean filter whenever
    # diff-files must re-read a file to tell whether it changed: a "racily clean" entry,
    # modified no earlier than the index was written.
    marker = tmp_path / "filter-ran"
    app = repo.write("app.py", PLAIN)
    repo.commit()
    repo.git("config", f"filter.evil.{setting}", f"touch '{marker}'; cat")
    repo.write(".gitattributes", "*.py filter=evil\n")
    written = app.stat()
    os.utime(repo.root / ".git" / "index", ns=(written.st_atime_ns, written.st_mtime_ns))

    found = discover(repo.root, Filters())

    assert not marker.exists()
    assert _paths(found) == ["app.py"]
    assert found.files[0].blob_id in (
        None,
        repo.git("hash-object", "--no-filters", "app.py").strip(),
    )


def test_git_variables_from_a_hook_do_not_redirect_discovery(
    repo: Repo, folder: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside a git hook, GIT_DIR and GIT_INDEX_FILE point at the hook's repository.
    repo.write("theirs.py", PLAIN)
    repo.commit()
    folder.write("mine.py", PLAIN)
    monkeypatch.setenv("GIT_DIR", str(repo.root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo.root / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo.root))

    found = discover(folder.root, Filters())

    assert not found.in_git
    assert found.commit is None
    assert _paths(found) == ["mine.py"]


def test_files_deleted_from_the_work_tree_are_left_out(repo: Repo) -> None:
    repo.write("gone.py", PLAIN)
    repo.write("here.py", PLAIN)
    repo.commit()
    (repo.root / "gone.py").unlink()
    found = discover(repo.root, Filters())
    assert _paths(found) == ["here.py"]
    assert found.notices == []


def test_names_with_spaces_and_unicode(repo: Repo) -> None:
    repo.write("my module.py", PLAIN)
    repo.write("modül/ünï.py", PLAIN)
    repo.commit()
    repo.write("nëw file.py", PLAIN)
    found = discover(repo.root, Filters())
    assert _paths(found) == ["modül/ünï.py", "my module.py", "nëw file.py"]
    assert all(c.absolute.is_file() for c in found.files)
    assert found.files[0].blob_id == repo.git("hash-object", "modül/ünï.py").strip()


def test_empty_repository_lists_untracked_files(repo: Repo) -> None:
    empty = discover(repo.root, Filters())
    assert empty.in_git
    assert empty.commit is None
    assert empty.files == []

    repo.write("first.py", PLAIN)
    found = discover(repo.root, Filters())
    assert found.commit is None
    assert _paths(found) == ["first.py"]
    assert found.files[0].blob_id is None


def test_subfolder_paths_are_relative_to_it(repo: Repo) -> None:
    repo.write("pkg/core/app.py", PLAIN)
    repo.write("pkg/tests/test_app.py", PLAIN)
    repo.write("other/elsewhere.py", PLAIN)
    repo.commit()
    repo.write("pkg/core/edited.py", PLAIN)
    repo.commit()
    repo.write("pkg/core/edited.py", PLAIN + "z = 1\n")
    repo.write("pkg/untracked.py", PLAIN)
    repo.write("other/untracked.py", PLAIN)

    found = discover(repo.root / "pkg", Filters())

    assert found.root == repo.root / "pkg"
    assert _paths(found) == ["core/app.py", "core/edited.py", "tests/test_app.py", "untracked.py"]
    blobs = {c.path: c.blob_id for c in found.files}
    assert blobs["core/app.py"] == repo.git("hash-object", "pkg/core/app.py").strip()
    assert blobs["core/edited.py"] is None
    assert blobs["untracked.py"] is None
    assert all(c.absolute == repo.root / "pkg" / c.path for c in found.files)
    assert _roles(found)["tests/test_app.py"] is Role.TEST


def test_files_in_a_scanned_tests_folder_are_tests(repo: Repo) -> None:
    # Roles belong to a file's place in the repository, not to where the scan started.
    repo.write("tests/helpers.py", PLAIN)
    repo.write("tests/test_x.py", PLAIN)
    repo.write("src/app.py", PLAIN)
    repo.commit()
    assert set(_roles(discover(repo.root / "tests", Filters())).values()) == {Role.TEST}
    assert _roles(discover(repo.root / "src", Filters())) == {"app.py": Role.PRODUCTION}


def test_tracked_symlinks_and_submodules_are_skipped(repo: Repo, tmp_path: Path) -> None:
    inner = Repo(tmp_path / "inner").init()
    inner.write("lib.py", PLAIN)
    inner.commit()
    repo.write("real.py", PLAIN)
    (repo.root / "alias.py").symlink_to("real.py")
    (repo.root / "dangling.py").symlink_to("nowhere.py")
    (repo.root / "linked_dir").symlink_to(tmp_path / "inner", target_is_directory=True)
    repo.commit()
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "sub")
    repo.commit("add submodule")
    modes = {line.split()[0] for line in repo.git("ls-files", "--stage").splitlines()}
    assert {"120000", "160000"} <= modes  # the index really holds both kinds

    found = discover(repo.root, Filters())

    assert _paths(found) == ["real.py"]
    assert found.skipped == []


def test_untracked_symlinks_are_not_followed(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(PLAIN)
    repo.write("real.py", PLAIN)
    (repo.root / "to_dir").symlink_to(outside, target_is_directory=True)
    (repo.root / "to_file.py").symlink_to(outside / "secret.py")
    (repo.root / "broken.py").symlink_to("missing.py")
    (repo.root / "loop.py").symlink_to("loop.py")

    found = discover(repo.root, Filters())

    assert _paths(found) == ["real.py"]
    assert _notices(found) == {"broken.py": "broken-symlink", "loop.py": "broken-symlink"}
    messages = {n.path: n.message for n in found.notices}
    assert "loop" in messages["loop.py"]


# -- filters ---------------------------------------------------------------------------------


VENDORED = {
    "app.py": PLAIN,
    "vendor/lib.py": PLAIN,
    "pkg/_vendor/six.py": PLAIN,
    "third_party/x.py": PLAIN,
    "node_modules/pkg/setup.py": PLAIN,
    "proto/msg_pb2.py": PLAIN,
    "proto/msg_pb2_grpc.py": PLAIN,
}


@pytest.mark.parametrize("in_git", [True, False])
def test_vendored_and_generated_paths_excluded_by_default(
    repo: Repo, folder: Repo, *, in_git: bool
) -> None:
    where = repo if in_git else folder
    for path, text in VENDORED.items():
        where.write(path, text)
    if in_git:
        repo.commit()

    assert _paths(discover(where.root, Filters())) == ["app.py"]
    assert _paths(discover(where.root, Filters(default_excludes=False))) == sorted(VENDORED)


def test_include_and_exclude_globs(repo: Repo) -> None:
    for path in ("src/a.py", "src/legacy/old.py", "src/b.py", "scripts/run.py", "setup.py"):
        repo.write(path, PLAIN)
    repo.commit()

    def paths(**options: tuple[str, ...]) -> list[str]:
        return _paths(discover(repo.root, Filters(**options)))  # type: ignore[arg-type]

    assert paths(include=("src/",)) == ["src/a.py", "src/b.py", "src/legacy/old.py"]
    assert paths(exclude=("legacy/", "setup.py")) == ["scripts/run.py", "src/a.py", "src/b.py"]
    assert paths(include=("src/",), exclude=("legacy/",)) == ["src/a.py", "src/b.py"]
    assert paths(include=("*.py",), exclude=("/src/a.py",)) == [
        "scripts/run.py",
        "setup.py",
        "src/b.py",
        "src/legacy/old.py",
    ]
    # An exclude is added to the defaults, never a replacement for them.
    repo.write("vendor/v.py", PLAIN)
    assert "vendor/v.py" not in paths(exclude=("setup.py",))


def test_patterns_match_repository_paths_when_scanning_a_subfolder(repo: Repo) -> None:
    # A repository's configuration names paths from its top, whichever folder is scanned.
    for path in ("src/a.py", "src/legacy/old.py", "tools/t.py"):
        repo.write(path, PLAIN)
    repo.commit()
    src = repo.root / "src"
    assert _paths(discover(src, Filters(exclude=("src/legacy/",)))) == ["a.py"]
    assert _paths(discover(src, Filters(include=("src/",)))) == ["a.py", "legacy/old.py"]
    assert _paths(discover(src, Filters(include=("tools/",)))) == []
    assert _paths(discover(src, Filters(exclude=("legacy/",)))) == ["a.py"]


def test_excluded_files_are_neither_scanned_nor_listed_as_skipped(repo: Repo) -> None:
    repo.write("vendor/huge.py", "x = 1\n" * 1000)
    repo.write("vendor/lib.js", "var x;\n")
    found = discover(repo.root, Filters(max_file_size=10))
    assert found.files == []
    assert found.skipped == []


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("pkg/app.py", Role.PRODUCTION),
        ("tests/test_app.py", Role.TEST),
        ("tests/helpers.py", Role.TEST),
        ("pkg/tests/data.py", Role.TEST),
        ("test/anything.py", Role.TEST),
        ("pkg/test_app.py", Role.TEST),
        ("pkg/app_test.py", Role.TEST),
        ("conftest.py", Role.TEST),
        ("pkg/sub/conftest.py", Role.TEST),
        ("pkg/testing_tools.py", Role.PRODUCTION),
        ("pkg/contest.py", Role.PRODUCTION),
        ("latest/app.py", Role.PRODUCTION),
        ("pkg/attest.py", Role.PRODUCTION),
    ],
)
def test_test_file_roles(folder: Repo, path: str, role: Role) -> None:
    folder.write(path, PLAIN)
    assert _roles(discover(folder.root, Filters())) == {path: role}


def test_custom_test_patterns_replace_the_defaults(folder: Repo) -> None:
    folder.write("tests/test_a.py", PLAIN)
    folder.write("checks/b.py", PLAIN)
    roles = _roles(discover(folder.root, Filters(tests=("checks/",))))
    assert roles == {"tests/test_a.py": Role.PRODUCTION, "checks/b.py": Role.TEST}


# -- languages and sizes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "language"),
    [
        ("#!/usr/bin/env python3", "python"),
        ("#!/usr/bin/python", "python"),
        ("#!/usr/bin/env -S python3 -u", "python"),
        ("#!/usr/bin/env node", "javascript"),
        ("#!/bin/sh", None),
        ("import os  # python, but no shebang", None),
    ],
)
def test_extensionless_scripts_by_shebang(
    folder: Repo, first_line: str, language: str | None
) -> None:
    folder.write("bin/tool", f"{first_line}\nimport os\n")
    found = discover(folder.root, Filters())
    assert {c.path: c.language for c in found.files} == ({"bin/tool": language} if language else {})
    assert found.skipped == []


def test_other_languages_are_listed_as_skipped(folder: Repo) -> None:
    folder.write("app.py", PLAIN)
    folder.write("Gui.PYW", PLAIN)
    folder.write("web/main.js", "var x;\n")
    folder.write("web/types.ts", "let x: number;\n")
    folder.write("core/lib.rs", "fn main() {}\n")
    folder.write("stubs/app.pyi", "def f() -> int: ...\n")
    folder.write("README.md", "# readme\n")  # not a source language: not listed at all
    folder.write("data.json", "{}\n")

    found = discover(folder.root, Filters())

    assert {c.path: c.language for c in found.files} == {
        "app.py": "python",
        "Gui.PYW": "python",
        "web/main.js": "javascript",
        "web/types.ts": "typescript",
        "core/lib.rs": "rust",
    }
    assert _skipped(found) == {"stubs/app.pyi": "language:python-stub"}


def test_files_over_the_size_cap_are_skipped(folder: Repo) -> None:
    folder.write("small.py", "x = 1\n")
    folder.write("exact.py", "x" * 99 + "\n")
    folder.write("big.py", "x" * 100 + "\n")
    found = discover(folder.root, Filters(max_file_size=100))
    assert _paths(found) == ["exact.py", "small.py"]
    assert _skipped(found) == {"big.py": "too-large"}


# -- plain folders ---------------------------------------------------------------------------


def test_plain_folder_honours_nested_gitignores(folder: Repo) -> None:
    folder.write(".gitignore", "*.log.py\nbuild\n/top_only.py\n!important.log.py\n")
    folder.write("a.log.py", PLAIN)
    folder.write("important.log.py", PLAIN)
    folder.write("top_only.py", PLAIN)
    folder.write("build/gen.py", PLAIN)
    folder.write("pkg/top_only.py", PLAIN)  # `/top_only.py` is anchored to the root
    folder.write("pkg/build/x.py", PLAIN)  # `build` matches at any depth
    folder.write("pkg/.gitignore", "secret.py\n!*.log.py\n/local/\n")
    folder.write("pkg/secret.py", PLAIN)
    folder.write("pkg/b.log.py", PLAIN)  # re-included by the deeper .gitignore
    folder.write("pkg/local/x.py", PLAIN)
    folder.write("pkg/sub/local/y.py", PLAIN)  # `/local/` is anchored to pkg/
    folder.write("other/secret.py", PLAIN)  # pkg/.gitignore does not reach here
    folder.write("other/c.log.py", PLAIN)

    found = discover(folder.root, Filters())

    assert not found.in_git
    assert found.commit is None
    assert _paths(found) == [
        "important.log.py",
        "other/secret.py",
        "pkg/b.log.py",
        "pkg/sub/local/y.py",
        "pkg/top_only.py",
    ]
    assert all(c.blob_id is None for c in found.files)


def test_plain_folder_gitignore_allow_list(folder: Repo) -> None:
    # Ignore everything, then re-include every folder and the Python files in them.
    folder.write(".gitignore", "*\n!*/\n!*.py\n")
    folder.write("top.py", PLAIN)
    folder.write("pkg/a.py", PLAIN)
    folder.write("pkg/deep/b.py", PLAIN)
    folder.write("pkg/c.js", "var c;\n")
    folder.write("pkg/deep/d.rs", "fn main() {}\n")
    found = discover(folder.root, Filters())
    assert _paths(found) == ["pkg/a.py", "pkg/deep/b.py", "top.py"]
    assert found.skipped == []  # the ignored .js and .rs files are not even listed


def test_plain_folder_negated_folder_pattern(folder: Repo) -> None:
    # (`stage/`, not `build/`: build output is excluded by default, whatever .gitignore says)
    folder.write(".gitignore", "*\n!stage/\n!*.py\nstage/tmp/\n")
    folder.write("stage/gen.py", PLAIN)
    folder.write("stage/tmp/scratch.py", PLAIN)
    folder.write("other/x.py", PLAIN)  # `other/` is ignored by `*`: nothing below it counts
    assert _paths(discover(folder.root, Filters())) == ["stage/gen.py"]


TREE = (
    "a.py",
    "c.py",
    "x1.py",
    "b/a.py",
    "b/keep.py",
    "b/d/e.py",
    "d/a.py",
    "d/b/c.py",
    "d/d/x1.py",
)


@pytest.mark.parametrize(
    "ignores",
    [
        {".gitignore": "b/**\n!b/keep.py\n"},  # contents ignored, the folder itself is not
        {".gitignore": "b\n!b/\n"},  # a folder re-included by a folder-only negation
        {".gitignore": "c.py\n", "d/.gitignore": "!*/\n"},  # a negated folder pattern…
        {".gitignore": "*\n", "b/.gitignore": "!*/\n!*.py\n"},  # …never re-includes files
        {".gitignore": "/b/**\n!**/d/\n!/b/d/e.py\n"},
        {".gitignore": "d/**/\n!d/b/\n"},
        {".gitignore": "[a-c].py \n**/b/\n", "d/.gitignore": "!b/\n"},
        {".gitignore": "*/*.py\n!x1.py\n", "d/.gitignore": "/d/\n"},
    ],
)
def test_plain_folder_walk_agrees_with_git(folder: Repo, ignores: dict[str, str]) -> None:
    for path in TREE:
        folder.write(path, PLAIN)
    for path, text in ignores.items():
        folder.write(path, text)
    ours = _paths(discover(folder.root, Filters()))

    folder.git("init", "-q")  # now ask git about the very same files
    listed = folder.git("-c", "core.excludesFile=", "ls-files", "--others", "--exclude-standard")
    theirs = sorted(p for p in listed.splitlines() if p.endswith(".py"))
    assert ours == theirs


def test_plain_folder_never_follows_symlinks(folder: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(PLAIN)
    folder.write("real.py", PLAIN)
    (folder.root / "to_dir").symlink_to(outside, target_is_directory=True)
    (folder.root / "to_file.py").symlink_to(outside / "secret.py")
    (folder.root / "sub").mkdir()
    (folder.root / "sub" / "up").symlink_to("..", target_is_directory=True)  # a cycle
    (folder.root / "broken.py").symlink_to("missing.py")

    found = discover(folder.root, Filters())

    assert _paths(found) == ["real.py"]
    assert _notices(found) == {"broken.py": "broken-symlink"}


def test_plain_folder_skips_git_and_environment_folders(folder: Repo) -> None:
    folder.write(".git/hooks/pre-commit.py", PLAIN)
    folder.write(".venv/lib/site.py", PLAIN)
    folder.write("app.py", PLAIN)
    assert _paths(discover(folder.root, Filters())) == ["app.py"]
    assert _paths(discover(folder.root, Filters(default_excludes=False))) == [
        ".venv/lib/site.py",
        "app.py",
    ]


def test_unreadable_folder_is_a_notice_with_a_relative_path(
    folder: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.write("ok.py", PLAIN)
    folder.write("locked/x.py", PLAIN)
    locked = str(folder.root / "locked")
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # what chmod 000 does, even when running as root
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover(folder.root, Filters())
    assert _paths(found) == ["ok.py"]
    assert _notices(found) == {"locked": "unreadable"}


def test_missing_root_and_file_root_are_input_errors(folder: Repo) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        discover(folder.root / "nope", Filters())
    target = folder.write("file.py", PLAIN)
    with pytest.raises(InputError, match="not a directory"):
        discover(target, Filters())


@pytest.mark.parametrize(
    "path",
    ["a.py", "dir/a.py", ".bashrc", "a.", "a.tar.gz", "dir.d/file", "x/.hidden.py", "a..b", "b.PY"],
)
def test_a_suffix_is_read_as_pathlib_reads_it(path: str) -> None:
    assert discovery._suffix(path) == PurePosixPath(path).suffix


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("web/app.mjs", "javascript"),
        ("web/app.cjs", "javascript"),
        ("web/App.jsx", "javascript"),
        ("web/app.mts", "typescript"),
        ("web/app.cts", "typescript"),
        ("web/App.tsx", "typescript"),
    ],
)
def test_javascript_and_typescript_suffixes_are_analysed(
    folder: Repo, path: str, language: str
) -> None:
    folder.write(path, "export const x = 1;\n")
    found = discover(folder.root, Filters())
    assert {c.path: c.language for c in found.files} == {path: language}


def test_javascript_and_typescript_test_conventions(folder: Repo) -> None:
    folder.write("src/app.ts", "export const x = 1;\n")
    folder.write("src/app.test.ts", "test('x', () => {});\n")
    folder.write("src/app.spec.js", "it('x', () => {});\n")
    folder.write("src/__tests__/helper.tsx", "export const y = 1;\n")
    found = discover(folder.root, Filters())
    roles = {c.path: c.role for c in found.files}
    assert roles == {
        "src/app.ts": Role.PRODUCTION,
        "src/app.test.ts": Role.TEST,
        "src/app.spec.js": Role.TEST,
        "src/__tests__/helper.tsx": Role.TEST,
    }


def test_minified_and_bundled_javascript_is_left_out(folder: Repo) -> None:
    folder.write("web/app.js", "export const x = 1;\n")
    folder.write("web/app.min.js", "var x=1;\n")
    folder.write("web/vendor.bundle.js", "var y=1;\n")
    found = discover(folder.root, Filters())
    assert [c.path for c in found.files] == ["web/app.js"]


# -- languages decided by content, remembered by blob id -------------------------------------

CPP_HEADER = "namespace shapes { class Shape { public: virtual ~Shape(); }; }\n"
C_HEADER = "struct shape { int w; };\nint area(const struct shape *s);\n"


class _Memo:
    """The analysis cache's interface, in memory."""

    def __init__(self) -> None:
        self.values: dict[str, bytes] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        return {key: self.values[key] for key in keys if key in self.values}

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        self.values.update(items)


def _sniffs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose content discovery tests from now on."""
    tested: list[str] = []
    real = registry.for_content

    def counting(path: str, data: bytes) -> object:
        tested.append(path)
        return real(path, data)

    monkeypatch.setattr(registry, "for_content", counting)
    return tested


def _languages(found: Discovery) -> dict[str, str]:
    return {candidate.path: candidate.language for candidate in found.files}


def test_a_header_git_vouches_for_is_not_read_again(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("include/shape.hpp.h", CPP_HEADER)
    repo.write("include/plain.h", C_HEADER)
    repo.commit()
    memo = _Memo()
    first = discover(repo.root, Filters(), memo)
    tested = _sniffs(monkeypatch)
    again = discover(repo.root, Filters(), memo)
    assert tested == []
    assert (
        _languages(again)
        == _languages(first)
        == {
            "include/plain.h": "c",
            "include/shape.hpp.h": "cpp",
        }
    )


def test_an_edited_header_is_read_and_judged_again(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("shape.h", C_HEADER)
    repo.commit()
    memo = _Memo()
    assert _languages(discover(repo.root, Filters(), memo)) == {"shape.h": "c"}
    repo.write("shape.h", CPP_HEADER)  # not committed: the index's blob id no longer holds
    tested = _sniffs(monkeypatch)
    assert _languages(discover(repo.root, Filters(), memo)) == {"shape.h": "cpp"}
    repo.commit()
    assert _languages(discover(repo.root, Filters(), memo)) == {"shape.h": "cpp"}
    assert tested == ["shape.h", "shape.h"]  # the new blob once, then remembered
    assert _languages(discover(repo.root, Filters(), memo)) == {"shape.h": "cpp"}
    assert tested == ["shape.h", "shape.h"]


def test_the_size_limit_is_part_of_what_is_remembered(repo: Repo) -> None:
    # Only the first max_file_size bytes are tested: C++ syntax past them does not count.
    repo.write("big.h", C_HEADER + "/* padding */\n" * 400 + CPP_HEADER)
    repo.commit()
    memo = _Memo()
    small = discover(repo.root, Filters(max_file_size=64), memo)  # judged C from its head
    assert _skipped(small) == {"big.h": "too-large"}
    assert _languages(discover(repo.root, Filters(max_file_size=100_000), memo)) == {"big.h": "cpp"}


def test_a_warm_scan_reads_no_header_to_tell_its_language(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("src/shape.h", CPP_HEADER)
    repo.write("src/area.c", "int area(int w, int h) { return w * h; }\n")
    repo.commit()
    options = ScanOptions(cache_dir=tmp_path / "cache", history=None, plan=None, jobs=1)
    cold = scan(repo.root, options)
    tested = _sniffs(monkeypatch)
    warm = scan(repo.root, options)
    assert tested == []
    assert warm.files == cold.files
    assert {f.file.path: f.file.language for f in warm.files} == {
        "src/area.c": "c",
        "src/shape.h": "cpp",
    }
