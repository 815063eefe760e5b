"""`codevitals explain PATH[:FUNCTION]`: why a file or function scored as it did."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import click

from codevitals import git, repofiles
from codevitals.cli import build
from codevitals.cli.app import main
from codevitals.cli.options import scanning
from codevitals.cli.running import run_scan
from codevitals.errors import UsageError
from codevitals.model import FileHealth, FunctionHealth, ScanResult
from codevitals.parse import registry


@main.command(name="explain")
@click.argument("target")
@scanning()
@click.pass_context
def explain_command(ctx: click.Context, /, target: str, **_: Any) -> None:
    """Show why a file, or a function (PATH:FUNCTION), scored as it did."""
    from codevitals.code import analyse
    from codevitals.report.terminal.explain import explain_file, explain_function

    file_path, function_name = _split_target(target)
    root = git.toplevel(file_path.parent) or file_path.parent
    if not repofiles.inside(root, file_path):  # a link leading out: nothing of ours to explain
        raise UsageError(f"{target}: leads outside the repository ({root}); not explained")
    relative = file_path.resolve().relative_to(root.resolve()).as_posix()
    result = run_scan(root, build.for_explain(ctx, root), about=relative)
    item = _find_file(result, relative)
    if function_name is None:
        explain_file(item, sys.stdout)
        return
    function = _find_function(item, function_name)
    try:
        data = repofiles.read_bytes(file_path, root=root)
    except repofiles.RefusedFileError as error:
        raise UsageError(f"{target}: {error}") from error
    language = registry.for_content(relative, data)
    increments = analyse.explain(data, language).get(
        (function.metrics.qualified_name, function.metrics.line), []
    )
    explain_function(item, function, increments, sys.stdout)


def _split_target(target: str) -> tuple[Path, str | None]:
    path = Path(target)
    if not path.exists() and ":" in target:
        file_part, _, function = target.rpartition(":")
        path = Path(file_part)
        if path.is_file():
            return path, function
    if not path.is_file():
        raise UsageError(f"{target}: not a file (expected PATH or PATH:FUNCTION)")
    return path, None


def _find_file(result: ScanResult, relative: str) -> FileHealth:
    for item in result.files:
        if item.file.path == relative:
            return item
    reasons = {s.path: s.reason for s in result.skipped}
    # A file whose analysis failed (`too-slow`, `unreadable`) has its notice, printed above.
    reasons.update((n.path, n.reason) for n in result.notices if n.path and n.line is None)
    why = (
        f"not analysed ({reasons[relative]})"
        if relative in reasons
        else "not analysed (excluded, or in no language codevitals reads)"
    )
    raise UsageError(f"{relative}: {why}")


def _find_function(item: FileHealth, name: str) -> FunctionHealth:
    exact = [f for f in item.functions if f.metrics.qualified_name == name]
    matches = exact or [f for f in item.functions if f.metrics.name == name]
    if len(matches) == 1 or (matches and len({f.metrics.qualified_name for f in matches}) == 1):
        return matches[0]
    if matches:
        names = ", ".join(f"{f.metrics.qualified_name} (line {f.metrics.line})" for f in matches)
        raise UsageError(f"{name!r} is ambiguous in {item.file.path}: {names}")
    nearest = difflib.get_close_matches(
        name, [f.metrics.qualified_name for f in item.functions], n=3
    )
    hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
    raise UsageError(f"no function {name!r} in {item.file.path}{hint}")
