"""Golden files of the history sections: a small team's repository, measured at a fixed now.

Ada and Bea build a shop; Cy wrote the tax rules long ago and left. `src/orders.py` changes
with `docs/orders.md` every time (surprising coupling across folders) and with its test
(expected coupling); Cy's `src/tax.py` is knowledge lost.
"""

from __future__ import annotations

import json

import pytest

from codevitals.history import analysis
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.history.helpers import ADA, BEA, CY, NOW, days_ago

ORDERS = """\
def price(order, customer, coupon, region, currency, rounding, extra):
    total = START
    for line in order.lines:
        if line.quantity > 0:
            if line.taxable and region.taxes or customer.exempt and not coupon:
                total += line.price
    return total


def describe(order):
    return str(order)
"""
TAX = "def rate(region, year, kind, exempt, reduced, special):\n    return 0.2\n"


def team(repo: Repo) -> Repo:
    repo.write("src/tax.py", TAX)
    repo.commit("tax rules", date=days_ago(700), author=CY)
    repo.write("src/orders.py", ORDERS.replace("START", "0"))
    repo.write("tests/test_orders.py", "def test_price():\n    assert True\n")
    repo.write("docs/orders.md", "# Orders\n")
    repo.commit("orders", date=days_ago(300), author=ADA)
    for index in range(6):
        who = BEA if index % 2 else ADA
        repo.write("src/orders.py", ORDERS.replace("START", str(index + 1)))  # inside price
        for path in ("docs/orders.md", "tests/test_orders.py"):
            repo.write(path, (repo.root / path).read_text() + f"# {index}\n")
        repo.commit(f"orders {index}", date=days_ago(200 - 30 * index), author=who)
    return repo


@pytest.fixture
def shop(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    return team(repo)


def test_scan_terminal_history_sections(shop: Repo) -> None:
    result = run_cli("scan", str(shop.root))
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "history.scan.txt")


def test_hotspots_terminal(shop: Repo) -> None:
    result = run_cli("hotspots", str(shop.root))
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "history.hotspots.txt")


def test_history_json(shop: Repo) -> None:
    result = run_cli("hotspots", str(shop.root), "-f", "json")
    assert result.exit_code == 0, result.stderr
    history = json.loads(result.stdout)["history"]
    compare(json.dumps(history, indent=1, ensure_ascii=False) + "\n", "history.json")
