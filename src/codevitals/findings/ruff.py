"""ruff, run once per scan as a subprocess, isolated from the scanned repository.

`--isolated` means no configuration file is read (a repository's could set `fix = true`),
`--no-fix` that no file is ever rewritten, `--no-cache` that ruff writes no `.ruff_cache`.
On top of that ruff never sees the repository: the files to check are copied into a
private temporary folder under their relative paths (a git revision has no files on disk
anyway), so nothing ruff does can touch the scanned tree.
"""

from __future__ import annotations

import functools
import json
import os
import re
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


def check(files: Mapping[str, bytes], selection: Selection) -> dict[str, list[Diagnostic]]:
    """Diagnostics of each file (by relative path) under `selection`, in one ruff process."""
    if not files or not selection.ruff_select:
        return {}
    with tempfile.TemporaryDirectory(prefix="codevitals-ruff-") as folder:
        root = Path(folder).resolve()
        written = _copy(files, root)
        output = _run([*_arguments(selection), *(str(root / p) for p in written)], cwd=root)
    return _diagnostics(output, root)


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
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FindingsError(f"ruff failed: {message[-1] if message else done.returncode}")
    return done.stdout
