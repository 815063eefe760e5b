"""How serious each security smell is: bandit's own severity for the test ruff's `S` rule ports.

ruff's `S` rules are bandit's tests under the same number (`S608` is bandit's `B608`), but
ruff carries no severity. Bandit rates each test low, medium or high (from its plugin and
blacklist documentation, https://bandit.readthedocs.io/en/latest/plugins/); codevitals maps
those to minor, major and critical. A test bandit rates differently by context (`B602`:
high with a non-literal command) gets its worst rating: ruff does not tell the contexts apart.
"""

from __future__ import annotations

from codevitals.model import Severity

_HIGH = frozenset(
    {
        "S201", "S202", "S304", "S312", "S321", "S324", "S401", "S402", "S411", "S412",
        "S413", "S415", "S501", "S502", "S505", "S507", "S602", "S605", "S609", "S701",
    }
)  # fmt: skip
_LOW = frozenset(
    {
        "S101", "S105", "S106", "S107", "S110", "S112", "S311", "S403", "S404", "S405",
        "S406", "S407", "S408", "S409", "S410", "S504", "S603", "S606", "S607",
    }
)  # fmt: skip


def severity(code: str) -> Severity:
    """Critical for bandit's high, minor for its low, major for medium (and for new rules)."""
    if code in _HIGH:
        return Severity.CRITICAL
    return Severity.MINOR if code in _LOW else Severity.MAJOR
