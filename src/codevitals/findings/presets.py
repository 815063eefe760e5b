"""Presets: named selections of finding rules, and how `select`/`deselect` adjust them.

`security` is ruff's bandit-derived `S` rules plus codevitals' secrets detector (`CVS`).
`google` maps the Google Python Style Guide to ruff rules; docs/findings.md lists which
section of the guide each rule stands for, and what the guide asks that no rule can check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from codevitals.errors import ConfigError
from codevitals.findings import bandit
from codevitals.model import Severity

SECRETS_PREFIX = "CVS"


@dataclass(frozen=True, slots=True)
class Preset:
    """A named rule selection with the ruff settings it needs."""

    name: str
    description: str
    select: tuple[str, ...]
    settings: tuple[str, ...] = ()
    """ruff `--config` overrides (TOML `key = value`), e.g. the docstring convention."""


SECURITY = Preset(
    name="security",
    description="ruff's bandit-derived security rules (S) and committed secrets (CVS)",
    select=("S", SECRETS_PREFIX),
)

GOOGLE_SECTIONS: dict[str, tuple[str, ...]] = {
    "2.2 Imports": ("TID252",),
    "2.4 Exceptions": ("E722", "BLE001"),
    "2.5 Mutable global state": ("PLW0603",),
    "2.8 Default iterators and operators": ("SIM118",),
    "2.10 Lambda functions": ("E731",),
    "2.12 Default argument values": ("B006", "B008"),
    "2.14 True/False evaluations": ("E711", "E712", "PLC1802"),
    "2.16 Lexical scoping": ("B023",),
    "3.1 Semicolons": ("E703",),
    "3.2 Line length": ("E501",),
    "3.4 Indentation": ("W191",),
    "3.6 Whitespace": ("W291", "W293"),
    "3.8 Comments and docstrings": ("D",),
    "3.10.1 Logging": ("G",),
    "3.11 Files, sockets, and similar stateful resources": ("SIM115",),
    "3.12 TODO comments": ("TD003", "TD004", "TD005"),
    "3.13 Imports formatting": ("E401", "E402", "I001"),
    "3.14 Statements": ("E701", "E702"),
    "3.16 Naming": ("N",),
}
"""Which ruff rules check each section of the Google Python Style Guide (docs/findings.md)."""

GOOGLE = Preset(
    name="google",
    description="the Google Python Style Guide, as far as ruff can check it",
    select=tuple(code for codes in GOOGLE_SECTIONS.values() for code in codes),
    settings=(
        'lint.pydocstyle.convention = "google"',
        "line-length = 80",
        'lint.flake8-tidy-imports.ban-relative-imports = "all"',
        "lint.isort.force-single-line = true",
        'lint.isort.single-line-exclusions = ["typing", "collections.abc", "typing_extensions"]',
        "lint.isort.force-sort-within-sections = true",
        "lint.isort.order-by-type = false",
    ),
)

PRESETS = {preset.name: preset for preset in (SECURITY, GOOGLE)}

TEST_EXEMPT = ("S101", "S105", "S106", "S108", "D1")
"""Not reported in tests: `assert` is how pytest checks, passwords and temporary paths there
are fixtures, and test functions need no docstrings (ruff users exempt tests the same way)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The rules a run checks: what goes to ruff, and which secrets rules run."""

    presets: tuple[str, ...]
    ruff_select: tuple[str, ...]
    ruff_ignore: tuple[str, ...]
    settings: tuple[str, ...]
    secrets_select: tuple[str, ...]
    secrets_ignore: tuple[str, ...]

    @property
    def secrets(self) -> bool:
        """Whether the secrets detector runs."""
        return bool(self.secrets_select)

    def wants_secret(self, code: str) -> bool:
        """Whether a secrets rule is selected and not left out."""
        return code.startswith(self.secrets_select) and not code.startswith(self.secrets_ignore)

    @property
    def empty(self) -> bool:
        """True when no rule is selected: the findings stage does not run."""
        return not self.ruff_select and not self.secrets

    @property
    def selected(self) -> tuple[str, ...]:
        """Every selected code or prefix, for reports."""
        return tuple(sorted({*self.ruff_select, *self.secrets_select}))

    def key(self) -> str:
        """What the findings of a file depend on besides its content, for cache keys."""
        return "\0".join(
            [*self.ruff_select, "|", *self.ruff_ignore, "|", *self.settings, "|",
             *self.secrets_select, "|", *self.secrets_ignore]
        )  # fmt: skip


def select(
    presets: Iterable[str], extra: Iterable[str] = (), deselect: Iterable[str] = ()
) -> Selection:
    """Combine presets with extra rules and rules to leave out (codes or prefixes)."""
    chosen = [_preset(name) for name in dict.fromkeys(presets)]
    codes = [code for preset in chosen for code in preset.select]
    codes += [code.strip().upper() for code in extra]
    dropped = [code.strip().upper() for code in deselect]
    ruff_codes = sorted({c for c in codes if not c.startswith(SECRETS_PREFIX)})
    return Selection(
        presets=tuple(p.name for p in chosen),
        ruff_select=tuple(ruff_codes),
        ruff_ignore=tuple(sorted({c for c in dropped if not c.startswith(SECRETS_PREFIX)})),
        settings=tuple(dict.fromkeys(s for preset in chosen for s in preset.settings)),
        secrets_select=tuple(sorted({c for c in codes if c.startswith(SECRETS_PREFIX)})),
        secrets_ignore=tuple(sorted({c for c in dropped if c.startswith(SECRETS_PREFIX)})),
    )


def _preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise ConfigError(f"unknown preset {name!r} (known: {known})") from None


def severity(code: str) -> Severity:
    """Secrets are critical, security smells as bandit rates them, style minor."""
    if code.startswith(SECRETS_PREFIX):
        return Severity.CRITICAL
    if code.startswith("S") and code[1:2].isdigit():
        return bandit.severity(code)
    return Severity.MINOR
