"""A shop whose code gets better, then worse: five commits, a month apart, in 2024.

    2024-01-15  models.py with a tangled `price`              (warning)
    2024-02-15  `price` untangled                              (better)
    2024-03-15  a tangled `refund` added                       (worse)
    2024-04-15  report.py copies a block of models.py          (worse: duplication)
    2024-05-15  `settle`, a brain method, lands in models.py   (worse: an alert file)

`util.py` is clean throughout, and a test file changes with models.py. Trends are measured
at UNTIL, 2024-06-01: monthly moments back to 2023-12-01 find the five commits (the two
before the first commit find none).
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import Repo

UNTIL = "2024-06-01"
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp()
DATES = ("2024-01-15", "2024-02-15", "2024-03-15", "2024-04-15", "2024-05-15")

TANGLED_PRICE = """\
def price(order, customer, coupon, region, currency, rounding):
    total = 0
    for line in order.lines:
        if line.quantity > 0:
            if line.taxable:
                if region.taxes and customer.resident or coupon and not customer.exempt:
                    total += line.price * region.rate
                else:
                    total += line.price
            elif coupon:
                total += line.price - coupon.value
    return round(total, rounding)
"""

CLEAN_PRICE = """\
def price(order, region):
    return sum(line_price(line, region) for line in order.lines if line.quantity > 0)


def line_price(line, region):
    return line.price * region.rate if line.taxable else line.price
"""

REFUND = """\


def refund(order, customer, reason, amount, channel, notify):
    if reason == "damaged":
        if order.shipped:
            if customer.vip or amount < 100 and channel != "store":
                for line in order.lines:
                    if line.refundable:
                        amount -= line.price
            elif notify:
                customer.tell("refund pending")
    elif reason == "late":
        if order.shipped and not order.delivered:
            amount = amount / 2
    return amount
"""

BLOCK = """\
    # settle every open account of the customer, oldest first
    accounts = sorted(customer.accounts, key=lambda a: a.opened)
    balance = sum(a.balance for a in accounts if a.open and not a.frozen)
    fees = sum(a.fee for a in accounts if a.open and a.fee > a.minimum)
    credit = customer.limit - balance - fees + customer.bonus * ratio
    history = [a.opened.isoformat() for a in accounts if a.balance > credit]
    overdue = [a for a in accounts if a.due and a.due < customer.today and a.balance > 0]
"""


def settle(extra: int) -> str:
    """A brain method: long, deeply nested, complex, with many arguments."""
    checks = "".join(
        f"""\
    if mode == {index}:
        for entry in ledger:
            if entry.kind == "debit" and entry.amount > {index} or entry.late:
                while entry.open:
                    if entry.partial:
                        entry.close(partial=True)
                    else:
                        entry.close()
"""
        for index in range(extra)
    )
    return f"""\


def settle(customer, ledger, mode, ratio, limit, region):
{BLOCK}{checks}    return history
"""


def shop(repo: Repo) -> list[str]:
    """Build the five commits; their ids, oldest first."""
    commits = []
    repo.write("src/app/util.py", "def identity(value):\n    return value\n")
    repo.write("src/app/models.py", TANGLED_PRICE)
    repo.write("tests/test_models.py", "def test_price():\n    assert True\n")
    commits.append(repo.commit("models", date=f"{DATES[0]}T12:00:00"))
    repo.write("src/app/models.py", CLEAN_PRICE)
    repo.write("tests/test_models.py", "def test_price():\n    assert 1\n")
    commits.append(repo.commit("untangle price", date=f"{DATES[1]}T12:00:00"))
    repo.write("src/app/models.py", CLEAN_PRICE + REFUND)
    commits.append(repo.commit("refunds", date=f"{DATES[2]}T12:00:00"))
    repo.write("src/app/models.py", CLEAN_PRICE + REFUND + settle(2))
    repo.write("src/app/report.py", f"def report(customer, ratio):\n{BLOCK}    return history\n")
    commits.append(repo.commit("settle accounts, report", date=f"{DATES[3]}T12:00:00"))
    repo.write("src/app/models.py", CLEAN_PRICE + REFUND + settle(12))
    repo.write("tests/test_models.py", "def test_price():\n    assert 2\n")
    commits.append(repo.commit("settle every mode", date=f"{DATES[4]}T12:00:00"))
    return commits
