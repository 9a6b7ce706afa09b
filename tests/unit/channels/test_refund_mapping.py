"""Shop refunds → canonical return requests: only goods that come back make a return."""

import pytest

from odoo.addons.integration_channels.services import refunds
from odoo.addons.integration_channels.services.orders import OrderShapeError
from odoo.addons.integration_core.schemas import validate_document

ITEM = {"id": 11, "sku": "SKU-A", "variant_id": 901, "quantity": 3, "price": "10.00"}


def refund(**overrides):
    data = {
        "id": 5001,
        "order_id": 4001,
        "created_at": "2026-11-25T10:00:00-05:00",
        "note": "Too small",
        "refund_line_items": [
            {
                "id": 6001,
                "line_item_id": 11,
                "quantity": 2,
                "restock_type": "return",
                "line_item": ITEM,
            }
        ],
    }
    data.update(overrides)
    return data


def test_a_refund_with_returned_goods_is_a_return_request():
    document = validate_document("return_request", refunds.from_shopify_refund(refund()))
    assert (document.rma_ref, document.refund_ref, document.order_ref) == (
        "refund:5001",
        "5001",
        "4001",
    )
    assert document.customer is None, "the shop order names the customer"
    assert [(line.line_ref, line.product_code, line.quantity) for line in document.lines] == [
        ("6001", "SKU-A", 2)
    ]
    assert document.lines[0].reason == "Too small"
    assert str(document.return_date) == "2026-11-25"


def test_a_refund_of_money_only_returns_nothing():
    items = [{"id": 6001, "line_item_id": 11, "quantity": 1, "restock_type": "no_restock"}]
    assert refunds.from_shopify_refund(refund(refund_line_items=items)) is None
    assert refunds.from_shopify_refund(refund(refund_line_items=[])) is None


def test_the_older_restock_flag_and_a_line_without_sku():
    item = {
        "id": 6001,
        "line_item_id": 12,
        "quantity": 1,
        "line_item": {"id": 12, "variant_id": 77},
    }
    document = refunds.from_shopify_refund(refund(restock=True, refund_line_items=[item]))
    assert document["lines"][0]["product_code"] == "variant:77"


def test_unreadable_refunds_name_what_is_wrong():
    with pytest.raises(OrderShapeError, match="the refund has no 'order_id'"):
        refunds.from_shopify_refund(refund(order_id=None))
    bad = refund()["refund_line_items"][0] | {"quantity": "two"}
    with pytest.raises(OrderShapeError, match=r"refund_line_items\[1\].quantity: 'two'"):
        refunds.from_shopify_refund(refund(refund_line_items=[bad]))
