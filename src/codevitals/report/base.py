"""The reporter protocol and the one writer every file-producing format goes through."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import ClassVar, Protocol, TextIO

from codevitals.errors import UsageError
from codevitals.model import ScanResult

STDOUT = "-"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class Reporter(Protocol):
    """Renders a scan result in one format."""

    format_name: ClassVar[str]

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the rendering of `result` to `out`."""


def write_report(reporter: Reporter, result: ScanResult, output: str | None) -> None:
    """Render to standard output (`-` or None) or to a file.

    A regular file is written to a temporary sibling and renamed into place, so a failed
    rendering never leaves a half-written report, and parent folders are created as needed.
    Anything else that exists — `/dev/null`, a FIFO, a terminal — is written to directly:
    renaming over it would replace the device itself. A symbolic link keeps pointing where it
    did; the file it points to is replaced.
    """
    if output is None or output == STDOUT:
        reporter.report(result, sys.stdout)
        return
    target = Path(output).resolve()
    if target.exists() and not target.is_file():
        _write_through(reporter, result, target)
    else:
        _write_atomically(reporter, result, target)


def _write_through(reporter: Reporter, result: ScanResult, target: Path) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="\n") as out:
            reporter.report(result, out)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror}") from error


def _write_atomically(reporter: Reporter, result: ScanResult, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror}") from error
    try:
        # mkstemp creates the file private (0600); a report gets the usual permissions.
        Path(temporary).chmod(0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            reporter.report(result, out)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
