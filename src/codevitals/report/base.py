"""The reporter protocol and the one writer every file-producing format goes through."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol, TextIO, TypeVar

from codevitals.errors import UsageError

STDOUT = "-"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


T_contra = TypeVar("T_contra", contravariant=True)
T = TypeVar("T")


class Reporter(Protocol[T_contra]):
    """Renders one document (a scan, the gate's result, a fleet, …) in one format."""

    format_name: ClassVar[str]

    def report(self, result: T_contra, out: TextIO) -> None:
        """Write the rendering of `result` to `out`."""


def write_report(reporter: Reporter[T], result: T, output: str | None) -> None:
    """Render `result` to standard output (`-` or None) or to a file (see `write_output`)."""
    write_output(lambda out: reporter.report(result, out), output)


def write_output(render: Callable[[TextIO], None], output: str | None) -> None:
    """Run `render` on standard output (`-` or None) or on a file.

    A regular file is written to a temporary sibling and renamed into place, so a failed
    rendering never leaves a half-written report, and parent folders are created as needed.
    A device or pipe (`/dev/null`, a FIFO) is written to directly. A symbolic link keeps
    pointing where it did; the file it points to is replaced.
    """
    if output is None or output == STDOUT:
        render(sys.stdout)
        return
    target = Path(output).resolve()
    if target.exists() and not target.is_file():
        _write_special(render, target)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from error
    try:
        # mkstemp creates the file private (0600); a report gets the usual permissions.
        Path(temporary).chmod(0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            render(out)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_special(render: Callable[[TextIO], None], target: Path) -> None:
    """Write straight into a device or pipe (`/dev/null`, a FIFO).

    Renaming a temporary file over it would replace the device itself with a regular file.
    """
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder")
    try:
        with target.open("w", encoding="utf-8", newline="\n") as out:
            render(out)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror}") from error
