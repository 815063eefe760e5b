"""The seam to git: every git subprocess codevitals runs goes through `run`.

git runs read-only: optional index locks are off (`GIT_OPTIONAL_LOCKS=0`), and no command
used here writes the index (porcelain such as `git diff HEAD` refreshes and rewrites it even
then, so dirtiness is judged with plumbing and our own hashing, see `differs_from_head`). A
repository's own configuration can name programs for git to run, so the ones our commands
could reach are switched off: hooks (`core.hooksPath` pointed at nothing, so neither
`.git/hooks` nor a configured folder is looked at), the file-system monitor, signature
checks in `git log`, and clean filters when `diff-files` re-reads a file.

No command may reach the network: `protocol.allow=never` makes a partial clone's lazy fetch
of a missing object fail at once (git 2.39 has no `GIT_NO_LAZY_FETCH`) instead of fetching
every blob one request at a time. git then dies rather than reporting the object missing,
so in a partial clone the objects at hand are listed first (`Objects`) and a missing one is
never asked for. Only the fleet's clone and fetch commands re-allow ordinary transports.

Variables that point git at a repository (`GIT_DIR`, `GIT_INDEX_FILE`, …, as set inside a
git hook) are dropped: git finds the repository from the folder asked about, as discovery does.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from codevitals.errors import GitError

HOOKS_OFF = "core.hooksPath=/dev/null"
"""No hook can be found under a file: git runs none, whatever the repository configures."""
_SAFE_CONFIG = (
    "-c",
    HOOKS_OFF,
    "-c",
    "protocol.allow=never",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
)
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
_REPOSITORY_ENV = frozenset(
    {  # `git rev-parse --local-env-vars`
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_OBJECT_DIRECTORY",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_IMPLICIT_WORK_TREE",
        "GIT_GRAFT_FILE",
        "GIT_INDEX_FILE",
        "GIT_NO_REPLACE_OBJECTS",
        "GIT_REPLACE_REF_BASE",
        "GIT_PREFIX",
        "GIT_INTERNAL_SUPER_PREFIX",
        "GIT_SHALLOW_FILE",
        "GIT_COMMON_DIR",
    }
)
_FILTER_KEYS = r"^filter\..*\.(clean|smudge|process)$"
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"
_CHUNK = 1 << 20
"""Bytes read from a streaming command at a time."""


def _failure(args: Sequence[str], stderr: bytes, code: int) -> GitError:
    message = stderr.decode("utf-8", "replace").strip().splitlines()
    return GitError(f"git {args[0]} failed: {message[0] if message else code}")


def _command(args: Sequence[str], config: Sequence[str] = ()) -> list[str]:
    """The full command line of a git command, with the safety settings every command gets."""
    return ["git", *_SAFE_CONFIG, *config, *args]


def _environment() -> dict[str, str]:
    """The environment git runs in: ours, minus repository pointers, plus the safe settings."""
    env = {name: value for name, value in os.environ.items() if name not in _REPOSITORY_ENV}
    return {**env, **_ENV}


def run(cwd: Path, *args: str, config: Sequence[str] = (), timeout: float | None = None) -> bytes:
    """Run a git command in `cwd` and return its standard output; raise GitError on failure.

    `config` holds extra `-c name=value` arguments for this command. After `timeout` seconds
    the command and every process it started (a transport, `index-pack`) are killed and
    GitError raised: a network command must not wait forever on a host that never answers.
    """
    try:
        process = subprocess.Popen(
            _command(args, config),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(),
            start_new_session=timeout is not None,  # a group of its own, to be killed whole
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from error
    with process:
        try:
            out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            message = f"git {args[0]} gave no result in {timeout:g} s"
            raise GitError(message, slug="timeout") from None
    if process.returncode != 0:
        raise _failure(args, errors, process.returncode)
    return out


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a command started in its own session, with its children (they hold its pipes)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()  # already gone, or no process groups here
    process.communicate()


def stream(
    cwd: Path,
    *args: str,
    stdin: bytes | None = None,
    config: Sequence[str] = (),
    without_index: bool = False,
) -> Generator[bytes, None, None]:
    """Run a git command and yield its standard output in chunks as git writes it.

    Parsing can then overlap git's own work. `stdin` is fed to the command from a thread (a
    pipe written and read by one thread could fill up and deadlock). Standard error goes to
    a temporary file for the same reason. A consumer that stops early ends the command;
    a command that fails raises GitError once its output is exhausted. `config` holds extra
    `-c name=value` arguments, as for `run`. `without_index`: git
    sees an empty index, so a diff never reads a file from the work tree in place of its blob
    (which would also pass it through the filters the configuration names).
    """
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryFile() as errors:
        index = {"GIT_INDEX_FILE": str(Path(empty) / "index")} if without_index else {}
        process = _start(cwd, [*config, *args], errors, feed=stdin is not None, env=index)
        writer = _feed(process, stdin)
        finished = False
        try:
            out = process.stdout
            assert out is not None  # noqa: S101 - stdout=PIPE above
            yield from iter(lambda: out.read(_CHUNK), b"")
            finished = True
        finally:
            _reap(process, writer, finished=finished)
        if process.returncode != 0:
            errors.seek(0)
            raise _failure(args, errors.read(), process.returncode)


def _start(
    cwd: Path, args: Sequence[str], errors: IO[bytes], *, feed: bool, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            _command(args),
            cwd=cwd,
            stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**_environment(), **env},
            bufsize=0,  # unbuffered: each read returns what git has written so far
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from error


def _feed(process: subprocess.Popen[bytes], data: bytes | None) -> threading.Thread | None:
    if data is None or process.stdin is None:
        return None
    pipe = process.stdin

    def write() -> None:
        try:
            pipe.write(data)
            pipe.close()
        except OSError:
            pass  # git stopped reading (it failed, or the consumer ended it)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def _reap(
    process: subprocess.Popen[bytes], writer: threading.Thread | None, *, finished: bool
) -> None:
    if not finished:
        process.kill()
    if process.stdout is not None:
        process.stdout.close()
    process.wait()
    if writer is not None:
        writer.join()


class Objects:
    """Which blobs git can read here without fetching anything.

    In a full clone every object a commit names is meant to be at hand (one a damaged
    repository lacks, `cat-file --batch` reports missing). In a partial clone git would
    fetch a missing one, or, with fetching forbidden, die; so there the blobs at hand are
    listed once, from the local object store only, and nothing else is ever asked for.
    """

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self._at_hand: dict[str, int] | None = None
        self._partial: bool | None = None

    @property
    def partial(self) -> bool:
        """Whether the repository is a partial clone (it has a promisor remote)."""
        if self._partial is None:
            self._partial = is_partial(self._cwd)
        return self._partial

    def has(self, blob: str) -> bool:
        """Whether `blob` can be read without a fetch."""
        return not self.partial or blob in self._blobs()

    def size(self, blob: str) -> int | None:
        """The size of a blob at hand in a partial clone; None elsewhere."""
        return self._blobs().get(blob) if self.partial else None

    def _blobs(self) -> dict[str, int]:
        if self._at_hand is None:
            listing = run(
                self._cwd, "cat-file", "--batch-all-objects", "--unordered",
                "--batch-check=%(objecttype) %(objectname) %(objectsize)",
            )  # fmt: skip
            rows = (line.split(b" ") for line in listing.splitlines())
            self._at_hand = {row[1].decode(): int(row[2]) for row in rows if row[0] == b"blob"}
        return self._at_hand


def is_partial(cwd: Path) -> bool:
    """Whether the repository at `cwd` is a partial clone, whose missing objects git fetches."""
    pattern = r"^(extensions\.partialclone|remote\..*\.promisor)$"
    try:
        output = run(cwd, "config", "-z", "--get-regexp", pattern)
    except GitError:
        return False  # no such setting (git config exits 1)
    for record in _records(output):
        key, _, value = record.partition("\n")
        if key.endswith(".partialclone") or value.lower() in ("true", "yes", "on", "1"):
            return True
    return False


def read_blobs(
    cwd: Path, blob_ids: Iterable[str], objects: Objects | None = None
) -> Iterator[tuple[str, bytes | None]]:
    """The content of each blob, in the order asked, from one `git cat-file --batch`.

    A blob the repository does not have comes back as None; in a partial clone it is not
    asked for (`objects` says which are at hand; by default they are looked up).
    """
    wanted = list(blob_ids)
    if not wanted:
        return
    objects = objects or Objects(cwd)
    at_hand = [blob for blob in wanted if objects.has(blob)]
    request = "".join(f"{blob}\n" for blob in at_hand).encode()
    reader = _BatchReader(stream(cwd, "cat-file", "--batch", stdin=request)) if at_hand else None
    for blob in wanted:
        yield blob, reader.next_object() if reader and objects.has(blob) else None
    if reader is not None:
        reader.close()


class _BatchReader:
    """Splits `git cat-file --batch` output into objects.

    Each is a `<id> <type> <size>` line, the data, then a newline.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def next_object(self) -> bytes | None:
        """The next object's data, or None for an id git reported missing."""
        header = self._take_line().split(b" ")
        if len(header) != 3:  # `<id> missing`, `<id> ambiguous`
            return None
        size = int(header[2])
        data = self._take(size + 1)  # the content and its trailing newline
        return data[:-1]

    def close(self) -> None:
        """Read to the end, so that git finishes and any failure is raised."""
        for _ in self._chunks:  # let git finish and report a failure
            pass

    def _take_line(self) -> bytes:
        while (end := self._buffer.find(b"\n")) < 0:
            self._fill()
        return self._take(end + 1)[:-1]

    def _take(self, count: int) -> bytes:
        while len(self._buffer) < count:
            self._fill()
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    def _fill(self) -> None:
        chunk = next(self._chunks, b"")
        if not chunk:
            raise GitError("git cat-file ended early")
        self._buffer += chunk


