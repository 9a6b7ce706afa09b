from decimal import Decimal

import pytest

from odoo.addons.integration_channels.services import amounts

D = Decimal


@pytest.mark.parametrize(
    ("gross", "percent", "expected"),
    [
        ("100.00", "10", (D("10.00"), D(0))),
        ("17.99", "16.6759310728", (D("16.68"), D(0))),  # 3.00 off 17.99: exact at 2 places
        ("1799.00", "0.1667593107", (D(0), D("3.00"))),  # 3.00 off 1799.00: not exact
        ("50.00", None, (D(0), D(0))),
        ("0", "10", (D(0), D(0))),
    ],
)
def test_line_discount(gross, percent, expected):
    assert amounts.line_discount(gross, percent) == expected


def test_allocate_adds_up_to_the_cent():
    shares = amounts.allocate("10.00", [1, 1, 1])
    assert shares == [D("3.34"), D("3.33"), D("3.33")]
    assert sum(shares) == D("10.00")
    assert amounts.allocate("5", [D("30"), D("10")]) == [D("3.75"), D("1.25")]
    assert amounts.allocate("1", [0, 0]) == [D("0.50"), D("0.50")]
    assert amounts.allocate("1", []) == []


def test_money_rounds_half_up():
    assert amounts.money("2.675") == D("2.68")
    assert amounts.money(None) == D("0.00")
