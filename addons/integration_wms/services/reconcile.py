"""Inventory reconciliation: a warehouse's counts against Odoo's, and what to do with each
difference.

Counts are mappings from a key, typically ``(location_id, product_id, lot_name)``, to a
quantity in the product's unit. A key missing on one side counts as zero there: a snapshot
is a full count, so stock Odoo has and the warehouse does not report is a difference too.

Kept free of the ORM so that the comparison is tested, and measured, on its own.
"""

from dataclasses import dataclass

REPORTED = "reported"
ADJUSTED = "adjusted"
TO_APPROVE = "to_approve"

POLICIES = ("report", "adjust")
THRESHOLD_UNITS = ("quantity", "percent")


@dataclass(frozen=True)
class Variance:
    """One key whose quantities differ; ``difference`` is what Odoo must add to match."""

    key: tuple
    wms_quantity: float
    odoo_quantity: float

    @property
    def difference(self):
        return self.wms_quantity - self.odoo_quantity


def compare(wms_counts, odoo_counts, is_zero=None):
    """The variances between the warehouse's counts and Odoo's, in a stable order.

    ``is_zero(key, difference)`` says when a difference is only rounding; by default
    differences under 1e-9 are ignored.
    """
    if is_zero is None:

        def is_zero(_key, difference):
            return abs(difference) < 1e-9

    variances = []
    for key, wms_quantity in wms_counts.items():
        odoo_quantity = odoo_counts.get(key, 0.0)
        if not is_zero(key, wms_quantity - odoo_quantity):
            variances.append(Variance(key, wms_quantity, odoo_quantity))
    for key, odoo_quantity in odoo_counts.items():
        if key not in wms_counts and not is_zero(key, -odoo_quantity):
            variances.append(Variance(key, 0.0, odoo_quantity))
    variances.sort(key=lambda variance: _sort_key(variance.key))
    return variances


def _sort_key(key):
    # Keys mix ids, names and None: sort None first without comparing it to anything.
    return tuple((part is not None, part) for part in key)


def exceeds_threshold(variance, threshold, unit="quantity"):
    """Whether a difference is above the threshold (in units, or in % of Odoo's quantity).

    A difference on a quantity Odoo does not have is 100 % of it.
    """
    if unit not in THRESHOLD_UNITS:
        raise ValueError(f"unknown threshold unit {unit!r}; known: {', '.join(THRESHOLD_UNITS)}")
    difference = abs(variance.difference)
    if unit == "quantity":
        return difference > threshold
    base = abs(variance.odoo_quantity)
    percent = 100.0 if not base else 100.0 * difference / base
    return percent > threshold


def decide(variance, policy, threshold=0.0, unit="quantity"):
    """What to do with a variance: report it, adjust Odoo, or ask a manager's approval.

    ``report`` only reports; ``adjust`` adjusts Odoo when the difference is at most the
    threshold and asks approval above it.
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown reconciliation policy {policy!r}; known: {', '.join(POLICIES)}")
    if policy == "report":
        return REPORTED
    return TO_APPROVE if exceeds_threshold(variance, threshold, unit) else ADJUSTED


def summarize(decisions):
    """Counts by decision, for the message log: ``{"adjusted": 3, "to_approve": 1, ...}``."""
    summary = {REPORTED: 0, ADJUSTED: 0, TO_APPROVE: 0}
    for decision in decisions:
        summary[decision] = summary.get(decision, 0) + 1
    return summary
