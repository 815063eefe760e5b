"""Why lizard's CCN of a Python function differs from McCabe's, construct by construct.

codevitals counts cyclomatic complexity as ruff's C901 (McCabe) does; lizard counts
condition tokens. On Python they differ on a known set of constructs (measured on small
probes with lizard 1.17.10 and ruff's C901):

| construct | McCabe (codevitals) | lizard |
| --- | --- | --- |
| `and` / `or` | 0 | +1 each |
| conditional expression `a if c else b` | 0 | +1 |
| comprehension `for` / `if` | 0 | +1 each |
| `finally` | 0 | +1 |
| `else` of a `try` | +1 | 0 |
| `case` of a `match` | +1 each but a final `case _` | 0 |
| nested `def` (also inside a nested class) | its whole complexity | 0 (a function of its own) |

`explain` counts these constructs in a function's own lines with Python's tokenizer and
returns the classes that account for the whole difference, or None when they do not.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from collections.abc import Sequence

LIZARD_ONLY = {
    "and": "`and`/`or` (lizard +1 each)",
    "or": "`and`/`or` (lizard +1 each)",
    "ifexp": "conditional expression (lizard +1)",
    "comprehension": "comprehension `for`/`if` (lizard +1 each)",
    "finally": "`finally` (lizard +1)",
}
MCCABE_ONLY = {
    "try-else": "`else` of `try` (McCabe +1)",
    "case": "`match` cases (McCabe +1 per case but the wildcard)",
    "nested": "nested function (McCabe adds its complexity)",
}
_COUNTED_CASE = re.compile(r"\s*case\b(?!\s+_\s*:).*:")
"""A `case` head, but not the wildcard `case _:`."""
_HEADS = frozenset({"if", "elif", "for", "while", "try", "except", "with", "def", "class"})


class _Counter:
    """Counts constructs token by token, tracking statement heads and open brackets."""

    def __init__(self) -> None:
        self.found: Counter[str] = Counter()
        self.heads: dict[int, str] = {}
        """Keyword of the last compound statement opened at each indentation."""
        self.brackets: list[bool] = []
        """Per open bracket: whether a comprehension `for` has been seen inside it."""

    def head(self, token: tokenize.TokenInfo, indent: int) -> None:
        """The first token of a statement."""
        text = token.string
        if text == "else" and self.heads.get(indent) in ("except", "try"):
            self.found["try-else"] += 1
        elif text == "finally":
            self.found["finally"] += 1
        elif text == "case" and _COUNTED_CASE.match(token.line):
            # `case` is a keyword only in a statement head; the wildcard adds nothing.
            self.found["case"] += 1
        if text in _HEADS:
            self.heads[indent] = text

    def inside(self, token: tokenize.TokenInfo) -> None:
        """A token within a statement."""
        text = token.string
        if token.type == tokenize.OP:
            if text in "([{":
                self.brackets.append(False)
            elif text in ")]}" and self.brackets:
                self.brackets.pop()
        elif text in ("and", "or"):
            self.found[text] += 1
        elif text == "for" and self.brackets:
            self.brackets[-1] = True
            self.found["comprehension"] += 1
        elif text == "if":
            comprehension = self.brackets and self.brackets[-1]
            self.found["comprehension" if comprehension else "ifexp"] += 1


def constructs(lines: Sequence[str]) -> Counter[str]:
    """Count the constructs the two tools treat differently in some lines of Python."""
    counter = _Counter()
    at_start = True
    indent = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT):
                # Only the end of a logical line starts a statement: NL also ends the
                # physical lines of a condition spread over several in brackets.
                at_start = token.type == tokenize.NEWLINE or at_start
            elif token.type not in (tokenize.INDENT, tokenize.DEDENT):
                if at_start and token.type == tokenize.NAME:
                    indent = token.start[1]
                    counter.head(token, indent)
                else:
                    counter.inside(token)  # strings and numbers count for nothing
                at_start = False
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # a function cut off at its last line: what was read still counts
    return counter.found


def explain(lines: Sequence[str], nested: int, ours: int, theirs: int) -> str | None:
    """The classes that add up to lizard's CCN minus codevitals', or None if they do not.

    `lines` are the function's own lines (nested functions left out); `nested` is the
    McCabe complexity its nested functions add.
    """
    counts = constructs(lines)
    if nested:
        counts["nested"] = nested
    lizard = sum(counts[name] for name in LIZARD_ONLY)
    mccabe = sum(counts[name] for name in MCCABE_ONLY)
    if lizard - mccabe != theirs - ours:
        return None
    names = {LIZARD_ONLY.get(name) or MCCABE_ONLY[name] for name, n in counts.items() if n > 0}
    return " + ".join(sorted(names))


_BODY_ON_HEADER = re.compile(r"\)\s*(->[^:]*)?:\s*[^\s#]")


def body_on_header(lines: Sequence[str]) -> bool:
    """Whether a function's body follows its signature on the same line (`def f(): ...`).

    lizard 1.17.10's Python reader loses such a function: it waits for an indented line to
    open the body, and the next line belongs to something else.
    """
    return bool(lines) and _BODY_ON_HEADER.search(lines[-1]) is not None
