"""The HTML report's data for the plan, the history analyses, the dependencies and the trend.

Packed like the rest of the page's data: short keys, lists for rows, every repository string
(paths, names, authors, advisory texts) left as data for the page's script to set as text.
"""

from __future__ import annotations

from typing import Any

from codevitals.model.deps import Dependency, DependencyReport, DependencyTotals, Vulnerability
from codevitals.model.history import FileKnowledge, FunctionHotspot, History, Hotspot
from codevitals.model.plan import Plan, PlanItem
from codevitals.model.trend import METRICS, PathTrend, Trend, TrendPoint
from codevitals.report import deps_counts as counts

_AUTHORS = 5
"""Authors listed per file, by share of its lines."""


def plan_data(plan: Plan | None) -> dict[str, Any] | None:
    """Items with their reasons and the plan's totals."""
    if plan is None:
        return None
    return {
        "basis": plan.settings.get("basis"),
        "candidates": plan.candidates,
        "budget": plan.budget_days,
        "overBudget": plan.over_budget,
        "unchecked": plan.unchecked_dependencies,
        "days": plan.days,
        "benefit": round(plan.benefit, 2),
        "items": [_item(item) for item in plan.items],
    }


def _item(item: PlanItem) -> dict[str, Any]:
    target, action = item.target, item.action
    return {
        "rank": item.rank,
        "kinds": [kind.value for kind in item.kinds],
        "action": [action.verb, action.subject, action.rest],
        "path": target.path,
        "function": target.function,
        "line": target.line,
        "package": target.package,
        "benefit": round(item.benefit, 2),
        "effort": item.effort.value,
        "days": item.days,
        "place": item.place.value,
        "reasons": [[r.signal, r.text, round(r.points, 2)] for r in item.reasons],
    }


def history_data(history: History | None) -> dict[str, Any] | None:
    """Hotspots, coupling, knowledge by folder, contributors and the truck factor."""
    if history is None:
        return None
    summary = history.summary
    return {
        "asOf": history.as_of,
        "windowStart": history.window_start,
        "shallow": history.shallow,
        "commits": summary.commits,
        "windowCommits": summary.window_commits,
        "authors": summary.authors,
        "activeAuthors": summary.active_authors,
        "truckFactor": [history.truck_factor.value, list(history.truck_factor.authors)],
        "hotspots": [_hotspot(spot) for spot in history.hotspots],
        "coupling": [[c.first, c.second, round(c.degree, 1), c.shared, c.surprising]
                     for c in history.coupling],
        "folders": [[f.folder, f.files, f.truck_factor.value, list(f.truck_factor.authors),
                     f.islands, f.authorship.main_author, round(f.authorship.main_share, 3),
                     round(f.inactive_share, 3)] for f in history.folders],
        "contributors": [[c.name, c.commits, c.lines_added, c.last_commit, c.active]
                         for c in history.contributors],
    }  # fmt: skip


def _hotspot(spot: Hotspot) -> list[Any]:
    return [spot.path, round(spot.score, 2), spot.changes, spot.authors, spot.health,
            spot.code_lines, [_function(f) for f in spot.functions]]  # fmt: skip


def _function(spot: FunctionHotspot) -> list[Any]:
    return [spot.qualified_name, spot.line, round(spot.score, 2), spot.changes, spot.authors,
            spot.health]  # fmt: skip


def file_history(item: FileKnowledge) -> dict[str, Any]:
    """What the page shows about one file's history, beside its health."""
    authorship = item.authorship
    ranked = sorted(authorship.lines, key=lambda a: (-authorship.lines[a], a))[:_AUTHORS]
    return {
        "changes": item.window_changes,
        "commits": authorship.total_commits,
        "age": round(item.age_months, 1),
        "created": item.created,
        "creator": item.creator,
        "mainInactive": item.main_author_inactive,
        "inactiveShare": round(item.inactive_share, 3),
        "authors": [[a, round(authorship.share(a), 3), authorship.commits.get(a, 0)]
                    for a in ranked],
        "authorCount": len(authorship.lines),
    }  # fmt: skip


