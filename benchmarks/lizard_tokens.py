"""Why lizard's CCN of a PHP, Ruby, Swift or Scala function differs from codevitals'.

lizard reads these languages as streams of tokens and counts the tokens in its list of
conditions; codevitals counts McCabe's decisions on the syntax tree. Where the two differ is
a short list of constructs per language (found with small probes against lizard 1.17.10,
then counted on real code). `explain` counts those constructs in a function's own lines —
strings and comments blanked first, by a rough lexer that is enough for this purpose — and
returns the classes that add up to the whole difference, or None when they do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Construct:
    """A construct the tools count differently: lizard counts `lizard` more than McCabe."""

    name: str
    pattern: re.Pattern[str]
    lizard: int
    inner: re.Pattern[str] | None = None
    """When given, what is counted within the text of each match's first group."""

    def count(self, line: str) -> int:
        """How many times the construct occurs in a line."""
        if self.inner is None:
            return len(self.pattern.findall(line))
        inner = self.inner
        return sum(len(inner.findall(m.group(1))) for m in self.pattern.finditer(line))


def _c(name: str, pattern: str, lizard: int, inner: str | None = None) -> Construct:
    return Construct(name, re.compile(pattern), lizard, re.compile(inner) if inner else None)


_REGEX = (
    r"(?:^|[(,=:\[!&|?{};]|\breturn)\s*/(?![/*])"
    r"((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+)/[a-z]*"
)
"""A regular expression literal: a `/` after an operator, a bracket or `return` (rough)."""

CONSTRUCTS: dict[str, tuple[Construct, ...]] = {
    "php": (
        _c("`foreach` (McCabe +1, not in lizard's conditions)", r"\bforeach\b", -1),
        _c("`and`/`or`/`xor` (McCabe +1, not in lizard's conditions)", r"\b(?:and|or|xor)\b", -1),
        _c("`??` and `??=` (lizard +2: two `?` tokens)", r"\?\?", 1),
        _c(
            "nullable type `?T` (lizard +1 for its `?`)",
            r"(?:[(,]|^)\s*(?:(?:public|protected|private|readonly)\s+)*\?\s*[A-Za-z_\\][\w\\]*"
            r"\s+&?(?:\.\.\.)?\$|\)\s*:\s*\?\s*[A-Za-z_\\]",
            1,
        ),
        _c(
            "a member named like a keyword (`$this->for`: lizard +1)",
            r"->\s*(?:if|for|while|case|catch)\b",
            1,
        ),
    ),
    "ruby": (
        _c("`unless` (McCabe +1, not in lizard's conditions)", r"\bunless\b", -1),
        _c("safe navigation `&.` (McCabe +1, lizard 0)", r"&\.", -1),
        _c("`ensure` (lizard +1, it decides nothing)", r"\bensure\b", 1),
        _c("character literal `?a` (lizard +1 for its `?`)", r"(?<![\w)\]])\?\w(?!\w)", 1),
        _c(
            "a method named like a keyword (`List.for(app)`: lizard +1)",
            r"\.(?:for|if|while|until|and|or|rescue|when)\b",
            1,
        ),
    ),
    "swift": (
        _c("`?` after `)`, `]` or `>` (optional type or chaining: lizard +1)", r"[)\]>]\?", 1),
        _c(
            "a parameter labelled like a keyword (`for request:`: lizard +1)",
            r"[(,]\s*(?:if|for|while|guard|case|catch)\s+\w+\s*:"
            r"|^\s*(?:if|for|while|guard|catch)\s+\w+\s*:",
            1,
        ),
        _c(
            "`case` pattern in an `if`/`guard` condition (lizard +1)",
            r"\bcase\b[^:]*[^=!<>]=[^=]",
            1,
        ),
    ),
    "javascript": (
        _c("`??` and `??=` (lizard +2: two `?` tokens)", r"\?\?", 1),
        _c("`?` in a regular expression literal (lizard +1)", _REGEX, 1, r"\?"),
    ),
    "typescript": (
        _c("`??` and `??=` (lizard +2: two `?` tokens)", r"\?\?", 1),
        _c("`?` in a regular expression literal (lizard +1)", _REGEX, 1, r"\?"),
        _c("`?.` after a name (lizard's TypeScript reader misses it)", r"(?<=[\w$])\?\.(?!\d)", -1),
        _c(
            "conditional type `A extends B ? X : Y` (lizard +1)",
            r"\bextends\b[^?;{}()=]*\?(?![.?])",
            1,
        ),
    ),
}
"""Per language, the constructs whose counts differ, with lizard's excess for each."""

