"""Canonical order acknowledgement -> 855 Purchase Order Acknowledgment."""

from ..mapping import coded, number, sparse, x12_date

# BAK02 by order status: detail without change, detail with change, reject with detail.
ACK_TYPES = {"accepted": "AD", "changed": "AC", "partial": "AC", "rejected": "RD"}
# BAK02 for a whole-order rejection that lists no lines.
REJECTED_WITHOUT_DETAIL = "RJ"
# ACK01 by line status: accepted, accepted with changes, backordered, rejected.
LINE_STATUSES = {"accepted": "IA", "changed": "IC", "backordered": "IB", "rejected": "IR"}
# ACK04: the date in ACK05 is the current scheduled ship date.
CURRENT_SCHEDULE_SHIP = "068"


def order_ack_to_855(ack, *, product_qualifier="BP", uom_code="EA", order_date=None):
    """The 855 body segments (BAK, PO1/ACK per line, CTT) of a canonical order ack.

    BAK04 is the purchase order's date, which the canonical ack does not carry: pass
    ``order_date``, else the ack date stands in. ``uom_code`` is the unit of PO103/ACK03.
    """
    lines = ack.get("lines") or []
    if ack["status"] == "rejected" and not lines:
        ack_type = REJECTED_WITHOUT_DETAIL
    else:
        ack_type = coded(ACK_TYPES, ack["status"], "BAK", 2)
    bak = {
        1: "00",
        2: ack_type,
        3: ack["order_ref"],
        4: x12_date(order_date or ack["ack_date"]),
        8: ack.get("seller_order_ref"),
        9: x12_date(ack["ack_date"]),
    }
    segments = [sparse("BAK", bak)]
    for line in lines:
        segments += _line(line, product_qualifier, uom_code)
    if lines:
        segments.append(("CTT", str(len(lines))))
    return segments


def _line(line, product_qualifier, uom_code):
    price = line.get("unit_price")
    po1 = (
        "PO1",
        line["line_ref"],
        number(line["quantity_ordered"]),
        uom_code,
        number(price) if price is not None else None,
        None,
        product_qualifier,
        line["product_code"],
    )
    ack = [
        "ACK",
        coded(LINE_STATUSES, line["status"], "ACK", 1),
        number(line["quantity_accepted"]),
        uom_code,
    ]
    if line.get("scheduled_date"):
        ack += [CURRENT_SCHEDULE_SHIP, x12_date(line["scheduled_date"])]
    return [po1, tuple(ack)]
