"""Which of a repository's files the history analyses cover, under which names and roles.

History is mined for the whole repository (renames can cross any folder), then narrowed to
what a scan of the same folder would see: files present at the tip, under the scanned folder,
not excluded by the same patterns. Paths are reported relative to the scanned folder, as in
the rest of the report; patterns match paths relative to the repository, as in discovery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from codevitals import git
from codevitals.discover import LANGUAGES, Filters
from codevitals.model import Role

_SKIPPED_MODES = frozenset({git.SYMLINK_MODE, git.SUBMODULE_MODE})


@dataclass(slots=True)
class Scope:
    """Maps a repository path at the tip to the path reported, or to None when out of scope."""

    prefix: str
    """The scanned folder relative to the repository's top level, with a slash ("" at the top)."""
    alive: frozenset[str]
    excluded: pathspec.GitIgnoreSpec
    included: pathspec.GitIgnoreSpec | None
    tests: pathspec.GitIgnoreSpec
    _seen: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, top: Path, root: Path, tip: str, filters: Filters) -> Scope:
        """The scope of a scan of `root`, inside the repository at `top`, at commit `tip`."""
        alive = frozenset(_files_at(top, tip))
        return cls(
            _prefix(top, root), alive, filters.excluded(), filters.included(), filters.test_paths()
        )

    def local(self, path: str) -> str | None:
        """The reported path of a file at the tip, or None when it is out of scope."""
        if path not in self._seen:
            self._seen[path] = self._decide(path)
        return self._seen[path]

    def _decide(self, path: str) -> str | None:
        if path not in self.alive or not path.startswith(self.prefix):
            return None
        if self.excluded.match_file(path):
            return None
        if self.included is not None and not self.included.match_file(path):
            return None
        return path[len(self.prefix) :]

    def role(self, local: str) -> Role:
        """Whether a reported path is a test or production code."""
        return Role.TEST if self.tests.match_file(self.prefix + local) else Role.PRODUCTION


def is_source(path: str) -> bool:
    """Whether the path names source code in a language codevitals recognises."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in LANGUAGES  # as PurePosixPath.suffix, 10× faster


def top_folder(path: str) -> str | None:
    """The first folder of a path; None for a file at the top."""
    head, slash, _ = path.partition("/")
    return head if slash else None


def _prefix(top: Path, root: Path) -> str:
    try:
        relative = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _files_at(top: Path, tip: str) -> list[str]:
    """Regular files in the tree of `tip`, relative to the top level."""
    files: list[str] = []
    for record in git.run(top, "ls-tree", "-r", "-z", "--full-tree", tip).split(b"\0"):
        meta, tab, path = record.partition(b"\t")
        if tab and meta.split(b" ", 1)[0].decode() not in _SKIPPED_MODES:
            files.append(git.decoded_path(path))
    return files