T = TypeVar("T")
_ANSWERS: contextvars.ContextVar[dict[tuple[str, str], object] | None] = contextvars.ContextVar(
    "codevitals_git_answers", default=None
)


@contextlib.contextmanager
def one_snapshot() -> Iterator[None]:
    """Within this block, git is asked each question about a folder's repository once.

    A command sees the repository as it was when it started: configuration, discovery and
    the scan store all ask for the work tree's top, and discovery and the store both list
    the untracked files. Each git process costs a warm scan a few milliseconds.
    """
    token = _ANSWERS.set({})
    try:
        yield
    finally:
        _ANSWERS.reset(token)


def _once_per_snapshot(ask: Callable[[Path], T]) -> Callable[[Path], T]:
    """`ask`, answered from the current snapshot's answers when it has been asked before."""

    @functools.wraps(ask)
    def asked(path: Path) -> T:
        answers = _ANSWERS.get()
        if answers is None:
            return ask(path)
        key = (ask.__name__, str(Path(path).absolute()))
        if key not in answers:
            answers[key] = ask(path)
        return answers[key]  # type: ignore[return-value]

    return asked


@_once_per_snapshot
def toplevel(path: Path) -> Path | None:
    """The work tree root containing `path`, or None when it is not inside one."""
    try:
        out = run(path, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    return Path(os.fsdecode(out.strip())) if out.strip() else None


def repository(path: Path) -> Path | None:
    """The repository `path` is in: its work tree's top, the bare repository itself, or None."""
    return toplevel(path) or (path if is_bare(path) else None)


@_once_per_snapshot
def is_bare(path: Path) -> bool:
    """Whether `path` is a bare repository (objects and refs, no work tree)."""
    try:
        return run(path, "rev-parse", "--is-bare-repository").strip() == b"true"
    except GitError:
        return False


def head(path: Path) -> str | None:
    """The commit checked out, or None in a repository without commits."""
    try:
        return run(path, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except GitError:
        return None


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A tracked file: its mode, blob id and path relative to the folder asked about."""

    mode: str
    blob_id: str
    path: str
    watched: bool = True
    """False when git was told not to look at the working copy (assume-unchanged or
    skip-worktree): then `changed` cannot vouch that it still matches `blob_id`."""


def tracked(folder: Path) -> list[IndexEntry]:
    """Files in the index under `folder`, paths relative to it."""
    entries: dict[str, IndexEntry] = {}
    for record in _records(run(folder, "ls-files", "--stage", "-v", "-z")):
        meta, _, path = record.partition("\t")
        tag, mode, blob_id, _stage = meta.split(" ")
        # `-v` tags assume-unchanged entries in lower case and skip-worktree ones with S.
        watched = tag.isupper() and tag != "S"
        entries.setdefault(path, IndexEntry(mode, blob_id, path, watched))  # one per conflict
    return list(entries.values())


def changed(folder: Path) -> set[str]:
    """Tracked files under `folder` whose working copy may differ from the index.

    diff-files re-reads a file whose stat data looks stale and would pass it through the
    clean filter its attributes name; with filters off it compares raw bytes, which is what
    codevitals analyses anyway (at worst a file is hashed that need not have been).
    """
    output = run(
        folder, "diff-files", "--name-only", "--relative", "-z", config=_without_filters(folder)
    )
    return set(_records(output))


def differs_from_head(folder: Path) -> set[str]:
    """Tracked files under `folder` whose content (staged or not) differs from HEAD's.

    Unlike `changed`, a file whose stat data is merely stale (rewritten with the same bytes)
    does not count: contents are compared. `git diff HEAD` would do this but refreshes the
    index, rewriting it and running the `post-index-change` hook; `diff-index` only reads
    it, naming a file whose stat data is stale without a blob id, and such a file's bytes
    are then hashed here (raw, as filters are off everywhere) and compared with HEAD's blob.
    """
    output = run(folder, "diff-index", "--raw", "-z", "--relative", "--no-renames", "HEAD", "--")
    fields = output.split(b"\0")
    differing: set[str] = set()
    for meta, raw in zip(fields[0:-1:2], fields[1::2], strict=True):
        old_mode, new_mode, old_id, _, _ = meta.decode("ascii").lstrip(":").split()
        path = os.fsdecode(raw)
        if old_mode != new_mode or not _same_bytes(folder / path, old_id):
            differing.add(path)
    return differing


def _same_bytes(path: Path, head_id: str) -> bool:
    """Whether the work tree file (or link) at `path` holds exactly the blob `head_id`.

    The file is opened without following a symbolic link: a link's blob is its target.
    """
    try:
        if path.is_symlink():
            return blob_id(os.fsencode(path.readlink())) == head_id
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            return blob_id(handle.read()) == head_id
    except OSError:
        return False  # gone or unreadable: it cannot be shown to match


def _without_filters(folder: Path) -> list[str]:
    """`-c` arguments that switch off every filter driver the configuration defines."""
    try:
        output = run(folder, "config", "-z", "--get-regexp", _FILTER_KEYS)
    except GitError:
        return []  # none defined (git config exits 1)
    drivers = {
        key[len("filter.") : key.rindex(".")]
        for key in (record.partition("\n")[0] for record in _records(output))
    }
    arguments: list[str] = []
    for driver in sorted(drivers):
        for setting in ("clean=", "smudge=", "process=", "required=false"):
            arguments += ["-c", f"filter.{driver}.{setting}"]
    return arguments


def untracked(folder: Path) -> list[str]:
    """Files under `folder` that git neither tracks nor ignores."""
    return list(_untracked(folder))  # a copy: the snapshot keeps the answer


@_once_per_snapshot
def _untracked(folder: Path) -> tuple[str, ...]:
    return tuple(_records(run(folder, "ls-files", "--others", "--exclude-standard", "-z")))


def _records(output: bytes) -> list[str]:
    return [os.fsdecode(item) for item in output.split(b"\0") if item]


def decoded_path(raw: bytes) -> str:
    r"""A path git printed, as text to report and store: bytes not in UTF-8 become `\xe9`.

    Such a name (Latin-1 from an old system, say) cannot be written to JSON, SQLite or a
    terminal as it is; the escape keeps it readable and distinct. Open the file with
    `os.fsdecode(raw)` instead, which round-trips the bytes.
    """
    return raw.decode("utf-8", "backslashreplace")


def shown_path(path: str) -> str:
    """`decoded_path` of a path that `os.fsdecode` made (its odd bytes held as surrogates)."""
    return decoded_path(os.fsencode(path))


def blob_id(data: bytes) -> str:
    """The id `git hash-object` gives these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def resolve(cwd: Path, ref: str) -> str:
    """The commit id `ref` names; GitError when it names no commit."""
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a revision")  # never let a ref pass as an option
    try:
        out = run(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        out = b""
    if not out.strip():
        raise GitError(f"{ref!r} names no commit in this repository")
    return out.decode().strip()


def merge_base(cwd: Path, first: str, second: str) -> str:
    """The best common ancestor of two commits (what `git diff A...B` compares with)."""
    try:
        return run(cwd, "merge-base", first, second).decode().strip()
    except GitError as error:
        raise GitError(f"{first[:10]} and {second[:10]} have no common ancestor") from error


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A file in a commit's tree: its mode, blob id, size in bytes and path."""

    mode: str
    blob_id: str
    size: int
    path: str


def tree(cwd: Path, commit: str, objects: Objects | None = None) -> list[TreeEntry]:
    """Every blob in `commit`'s tree, recursively, paths relative to the repository's top.

    In a partial clone, sizes come from `objects` (git would fetch a blob to size it); a
    blob not at hand has size 0 and is reported missing when read.
    """
    objects = objects or Objects(cwd)
    sized = not objects.partial
    listing = run(cwd, "ls-tree", "-r", *(["-l"] if sized else []), "-z", "--full-tree", commit)
    entries: list[TreeEntry] = []
    for record in _records(listing):
        meta, _, path = record.partition("\t")
        mode, kind, blob_id, *size = meta.split()
        if kind == "blob":
            entries.append(TreeEntry(mode, blob_id, _size(size, objects.size(blob_id)), path))
    return entries


def _size(listed: list[str], at_hand: int | None) -> int:
    # git prints BAD for the size of an object it cannot read (a damaged repository): the
    # blob is then reported missing when read, with a notice.
    if listed:
        return int(listed[0]) if listed[0].isdigit() else 0
    return at_hand or 0


class BlobReader:
    """Reads blobs for a scan of a commit: each `read` is one `read_blobs` request.

    A context manager, so that callers need not change if it ever keeps git running
    between requests. Which blobs are at hand is found out once, for every request.
    """

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self.objects = Objects(cwd)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def read(self, blob_ids: Sequence[str]) -> dict[str, bytes]:
        """The contents of the blobs that exist, by id."""
        found = read_blobs(self._cwd, blob_ids, self.objects)
        return {blob: data for blob, data in found if data is not None}
