"""Tolerances of a supplier: which acknowledged or invoiced figures may be taken as they come.

Kept free of the ORM: the acknowledgement and invoice processors hand in numbers and dates,
and get back the differences a person has to look at.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Tolerances:
    """How far a supplier's figures may stray from ours: percentages and days (0: none)."""

    price_percent: float = 0.0
    quantity_percent: float = 0.0
    date_days: int = 0


@dataclass(frozen=True)
class Difference:
    """One figure of one line that differs: ours (``expected``), theirs (``got``)."""

    line_ref: str
    what: str  # "price", "quantity", "date", "product", "status", "received"
    expected: object
    got: object
    within: bool

    def describe(self):
        return f"line {self.line_ref}: {self.what} {self.expected} → {self.got}"


def within_percent(expected, got, percent, precision=1e-6):
    """Whether ``got`` is at most ``percent`` % away from ``expected``."""
    if abs(got - expected) <= precision:
        return True
    if not expected:
        return False
    return abs(got - expected) / abs(expected) * 100.0 <= percent + precision


def within_days(expected, got, days):
    if not expected or not got:
        return True
    return abs((got - expected).days) <= days


def ack_differences(line_ref, ordered, acknowledged, tolerances):
    """The differences between an ordered line and its acknowledgement.

    ``ordered`` and ``acknowledged`` are dicts with ``quantity``, ``price`` (None: not
    given), ``date`` (a date or None) and ``product`` (a code; None: the same). A rejected
    line is one difference that is never within tolerance.
    """
    if acknowledged.get("status") == "rejected":
        return [Difference(line_ref, "status", "ordered", "rejected", within=False)]
    differences = []
    quantity = acknowledged.get("quantity")
    if quantity is not None and abs(quantity - ordered["quantity"]) > 1e-6:
        differences.append(
            Difference(
                line_ref,
                "quantity",
                ordered["quantity"],
                quantity,
                within_percent(ordered["quantity"], quantity, tolerances.quantity_percent),
            )
        )
    price = acknowledged.get("price")
    if price is not None and abs(price - ordered["price"]) > 1e-6:
        differences.append(
            Difference(
                line_ref,
                "price",
                ordered["price"],
                price,
                within_percent(ordered["price"], price, tolerances.price_percent),
            )
        )
    when = acknowledged.get("date")
    if isinstance(when, date) and ordered.get("date") and when != ordered["date"]:
        differences.append(
            Difference(
                line_ref,
                "date",
                ordered["date"],
                when,
                within_days(ordered["date"], when, tolerances.date_days),
            )
        )
    substitute = acknowledged.get("product")
    if substitute and substitute != ordered.get("product"):
        differences.append(
            Difference(
                line_ref,
                "product",
                ordered.get("product"),
                substitute,
                bool(acknowledged.get("substitutes_allowed")),
            )
        )
    return differences


def match_differences(line_ref, ordered_price, received, invoiced, price, tolerances):
    """Three-way match of one invoiced line: its price against the order's, its quantity
    against what was received (not yet invoiced). Returns the differences beyond tolerance."""
    differences = []
    if not within_percent(ordered_price, price, tolerances.price_percent, precision=0.005):
        differences.append(Difference(line_ref, "price", ordered_price, price, within=False))
    if not within_percent(received, invoiced, tolerances.quantity_percent):
        differences.append(Difference(line_ref, "received", received, invoiced, within=False))
    return differences
