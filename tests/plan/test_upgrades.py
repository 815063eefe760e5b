"""Upgrades in the plan: age weighs less outside production, and no upgrade cures a dead project."""

from __future__ import annotations

import pytest

from codevitals.model.deps import Declaration, Dependency, DependencyReport, Freshness
from codevitals.plan.options import PlanOptions
from codevitals.plan.places import is_production
from codevitals.plan.upgrades import upgrades

OPTIONS = PlanOptions.build()


def dependency(path: str, version: str, freshness: Freshness, group: str = "") -> Dependency:
    declaration = Declaration("vine", path, 3, f"vine=={version}", version, group=group)
    return Dependency(declaration, freshness)


def plan_of(*declared: Dependency) -> list[tuple[str, float, list[str]]]:
    report = DependencyReport(dependencies=declared)
    return [
        (
            c.action.verb + c.action.rest,
            sum(r.points for r in c.reasons),
            [r.text for r in c.reasons],
        )
        for c in upgrades(report, OPTIONS)
    ]


OLD = Freshness("5.1.0", libyear=3.2, behind=1)
DEAD = Freshness("5.1.0", libyear=3.2, behind=1, unmaintained=True, last_release="2023-11-05T1")
DEAD_AT_LATEST = Freshness("5.1.0", libyear=0.0, behind=0, unmaintained=True,
                           last_release="2023-11-05T1")  # fmt: skip


@pytest.mark.parametrize(
    ("path", "group", "production"),
    [
        ("requirements.txt", "", True),
        ("pyproject.toml", "server", True),  # an extra ships to users
        ("pyproject.toml", "dev", False),
        ("requirements-dev.txt", "", False),
        ("requirements/test.txt", "", False),
        ("examples/celery/requirements.txt", "", False),
        ("docs/requirements.txt", "", False),
        ("src/app/requirements.txt", "", True),
    ],
)
def test_which_declarations_reach_users(path: str, group: str, production: bool) -> None:
    declaration = Declaration("vine", path, 1, "vine", group=group)
    assert is_production(declaration) is production


def test_age_in_an_example_weighs_a_quarter() -> None:
    [(action, points, reasons)] = plan_of(dependency("examples/requirements.txt", "5.0.0", OLD))
    assert action == "upgrade 5.0.0 → 5.1.0"
    assert points == pytest.approx(3.2 * 0.25)
    assert reasons[-1] == "in development, test, docs or example code: ×0.25"


def test_the_production_declaration_speaks_for_the_package() -> None:
    example = dependency("examples/requirements.txt", "5.0.0", OLD)
    shipped = dependency("requirements.txt", "5.0.0", OLD)
    [(_, points, reasons)] = plan_of(example, shipped)
    assert points == pytest.approx(3.2)
    assert reasons[-1] == "also declared in examples/requirements.txt"


def test_an_upgrade_earns_nothing_for_a_project_without_releases() -> None:
    [(action, points, reasons)] = plan_of(dependency("requirements.txt", "5.0.0", DEAD))
    assert action == "upgrade 5.0.0 → 5.1.0"
    assert points == pytest.approx(3.2)
    assert "no release since 2023-11-05: the upgrade does not change that" in reasons


def test_a_project_without_releases_at_its_latest_is_to_be_replaced() -> None:
    [(action, points, reasons)] = plan_of(dependency("requirements.txt", "5.1.0", DEAD_AT_LATEST))
    assert action == "replace 5.1.0: unmaintained"
    assert points == OPTIONS.weight("unmaintained")
    assert reasons == ["no release since 2023-11-05"]
