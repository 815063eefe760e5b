"""ruff, run once per scan as a subprocess, isolated from the scanned repository.

`--isolated` means no configuration file is read (a repository's could set `fix = true`),
`--no-fix` that no file is ever rewritten, `--no-cache` that ruff writes no `.ruff_cache`.
On top of that ruff never sees the repository: the files to check are copied into a
private temporary folder under their relative paths (a git revision has no files on disk
anyway), so nothing ruff does can touch the scanned tree.

The files go to ruff in batches, each command line far below the system's limit, however many
files a repository has. ruff can crash on a file (a generated expression of thousands of terms
overflows its stack): the batch is then split in halves and each checked again, down to the
files ruff crashes on alone, which are reported as crashed while the others keep their findings.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from codevitals.errors import FindingsError
from codevitals.findings.presets import Selection
from codevitals.model.findings import RuleDoc

_DOCS_URL = "https://docs.astral.sh/ruff/rules/"
_RULE_CODE = re.compile(r"[A-Z]+[0-9]+")
_ARGUMENT_BYTES = 256 * 1024
"""The paths one ruff process is given, in bytes: far below the limit on a command line with
its environment (2 MiB on Linux, 1 MiB on macOS), and still thousands of files a process."""
_PANIC = 101
"""The exit status of a Rust program that panicked."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One ruff diagnostic, positions 1-based."""

    code: str
    name: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int


@functools.cache
def binary() -> str:
    """The ruff executable shipped in the ruff wheel."""
    try:
        return os.fsdecode(find_ruff_bin())
    except FileNotFoundError as error:
        raise FindingsError("the ruff executable is missing from its package") from error


@functools.cache
def version() -> str:
    """The version of ruff, part of every findings cache key."""
    return _run(["--version"]).decode().split()[-1]


@functools.cache
def known_selector(selector: str) -> bool:
    """Whether ruff accepts `selector` (a code, a prefix, `ALL`), asked of ruff on no input.

    ruff itself decides, so prefixes and the old codes it redirects count as it counts them.
    """
    try:
        _run(["check", "--isolated", "--no-cache", "--exit-zero", "--select", selector, "-"])
    except FindingsError as error:
        if "Unknown rule selector" in str(error):
            return False
        raise
    return True


@dataclass(frozen=True, slots=True)
class Checked:
    """What ruff made of a set of files."""

    diagnostics: dict[str, list[Diagnostic]]
    """Each checked file's diagnostics, by relative path (a file with none may be absent)."""
    crashed: dict[str, str]
    """Files ruff crashed on even when checked alone, with what it said: their findings are
    unknown."""


class _CrashError(FindingsError):
    """ruff died (a panic, a stack overflow, a signal) rather than reporting an error."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"ruff crashed: {reason}")
        self.reason = reason


def check(files: Mapping[str, bytes], selection: Selection) -> Checked:
    """Each file's diagnostics (by relative path) under `selection`, and those ruff crashed on."""
    checked = Checked({}, {})
    if not files or not selection.ruff_select:
        return checked
    with tempfile.TemporaryDirectory(prefix="codevitals-ruff-") as folder:
        root = Path(folder).resolve()
        arguments = _arguments(selection)
        for batch in _batches(_copy(files, root), root):
            _check_batch(batch, arguments, root, checked)
    return checked


def _batches(paths: Sequence[str], root: Path) -> list[list[str]]:
    """`paths` in runs whose absolute names fit `_ARGUMENT_BYTES`."""
    batches: list[list[str]] = [[]]
    size = 0
    for path in paths:
        length = len(os.fsencode(root / path)) + 1
        if batches[-1] and size + length > _ARGUMENT_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(path)
        size += length
    return batches if batches[-1] else []


def _check_batch(batch: list[str], arguments: list[str], root: Path, into: Checked) -> None:
    """Check `batch` in one process; when ruff crashes, each half on its own."""
    try:
        output = _run([*arguments, *(str(root / path) for path in batch)], cwd=root)
    except _CrashError as crash:
        if len(batch) == 1:
            into.crashed[batch[0]] = crash.reason
            return
        middle = len(batch) // 2
        _check_batch(batch[:middle], arguments, root, into)
        _check_batch(batch[middle:], arguments, root, into)
        return
    into.diagnostics.update(_diagnostics(output, root))


def _copy(files: Mapping[str, bytes], root: Path) -> list[str]:
    written: list[str] = []
    for path, data in files.items():
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            continue  # git never records such a path; refuse it all the same
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(path)
    return written


def _arguments(selection: Selection) -> list[str]:
    arguments = ["check", "--isolated", "--no-fix", "--no-cache", "--exit-zero"]
    arguments += ["--output-format", "json", "--select", ",".join(selection.ruff_select)]
    if selection.ruff_ignore:
        arguments += ["--ignore", ",".join(selection.ruff_ignore)]
    # ruff's default exclusions (build/, venv/, …) are discovery's job, not ruff's.
    for setting in ("exclude = []", *selection.settings):
        arguments += ["--config", setting]
    return [*arguments, "--"]


def _diagnostics(output: bytes, root: Path) -> dict[str, list[Diagnostic]]:
    try:
        records: list[dict[str, Any]] = json.loads(output)
    except ValueError as error:
        raise FindingsError(f"ruff printed output that is not JSON: {error}") from error
    found: dict[str, list[Diagnostic]] = {}
    prefix = str(root) + os.sep
    for record in records:
        if not _RULE_CODE.fullmatch(record.get("code") or ""):
            continue  # a syntax error: reported as a notice by the code analysis already
        # ruff names each file by the absolute path it was given: the root plus the relative path.
        name: str = record["filename"]
        path = name.removeprefix(prefix).replace(os.sep, "/")
        found.setdefault(path, []).append(_diagnostic(record))
    return found


def _diagnostic(record: dict[str, Any]) -> Diagnostic:
    start, end = record["location"], record["end_location"]
    return Diagnostic(
        code=record["code"],
        name=record.get("name") or record["code"],
        message=record["message"],
        line=start["row"],
        column=start["column"],
        end_line=end["row"],
        end_column=end["column"],
    )


def rule_docs() -> dict[str, RuleDoc]:
    """Every ruff rule's documentation, by code (`ruff rule --all`)."""
    return decode_docs(_run(["rule", "--all", "--output-format", "json"]))


def decode_docs(output: bytes) -> dict[str, RuleDoc]:
    """Rule documentation from the JSON `ruff rule --all` prints."""
    docs: dict[str, RuleDoc] = {}
    for record in json.loads(output):
        code = record.get("code")
        if code:
            docs[code] = RuleDoc(
                code=code,
                name=record["name"],
                summary=record.get("summary") or record["name"],
                explanation=record.get("explanation") or "",
                url=_DOCS_URL + record["name"],
            )
    return docs


def _run(arguments: Sequence[str], cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(
            [binary(), *arguments],
            cwd=cwd,
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except OSError as error:
        raise FindingsError(f"cannot run ruff: {error.strerror}") from error
    if done.returncode == 0:
        return done.stdout
    message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
    if done.returncode < 0:  # killed by a signal: an abort (stack overflow), a segfault, …
        raise _CrashError(", ".join([*message, _signal_name(-done.returncode)]))
    said = message[0] if message else f"exit status {done.returncode}"
    if done.returncode == _PANIC or "panicked" in said:
        raise _CrashError(said)
    raise FindingsError(f"ruff failed: {said}")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
