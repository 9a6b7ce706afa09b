"""Canonical order with purpose change or cancel -> 860 Purchase Order Change Request -
Buyer Initiated, to a supplier that received our 850."""

from ..mapping import coded, x12_date
from .order_850 import (
    STAND_ALONE,
    description,
    line_quantity_price,
    order_header,
    order_totals,
    product_ids,
)

# BCH01 by purpose: change, cancellation.
CHANGE_PURPOSES = {"change": "04", "cancel": "01"}
# POC02: changes to line items. The canonical change is the whole order as it now stands,
# not a difference: each line is restated (POC03 its quantity now ordered).
LINE_CHANGED = "CA"


def order_change_to_860(order, *, product_qualifier="VP"):
    """The 860 body segments: BCH (04 change, 01 cancellation; BCH06 the PO date), the
    header an 850 has, then per line POC with its quantity, price and ids and CTT.

    A cancellation restates no lines: BCH01 01 cancels the whole purchase order.
    """
    purpose = coded(CHANGE_PURPOSES, order.get("purpose"), "BCH", 1)
    segments = [
        (
            "BCH",
            purpose,
            STAND_ALONE,
            order["order_ref"],
            None,
            None,
            x12_date(order["order_date"]),
        ),
        *order_header(order),
    ]
    if purpose == CHANGE_PURPOSES["cancel"]:
        return segments
    for line in order["lines"]:
        quantity, uom, price, basis = line_quantity_price(line)
        segments.append(
            (
                "POC",
                line["line_ref"],
                LINE_CHANGED,
                quantity,
                None,
                uom,
                price,
                basis,
                *product_ids(line, product_qualifier),
            )
        )
        segments += description(line)
    segments.append(order_totals(order["lines"]))
    return segments