TEMPLATE_TEXT = (
    "a condition word or operator in a template string's text (lizard's TypeScript reader +1)"
)
"""lizard's TypeScript reader does not know template strings: in their text (not their
`${…}` parts) it counts `if`, `for`, `while`, `case`, `catch`, `&&`, `||` and `?` as in code.
Its JavaScript reader reads them as strings."""
_CONDITIONS_IN_TEXT = re.compile(r"\b(?:if|for|while|case|catch)\b|&&|\|\||\?")
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def template_texts(text: str) -> tuple[str, str]:
    """The text with every template string's text removed, and those texts joined.

    A small lexer: escapes and the `${…}` parts of templates (which are code, nested
    templates and all) are followed closely enough for this purpose.
    """
    templates = _Templates()
    for piece in _TEMPLATE_PIECES.findall(text):
        if templates.in_text:
            templates.text(piece)
        else:
            templates.code(piece)
    return "".join(templates.code_parts), "".join(templates.text_parts)


_TEMPLATE_PIECES = re.compile(r"\\.|`|\$\{|[{}]|[^\\`${}]+|[\\$]", re.DOTALL)


class _Templates:
    """Where the lexer is: in a template's text, or in code (maybe inside a `${…}`)."""

    def __init__(self) -> None:
        self.code_parts: list[str] = []
        self.text_parts: list[str] = []
        self.braces: list[int] = []
        """Per open `${`, how many `{` opened inside it are still open."""
        self.in_text = False

    def text(self, piece: str) -> None:
        """A piece of a template's text: its end, a `${`, or text."""
        if piece == "`":
            self.in_text = False
        elif piece == "${":
            self.braces.append(0)
            self.in_text = False
        else:
            self.text_parts.append(piece)

    def code(self, piece: str) -> None:
        """A piece of code: a template's start, the `}` that ends a `${…}`, or code."""
        if piece == "`":
            self.in_text = True
        elif self._ends_substitution(piece):
            self.braces.pop()
            self.in_text = True
        else:
            self._count(piece)
            self.code_parts.append(piece)

    def _ends_substitution(self, piece: str) -> bool:
        open_here = self.braces[-1] if self.braces else None
        return piece == "}" and open_here == 0

    def _count(self, piece: str) -> None:
        if self.braces and piece in ("{", "}"):
            self.braces[-1] += 1 if piece == "{" else -1


HEREDOC_TEXT = "a condition word or operator in a heredoc's or nowdoc's text (lizard +1)"
"""lizard's PHP reader is its JavaScript reader, which does not know heredocs: in their text
(a Lua script, an SQL query) it counts `if`, `for`, `while`, `case`, `catch`, `&&`, `||`
and `?` as in code."""
_HEREDOC = re.compile(r"<<<[ \t]*(['\"]?)(\w+)\1[ \t]*\n(.*?)\n[ \t]*\2\b", re.DOTALL)
_QUOTED = re.compile(r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"")


def heredoc_texts(text: str) -> tuple[str, str]:
    """The text with every heredoc's body emptied (its line breaks kept), and the bodies."""
    bodies: list[str] = []

    def empty(heredoc: re.Match[str]) -> str:
        bodies.append(heredoc.group(3))
        whole, offset = heredoc.group(0), heredoc.start()
        start, end = heredoc.start(3) - offset, heredoc.end(3) - offset
        return whole[:start] + "\n" * whole.count("\n", start, end) + whole[end:]

    return _HEREDOC.sub(empty, text), "\n".join(bodies)


MATCH_ARM = "`match` arm (McCabe +1; lizard reads it as an arrow function of its own)"
_MATCH = re.compile(r"\bmatch\s*\(")
_ARM_MARKS = re.compile(r"=>|,|[{}()\[\]]")


def match_arms(code: str) -> int:
    """The arms of the `match` expressions in PHP code (strings blanked), `default` left out."""
    arms = 0
    for found in _MATCH.finditer(code):
        body = code.find("{", _closing(code, found.end() - 1))
        if body >= 0:
            arms += _arms(code, body + 1)
    return arms


def _arms(code: str, start: int) -> int:
    """The arms but `default` of the `match` body that starts at `start`, after its `{`."""
    arms, depth, condition = 0, 0, start
    for mark in _ARM_MARKS.finditer(code, start):
        piece = mark.group()
        if piece in "{([":
            depth += 1
        elif piece in "})]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and piece == ",":
            condition = mark.end()  # an arm ended, or one of its conditions did
        elif depth == 0:  # `=>`
            arms += not code[condition : mark.start()].strip().startswith("default")
    return arms


LOST = (
    "decision in an array item's value or a `match` arm's result"
    " (lizard gives it to its phantom arrow function)"
)
_PHP_DECISIONS = re.compile(
    r"\b(?:if|elseif|for|foreach|while|case|catch|and|or|xor)\b|&&|\|\||\?\?|(?<!\?)\?(?![?>-])"
)
_ARRAY_ITEM = re.compile(r"^(?!.*\b(?:fn|function|foreach)\b).*?=>")


def lost_to_phantoms(code: Sequence[str]) -> tuple[list[str], list[str]]:
    """PHP lines (strings blanked) without what lizard's phantom arrow functions take.

    lizard reads `=>` as an arrow function's: what follows it in an array item or a `match`
    arm is that function's body. Returns the lines with those parts removed, and the parts.
    """
    kept: list[str] = []
    lost: list[str] = []
    for line in code:
        if (item := _ARRAY_ITEM.search(line)) is not None:
            kept.append(line[: item.end()])
            lost.append(line[item.end() :])
        else:
            kept.append(line)
    return kept, lost


