"""HTML for a fleet run: one self-contained page of the organisation's view.

It reuses the scan report's stylesheet (`assets/report.css`: cards, panels, sortable
tables, health badges, light and dark schemes) with a template and a small script of its
own. Unlike the scan report, whose script draws a treemap from packed data, this page is
rendered on the server: a few tables of at most a few thousand rows need no client-side
model. Every string from a repository (names, paths, authors, package names, messages) is
escaped by Jinja's autoescaping, and the page's Content-Security-Policy forbids loading
anything: it makes no network request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TextIO

from codevitals.model import SCHEMA_VERSION
from codevitals.model.deps import DependencyTotals
from codevitals.model.fleet import Entry, FleetTotals, Organisation, Pin, SharedPin
from codevitals.report import deps_counts
from codevitals.report.html.templates import asset, template
from codevitals.report.words import plural


class FleetHtmlReporter:
    """Writes the organisation's view as one HTML page."""

    format_name: ClassVar[str] = "html"

    def report(self, result: Organisation, out: TextIO) -> None:
        """Render the page into `out`."""
        out.write(render(result))


def render(result: Organisation) -> str:
    """The whole page as one string."""
    return template("fleet.html.j2").render(
        org=result,
        as_of=dt.datetime.fromtimestamp(result.as_of, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        schema=SCHEMA_VERSION,
        cards=_cards(result),
        repositories=[_row(entry) for entry in result.entries],
        hotspots=result.hotspots,
        pin_groups=_pin_groups(result),
        labelled=deps_counts.labels_ecosystems(result),
        colour=colour,
        css=asset("report.css"),
        script=asset("fleet.js"),
    )


def colour(health: float) -> str:
    """The badge colour of a health score: the scan report's scale, red 1 to green 10."""
    h = max(1.0, min(10.0, health))
    hue = (h - 1) / 5 * 45 if h < 6 else 45 + (h - 6) / 4 * 75
    return f"hsl({hue:.0f} {45 if h >= 9 else 72}% {46 if h >= 9 else 58}%)"


def band(health: float | None) -> str:
    """The CSS tone of a health score."""
    if health is None:
        return "none"
    return "healthy" if health >= 9 else "warning" if health >= 4 else "alert"


def _repository_vulnerable(pins: Sequence[Pin], deps: DependencyTotals) -> str:
    vulnerable = sum(1 for pin in pins if pin.vulnerable)
    return f"{vulnerable} · {deps.unchecked} unknown" if deps.unchecked else str(vulnerable)


def _vulnerable(t: FleetTotals) -> str:
    """Vulnerable versions, and the packages no lookup could check (never shown as clean)."""
    found, unchecked = f"{t.vulnerable_pins:,}", t.dependencies.unchecked
    return f"{found} · {unchecked:,} unknown" if unchecked else found


def _cards(result: Organisation) -> list[dict[str, str]]:
    t = result.totals
    health = t.production.health
    return [
        {"label": "Code health", "value": "n/a" if health is None else f"{health:.1f}",
         "tone": band(health)},
        {"label": "Repositories", "value": f"{t.repositories:,}", "tone": ""},
        {"label": "Failed", "value": f"{t.failed:,}", "tone": "alert" if t.failed else ""},
        {"label": "Alert files", "value": f"{t.production.alert:,}",
         "tone": "alert" if t.production.alert else ""},
        {"label": "Code lines", "value": f"{t.production.code_lines:,}", "tone": ""},
        {"label": "Vulnerable versions", "value": _vulnerable(t),
         "tone": deps_counts.tone(t.vulnerable_pins, t.dependencies.unchecked)},
        {"label": "Outdated versions", "value": f"{t.outdated_pins:,}", "tone": ""},
        {"label": "Truck-factor risks", "value": f"{len(result.truck_risks):,}", "tone": ""},
    ]  # fmt: skip


def _row(entry: Entry) -> dict[str, Any]:
    result, failure = entry.result, entry.failure
    if result is None:
        name = failure.name if failure else ""
        return {"name": name, "location": failure.location if failure else "", "health": None,
                "health_value": -1, "code_lines": 0, "alert": "", "risk": 0, "truck": "",
                "truck_value": -1, "vulnerable": "", "outdated": "", "commit": "",
                "status": entry.status.value}  # fmt: skip
    health = result.health
    knowledge = result.knowledge
    deps = result.dependencies
    return {
        "name": result.name, "location": result.location,
        "health": None if health is None else f"{health:.1f}",
        "health_value": -1 if health is None else round(health, 2),
        "colour": colour(health) if health is not None else "",
        "code_lines": result.production.code_lines, "alert": result.production.alert,
        "risk": result.hotspot_risk,
        "truck": knowledge.truck_factor if knowledge else "n/a",
        "truck_value": knowledge.truck_factor if knowledge else -1,
        "vulnerable": _repository_vulnerable(result.pins, deps) if deps else "n/a",
        "outdated": deps.outdated if deps else "n/a",
        "commit": result.commit[:10], "status": entry.status.value,
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class _PinGroup:
    title: str
    note: str
    advice: str
    items: tuple[SharedPin, ...]
    vulnerable: bool

    def advise(self, item: SharedPin) -> str:
        if self.vulnerable:
            return f"upgrade to {item.fix}" if item.fix else "no fixed version known"
        return f"latest {item.latest or '?'}"

    def details(self, item: SharedPin) -> str:
        if self.vulnerable:
            return f"{item.severity or 'unrated'} · " + ", ".join(item.vulnerabilities)
        return f"libyear {item.libyear:.1f} · {plural(item.behind, 'version')} behind"


def _pin_groups(result: Organisation) -> list[_PinGroup]:
    return [
        _PinGroup("Vulnerable package versions", "Known vulnerabilities (OSV), the versions "
                  "used by the most repositories first.", "fix", result.vulnerable, True),
        _PinGroup("Outdated in several repositories", "The same package and version, behind "
                  "its latest release, in at least two repositories.", "latest",
                  result.outdated, False),
    ]  # fmt: skip
