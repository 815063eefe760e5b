"""Committed secrets: known token formats and high-entropy string literals.

Each pattern runs once over a file's whole text (the regular-expression engine does the
work, not a Python loop over lines), which keeps a cold scan of a large repository to a
second or two. The formats are the ones the major providers document (and GitHub secret
scanning, gitleaks and detect-secrets look for); the entropy limits are detect-secrets'
defaults. docs/findings.md explains why codevitals does not run detect-secrets itself.

A value that a comment on its line, or in the comment block just above it, calls a
placeholder ("example", "dummy", "a string like this", …) is not reported: documentation and
tutorials show keys of the real shape, and say so.

A secret never leaves this module in clear: messages show its first four characters.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from codevitals.findings.presets import SECRETS_PREFIX
from codevitals.model.findings import RuleDoc

VERSION = "8"
"""Bump when a pattern or limit changes; it is part of every findings cache key."""
BASE64_LIMIT = 4.5
HEX_LIMIT = 3.0
MIN_LENGTH = 20
ALPHABET_RUNS = 0.75
"""A spelled-out character set: at least this share of neighbours are consecutive characters."""
_SHOWN = 4


@dataclass(frozen=True, slots=True)
class SecretRule:
    """A kind of secret: its code, name, what it is, and the pattern that finds it."""

    code: str
    name: str
    title: str
    pattern: re.Pattern[str]
    group: int = 0
    """The pattern group holding the secret itself (0: the whole match)."""
    bounded: bool = True
    """The match must not follow a letter, digit or underscore. Checked in Python, because
    a leading `\\b` or look-behind stops the engine from searching for the literal prefix
    first: every pattern would then cost 30 times as much."""
    real: Callable[[str], bool] = lambda _: True
    """Whether a matched value is worth reporting (not a documentation placeholder)."""


def _rule(number: int, name: str, title: str, pattern: str) -> SecretRule:
    return SecretRule(f"{SECRETS_PREFIX}{number}", name, title, re.compile(pattern))


RULES: tuple[SecretRule, ...] = (
    SecretRule(f"{SECRETS_PREFIX}100", "private-key", "Private key", re.compile(
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"
    ), bounded=False),
    _rule(101, "aws-access-key-id", "AWS access key ID",
          r"(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[0-9A-Z]{16}\b"),
    _rule(102, "github-token", "GitHub token",
          r"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})\b"),
    _rule(103, "gitlab-token", "GitLab personal access token", r"glpat-[A-Za-z0-9_\-]{20,}"),
    _rule(104, "slack-token", "Slack token or webhook",
          r"xox[abposr]-[0-9A-Za-z-]{10,}|https://hooks\.slack\.com/services/[A-Za-z0-9/]{20,}"),
    _rule(105, "stripe-key", "Stripe live key", r"[rs]k_live_[0-9a-zA-Z]{24,}"),
    _rule(106, "google-api-key", "Google API key", r"AIza[0-9A-Za-z_\-]{35}"),
    _rule(107, "pypi-token", "PyPI upload token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    _rule(108, "npm-token", "npm access token", r"npm_[A-Za-z0-9]{36}\b"),
    _rule(109, "openai-key", "OpenAI API key",
          r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}"),
    _rule(110, "sendgrid-key", "SendGrid API key",
          r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b"),
    _rule(111, "twilio-key", "Twilio API key", r"SK[0-9a-f]{32}\b"),
    _rule(112, "json-web-token", "JSON Web Token",
          r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"),
    SecretRule(f"{SECRETS_PREFIX}113", "url-password", "Password in a URL", re.compile(
        r"://[^\s:/@'\"]+:([^\s:/@'\"$<{%*]{3,})@"
    ), group=1, bounded=False, real=lambda value: not placeholder(value)),
)  # fmt: skip
HIGH_ENTROPY = SecretRule(
    f"{SECRETS_PREFIX}200",
    "high-entropy-string",
    "High-entropy string",
    # Backticks: JavaScript and TypeScript template literals, Go's raw strings.
    re.compile(r"""(['"`])([A-Za-z0-9+/=_\-]{%d,})\1""" % MIN_LENGTH),  # noqa: UP031
    group=2,
)
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_HEX = frozenset("0123456789abcdefABCDEF")
_DIGEST_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
"""Hex digits of an MD5, SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512 digest."""
_DIGEST_NAME = re.compile(r"sha-?(?:1|224|256|384|512)|md5|checksum|digest|hash|integrity", re.I)
_SECRET_NAME = re.compile(r"key|secret|token|passw|credential|auth", re.I)
_SUBRESOURCE_INTEGRITY = re.compile(r"sha(?:256|384|512)-")


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret found in a text: which rule, where (1-based line and column), redacted."""

    rule: SecretRule
    line: int
    column: int
    end_column: int
    message: str


def detect(text: str) -> Iterator[Secret]:
    """Every secret in `text` not marked a placeholder, in order of position."""
    found = list(_detect(text))
    if found:
        lines = text.splitlines()
        yield from (s for s in found if not marked_placeholder(lines, s.line))


def _detect(text: str) -> Iterator[Secret]:
    lines = _LineIndex(text)
    found = [
        _secret(rule, match, lines)
        for rule in RULES
        for match in rule.pattern.finditer(text)
        if (not rule.bounded or not _follows_word(text, match.start()))
        and rule.real(match.group(rule.group))
    ]
    found += [
        _secret(HIGH_ENTROPY, match, lines)
        for match in HIGH_ENTROPY.pattern.finditer(text)
        if _high_entropy(match.group(2)) and not _digest(text, match)
    ]
    yield from sorted(_distinct(found), key=lambda s: (s.line, s.column))


PLACEHOLDERS = frozenset({
    "pass", "passwd", "pwd", "pw", "tiger", "scott", "foo", "bar", "baz", "qux", "test",
    "testing", "admin", "root", "user", "username", "guest", "demo", "sample", "changeme",
    "letmein", "hunter2", "abc", "abc123", "123", "1234", "12345", "123456", "xxx", "xxxx",
    "xxxxx", "none", "null", "redacted", "hidden", "masked", "token", "key", "value",
})  # fmt: skip
"""Passwords documentation and tests use (`scott:tiger`, `user:pass`): not secrets."""
_PLACEHOLDER_PARTS = (
    "password", "secret", "example", "dummy", "fake", "placeholder", "your", "tiger", "scott",
    "changeme", "hunter2",
)  # fmt: skip


def placeholder(value: str) -> bool:
    """A documentation password: a stock word, a word about passwords, or no letters at all."""
    lowered = value.lower()
    return (
        lowered in PLACEHOLDERS
        or any(part in lowered for part in _PLACEHOLDER_PARTS)
        or not any(c.isalnum() for c in value)
    )


_PLACEHOLDER_WORDS = r"\b(?:placeholder|example(?!\.)|dummy|fake|sample|not\s+a\s+real|like\s+this)"
_PLACEHOLDER_NOTE = re.compile(r"(?:#|//|/\*|<!--|\.\.\s)[^\n]*?" + _PLACEHOLDER_WORDS, re.I)
"""A comment saying that what it annotates is not a real value."""
_PLACEHOLDER_WORDS_ONLY = re.compile(_PLACEHOLDER_WORDS, re.IGNORECASE)
"""The same, in a line known to be a comment (a block comment's ` * ` lines)."""
_NOTE_ABOVE = 3
"""Comment lines read above a value: a tutorial's note often takes two or three."""
_COMMENT_STARTS = ("#", "//", "/*", "*", "<!--", "..")
"""Line and block comments of Python, the C family, JavaScript, Ruby, PHP, HTML and reST."""


def marked_placeholder(lines: list[str], line: int) -> bool:
    """Whether a comment on `line` (1-based), or just above it, calls its value a placeholder."""
    if _PLACEHOLDER_NOTE.search(lines[line - 1]):
        return True
    for above in reversed(lines[max(line - 1 - _NOTE_ABOVE, 0) : line - 1]):
        stripped = above.lstrip()
        if not stripped.startswith(_COMMENT_STARTS):
            return False
        if _PLACEHOLDER_WORDS_ONLY.search(stripped):
            return True
    return False


def _follows_word(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")


def _distinct(found: list[Secret]) -> Iterator[Secret]:
    """Drop a high-entropy hit where a known format was already found on the same spot."""
    known = {(s.line, s.column) for s in found if s.rule is not HIGH_ENTROPY}
    for secret in found:
        spot = (secret.line, secret.column)
        if secret.rule is not HIGH_ENTROPY or not any(_near(spot, k) for k in known):
            yield secret


def _near(spot: tuple[int, int], other: tuple[int, int]) -> bool:
    return spot[0] == other[0] and abs(spot[1] - other[1]) <= 1


def _secret(rule: SecretRule, match: re.Match[str], lines: _LineIndex) -> Secret:
    value = match.group(rule.group)
    start = match.start(rule.group)
    line, column = lines.position(start)
    shown = value[:_SHOWN] + "…"
    message = f"{rule.title} committed in source: `{shown}` ({len(value)} characters, redacted)"
    return Secret(rule, line, column, column + len(value), message)


def _digest(text: str, match: re.Match[str]) -> bool:
    """A checksum, named as one: a package formula's `sha256 "…"`, a lockfile's integrity.

    Its entropy is a secret's, but it is published with what it checks. A digest's length of
    hex digits counts only where the line before it names a digest and no secret (an
    `hmac_key_sha256` stays a key); a subresource-integrity value (`sha512-…`) always.
    """
    value = match.group(2)
    if _SUBRESOURCE_INTEGRITY.match(value):
        return True
    if len(value) not in _DIGEST_LENGTHS or not set(value) <= _HEX:
        return False
    before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
    return bool(_DIGEST_NAME.search(before)) and not _SECRET_NAME.search(before)


def _high_entropy(value: str) -> bool:
    if _UUID.fullmatch(value) or not any(c.isdigit() for c in value) or _alphabet(value):
        return False
    if set(value) <= _HEX:
        # detect-secrets' allowance for numbers: ten symbols carry less than sixteen.
        allowance = 1.2 / math.log2(len(value)) if value.isdigit() else 0.0
        return entropy(value) - allowance > HEX_LIMIT
    return entropy(value) > BASE64_LIMIT


def _alphabet(value: str) -> bool:
    """A character set spelled out ("0123456789abcdef"): every character distinct, mostly runs.

    Its entropy is as high as a string of its length can have, and it is no secret.
    """
    steps = sum(1 for a, b in itertools.pairwise(value) if ord(b) - ord(a) == 1)
    return len(set(value)) == len(value) and steps >= ALPHABET_RUNS * (len(value) - 1)


def entropy(value: str) -> float:
    """Shannon entropy of a string, in bits per character."""
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


class _LineIndex:
    """Offsets of line starts, to turn a match offset into a line and column."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def docs() -> dict[str, RuleDoc]:
    """Documentation of every secrets rule, by code."""
    return {rule.code: _doc(rule) for rule in (*RULES, HIGH_ENTROPY)}


DOCS_URL = "https://github.com/codevitals/codevitals/blob/main/docs/findings.md#secrets"
"""Where the secrets rules are documented (SARIF's `helpUri`)."""


def _doc(rule: SecretRule) -> RuleDoc:
    if rule is HIGH_ENTROPY:
        what = (
            f"Finds quoted strings of at least {MIN_LENGTH} base64 or hex characters whose "
            f"Shannon entropy exceeds {BASE64_LIMIT} (base64) or {HEX_LIMIT} (hex) bits per "
            "character, the way random keys look. UUIDs and strings without digits are left "
            'out, and so are checksums named as such (`sha256 "…"`, `sha512-…`).'
        )
    else:
        what = f"Finds text in the documented format of a {rule.title.lower()}."
    explanation = (
        f"## What it does\n{what}\n\n## Why is this bad?\nA secret committed to a repository "
        "is readable by everyone who can read the repository, and stays in its history after "
        "it is deleted. Revoke it, then load it from the environment or a secrets manager.\n"
    )
    return RuleDoc(rule.code, rule.name, f"{rule.title} committed in source", explanation, DOCS_URL)
