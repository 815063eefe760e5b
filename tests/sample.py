"""A small, realistic project with known biomarkers, built fresh by the tests that need one."""

from __future__ import annotations

from tests.conftest import Repo

ORDERS = '''\
"""Order handling."""

import math


def price(order, customer, coupon, region, currency, rounding):
    """Price an order."""
    total = 0
    for line in order.lines:
        if line.quantity > 0:
            if line.product.taxable and region.taxes or customer.exempt and not coupon:
                for tax in region.taxes:
                    if tax.applies(line):
                        total += line.price * tax.rate
            elif line.discount:
                total -= line.discount
            else:
                total += line.price
        else:
            continue
    if coupon:
        if coupon.valid:
            while total > coupon.limit:
                total -= 1
    try:
        total = round(total, rounding)
    except TypeError:
        total = math.floor(total)
    return total if currency else 0


def describe(order):
    lines = []
    lines.append("order")
    lines.append(order.id)
    lines.append(order.customer)
    lines.append(order.total)
    lines.append(order.status)
    lines.append(order.created)
    lines.append(order.updated)
    return "\\n".join(str(line) for line in lines)
'''

INVOICES = """\
def describe(order):
    # copied from orders.py
    lines = []
    lines.append("order")
    lines.append(order.id)
    lines.append(order.customer)
    lines.append(order.total)
    lines.append(order.status)
    lines.append(order.created)
    lines.append(order.updated)
    return "\\n".join(str(line) for line in lines)


class Ledger:
    def __init__(self):
        self.entries, self.fee = [], 0
        self.theme, self.font = "dark", "mono"
        self.sink, self.footer = None, "done"

    def add(self, entry):
        self.entries.append(entry - self.fee)

    def total(self):
        return sum(self.entries) - self.fee

    def render(self):
        return self.theme.upper() + self.font

    def flush(self):
        self.sink.write(self.footer)
"""

CLEAN = '''\
"""Small helpers."""


def clamp(value, low, high):
    """Keep value within [low, high]."""
    return max(low, min(high, value))
'''

BROKEN = """\
def ok():
    return 1


def broken(:
    pass
"""

SETTINGS = """\
\"\"\"Deployment settings.\"\"\"

import subprocess

DATABASE = "postgresql://shop:s3cr3t-pw@db.internal/shop"


def deploy(target):
    \"\"\"Run the deploy script.\"\"\"
    return subprocess.call("deploy " + target, shell=True)
"""

TEST = """\
from shop.util import clamp


def test_clamp():
    assert clamp(5, 0, 3) == 3
"""


BEA = "Bea <bea@example.com>"
EARLY_ORDERS = ORDERS[ORDERS.index("def describe") :]
NOW = 1_709_251_200
"""2024-03-01T00:00:00Z: the moment golden files measure history from."""


def build(repo: Repo) -> Repo:
    """Write and commit the sample project, with a little history before it.

    Bea starts the shop in September 2023; Ada rewrites the orders in November and adds the
    rest on 1 January 2024. The files end as the code-health golden files expect.
    """
    repo.write("shop/__init__.py", "")
    repo.write("shop/orders.py", EARLY_ORDERS, dedent=False)
    repo.write("shop/util.py", CLEAN, dedent=False)
    repo.write("tests/test_util.py", TEST, dedent=False)
    repo.write("README.md", "# shop\n")
    repo.commit("start the shop", date="2023-09-01T09:00:00", author=BEA)
    repo.write("shop/orders.py", ORDERS, dedent=False)
    repo.write("shop/invoices.py", INVOICES[: INVOICES.index("class Ledger")], dedent=False)
    repo.commit("price orders", date="2023-11-15T09:00:00")
    repo.write("shop/__init__.py", "")
    repo.write("shop/orders.py", ORDERS, dedent=False)
    repo.write("shop/invoices.py", INVOICES, dedent=False)
    repo.write("shop/util.py", CLEAN, dedent=False)
    repo.write("shop/legacy.py", BROKEN, dedent=False)
    repo.write("shop/settings.py", SETTINGS, dedent=False)
    repo.write("tests/test_util.py", TEST, dedent=False)
    repo.write("vendor/lib.py", ORDERS, dedent=False)
    repo.write("README.md", "# shop\n")
    repo.commit("sample project")
    return repo


SLOW_PATH = '''

def reconcile(ledger, payments, refunds, fees, region):
    """Match payments to ledger entries."""
    matched = []
    for entry in ledger:
        for payment in payments:
            if payment.id == entry.id and payment.amount or entry.manual:
                if region.strict:
                    for refund in refunds:
                        if refund.payment == payment.id:
                            matched.append((entry, refund))
    return matched
'''


def change(repo: Repo) -> Repo:
    """Change the committed sample the way a pull request might: new debt and a fix."""
    repo.write("shop/util.py", CLEAN + SLOW_PATH, dedent=False)
    repo.write(
        "shop/keys.py", '"""Keys."""\n\nSTRIPE = "sk_live_' + "4eC39HqLyjWDarjtT1zdp7dc" + '"\n'
    )
    repo.write(
        "shop/orders.py",
        ORDERS.replace("def describe(order):", 'def describe(order):\n    """Describe."""'),
        dedent=False,
    )
    return repo
