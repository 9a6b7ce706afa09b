"""The supplier's tolerances: what an acknowledgement may change by itself, and the
three-way match of an invoiced line."""

from datetime import date

from odoo.addons.integration_purchase.services.tolerance import (
    Tolerances,
    ack_differences,
    match_differences,
    within_percent,
)

TOLERANCES = Tolerances(price_percent=2.0, quantity_percent=10.0, date_days=3)
ORDERED = {"quantity": 10.0, "price": 5.0, "date": date(2026, 12, 10), "product": 7}


def differences(**acknowledged):
    return [
        (d.what, d.expected, d.got, d.within)
        for d in ack_differences("1", ORDERED, acknowledged, TOLERANCES)
    ]


def test_an_accepted_line_as_ordered_differs_in_nothing():
    assert differences(status="accepted", price=5.0, date=date(2026, 12, 10)) == []


def test_changes_within_and_beyond_tolerance():
    assert differences(status="changed", quantity=9.0, price=5.1, date=date(2026, 12, 13)) == [
        ("quantity", 10.0, 9.0, True),
        ("price", 5.0, 5.1, True),
        ("date", date(2026, 12, 10), date(2026, 12, 13), True),
    ]
    assert differences(status="changed", quantity=8.0, price=5.11, date=date(2026, 12, 14)) == [
        ("quantity", 10.0, 8.0, False),
        ("price", 5.0, 5.11, False),
        ("date", date(2026, 12, 10), date(2026, 12, 14), False),
    ]


def test_a_rejected_line_is_never_within_tolerance():
    assert differences(status="rejected", quantity=0.0) == [
        ("status", "ordered", "rejected", False)
    ]


def test_a_substitute_is_taken_only_where_the_supplier_may_substitute():
    assert differences(status="changed", product=8) == [("product", 7, 8, False)]
    assert differences(status="changed", product=8, substitutes_allowed=True) == [
        ("product", 7, 8, True)
    ]


def test_three_way_match():
    assert match_differences("1", 10.0, 4.0, 4.0, 10.0, TOLERANCES) == []
    assert match_differences("1", 10.0, 4.0, 4.0, 10.2, TOLERANCES) == [], "2 %: within"
    price, received = match_differences("1", 10.0, 4.0, 6.0, 10.5, TOLERANCES)
    assert (price.what, price.expected, price.got) == ("price", 10.0, 10.5)
    assert (received.what, received.expected, received.got) == ("received", 4.0, 6.0)


def test_within_percent_of_nothing():
    assert within_percent(0.0, 0.0, 0.0)
    assert not within_percent(0.0, 1.0, 50.0)
