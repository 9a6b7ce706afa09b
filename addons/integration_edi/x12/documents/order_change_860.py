"""860 Purchase Order Change Request - Buyer Initiated both ways: a customer's change or
cancellation of its 850 in, and ours of the purchase order we sent a supplier out."""

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    X12MappingError,
    ccyymmdd,
    coded,
    decimal,
    first,
    loops,
    parties,
    product_code,
    qualified_ids,
    text,
    x12_date,
)
from .order_850 import (
    GTIN_QUALIFIERS,
    STAND_ALONE,
    _customer,
    _delivery_date,
    _description,
    _notes,
    _split_header,
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


# -- in ----------------------------------------------------------------------------------

# BCH01 read: cancellation, change, replace (the whole order restated: lines not sent are
# cancelled). Anything else is not a change the hub applies.
PURPOSES_READ = {"01": "cancel", "04": "change", "05": "change"}
REPLACE = "05"
# POC02 (670) of a deleted line: read as quantity 0. Other codes (CA, QI, QD, PC, AI...)
# restate the line with POC03, the quantity now ordered.
DELETED_ITEMS = ("DI", "DE")
# POC product/service id pairs (qualifier, id) from POC08 to POC24/POC25.
_FIRST_ID_POSITION, _LAST_ID_POSITION = 8, 24


def order_change_from_860(
    segments, *, sender_id=None, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS
):
    """The canonical order (purpose change or cancel) of a customer's 860 body segments.

    BCH03 is the PO number, BCH06 its date; BCH01 01 cancels the whole order, 04 changes the
    lines it lists (POC03 the quantity now ordered, POC06 the price; POC02 DI deletes the
    line), 05 restates the whole order. Parties and dates are read as in an 850.
    """
    segments = list(segments)
    bch = first(segments, "BCH")
    purpose_code = text(bch, 1, required=True)
    if purpose_code not in PURPOSES_READ:
        raise X12MappingError(
            bch, 1, f"{purpose_code!r} is not a change purpose the hub reads (01, 04, 05)", code="7"
        )
    header, detail = _split_header(segments, "POC")
    lines = [
        _change_line(poc, following, product_qualifiers) for poc, following in loops(detail, "POC")
    ]
    purpose = PURPOSES_READ[purpose_code]
    if purpose == "change" and not lines:
        raise X12MappingError("POC", None, "a change needs at least one POC line")
    cur = first(header, "CUR", required=False)
    order = {
        "order_ref": text(bch, 3, required=True),
        "purpose": purpose,
        "order_date": ccyymmdd(bch, 6, required=True),
        "customer": _customer(parties(header), sender_id, bch),
        "requested_delivery_date": _delivery_date(header),
        "lines": lines,
        "lines_complete": purpose_code == REPLACE,
        "notes": _notes(header),
    }
    found = parties(header)
    if found.get("ST"):
        order["ship_to"] = found["ST"]
    if cur is not None and text(cur, 2):
        order["currency"] = text(cur, 2)
    return order


def _change_line(poc, following, product_qualifiers):
    ids = qualified_ids(poc, _FIRST_ID_POSITION, _LAST_ID_POSITION)
    deleted = text(poc, 2, required=True) in DELETED_ITEMS
    line = {
        "line_ref": text(poc, 1, required=True),
        "product_code": product_code(poc, ids, product_qualifiers, _FIRST_ID_POSITION + 1),
        "gtin": next((ids[q] for q in GTIN_QUALIFIERS if q in ids), None),
        "buyer_product_code": ids.get("BP"),
        "description": _description(following),
        "quantity": 0 if deleted else decimal(poc, 3, required=True),
        "unit_price": None if deleted else decimal(poc, 6),
    }
    if text(poc, 5):
        line["uom_code"] = text(poc, 5)
    return line
