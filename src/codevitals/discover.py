"""Choose the files to analyse, each marked production or test.

The candidates are what git knows about (or, outside git, a walk honouring `.gitignore`),
minus vendored, generated, oversized and unsupported files.

Inside a git work tree the candidates are the tracked files plus untracked files git does
not ignore, and the index supplies the blob id of every unmodified file — so a warm scan
reads no file it has seen before. Elsewhere the folder is walked without following links.

Paths are reported relative to the scanned folder, but inside a repository the include,
exclude and test patterns match the path relative to the repository's top level: a file's
role and whether it is excluded depend on where it lives, not on where the scan started
(`codevitals scan tests` sees tests, and `exclude = ["src/legacy/"]` in the repository's
configuration still applies when scanning `src`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pathspec

from codevitals import git, repofiles
from codevitals.errors import InputError
from codevitals.model import Notice, Role, Skipped
from codevitals.parse import content, recognised, registry

DEFAULT_EXCLUDES = (
    "vendor/",
    "vendored/",
    "_vendor/",
    "third_party/",
    "third-party/",
    "thirdparty/",
    "node_modules/",
    "site-packages/",
    ".venv/",
    "venv/",
    ".tox/",
    ".nox/",
    "__pycache__/",
    ".git/",
    # Build output and package managers' folders, whatever the language.
    "build/",
    "dist/",
    "target/",
    "Pods/",
    "Carthage/",
    "bower_components/",
    "jspm_packages/",
    ".next/",
    ".nuxt/",
    ".gradle/",
    ".dart_tool/",
    *registry.generated_patterns(),
    # Below a `src/` folder these names are packages, not output (pypa/build's `src/build/`);
    # last, so that no language's own pattern for its build folder takes them back.
    "!**/src/**/build/",
    "!**/src/**/dist/",
    "!**/src/**/target/",
)
"""Vendored code, environments and generated code (by each language's conventions), in
`.gitignore` syntax."""
DEFAULT_TESTS = registry.test_patterns()
"""Paths recognised as tests by each language's conventions, in `.gitignore` syntax."""

LANGUAGES = {**recognised.RECOGNISED, **registry.suffixes()}
"""Source languages recognised by extension; only those in ANALYSED are measured."""
LANGUAGE_SKIP = "language:"
"""The prefix of the skip reason of a file in a language no front end measures."""
ANALYSED = registry.ANALYSED
_SHEBANG_BYTES = 128
GITIGNORE_MAX_BYTES = 1_048_576
"""A larger `.gitignore` is not read (a notice says so): real ones are a few kilobytes."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What discovery keeps."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    tests: tuple[str, ...] = DEFAULT_TESTS
    max_file_size: int = 1_048_576

    def excluded(self) -> pathspec.GitIgnoreSpec:
        """The exclusion patterns in effect."""
        defaults = DEFAULT_EXCLUDES if self.default_excludes else ()
        return pathspec.GitIgnoreSpec.from_lines([*defaults, *self.exclude])

    def included(self) -> pathspec.GitIgnoreSpec | None:
        """The inclusion patterns, or None when every path is included."""
        return pathspec.GitIgnoreSpec.from_lines(self.include) if self.include else None

    def test_paths(self) -> pathspec.GitIgnoreSpec:
        """The patterns of paths that are tests."""
        return pathspec.GitIgnoreSpec.from_lines(self.tests)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file to analyse."""

    path: str
    """POSIX path relative to the scan root."""
    absolute: Path
    language: str
    role: Role
    blob_id: str | None = None
    """Known from the git index when the working copy is unmodified; else hashed on read."""


@dataclass(slots=True)
class Discovery:
    """The outcome of discovery."""

    root: Path
    in_git: bool
    commit: str | None = None
    revision: str | None = None
    """The commit whose tree was discovered; None for a work tree or folder."""
    bare: bool = False
    """The revision is a bare repository's HEAD, scanned as the repository itself (with its
    history), not as a past version of a work tree (a gate's base, a trend's snapshot)."""
    files: list[FoundFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


class Memo(Protocol):
    """Where discovery remembers what it learnt from a blob's content (the analysis cache)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored values of whichever of `keys` are present."""
        ...

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store values by key."""
        ...


def discover(root: Path, filters: Filters, memo: Memo | None = None) -> Discovery:
    """Find the files to analyse under `root`.

    `memo` keeps the language of each blob whose suffix two languages share, so that a file
    git vouches is unchanged is not read again to tell (a `.h` header: C or C++).
    """
    if not root.exists():
        raise InputError(f"{root}: no such file or directory")
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    top = git.toplevel(root)
    found = Discovery(root, in_git=top is not None, commit=git.head(root) if top else None)
    chosen = _Chooser(filters, _place(root, top))
    paths: Iterable[tuple[str, str | None]]
    if top is not None:
        paths = list(_git_paths(root))  # listed first: the memo is asked once for them all
        by_content = _ByContent(memo, filters.max_file_size, paths)
    else:
        paths = _walk(root, found)  # no blob ids to remember anything by
        by_content = _ByContent(None, filters.max_file_size, ())
    for raw, blob_id in paths:
        path = git.shown_path(raw)
        role = chosen.role(path)
        if role is not None:
            _consider(found, _File(path, root / raw, blob_id, role), filters, by_content)
    by_content.save()
    found.files.sort(key=lambda candidate: candidate.path)
    return found


def listed(root: Path, filters: Filters) -> list[str]:
    """Every file under `root` the filters keep, whatever its language (e.g. manifests)."""
    top = git.toplevel(root)
    found = Discovery(root, in_git=top is not None)
    paths = _git_paths(root) if top is not None else _walk(root, found)
    chosen = _Chooser(filters, _place(root, top))
    # A name that is not UTF-8 is left out: callers open these files by the name returned.
    kept = (raw for raw, _ in paths if git.shown_path(raw) == raw)
    return sorted(path for path in kept if chosen.role(path) is not None)


def kept(paths: Iterable[str], filters: Filters) -> list[str]:
    """The paths of a commit's tree (from its top) the filters keep, whatever their language."""
    chooser = _Chooser(filters, "")
    return sorted(path for path in paths if chooser.role(path) is not None)


def discover_tree(top: Path, commit: str, filters: Filters, blobs: git.BlobReader) -> Discovery:
    """Find the files to analyse in `commit`, from git objects: nothing is checked out.

    `top` is the repository's top level; paths are relative to it. The same filters apply
    as in a work tree; the tree gives every blob id and size, and `blobs` is asked only for
    the first line of an extensionless file (a `#!...python` shebang makes it Python).
    """
    found = Discovery(top, in_git=True, commit=commit, revision=commit)
    chosen = _Chooser(filters, "")
    for entry in git.tree(top, commit, blobs.objects):
        path = git.shown_path(entry.path)
        role = chosen.role(path)
        if role is None or entry.mode == git.SYMLINK_MODE:
            continue
        language = _tree_language(entry, blobs, filters.max_file_size)
        if _keep(found, _Seen(path, language, entry.size), filters):
            kept = FoundFile(path, top / entry.path, language or "", role, entry.blob_id)
            found.files.append(kept)
    found.files.sort(key=lambda candidate: candidate.path)
    return found


def _tree_language(entry: git.TreeEntry, blobs: git.BlobReader, max_size: int) -> str | None:
    suffix = _suffix(entry.path).lower()
    if suffix in registry.BY_CONTENT and entry.size <= max_size:
        data = blobs.read([entry.blob_id]).get(entry.blob_id, b"")
        return registry.for_content(entry.path, data).language
    if suffix or entry.size > max_size:
        return LANGUAGES.get(suffix)
    data = blobs.read([entry.blob_id]).get(entry.blob_id, b"")
    return _shebang_language(data[:_SHEBANG_BYTES])


def _suffix(path: str) -> str:
    """`PurePosixPath(path).suffix`, without building a path (a tree lists thousands)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


class _Chooser:
    """Include, exclude and test patterns, matched against paths from the repository top."""

    __slots__ = ("excluded", "included", "place", "tests")

    def __init__(self, filters: Filters, place: str) -> None:
        self.excluded = filters.excluded()
        self.tests = filters.test_paths()
        self.included = filters.included()
        self.place = place

    def role(self, path: str) -> Role | None:
        """The role of a kept path; None when the filters leave it out."""
        where = self.place + path
        if self.excluded.match_file(where):
            return None
        if self.included is not None and not self.included.match_file(where):
            return None
        return Role.TEST if self.tests.match_file(where) else Role.PRODUCTION


def _place(root: Path, top: Path | None) -> str:
    """Where `root` sits in its repository, as a prefix for its relative paths ("" at the top)."""
    if top is None:
        return ""
    try:
        relative = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _git_paths(root: Path) -> Iterator[tuple[str, str | None]]:
    """Tracked files (with index blob ids when unmodified) and untracked, unignored files."""
    changed = git.changed(root)
    for entry in git.tracked(root):
        if entry.mode in (git.SYMLINK_MODE, git.SUBMODULE_MODE):
            continue
        trusted = entry.watched and entry.path not in changed
        yield entry.path, entry.blob_id if trusted else None
    for path in git.untracked(root):
        yield path, None


@dataclass(frozen=True, slots=True)
class _File:
    """A path discovery found in a work tree or folder, before it is examined."""

    path: str
    """As reported (`git.shown_path`)."""
    absolute: Path
    """As opened: the name's own bytes, whatever their encoding."""
    blob_id: str | None
    role: Role


def _consider(found: Discovery, file: _File, filters: Filters, by_content: _ByContent) -> None:
    path, absolute = file.path, file.absolute
    try:
        info = absolute.lstat()
    except FileNotFoundError:
        return  # deleted in the working tree but still in the index
    except OSError as error:
        found.notices.append(Notice(path, "unreadable", error.strerror or str(error)))
        return
    if not stat.S_ISREG(info.st_mode):
        _note_link(found, path, absolute, info)
        return
    language = by_content.language(file) or _language(path, absolute, filters.max_file_size)
    seen = _Seen(path, language, info.st_size, _head(found.root, absolute))
    if _keep(found, seen, filters):
        found.files.append(FoundFile(path, absolute, language or "", file.role, file.blob_id))


@dataclass(frozen=True, slots=True)
class _Seen:
    """A file as discovery first sees it: enough to decide whether it is analysed."""

    path: str
    language: str | None
    size: int
    head: Callable[[], bytes] | None = None
    """Reads the file's first bytes (work trees only: a tree's blobs are not read for it)."""


def _keep(found: Discovery, seen: _Seen, filters: Filters) -> bool:
    """Whether a file is analysed; a source file in another language or too large is skipped.

    A file too large to analyse is skipped for what its head shows it to be, when that is
    more telling (a 5 MB bundle is `minified`).
    """
    if seen.language is None:
        return False
    if seen.language not in ANALYSED:
        found.skipped.append(Skipped(seen.path, LANGUAGE_SKIP + seen.language))
        return False
    if seen.size > filters.max_file_size:
        reason = content.kind(seen.head()) if seen.head is not None else None
        found.skipped.append(Skipped(seen.path, reason or "too-large"))
        return False
    return True


def _head(root: Path, absolute: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return repofiles.read_head(absolute, root=root, count=content.HEAD_BYTES)
        except repofiles.RefusedFileError:
            return b""

    return read


def _note_link(found: Discovery, path: str, absolute: Path, info: os.stat_result) -> None:
    if not stat.S_ISLNK(info.st_mode):
        return
    try:
        absolute.stat()
    except OSError as error:
        why = "a symbolic link loop" if error.errno == errno.ELOOP else "symbolic link to nothing"
        found.notices.append(Notice(path, "broken-symlink", f"{why}; skipped"))


def _language(path: str, absolute: Path, max_size: int) -> str | None:
    suffix = _suffix(path).lower()
    if suffix and suffix not in registry.BY_CONTENT:
        return LANGUAGES.get(suffix)
    try:
        with absolute.open("rb") as handle:
            if suffix:  # a suffix two languages share (`.h`): the content decides
                return registry.for_content(path, handle.read(max_size)).language
            return _shebang_language(handle.read(_SHEBANG_BYTES))
    except OSError:
        return LANGUAGES.get(suffix)


class _ByContent:
    """The languages of files whose suffix two languages share, remembered by blob id.

    Reading every header of a C or C++ repository and searching it for C++ syntax took a
    tenth of a warm scan of redis; a blob's verdict never changes, so the memo keeps it
    (under the content tests' version and the size limit, which bounds what is read).
    """

    def __init__(
        self, memo: Memo | None, max_size: int, paths: Sequence[tuple[str, str | None]]
    ) -> None:
        self.memo = memo
        self.max_size = max_size
        self.learnt: dict[str, str] = {}
        """Verdicts found in this run, by key, to store."""
        keys = [self.key(blob) for path, blob in paths if blob is not None and _shared(path)]
        self.known = {
            key: value.decode("utf-8", "replace")
            for key, value in (memo.get_many(keys) if memo is not None and keys else {}).items()
        }

    def key(self, blob_id: str) -> str:
        """The memo's key of a blob's language."""
        material = f"language-by-content\0{blob_id}\0{registry.CONTENT_TESTS_VERSION}"
        material += f"\0{self.max_size}"
        return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()

    def language(self, file: _File) -> str | None:
        """The language of a file its content decides; None for any other file."""
        if not _shared(file.path):
            return None
        key = None if file.blob_id is None else self.key(file.blob_id)
        if key is not None and key in self.known:
            return self.known[key]
        try:
            with file.absolute.open("rb") as handle:
                data = handle.read(self.max_size)
        except OSError:
            return None  # the suffix decides, as for any file that cannot be read
        language = registry.for_content(file.path, data).language
        if key is not None:
            self.learnt[key] = language
        return language

    def save(self) -> None:
        """Store what this run learnt."""
        if self.memo is not None and self.learnt:
            self.memo.put_many((key, value.encode()) for key, value in self.learnt.items())


def _shared(path: str) -> bool:
    """Whether a path's suffix is one two languages share (its content decides)."""
    return _suffix(path).lower() in registry.BY_CONTENT


def _shebang_language(start: bytes) -> str | None:
    front = registry.for_shebang(start.split(b"\n", 1)[0])
    return front.language if front is not None else None


def _walk(root: Path, found: Discovery) -> Iterator[tuple[str, str | None]]:
    """Every file below `root` not ignored by a `.gitignore`, without following links."""
    ignores: list[_Ignore] = []
    for directory, subdirs, files in os.walk(
        root, followlinks=False, onerror=_walk_error(root, found)
    ):
        relative = Path(directory).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        ignores = [ignore for ignore in ignores if prefix.startswith(ignore.base)]
        ignore = _gitignore(root, prefix, found)
        if ignore is not None:
            ignores.append(ignore)
        subdirs[:] = sorted(
            d for d in subdirs if d != ".git" and not _ignored(ignores, prefix + d, folder=True)
        )
        for name in sorted(files):
            if not _ignored(ignores, prefix + name):
                yield prefix + name, None


def _walk_error(root: Path, found: Discovery) -> Callable[[OSError], None]:
    def record(error: OSError) -> None:
        name = os.fsdecode(error.filename or "")
        try:
            path = git.shown_path(Path(name).relative_to(root).as_posix())
        except ValueError:
            path = git.shown_path(name)
        found.notices.append(Notice(path, "unreadable", error.strerror or str(error)))

    return record


@dataclass(frozen=True, slots=True)
class _Ignore:
    """One `.gitignore`: the folder it sits in and its patterns, for git's walk.

    Git decides a path by the last pattern that matches the path itself; a pattern matching
    only one of its parent folders decided that folder, which the walk has already pruned or
    kept. pathspec also reports those parent matches, so they are filtered out here (they
    carry its directory-marker group). A folder-only pattern (`build/`) is the same pattern
    without its slash, applied to folders only.
    """

    base: str
    files: tuple[pathspec.Pattern, ...]
    folders: tuple[pathspec.Pattern, ...]

    def verdict(self, path: str, *, folder: bool) -> bool | None:
        """True: ignored; False: re-included; None: no pattern here matches `path` itself."""
        relative = path[len(self.base) :]
        verdict: bool | None = None
        for pattern in self.folders if folder else self.files:
            if pattern.include is not None and _matches_itself(pattern, relative):
                verdict = pattern.include
        return verdict


def _matches_itself(pattern: pathspec.Pattern, path: str) -> bool:
    result = pattern.match_file(path)
    if result is None:
        return False
    match = getattr(result, "match", None)
    return not (isinstance(match, re.Match) and match.groupdict().get("ps_d"))


def _gitignore(root: Path, base: str, found: Discovery) -> _Ignore | None:
    path = root / base / ".gitignore"
    if not os.path.lexists(path):
        return None
    try:
        data = repofiles.read_bytes(path, root=root, limit=GITIGNORE_MAX_BYTES)
    except repofiles.RefusedFileError as error:
        found.notices.append(Notice(base + ".gitignore", error.reason, str(error)))
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    files = pathspec.GitIgnoreSpec.from_lines(lines).patterns
    folders = pathspec.GitIgnoreSpec.from_lines(map(_without_folder_slash, lines)).patterns
    return _Ignore(base, tuple(files), tuple(folders))


def _without_folder_slash(line: str) -> str:
    # git drops trailing spaces unless escaped; then a trailing slash means "folders only".
    text = line if line.endswith("\\ ") else line.rstrip(" ")
    return text[:-1] if len(text) > 1 and text.endswith("/") else text


def _ignored(ignores: Iterable[_Ignore], path: str, *, folder: bool = False) -> bool:
    # The deepest .gitignore with an opinion decides, as in git.
    for ignore in reversed(list(ignores)):
        verdict = ignore.verdict(path, folder=folder)
        if verdict is not None:
            return verdict
    return False
