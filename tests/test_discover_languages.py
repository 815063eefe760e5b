"""Discovery by every language's conventions: tests, generated code, vendored and build output.

The per-language cases run for every front end in the registry, so a language added later is
checked by the same tests with no edit here.
"""

from __future__ import annotations

import pytest

from codevitals.discover import Discovery, Filters, discover
from codevitals.model import Role
from codevitals.parse import registry
from codevitals.parse.base import Language
from tests.conftest import Repo

FRONT_ENDS = {front.name: front for front in registry.FRONT_ENDS}
SOURCE = "function f(a) {\n  return a;\n}\n"
"""Any text will do: discovery decides by path and first bytes, never by parsing."""


def _roles(found: Discovery) -> dict[str, Role]:
    return {candidate.path: candidate.role for candidate in found.files}


def _skipped(found: Discovery) -> dict[str, str]:
    return {item.path: item.reason for item in found.skipped}


def _example(pattern: str, front: Language) -> str:
    """A path a `.gitignore`-style convention matches, with the front end's suffix."""
    suffix = front.suffixes[0]
    path = pattern.lstrip("/").replace("**/", "").replace("*", "x")
    if path.endswith("/"):
        return f"{path}x{suffix}"
    return path[:-2] + suffix if path.endswith(".x") else path


def _conventions(attribute: str) -> list[tuple[str, str]]:
    return [
        (name, pattern)
        for name, front in FRONT_ENDS.items()
        for pattern in getattr(front, attribute)
    ]


@pytest.mark.parametrize(("name", "pattern"), _conventions("tests"))
def test_every_language_test_convention_marks_a_test(folder: Repo, name: str, pattern: str) -> None:
    front = FRONT_ENDS[name]
    path = _example(pattern, front)
    folder.write(path, SOURCE)
    folder.write(f"app/main{front.suffixes[0]}", SOURCE)

    roles = _roles(discover(folder.root, Filters()))

    assert roles == {path: Role.TEST, f"app/main{front.suffixes[0]}": Role.PRODUCTION}


@pytest.mark.parametrize(("name", "pattern"), _conventions("generated"))
def test_every_language_generated_convention_is_excluded(
    folder: Repo, name: str, pattern: str
) -> None:
    front = FRONT_ENDS[name]
    folder.write(_example(pattern, front), SOURCE)
    folder.write(f"app/main{front.suffixes[0]}", SOURCE)

    assert list(_roles(discover(folder.root, Filters()))) == [f"app/main{front.suffixes[0]}"]


@pytest.mark.parametrize(
    "path",
    [
        "web/src/widget.test.ts",
        "web/src/widget.spec.js",
        "web/src/__tests__/widget.tsx",
        "web/src/__mocks__/api.js",
    ],
)
def test_javascript_and_typescript_test_files(repo: Repo, path: str) -> None:
    repo.write(path, SOURCE)
    repo.write("web/src/widget.ts", SOURCE)
    repo.commit()

    assert _roles(discover(repo.root, Filters())) == {
        path: Role.TEST,
        "web/src/widget.ts": Role.PRODUCTION,
    }


@pytest.mark.parametrize(
    "folder_name",
    ["node_modules", "vendor", "build", "dist", "target", "Pods", "bower_components", ".next"],
)
def test_vendored_and_build_output_folders_are_excluded_at_any_depth(
    repo: Repo, folder_name: str
) -> None:
    repo.write(f"{folder_name}/lib/index.js", SOURCE)
    repo.write(f"packages/ui/{folder_name}/bundle.ts", SOURCE)
    repo.write("packages/ui/src/index.ts", SOURCE)
    repo.commit()  # committed on purpose: a .gitignore is not what excludes them

    found = discover(repo.root, Filters())

    assert list(_roles(found)) == ["packages/ui/src/index.ts"]
    assert _skipped(found) == {}


@pytest.mark.parametrize("name", ["build", "dist", "target"])
def test_a_package_named_like_build_output_below_src_is_analysed(repo: Repo, name: str) -> None:
    repo.write(f"src/{name}/__init__.py", "def main():\n    return 0\n")
    repo.write(f"packages/cli/src/{name}/index.ts", SOURCE)
    repo.write(f"{name}/lib/{name}/__init__.py", "x = 1\n")  # output of the package above
    repo.commit()

    assert list(_roles(discover(repo.root, Filters()))) == [
        f"packages/cli/src/{name}/index.ts",
        f"src/{name}/__init__.py",
    ]


def test_build_output_is_analysed_when_default_excludes_are_off(repo: Repo) -> None:
    repo.write("dist/index.js", SOURCE)
    repo.commit()

    assert list(_roles(discover(repo.root, Filters(default_excludes=False)))) == ["dist/index.js"]


@pytest.mark.parametrize(
    "name",
    [
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "Cargo.lock",
        "go.sum",
        "composer.lock",
        "Gemfile.lock",
        "poetry.lock",
        "Podfile.lock",
    ],
)
def test_lockfiles_are_never_analysed(repo: Repo, name: str) -> None:
    repo.write(name, '{"lockfileVersion": 3}\n')
    repo.write("index.js", SOURCE)
    repo.commit()

    found = discover(repo.root, Filters())

    assert list(_roles(found)) == ["index.js"]
    assert _skipped(found) == {}


@pytest.mark.parametrize("name", sorted(FRONT_ENDS))
def test_a_5_mb_minified_bundle_is_skipped_as_minified(repo: Repo, name: str) -> None:
    # Over the 1 MB size cap: its first bytes are read to say what it is.
    front = FRONT_ENDS[name]
    bundle = f"app{front.suffixes[0]}"
    repo.write(bundle, b"var a=1;" * (5 * 1024 * 1024 // 8))
    repo.write(f"small{front.suffixes[0]}", b"var b=" + b"1+" * 3000 + b"1;\n")
    repo.write(f"main{front.suffixes[0]}", SOURCE)
    repo.commit()

    found = discover(repo.root, Filters())

    assert list(_roles(found)) == [f"main{front.suffixes[0]}", f"small{front.suffixes[0]}"]
    assert _skipped(found) == {bundle: "minified"}


def test_a_large_file_of_ordinary_lines_is_skipped_as_too_large(repo: Repo) -> None:
    repo.write("big.ts", SOURCE * 60_000)
    repo.commit()

    assert _skipped(discover(repo.root, Filters())) == {"big.ts": "too-large"}


def test_a_large_file_that_links_outside_is_not_read(repo: Repo) -> None:
    outside = repo.root.parent / "outside.js"
    outside.write_bytes(b"var a=1;" * (2 * 1024 * 1024 // 8))
    (repo.root / "linked.js").symlink_to(outside)
    repo.commit()

    found = discover(repo.root, Filters())

    assert list(_roles(found)) == []
    assert _skipped(found) == {}
