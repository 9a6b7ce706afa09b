"""The replay's comparison: flat paths a person reads, and only the fields that differ."""

from odoo.addons.integration_core.services import replay


def test_flatten_names_each_leaf_by_its_path_with_items_counted_from_one():
    document = {"order_ref": "PO-1", "lines": [{"product_code": "A", "quantity": 2}], "x": []}
    assert replay.flatten(document) == {
        "order_ref": "PO-1",
        "lines[1].product_code": "A",
        "lines[1].quantity": 2,
    }


def test_changes_keep_the_reading_order_and_show_fields_on_one_side_only():
    then = {"Customer": "Acme", "Line 1: product": "Widget", "Line 2: product": "Bolt"}
    now = {"Customer": "Acme", "Line 1: product": "Gadget", "Line 3: product": "Nut"}
    assert replay.changes(then, now) == [
        ("Line 1: product", "Widget", "Gadget"),
        ("Line 2: product", "Bolt", None),
        ("Line 3: product", None, "Nut"),
    ]
    assert replay.changes(then, dict(then)) == []


def test_verdict_and_shown_values():
    assert replay.verdict(True, []) == replay.FAILING
    assert replay.verdict(False, [("a", 1, 2)]) == replay.CHANGED
    assert replay.verdict(False, []) == replay.UNCHANGED
    assert (replay.shown(None), replay.shown(5.0), replay.shown(12.5)) == ("—", "5", "12.5")
