"""What ships ranks first: items about examples, docs and tests follow in a short section,
documentation keys marked as placeholders are no items, and a file whose main author left is
no knowledge risk while another author keeps changing it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codevitals.history import analysis
from codevitals.model.plan import Place
from codevitals.plan import DEVELOPMENT_ITEMS, PlanOptions, build
from tests.conftest import Repo, run_cli
from tests.history.helpers import ADA, BEA, CY, NOW, days_ago, scan_history
from tests.schemas import validator

ADVISORIES = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"
TANGLE = """\
def tangle(a, b, c, d, e, f):
    if a and b or c and d:
        return e
    return {}
"""
KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"  # tutorial placeholder
TUTORIAL = f"""\
# to get a string like this run:
# openssl rand -hex 32
SECRET_KEY = "{KEY}"
"""
LEAKED = f'SECRET_KEY = "{KEY[::-1]}"\n'


@pytest.fixture
def framework(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """Product code with debt, an example pinning a vulnerable requests, two docs keys."""
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    repo.write("app/core.py", TANGLE.format(0))
    repo.write("examples/celery/requirements.txt", "requests==2.30.0\n")
    repo.write("docs_src/security/tutorial004.py", TUTORIAL)
    repo.write("docs_src/security/tutorial005.py", LEAKED)
    repo.commit("start", date=days_ago(60), author=ADA)
    for day, author in ((40, BEA), (20, ADA)):
        repo.write("app/core.py", TANGLE.format(day))
        repo.commit("tweak", date=days_ago(day), author=author)
    return repo


def _plan(repo: Repo, *args: str) -> dict[str, Any]:
    result = run_cli(
        "plan", str(repo.root), "-q", "--format", "json", "--half-life", "0",
        "--offline", "--vuln-db", str(ADVISORIES), *args,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    validator("plan.schema.json").validate(document)
    return document


def test_production_items_rank_before_examples_and_docs(framework: Repo) -> None:
    # Half weight on hotspot risk, so that the development items carry more points.
    items = _plan(framework, "--plan-weight", "hotspot=0.5")["plan"]["items"]

    places = [(item["target"]["path"], item["place"]) for item in items]
    # The leaked docs key and the vulnerable example pin carry more points than the product's
    # refactoring, yet come after it.
    assert places[:3] == [
        ("app/core.py", "production"),
        ("docs_src/security/tutorial005.py", "development"),
        ("examples/celery/requirements.txt", "development"),
    ]
    assert [item["place"] for item in items[1:]] == ["development"] * (len(items) - 1)
    assert [item["rank"] for item in items] == list(range(1, len(items) + 1))
    assert items[1]["benefit"] > items[0]["benefit"]


def test_a_docs_key_commented_as_a_placeholder_is_no_item(framework: Repo) -> None:
    items = _plan(framework)["plan"]["items"]

    revoked = {i["target"]["path"] for i in items if i["action"].startswith("revoke")}
    assert revoked == {"docs_src/security/tutorial005.py"}


def test_the_terminal_and_markdown_put_development_items_in_their_own_section(
    framework: Repo,
) -> None:
    common = ("-q", "--half-life", "0", "--offline", "--vuln-db", str(ADVISORIES))
    terminal = run_cli("plan", str(framework.root), *common).stdout
    markdown = run_cli("plan", str(framework.root), "--format", "markdown", *common).stdout
    summary = run_cli("scan", str(framework.root), *common).stdout

    for text in (terminal, markdown, summary):
        section = text.index("Examples, docs and tests")
        assert text.index("tangle") < section < text.index("tutorial005.py")
        assert section < text.index("requests")


def test_the_development_section_is_short(framework: Repo) -> None:
    for number in range(DEVELOPMENT_ITEMS + 2):
        framework.write(f"docs/leak{number}.py", f'KEY = "{KEY[number:]}{KEY[:number]}"\n')
    framework.commit("more tutorial keys", date=days_ago(10), author=ADA)

    items = _plan(framework)["plan"]["items"]

    assert sum(1 for item in items if item["place"] == "development") == DEVELOPMENT_ITEMS
    assert items[0]["place"] == "production"


def test_a_file_another_author_keeps_changing_has_not_lost_its_knowledge(repo: Repo) -> None:
    """Ada wrote both files and left; Bea keeps changing one of them."""
    body = "\n".join(f"value_{n} = {n}" for n in range(40))
    repo.write("app/kept.py", TANGLE.format(0) + body)
    repo.write("app/left.py", TANGLE.format(1) + body)
    repo.commit("start", date=days_ago(300), author=ADA)
    for day in (60, 30, 10):
        repo.write("app/kept.py", TANGLE.format(day) + body)
        repo.commit("tweak", date=days_ago(day), author=BEA)
    repo.write("app/other.py", "X = 1\n")
    repo.commit("elsewhere", date=days_ago(5), author=CY)

    result = scan_history(repo, inactive_after="6m", half_life_days=0)
    plan = build(result, PlanOptions())

    departed = {
        item.target.path
        for item in plan.items
        if any(reason.signal == "knowledge:departed" for reason in item.reasons)
    }
    assert departed == {"app/left.py"}
    assert all(item.place is Place.PRODUCTION for item in plan.items)


def test_an_old_example_pin_is_development_though_the_package_also_ships(
    framework: Repo,
) -> None:
    # flask's case: pyproject.toml ships `requests>=2` (users get the latest), while the
    # example pins an old, vulnerable release: the upgrade changes the example only.
    framework.write(
        "pyproject.toml", '[project]\nname = "app"\nversion = "1"\ndependencies = ["requests>=2"]\n'
    )
    framework.commit("ship requests")
    items = _plan(framework)["plan"]["items"]

    upgrade = next(item for item in items if item["target"]["path"].endswith("requirements.txt"))
    assert upgrade["place"] == "development"


def test_a_top_level_t_folder_holds_tests(repo: Repo) -> None:
    # celery keeps its tests, and the private keys they sign with, under t/.
    repo.write("pkg/core.py", TANGLE)
    repo.write("t/unit/security/__init__.py", LEAKED)
    repo.write("t/unit/test_core.py", TANGLE)
    repo.commit("start")
    items = _plan(repo)["plan"]["items"]

    places = {item["target"]["path"]: item["place"] for item in items}
    # A test's key signs test data: like every finding in a test, it is no item of the plan.
    assert "t/unit/security/__init__.py" not in places
    files = json.loads(
        run_cli("scan", str(repo.root), "-q", "--offline", "--no-history", "-f", "json").stdout
    )["files"]
    roles = {file["path"]: file["role"] for file in files}
    assert roles["t/unit/test_core.py"] == "test"
    assert roles["pkg/core.py"] == "production"
