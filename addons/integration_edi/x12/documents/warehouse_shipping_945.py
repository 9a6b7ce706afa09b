"""945 Warehouse Shipping Advice in -> canonical shipment notice."""

from ..mapping import (
    X12MappingError,
    decimal,
    first,
    g62_datetime,
    parties,
    text,
    warehouse_lines,
)

# G62 qualifier of the actual ship date ("shipped on this date").
SHIPPED_ON = "11"
# N9 qualifiers carrying a tracking number: tracking number, carrier's reference (PRO).
TRACKING_QUALIFIERS = ("2I", "CN")
# W1201 statuses after which nothing stays to be shipped: complete, complete with
# additional quantity, partial considered no back-order, complete with substitution.
COMPLETE_STATUSES = frozenset({"CC", "CL", "CM", "CP", "CS"})


def shipment_notice_from_945(segments):
    """The canonical shipment notice of a 945's body segments (between ST and SE).

    W0602 (depositor order number) is our order_ref; W0604 the shipment id. The ship
    date is G62*11 when sent, else W0603. Lines come from the W12 of each LX loop.
    """
    segments = list(segments)
    w06 = first(segments, "W06")
    loops, lines = warehouse_lines(segments, "W12", _w12_row, "W03", "shipping advice")
    w27 = first(segments, "W27", required=False)
    carrier_code = text(w27, 2) if w27 is not None else ""
    return {
        "shipment_ref": text(w06, 4) or text(w06, 2, required=True),
        "order_ref": text(w06, 2, required=True),
        "ship_date": g62_datetime(segments, SHIPPED_ON, w06, 3),
        "carrier_code": carrier_code or None,
        "tracking_numbers": _tracking_numbers(segments),
        "ship_to": parties(segments).get("ST"),
        "lines": lines,
        "complete": all(text(w12, 1) in COMPLETE_STATUSES for w12, _ in loops),
    }


def _w12_row(w12, line_ref):
    """(line_ref, product, quantity shipped W1203, unit W1205, lot W1209) of one W12."""
    return line_ref, _product_code(w12), decimal(w12, 3, required=True), text(w12, 5), text(w12, 9)


def _product_code(w12):
    """W1208 qualified by W1207, else the case UPC of W1206."""
    code = text(w12, 8) or text(w12, 6)
    if not code:
        raise X12MappingError(w12, 8, "the line names no product (W1208 or W1206)")
    return code


def _tracking_numbers(segments):
    return [
        text(n9, 2)
        for n9 in segments
        if n9.tag == "N9" and text(n9, 1) in TRACKING_QUALIFIERS and text(n9, 2)
    ]
