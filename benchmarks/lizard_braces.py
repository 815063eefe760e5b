"""Why lizard's CCN differs from codevitals' in the curly-brace languages, construct by construct.

lizard 1.17.10 counts condition tokens (`if`, `for`, `while`, `case`, `catch`, `&&`, `||`,
`?`, and per language `??` or `?:`); codevitals counts syntax. They part on a known set of
constructs (measured on gin, gson, Newtonsoft.Json and okhttp; see docs/languages.md):

| language | construct | codevitals | lizard |
| --- | --- | --- | --- |
| Go | `?` inside a backquoted raw string | 0 | +1 |
| Java | `?` of a generic wildcard (`List<?>`, `? extends T`) | 0 | +1 |
| Java | decisions of an anonymous class's methods | their own functions | in the enclosing method |
| C# | `?` of a nullable type (`int?`) or a null-conditional `?.`/`?[` | 0 | +1 |
| C# | `foreach` | +1 | 0 |
| C# | `#if`/`#elif` preprocessor lines | 0 | +1 |
| Kotlin | `?` of a nullable type (`String?`) | 0 | +1 |
| Kotlin | `when` branch but `else` | +1 | 0 |

`explain` counts these in a function's own lines (its body: lizard reads no conditions in a
signature) and returns the classes that account for the
whole difference, or None when they do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_RAW = re.compile(r"`[^`]*`")

_LIZARD_ONLY: dict[str, dict[str, re.Pattern[str]]] = {
    "go": {
        "a `?`, condition word or operator in a raw string's text (lizard +1)": re.compile(
            r"\?|\b(?:if|for|while|case|catch)\b|&&|\|\|"
        )
    },
    "java": {
        "generic wildcard `?` (lizard +1)": re.compile(r"[<,(]\s*\?(?=\s*(?:extends|super|>|,))")
    },
    "csharp": {
        "nullable `T?` or `?.`/`?[` (lizard +1)": re.compile(r"(?<=[\w>\])])\?(?![?:])"),
        "`#if`/`#elif` lines (lizard +1)": re.compile(r"^[ \t]*#[ \t]*(?:el)?if\b", re.MULTILINE),
    },
    "kotlin": {"nullable `T?` (lizard +1)": re.compile(r"(?<=[\w>)])\?(?![?:.])")},
}
_OURS_ONLY: dict[str, dict[str, re.Pattern[str]]] = {
    "csharp": {"`foreach` (lizard 0)": re.compile(r"\bforeach\b")},
    "kotlin": {"`when` branch (lizard 0)": re.compile(r"->")},
}
INITIALIZER = "decision in a constructor initializer (`: this(…)`, `: base(…)`; lizard 0)"
_INITIALIZER = re.compile(r"\)\s*:\s*(?:this|base)\s*\((.*)", re.DOTALL)
"""A C# constructor's `: this(…)`/`: base(…)`: lizard reads it as part of the signature."""
_DECISION = re.compile(r"\?\?|(?<=\s)\?(?=\s)|&&|\|\|")
"""`??`, the `?` of `?:` (spaced, unlike a nullable type's), `&&` and `||`."""
LANGUAGES = frozenset({"go", "java", "csharp", "kotlin"})
NESTED = "methods of an anonymous class (lizard folds them in)"


def lizard_only(language: str, name: str) -> str | None:
    """The class of a function only lizard finds, when its name tells lizard's mistake."""
    if language in {"kotlin", "swift"} and name in {"get", "set"}:
        return "lizard takes a call of `get()`/`set()` for a property accessor (with a later block)"
    return None


def explain(language: str, lines: Sequence[str], nested: int, difference: int) -> str | None:
    """The classes that add up to `difference`, lizard's CCN minus codevitals', or None.

    `lines` are the function's own lines; `nested` the decisions of the functions nested in
    it (lizard folds Java's anonymous classes into the method creating them).
    """
    text = _COMMENTS.sub(" ", "\n".join(lines))
    # lizard looks for conditions only in the body: a signature's `T?` or `<?>` is no condition.
    header, text = (
        (text[: text.find("{")], text[text.find("{") + 1 :]) if "{" in text else ("", text)
    )
    text = _STRINGS.sub('""', text)
    if language == "go":
        text = " ".join(_RAW.findall(text))  # lizard sees `?` only where Go's strings hide it
    found = {
        name: len(pattern.findall(text)) for name, pattern in _LIZARD_ONLY.get(language, {}).items()
    }
    theirs_only = sum(found.values())
    ours_found = {
        name: len(pattern.findall(text)) for name, pattern in _OURS_ONLY.get(language, {}).items()
    }
    if language == "csharp" and (chained := _INITIALIZER.search(_STRINGS.sub('""', header))):
        ours_found[INITIALIZER] = len(_DECISION.findall(chained.group(1)))
    ours_only = sum(ours_found.values())
    if language == "java" and nested:
        found[NESTED] = nested
        theirs_only += nested
    if theirs_only - ours_only != difference:
        return None
    names = [name for name, n in {**found, **ours_found}.items() if n > 0]
    return " + ".join(sorted(names)) or None
