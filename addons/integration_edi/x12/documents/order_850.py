"""850 Purchase Order in -> canonical order."""

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    X12MappingError,
    ccyymmdd,
    check_count,
    decimal,
    first,
    parties,
    product_code,
    qualified_ids,
    text,
)

# Product id qualifiers holding a GTIN: GTIN-14, EAN-13, UPC-A (UCC-12).
GTIN_QUALIFIERS = ("UK", "EN", "UP")
# DTM qualifiers for the requested delivery date: Delivery Requested, Required By.
DELIVERY_DATE_QUALIFIERS = ("002", "106")
# PO1 product/service id pairs (qualifier, id) start at PO106 and go up to PO124/PO125.
_FIRST_ID_POSITION, _LAST_ID_POSITION = 6, 24


def order_from_850(segments, *, sender_id=None, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS):
    """The canonical order of an 850's body segments (between ST and SE).

    The customer is the N1*BY (else N1*BT) party by its N104 id, else ``sender_id`` (the
    interchange or group sender, for partners that name no buyer).
    """
    segments = list(segments)
    beg = first(segments, "BEG")
    header, detail = _split_header(segments)
    found = parties(header)
    lines = [
        _line(po1, following, product_qualifiers, index)
        for index, (po1, following) in enumerate(_po1_loops(detail), 1)
    ]
    if not lines:
        raise X12MappingError("PO1", None, "an order needs at least one PO1 line")
    _check_totals(segments, lines)
    cur = first(header, "CUR", required=False)
    order = {
        "order_ref": text(beg, 3, required=True),
        "order_date": ccyymmdd(beg, 5, required=True),
        "customer": _customer(found, sender_id, beg),
        "ship_to": found.get("ST"),
        "bill_to": found.get("BT"),
        "requested_delivery_date": _delivery_date(header),
        "lines": lines,
        "notes": _notes(header),
    }
    if cur is not None and text(cur, 2):
        order["currency"] = text(cur, 2)
    return order


def _split_header(segments):
    """The segments before the first PO1 and the rest."""
    for index, segment in enumerate(segments):
        if segment.tag == "PO1":
            return segments[:index], segments[index:]
    return segments, []


def _po1_loops(detail):
    """(PO1, the segments up to the next PO1 or the summary CTT)."""
    po1, following = None, []
    for segment in detail:
        if segment.tag in ("PO1", "CTT"):
            if po1 is not None:
                yield po1, following
            po1, following = (segment, []) if segment.tag == "PO1" else (None, [])
        elif po1 is not None:
            following.append(segment)
    if po1 is not None:
        yield po1, following


def _line(po1, following, product_qualifiers, index):
    ids = qualified_ids(po1, _FIRST_ID_POSITION, _LAST_ID_POSITION)
    line = {
        "line_ref": text(po1, 1) or str(index),
        "product_code": product_code(po1, ids, product_qualifiers, _FIRST_ID_POSITION + 1),
        "gtin": next((ids[q] for q in GTIN_QUALIFIERS if q in ids), None),
        "description": _description(following),
        "quantity": decimal(po1, 2, required=True),
        "unit_price": decimal(po1, 4),
    }
    if text(po1, 3):
        line["uom_code"] = text(po1, 3)
    return line


def _description(following):
    """The free-form item description (PID*F PID05) of a PO1 loop."""
    for segment in following:
        if segment.tag == "PID" and text(segment, 1) == "F" and text(segment, 5):
            return text(segment, 5)
    return None


def _customer(found, sender_id, beg):
    party = found.get("BY") or found.get("BT")
    external_id = (party or {}).get("external_id") or sender_id
    if not external_id:
        raise X12MappingError(
            beg,
            None,
            "no buyer: the 850 has no N1*BY or N1*BT with an id (N104) and no sender id was given",
        )
    customer = {"external_id": external_id}
    if party:
        customer["name"] = party["name"]
        customer["address"] = party
    return customer


def _delivery_date(header):
    dates = {text(dtm, 1): dtm for dtm in header if dtm.tag == "DTM"}
    for qualifier in DELIVERY_DATE_QUALIFIERS:
        if qualifier in dates:
            return ccyymmdd(dates[qualifier], 2, required=True)
    return None


def _notes(header):
    notes = [text(segment, 2) for segment in header if segment.tag == "NTE"]
    notes += [text(segment, 1) for segment in header if segment.tag == "MSG"]
    return "\n".join(note for note in notes if note) or None


def _check_totals(segments, lines):
    """CTT01 counts the PO1 lines, CTT02 (when sent) sums their quantities."""
    ctt = first(segments, "CTT", required=False)
    if ctt is None:
        return
    check_count(ctt, 1, len(lines), "PO1 lines")
    check_count(ctt, 2, sum(line["quantity"] for line in lines), "sum of PO102 quantities")
