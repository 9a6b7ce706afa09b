"""855 Purchase Order Acknowledgment both ways: ours to a customer out, a supplier's to our
purchase order in."""

from decimal import Decimal
from functools import partial

from ...canonical import ack_status
from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    INVALID_CODE,
    X12MappingError,
    ccyymmdd,
    coded,
    decimal,
    first,
    loops,
    number,
    product_code,
    qualified_ids,
    sparse,
    text,
    x12_date,
)

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
    bak = {
        1: "00",
        2: ack_code(ack, "BAK"),
        3: ack["order_ref"],
        4: x12_date(order_date or ack["ack_date"]),
        8: ack.get("seller_order_ref"),
        9: x12_date(ack["ack_date"]),
    }
    return ack_body(sparse("BAK", bak), ack, partial(_line, product_qualifier, uom_code))


def ack_code(ack, tag):
    """BAK02 / BCA02 of an acknowledgment: the 855 and the 865 share the code list, and a
    rejection that lists no line is a rejection of the whole order."""
    if ack["status"] == "rejected" and not ack.get("lines"):
        return REJECTED_WITHOUT_DETAIL
    return coded(ACK_TYPES, ack["status"], tag, 2)


def ack_body(header, ack, line_segments):
    """An acknowledgment's body, the 855's and the 865's alike: the header segment, the
    segments ``line_segments`` makes of each line, and CTT counting the lines, if any."""
    lines = ack.get("lines") or []
    segments = [header]
    for line in lines:
        segments += line_segments(line)
    if lines:
        segments.append(("CTT", str(len(lines))))
    return segments


def line_ack(line, uom_code):
    """A line's ACK (status, quantity accepted, unit), the same in the 855 and the 865."""
    return [
        "ACK",
        coded(LINE_STATUSES, line["status"], "ACK", 1),
        number(line["quantity_accepted"]),
        uom_code,
    ]


def _line(product_qualifier, uom_code, line):
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
    ack = line_ack(line, uom_code)
    if line.get("scheduled_date"):
        ack += [CURRENT_SCHEDULE_SHIP, x12_date(line["scheduled_date"])]
    return [po1, tuple(ack)]


# -- in ----------------------------------------------------------------------------------

# BAK02 read: the order status when the 855 lists no lines (else the lines decide).
ACK_TYPES_READ = {
    **dict.fromkeys(("AD", "AK", "AT", "AP", "NA"), "accepted"),
    **dict.fromkeys(("AC", "AE", "AH"), "changed"),
    **dict.fromkeys(("RD", "RJ", "RF", "RO", "ZZ"), "rejected"),
}
# ACK01 (668) read: accepted; accepted with changes to quantity, price, date or product;
# not confirmed now (back-ordered, on hold, schedule pending); rejected or deleted.
LINE_STATUSES_READ = {
    **dict.fromkeys(("IA", "AC", "AR", "IE"), "accepted"),
    **dict.fromkeys(("IC", "IP", "IQ", "IS", "DR"), "changed"),
    **dict.fromkeys(("IB", "BP", "SP", "IH", "IF", "IW"), "backordered"),
    **dict.fromkeys(("IR", "ID", "R1", "R2", "R3", "R4"), "rejected"),
}
# Line statuses whose ACK02 is a quantity confirmed now, and ACK01 of a substitution.
CONFIRMING, SUBSTITUTED = ("accepted", "changed"), "IS"
# ACK04 / DTM01 qualifiers of the date the supplier now plans: current schedule ship and
# delivery, estimated delivery, delivery requested, promised.
SCHEDULE_QUALIFIERS = ("068", "067", "017", "002", "069")
# ACK07..ACK26: the (qualifier, id) pairs of a substitute product.
_ACK_FIRST_ID, _ACK_LAST_ID = 7, 25
_PO1_FIRST_ID, _PO1_LAST_ID = 6, 24


