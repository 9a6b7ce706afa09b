"""944 Warehouse Stock Transfer Receipt Advice in -> canonical receipt notice (the shape
of a shipment notice read from the receiving side: quantities are quantities received)."""

from ..mapping import (
    X12MappingError,
    decimal,
    first,
    g62_datetime,
    parties,
    text,
    warehouse_lines,
)

# G62 qualifier of the date and time the goods were received.
RECEIVED_ON = "09"
# W1701 reporting code of a final receipt: nothing more will be received against it.
FINAL = "F"


def receipt_notice_from_944(segments):
    """The canonical receipt notice of a 944's body segments (between ST and SE).

    W1704 (depositor order number: the receipt we announced, or its PO) is our order_ref,
    W1703 the warehouse's receipt number; the date is G62*09 when sent, else W1702. Lines
    come from the W07 of each LX loop, checked against the W14 total.
    """
    segments = list(segments)
    w17 = first(segments, "W17")
    loops, lines = warehouse_lines(segments, "W07", _w07_row, "W14", "receipt advice")
    return {
        "shipment_ref": text(w17, 3) or text(w17, 4, required=True),
        "order_ref": text(w17, 4, required=True),
        "ship_date": g62_datetime(segments, RECEIVED_ON, w17, 2),
        "ship_to": parties(segments).get("WH"),
        "lines": lines,
        "complete": text(w17, 1) == FINAL,
    }


def _w07_row(w07, line_ref):
    """(line_ref, product, quantity received W0701, unit W0702, lot W0706) of one W07."""
    code = text(w07, 5) or text(w07, 3)
    if not code:
        raise X12MappingError(w07, 5, "the line names no product (W0705 or W0703)")
    return line_ref, code, decimal(w07, 1, required=True), text(w07, 2), text(w07, 6)
