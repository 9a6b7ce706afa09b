"""Shop refunds → the canonical return request, when goods come back with the refund.

A Shopify refund (``refunds/create``, REST Admin API shape) lists ``refund_line_items``;
those restocked as a return (``restock_type`` ``return``, or the older ``restock``
flag) are goods the customer sends back. A refund of money only returns nothing: it maps
to None. The order is named by the shop's order id; the customer is the order's.

Pure functions over parsed JSON, like ``orders``.
"""

from .orders import OrderShapeError, _clean, _number, _required, _str, _text

RETURNED = ("return",)


def returned_items(refund):
    """The refund's line items that bring goods back."""
    if not isinstance(refund, dict):
        raise OrderShapeError(f"the refund must be a JSON object, not {type(refund).__name__}")
    items = refund.get("refund_line_items") or []
    return [
        item
        for item in items
        if isinstance(item, dict)
        and (
            item.get("restock_type") in RETURNED
            or (refund.get("restock") and "restock_type" not in item)
        )
    ]


def from_shopify_refund(refund):
    """The canonical return request of a Shopify refund, or None when nothing comes back."""
    items = returned_items(refund)
    if not items:
        return None
    refund_id = str(_required(refund, "id", "the refund"))
    order_id = str(_required(refund, "order_id", "the refund"))
    lines = []
    for index, item in enumerate(items, 1):
        what = f"refund_line_items[{index}]"
        line_item = item.get("line_item") or {}
        line_item_id = item.get("line_item_id") or line_item.get("id")
        quantity = _number(item.get("quantity"), what + ".quantity")
        lines.append(
            _clean(
                {
                    "line_ref": str(_required(item, "id", what)),
                    "product_code": _text(line_item.get("sku"))
                    or f"variant:{line_item.get('variant_id') or line_item_id}",
                    "quantity": _str(quantity),
                    "reason": _text(refund.get("note")),
                }
            )
        )
    return _clean(
        {
            "rma_ref": f"refund:{refund_id}",
            "refund_ref": refund_id,
            "order_ref": order_id,
            "return_date": (_text(refund.get("created_at")) or "")[:10] or None,
            "reason": _text(refund.get("note")),
            "lines": lines,
        }
    )
