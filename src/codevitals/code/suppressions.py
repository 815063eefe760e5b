"""Suppression comments: a biomarker the team accepts is silenced where the code is.

Two forms, as ruff's `# noqa` and pylint's `# pylint: disable` users expect them:

- `# codevitals: ignore[deep-nesting, CV101]` silences those biomarkers of the definition it
  belongs to: written after the `def` (or `class`) line, after one of its decorators, or on a
  line of its own above the definition or its decorators. It belongs to the first line below
  it (its own line included) that is neither blank, a comment nor a decorator. Biomarkers
  reported on that line are silenced too: low-cohesion on a class line, duplicated-code on the
  first line of a copy, complex-conditional on the line of its condition.
- `# codevitals: ignore-file[large-file]`, anywhere in the file, silences those biomarkers in
  the whole file.

Without brackets (`# codevitals: ignore`, `# codevitals: ignore-file`) every biomarker is
silenced. Rules are named by name or code (`codevitals rules`). Finding the comments needs
only the text and the language's comment prefix (`#` here, `//` for C-like languages), plus
a test that a match is really a comment, so that a string quoting the form silences nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from codevitals.code.biomarkers import lookup
from codevitals.errors import ConfigError
from codevitals.model import Suppression

MARK = b"codevitals:"
"""Every suppression holds this; a file without it (nearly all) is not searched further."""

UNKNOWN = "suppression"
"""The notice slug of a rule name a suppression comment gives that codevitals does not know."""
UNUSED = "unused-suppression"
"""The notice slug of a suppression that silenced nothing."""

InComment = Callable[[int], bool]
"""Whether the byte at an offset of the text is inside a comment."""


@dataclass(frozen=True, slots=True)
class CommentSyntax:
    """What a language's suppressions look like: its line comment, and its decorator lines."""

    prefix: bytes = b"#"
    decorator: bytes = b"@"
    """Opens a decorator (or annotation) line, which a suppression looks past."""


PYTHON = CommentSyntax()


def find(
    text: bytes, syntax: CommentSyntax = PYTHON, in_comment: InComment | None = None
) -> tuple[Suppression, ...]:
    """The suppression comments of a file's text, in line order.

    `in_comment` rejects matches that the language's parser places outside comments.
    """
    if MARK not in text:
        return ()
    lines = text.split(b"\n")
    found: list[Suppression] = []
    line, scanned = 1, 0
    for match in _pattern(syntax.prefix).finditer(text):
        at = match.start()
        if in_comment is not None and not in_comment(at):
            continue
        line += text.count(b"\n", scanned, at)
        scanned = at
        rules = tuple(_rules(match.group(2)))
        if match.group(1) == b"ignore-file":
            found.append(Suppression(line, None, rules))
        else:
            column = at - (text.rfind(b"\n", 0, at) + 1)
            found.append(Suppression(line, _target(lines, line, column, syntax), rules))
    return tuple(found)


@functools.cache
def _pattern(prefix: bytes) -> re.Pattern[bytes]:
    # A bare form must end there: `ignore=rule` or `ignored` is not read as "ignore everything".
    return re.compile(
        re.escape(prefix)
        + rb"[ \t]*codevitals:[ \t]*(ignore-file|ignore)(?:[ \t]*\[([^\]\n]*)\])?(?![^\s#/])"
    )


def _rules(written: bytes | None) -> Iterator[str]:
    if written is None:
        return
    for name in written.decode("utf-8", "replace").split(","):
        if name.strip():
            yield name.strip()


def _target(lines: list[bytes], line: int, column: int, syntax: CommentSyntax) -> int:
    """The first line from the comment's own that holds code other than a decorator.

    A comment after code starts from that code; one with nothing below it belongs to its own
    line (and so, matching nothing, is reported as unused).
    """
    before = lines[line - 1][:column].strip()
    if before and not before.startswith(syntax.decorator):
        return line
    for number in range(line + 1, len(lines) + 1):
        code = lines[number - 1].strip()
        if code and not code.startswith((syntax.prefix, syntax.decorator)):
            return number
    return line


def unknown(suppressions: Iterable[Suppression]) -> Iterator[tuple[int, str]]:
    """(line, message) for every rule a suppression names that codevitals does not know."""
    for suppression in suppressions:
        for key in suppression.rules:
            try:
                lookup(key)
            except ConfigError as error:
                yield suppression.line, str(error)


class Silencer:
    """One file's suppressions, applied to its findings; it remembers which ones were used."""

    def __init__(self, suppressions: Sequence[Suppression]) -> None:
        """Resolve each suppression's rules to names (None: every rule); unknown ones drop out."""
        self._entries: list[tuple[Suppression, str | None, str | None]] = []
        for suppression in suppressions:
            if not suppression.rules:
                self._entries.append((suppression, None, None))
            for key in suppression.rules:
                name = _known(key)
                if name is not None:
                    self._entries.append((suppression, key, name))
        self._used: set[int] = set()

    def silences(self, rule: str, line: int, definition: int | None = None) -> bool:
        """Whether a finding of `rule` at `line` (in a function defined at `definition`) is quiet.

        Every suppression that matches it counts as used.
        """
        matched = False
        for index, (suppression, _, name) in enumerate(self._entries):
            # None stands for every rule, and for the whole file.
            if name in (None, rule) and suppression.target in (None, line, definition):
                self._used.add(index)
                matched = True
        return matched

    def unused(self, enabled: Iterable[str]) -> tuple[Suppression, ...]:
        """Each suppression that silenced nothing, with the rules of it that matched nothing.

        A rule the policy does not run cannot match: naming it is not reported, so a comment
        stays valid under a configuration that turns its rule off.
        """
        running = {*enabled, None}  # a bare suppression (no name) always counts
        left: dict[Suppression, list[str]] = {}
        for index, (suppression, key, name) in enumerate(self._entries):
            if index not in self._used and name in running:
                left.setdefault(suppression, []).extend(() if key is None else (key,))
        return tuple(Suppression(s.line, s.target, tuple(keys)) for s, keys in left.items())


def _known(key: str) -> str | None:
    try:
        return lookup(key).name
    except ConfigError:
        return None
