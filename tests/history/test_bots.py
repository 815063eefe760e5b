"""Bot authors are recognised by name or email, without regard to case."""

from __future__ import annotations

import pytest

from codevitals.history.bots import Bots


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ("Renovate Bot", "bot@renovateapp.com"),
        ("github-actions", "41898282+github-actions[bot]@users.noreply.github.com"),
        ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
        ("dependabot-preview", "support@dependabot.com"),
        ("Some Other[BOT]", "x@example.com"),
    ],
)
def test_default_bots(name: str, email: str) -> None:
    assert Bots().match(name, email)


@pytest.mark.parametrize(
    ("name", "email"), [("Ada", "ada@example.com"), ("Robotnik", "bot@example.com")]
)
def test_people_are_not_bots(name: str, email: str) -> None:
    assert not Bots().match(name, email)


def test_extra_patterns_add_to_or_replace_the_defaults() -> None:
    extra = Bots.build(["  Release Script ", ""])
    assert extra.match("release script", "r@example.com")
    assert extra.match("dependabot[bot]", "")
    only = Bots.build(["release script"], defaults=False)
    assert only.patterns == ("release script",)
    assert not only.match("dependabot[bot]", "")


def test_a_pattern_cannot_span_name_and_email() -> None:
    assert not Bots.build(["ab"], defaults=False).match("a", "b@example.com")
