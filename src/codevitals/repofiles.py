"""Reading a file a scanned repository controls: a regular file inside it, of bounded size.

A repository chooses what its manifests, `.gitignore`, configuration and baseline are, and
a link or a special file in their place must not make codevitals read /dev/zero until memory
runs out, wait forever on a FIFO, or turn /etc/shadow into package names sent to PyPI. So
the file is resolved, must lie inside the repository (when a root is given), must be a
regular file by `stat` *before* it is opened (opening some devices has effects of its own),
and is read at most `limit` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from codevitals.errors import InputError

MAX_BYTES = 16 * 1024 * 1024
"""Larger manifests, configuration files and baselines are not read: no real one comes near."""

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
"""O_NOFOLLOW: the resolved path opened must not have become a link since it was checked;
O_NONBLOCK: should a FIFO take the file's place after all, opening it does not wait."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class RefusedFileError(InputError):
    """A repository file codevitals will not read; `reason` is a notice's reason slug."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def read_bytes(path: Path, *, root: Path | None, limit: int | None = None) -> bytes:
    """The bytes of `path`, which must resolve to a regular file inside `root`.

    `root` None: the user named the file (on the command line), so it may lie anywhere, but
    it is still read only when it is a regular file no larger than `limit` (default
    `MAX_BYTES`). Raises `RefusedFileError` saying why, in words fit for a notice after the
    file's name.
    """
    limit = MAX_BYTES if limit is None else limit
    data = _read(path, root=root, limit=limit, count=limit + 1)
    if len(data) > limit:  # a file growing while read is still cut off
        raise _too_large(limit)
    return data


def read_head(path: Path, *, root: Path | None, count: int) -> bytes:
    """The first `count` bytes of `path`, whatever its size, checked as `read_bytes` checks."""
    return _read(path, root=root, limit=None, count=count)


def _read(path: Path, *, root: Path | None, limit: int | None, count: int) -> bytes:
    real = Path(_resolved(path))
    if root is not None and not inside(root, real):
        raise RefusedFileError(
            "outside-repository", f"leads outside the repository (to {real}); not read"
        )
    try:
        _check(real.stat(), limit)
        descriptor = os.open(real, _FLAGS)
    except OSError as error:
        raise RefusedFileError("unreadable", error.strerror or str(error)) from error
    with os.fdopen(descriptor, "rb") as handle:
        _check(os.fstat(handle.fileno()), limit)
        return handle.read(count)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, links resolved, lies in `root` (links resolved too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def _resolved(path: Path) -> str:
    try:
        return os.path.realpath(path, strict=True)
    except OSError as error:
        raise RefusedFileError("unreadable", error.strerror or str(error)) from error


def _check(info: os.stat_result, limit: int | None) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
        raise RefusedFileError("not-a-file", f"{kind}, not a regular file; not read")
    if limit is not None and info.st_size > limit:
        raise _too_large(limit)


def _too_large(limit: int) -> RefusedFileError:
    return RefusedFileError("too-large", f"larger than {limit:,} bytes; not read")
