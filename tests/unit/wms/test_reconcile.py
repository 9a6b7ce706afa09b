import pytest

from odoo.addons.integration_wms.services import reconcile
from odoo.addons.integration_wms.services.reconcile import (
    Variance,
    compare,
    decide,
    exceeds_threshold,
    summarize,
)


def test_equal_counts_have_no_variance():
    counts = {(1, 10, None): 5.0, (1, 11, "LOT-A"): 2.0}
    assert compare(counts, dict(counts)) == []


def test_differences_and_missing_keys_on_either_side():
    wms = {(1, 10, None): 7.0, (1, 12, None): 3.0}
    odoo = {(1, 10, None): 5.0, (2, 11, "LOT-A"): 4.0}
    variances = compare(wms, odoo)
    assert variances == [
        Variance((1, 10, None), 7.0, 5.0),
        Variance((1, 12, None), 3.0, 0.0),
        Variance((2, 11, "LOT-A"), 0.0, 4.0),
    ]
    assert [v.difference for v in variances] == [2.0, 3.0, -4.0]


def test_rounding_is_the_callers_call():
    wms, odoo = {(1, 10, None): 5.004}, {(1, 10, None): 5.0}
    assert compare(wms, odoo) != []
    assert compare(wms, odoo, is_zero=lambda key, diff: abs(diff) < 0.01) == []


def test_keys_mixing_none_and_names_sort_without_error():
    wms = {(1, 10, "B"): 1.0, (1, 10, None): 1.0, (1, 10, "A"): 1.0}
    assert [v.key[2] for v in compare(wms, {})] == [None, "A", "B"]


def test_a_thousand_keys_with_twenty_differences():
    odoo = {(loc, prod, None): float(prod % 9) for loc in range(10) for prod in range(100)}
    wms = dict(odoo)
    changed = list(odoo)[::50]
    for key in changed:
        wms[key] += 1
    assert len(changed) == 20
    assert [v.key for v in compare(wms, odoo)] == sorted(changed)


@pytest.mark.parametrize(
    ("difference", "odoo", "threshold", "unit", "expected"),
    [
        (5, 10, 5, "quantity", False),
        (-6, 10, 5, "quantity", True),
        (1, 10, 10, "percent", False),
        (2, 10, 10, "percent", True),
        (1, 0, 50, "percent", True),  # Odoo has none: the whole count is new
    ],
)
def test_thresholds(difference, odoo, threshold, unit, expected):
    variance = Variance((1, 1, None), odoo + difference, odoo)
    assert exceeds_threshold(variance, threshold, unit) is expected


def test_decisions_per_policy():
    small, large = Variance((1, 1, None), 12, 10), Variance((1, 2, None), 30, 10)
    assert decide(small, "report", 5) == reconcile.REPORTED
    assert decide(large, "report", 5) == reconcile.REPORTED
    assert decide(small, "adjust", 5) == reconcile.ADJUSTED
    assert decide(large, "adjust", 5) == reconcile.TO_APPROVE
    with pytest.raises(ValueError, match="unknown reconciliation policy"):
        decide(small, "ignore")
    with pytest.raises(ValueError, match="unknown threshold unit"):
        exceeds_threshold(small, 1, "kg")


def test_summary():
    assert summarize(["adjusted", "adjusted", "to_approve"]) == {
        "reported": 0,
        "adjusted": 2,
        "to_approve": 1,
    }