def _closing(code: str, opening: int) -> int:
    """The offset just past the parenthesis that closes the one at `opening` (or the end)."""
    depth = 0
    for at in range(opening, len(code)):
        depth += {"(": 1, ")": -1}.get(code[at], 0)
        if depth == 0:
            return at + 1
    return len(code)


_STRINGS = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"")
_COMMENTS = {
    "php": re.compile(r"//.*|#(?!\[).*|/\*.*?\*/"),
    "ruby": re.compile(r"#(?!\{).*"),
    "swift": re.compile(r"//.*|/\*.*?\*/"),
    "scala": re.compile(r"//.*|/\*.*?\*/"),
    "javascript": re.compile(r"//.*|/\*.*?\*/"),
    "typescript": re.compile(r"//.*|/\*.*?\*/"),
}


def blank(language: str, line: str) -> str:
    """A line with its strings emptied and its comments removed."""
    line = _STRINGS.sub("''", line)
    comments = _COMMENTS.get(language)
    return comments.sub("", line) if comments is not None else line


_TEXTS: dict[str, tuple[Callable[[str], tuple[str, str]], re.Pattern[str], str]] = {
    "typescript": (template_texts, _DOUBLE_QUOTED, TEMPLATE_TEXT),
    "php": (heredoc_texts, _QUOTED, HEREDOC_TEXT),
}
"""Per language, text that lizard reads as code: how to take it out of a function's code,
the strings in it that hide their words from lizard, and the class of what it counts there."""


def explain(language: str, lines: Sequence[str], ours: int, theirs: int) -> str | None:
    """The classes that add up to lizard's CCN minus codevitals', or None if they do not."""
    constructs = CONSTRUCTS.get(language)
    if constructs is None:
        return None
    found: dict[str, int] = {}
    whole = "\n".join(lines)
    if language in _TEXTS:
        split, hidden, name = _TEXTS[language]
        code, texts = split(whole)
        # A quoted string in such text is one token to lizard, which hides what it holds.
        found[name] = len(_CONDITIONS_IN_TEXT.findall(hidden.sub("", texts)))
        lines = code.split("\n")
    text = [blank(language, line) for line in lines]
    if language == "php":
        found[MATCH_ARM] = match_arms("\n".join(text))
        text, lost = lost_to_phantoms(text)
        found[LOST] = sum(len(_PHP_DECISIONS.findall(part)) for part in lost)
    for construct in constructs:
        found[construct.name] = sum(construct.count(line) for line in text)
    excess = {construct.name: construct.lizard for construct in constructs} | {
        TEMPLATE_TEXT: 1,
        HEREDOC_TEXT: 1,
        MATCH_ARM: -1,
        LOST: -1,
    }
    if sum(excess[name] * n for name, n in found.items()) != theirs - ours:
        return QUOTE_IN_TEMPLATE if language == "typescript" and _LONE_QUOTE.search(whole) else None
    return " + ".join(sorted(name for name, n in found.items() if n)) or None


QUOTE_IN_TEMPLATE = (
    "a lone quote in a template string's text (lizard's TypeScript reader reads a string"
    " from it on, across code)"
)


_LONE_QUOTE = re.compile(r"`[^`'\"]*['\"][^`'\"]*`")
"""A template string whose text holds one quote (`` `'` ``). lizard's TypeScript reader,
which does not know template strings, starts a string there and reads code as its text
until the next such quote, so no count can be told."""


PHANTOMS: dict[str, tuple[re.Pattern[str], str]] = {
    "php": (
        re.compile(r"^(?!.*\b(?:fn|function)\b).*=>"),
        "lizard reads `key => value` (array item, `match` arm) as an arrow function",
    ),
    "swift": (
        re.compile(r"\.init\b|\(set\)|\.(?:get|set)\("),
        "lizard reads `super.init(…)`, `.get()` or `internal(set)` as a function of its own",
    ),
}
"""Per language, lines where lizard reports a function there is none of, and why.

lizard's PHP reader is its JavaScript reader: an array item `'key' => value` or a `match`
arm looks like an arrow function to it."""


def phantom(language: str, line: str) -> str | None:
    """Why lizard reports a function at a line where there is none, or None if unknown."""
    known = PHANTOMS.get(language)
    if known is None or not known[0].search(blank(language, line)):
        return None
    return known[1]


MISSED: dict[str, tuple[re.Pattern[str], str]] = {
    "scala": (
        re.compile(r"\bdef\s+[^\s(\[]+\s*\["),
        "lizard misses a `def` with type parameters (`def opt[A: Read](…)`)",
    ),
}
"""Per language, first lines of functions lizard does not see, and why."""


def missed(language: str, line: str) -> str | None:
    """Why lizard finds no function that starts at a line, or None if unknown."""
    known = MISSED.get(language)
    if known is None or not known[0].search(blank(language, line)):
        return None
    return known[1]