def order_ack_from_855(segments, *, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS, sent_on=None):
    """The canonical order ack of a supplier's 855 body segments (between ST and SE).

    BAK03 is our PO number, BAK08 the supplier's order number, BAK09 the ack date (else
    ``sent_on``, the group date GS04). Each PO1 loop is a line by PO101 (our line_ref):
    PO102 ordered, PO104 the price the supplier confirms, and its ACK segments: the status
    (ACK01), the quantity it concerns (ACK02), the date planned (ACK04/05) and a substitute
    product (ACK07 on). Several ACKs of one line (5 accepted, 3 back-ordered) add up.
    """
    segments = list(segments)
    bak = first(segments, "BAK")
    ack_type = text(bak, 2, required=True)
    if ack_type not in ACK_TYPES_READ:
        raise X12MappingError(
            bak, 2, f"{ack_type!r} is not an acknowledgment type the hub reads", code=INVALID_CODE
        )
    lines = [
        _ack_line(po1, following, product_qualifiers, index)
        for index, (po1, following) in enumerate(loops(segments, "PO1"), 1)
    ]
    ack_date = ccyymmdd(bak, 9) or sent_on or ccyymmdd(bak, 4, required=True)
    return {
        "order_ref": text(bak, 3, required=True),
        "ack_date": ack_date,
        "status": ack_status(lines, ACK_TYPES_READ[ack_type]),
        "seller_order_ref": text(bak, 8) or None,
        "lines": lines,
    }


def _ack_line(po1, following, product_qualifiers, index):
    ids = qualified_ids(po1, _PO1_FIRST_ID, _PO1_LAST_ID)
    ordered = decimal(po1, 2, required=True)
    acks = [segment for segment in following if segment.tag == "ACK"]
    statuses = [_line_status(ack) for ack in acks] or ["accepted"]
    accepted = sum(
        (_ack_quantity(ack, status, ordered) for ack, status in zip(acks, statuses, strict=True)),
        Decimal(0),
    )
    line = {
        "line_ref": text(po1, 1) or str(index),
        "product_code": product_code(po1, ids, product_qualifiers, _PO1_FIRST_ID + 1),
        "quantity_ordered": ordered,
        "quantity_accepted": accepted if acks else ordered,
        "status": _combined(statuses),
        "unit_price": decimal(po1, 4),
        "scheduled_date": _scheduled(acks, following),
    }
    substitutes = [ack for ack in acks if text(ack, 1) == SUBSTITUTED]
    if substitutes:
        substitute_ids = qualified_ids(substitutes[0], _ACK_FIRST_ID, _ACK_LAST_ID)
        line["substitute_product_code"] = product_code(
            substitutes[0], substitute_ids, product_qualifiers, _ACK_FIRST_ID + 1
        )
    return line


def _line_status(ack):
    code = text(ack, 1, required=True)
    if code not in LINE_STATUSES_READ:
        raise X12MappingError(
            ack, 1, f"{code!r} is not a line item status the hub reads", code=INVALID_CODE
        )
    return LINE_STATUSES_READ[code]


def _ack_quantity(ack, status, ordered):
    """The quantity an ACK accepts: ACK02 (the whole line when an accepting ACK omits it)."""
    if status not in CONFIRMING:
        return 0
    quantity = decimal(ack, 2)
    return ordered if quantity is None else quantity


def _combined(statuses):
    """One status for a line of several ACKs: back-ordered when part of it is, else
    changed (part accepted, part changed or rejected)."""
    if len(set(statuses)) == 1:
        return statuses[0]
    return "backordered" if "backordered" in statuses else "changed"


def _scheduled(acks, following):
    dated = [(text(ack, 4), ack, 5) for ack in acks]
    dated += [(text(dtm, 1), dtm, 2) for dtm in following if dtm.tag == "DTM"]
    for qualifier in SCHEDULE_QUALIFIERS:
        for found, segment, position in dated:
            if found == qualifier:
                return ccyymmdd(segment, position, required=True)
    return None
