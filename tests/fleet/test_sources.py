"""Reading a fleet: list files, folders of repositories, duplicates and names."""

from __future__ import annotations

from pathlib import Path

import pytest

from codevitals.errors import UsageError
from codevitals.fleet.sources import is_url, read, unique_names
from tests.conftest import Repo


def test_a_list_file_skips_comments_and_blank_lines_and_resolves_paths_beside_it(
    tmp_path: Path,
) -> None:
    Repo(tmp_path / "repos" / "api").init()
    listed = tmp_path / "repos" / "fleet.txt"
    listed.write_text("# platform team\n\n  api  \nhttps://example.com/org/web.git\n")
    found = read(listed)
    assert [r.name for r in found] == ["api", "web"]
    assert found[0].path == (tmp_path / "repos" / "api").resolve()
    assert found[1].url == "https://example.com/org/web.git"


def test_the_same_repository_listed_twice_is_scanned_once(tmp_path: Path) -> None:
    Repo(tmp_path / "api").init()
    listed = tmp_path / "fleet.txt"
    listed.write_text(
        f"api\n{tmp_path / 'api'}\n./api/\n"
        "https://example.com/org/web.git\nhttps://EXAMPLE.com/org/web\n"
    )
    assert [r.name for r in read(listed)] == ["api", "web"]


def test_names_grow_only_as_far_as_needed_to_stay_unique() -> None:
    parts = [("github.com", "a", "api"), ("github.com", "b", "api"), ("github.com", "b", "web")]
    assert unique_names(parts) == ["a/api", "b/api", "web"]
    assert unique_names([("x",), ("x",)]) == ["x", "x-2"]


def test_credentials_never_show_in_a_location(tmp_path: Path) -> None:
    listed = tmp_path / "fleet.txt"
    listed.write_text("https://bot:s3cret@example.com/org/api.git\ngit@example.com:org/web.git\n")
    api, web = read(listed)
    assert api.location == "https://example.com/org/api.git"
    assert api.url == "https://bot:s3cret@example.com/org/api.git"
    assert web.location == "example.com:org/web.git"
    assert (api.identity, web.identity) == ("example.com/org/api", "example.com/org/web")


def test_a_folder_holds_work_trees_and_bare_repositories_and_nothing_else(
    tmp_path: Path,
) -> None:
    api = Repo(tmp_path / "org" / "api").init()
    api.commit("first")
    api.git("clone", "-q", "--bare", str(api.root), str(tmp_path / "org" / "web.git"))
    (tmp_path / "org" / "notes").mkdir()
    (tmp_path / "org" / "README").write_text("not a repository")
    assert [r.name for r in read(tmp_path / "org")] == ["api", "web"]


@pytest.mark.parametrize(
    ("content", "message"), [("# nothing\n\n", "names no repository"), (None, "no such file")]
)
def test_an_empty_or_missing_list_is_a_usage_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    listed = tmp_path / "fleet.txt"
    if content is not None:
        listed.write_text(content)
    with pytest.raises(UsageError, match=message):
        read(listed)


def test_urls_are_told_from_paths(tmp_path: Path) -> None:
    assert is_url("https://example.com/a.git")
    assert is_url("git@example.com:org/a.git")
    assert is_url("file:///srv/git/a.git")
    assert not is_url("../repos/a")
    assert not is_url(str(tmp_path))
