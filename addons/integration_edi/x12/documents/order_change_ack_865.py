"""865 Purchase Order Change Acknowledgment - Seller Initiated out: our answer to a
customer's 860 (canonical ``order_ack`` with purpose change)."""

from functools import partial

from ..mapping import number, sparse, x12_date
from .order_ack_855 import ack_body, ack_code, line_ack

# BCA01: original transmission of this acknowledgment.
ORIGINAL = "00"
# POC02 (670): the line was deleted (quantity 0), else changes to the line item.
DELETED, CHANGED = "DI", "CA"
PRICE_PER_EACH = "PE"


def order_change_ack_to_865(ack, *, product_qualifier="BP", uom_code="EA", order_date=None):
    """The 865 body segments: BCA (the acknowledgment type as an 855's BAK02, BCA03 the PO
    number, BCA06 its date, BCA09 our order number, BCA10 the answer's date), then per line
    of the change POC with the quantity now standing and ACK with our verdict, and CTT.

    ``order_date`` is the purchase order's date (the ack date stands in without it).
    """
    bca = {
        1: ORIGINAL,
        2: ack_code(ack, "BCA"),
        3: ack["order_ref"],
        6: x12_date(order_date or ack["ack_date"]),
        9: ack.get("seller_order_ref"),
        10: x12_date(ack["ack_date"]),
    }
    return ack_body(sparse("BCA", bca), ack, partial(_line, product_qualifier, uom_code))


def _line(product_qualifier, uom_code, line):
    price = line.get("unit_price")
    asked = line["quantity_ordered"]
    poc = (
        "POC",
        line["line_ref"],
        CHANGED if float(asked) else DELETED,
        number(asked),
        None,
        uom_code,
        number(price) if price is not None else None,
        PRICE_PER_EACH if price is not None else None,
        product_qualifier,
        line["product_code"],
    )
    return [poc, tuple(line_ack(line, uom_code))]
