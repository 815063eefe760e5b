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

    A file is written to a temporary sibling and renamed into place, so a failed rendering
    never leaves a half-written report, and parent folders are created as needed. A device or
    a pipe (`/dev/null`, a FIFO) is written to directly: renaming over it would replace it.
    """
    if output is None or output == STDOUT:
        reporter.report(result, sys.stdout)
        return
    target = Path(output)
    if target.exists() and not target.is_file():
        _write_in_place(reporter, result, target)
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
            reporter.report(result, out)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_in_place(reporter: Reporter, result: ScanResult, target: Path) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="\n") as out:
            reporter.report(result, out)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror}") from error