def dependencies_data(report: DependencyReport | None) -> dict[str, Any] | None:
    """Totals and one row per declaration with its freshness and vulnerabilities."""
    if report is None:
        return None
    totals = report.totals
    return {
        "totals": {"dependencies": totals.dependencies, "vulnerable": totals.vulnerable,
                   "vulnerabilities": totals.vulnerabilities, "libyear": round(totals.libyear, 1),
                   "outdated": totals.outdated, "unknown": totals.unknown,
                   "yanked": totals.yanked, "unmaintained": totals.unmaintained,
                   "unchecked": totals.unchecked, "libyearUnknown": totals.libyear_unknown},
        "cards": _cards(totals),
        "manifests": [m.path for m in report.manifests],
        "items": [_dependency(d) for d in report.dependencies],
    }  # fmt: skip


def _cards(t: DependencyTotals) -> dict[str, list[list[str]]]:
    """[label, value, tone] of the overview's and the tab's dependency cards, unknowns shown.

    Made here, not in the page's script, so that every report words the counts alike.
    """
    vulnerable = [counts.vulnerable(t), counts.vulnerable_tone(t)]
    libyear = [counts.libyear(t), counts.libyear_tone(t)]
    return {
        "overview": [["Vulnerable packages", *vulnerable], ["Libyears behind", *libyear]],
        "tab": [
            ["Packages", f"{t.dependencies:,}", ""], ["Vulnerable", *vulnerable],
            ["Advisories", f"{t.vulnerabilities:,}", counts.tone(t.vulnerabilities, t.unchecked)],
            ["Libyears", *libyear],
            ["Outdated", f"{t.outdated:,}", counts.tone(0, t.outdated)],
            ["Unknown", f"{t.unknown:,}", counts.tone(0, t.unknown)],
        ],
    }  # fmt: skip


def _dependency(item: Dependency) -> dict[str, Any]:
    declared, fresh = item.declaration, item.freshness
    return {
        "name": declared.name,
        "ecosystem": declared.ecosystem,
        "version": declared.version,
        "where": f"{declared.path}:{declared.line}" if declared.line else declared.path,
        "group": declared.group,
        "relation": declared.relation.value,
        "latest": fresh.latest if fresh else None,
        "libyear": round(fresh.libyear, 2) if fresh and fresh.libyear is not None else None,
        "behind": fresh.behind if fresh else None,
        "majors": fresh.majors_behind if fresh else None,
        "yanked": bool(fresh and fresh.yanked),
        "unmaintained": bool(fresh and fresh.unmaintained),
        "vulnerabilities": [_vulnerability(v) for v in item.vulnerabilities],
        "fix": item.fix,
        "vulnerabilitySource": source.value if (source := item.vulnerability_source) else None,
        "unknowns": [[u.aspect.value, u.reason] for u in item.unknowns],
        "ignored": [[i.vulnerability.id, i.reason] for i in item.ignored],
    }


def _vulnerability(item: Vulnerability) -> list[Any]:
    return [item.id, list(item.aliases), item.severity, item.summary, list(item.fixed), item.url]


def trend_data(trend: Trend | None) -> dict[str, Any] | None:
    """The measures at each point and the top hotspots' own health (the page shows changes)."""
    if trend is None:
        return None
    return {
        "since": trend.since,
        "asOf": trend.as_of,
        "every": trend.every,
        "partial": trend.partial,
        "metrics": [[m.key, m.label, m.higher_is_better, m.digits] for m in METRICS],
        "points": [_point(point) for point in trend.points],
        "files": [_path_trend(item) for item in trend.files],
        "folders": [_path_trend(item) for item in trend.folders],
    }


def _point(point: TrendPoint) -> list[Any]:
    """[moment, commit, source, dirty, partial, values in `METRICS` order]."""
    values = [_rounded(point.measures.value(metric)) for metric in METRICS]
    return [point.at, point.commit, point.source.value, point.dirty, point.partial, values]


def _path_trend(item: PathTrend) -> list[Any]:
    """[path, health at each point (None where the path did not exist)]."""
    return [item.path, [_rounded(value) for value in item.health]]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
