"""850 Purchase Order both ways: a customer's order in, ours to a supplier out (the vendor
side: BEG 00/SA, N1 BY us, N1 SE the supplier, PO1 with VP/BP/UP ids)."""

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    X12MappingError,
    ccyymmdd,
    check_count,
    coded,
    decimal,
    first,
    loops,
    number,
    parties,
    party_address,
    party_segments,
    product_code,
    qualified_ids,
    text,
    to_decimal,
    x12_date,
)

# Product id qualifiers holding a GTIN: GTIN-14, EAN-13, UPC-A (UCC-12).
GTIN_QUALIFIERS = ("UK", "EN", "UP")
# DTM qualifiers for the requested delivery date: Delivery Requested, Required By.
DELIVERY_DATE_QUALIFIERS = ("002", "106")
# N1 entity codes of the seller, first found wins: selling party, vendor, supplier.
SELLER_CODES = ("SE", "VN", "SU")
# BEG01 purposes: cancellation and replace; anything else (00 original, 07 duplicate...) is
# read as an original order.
PURPOSES_READ = {"01": "cancel", "05": "change"}
# BEG01 of what we send: an original, or a re-sent order that replaces or cancels one
# (for suppliers that take no 860).
PURPOSES_SENT = {"original": "00", "change": "05", "cancel": "01"}
# BEG02 stand-alone order; PO105 unit price per each; DTM 002 delivery requested.
STAND_ALONE, PRICE_PER_EACH, DELIVERY_REQUESTED = "SA", "PE", "002"
# N104 qualifiers: the id the seller assigned to us (our account with it), and ids we
# assigned (the supplier's, our ship-to's).
ASSIGNED_BY_SELLER, ASSIGNED_BY_BUYER = "91", "92"
# N901 of the notes that follow as MSG segments (MSG01 holds at most 264 characters).
NOTES_REFERENCE, MSG_LENGTH = "L1", 264
# The GTIN qualifier by length: UPC-A (12), EAN-13 (13), GTIN-14 (14).
GTIN_QUALIFIER_BY_LENGTH = {12: "UP", 13: "EN", 14: "UK"}
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
        for index, (po1, following) in enumerate(loops(detail, "PO1"), 1)
    ]
    if not lines:
        raise X12MappingError("PO1", None, "an order needs at least one PO1 line")
    _check_totals(segments, lines)
    cur = first(header, "CUR", required=False)
    order = {
        "order_ref": text(beg, 3, required=True),
        "purpose": PURPOSES_READ.get(text(beg, 1), "original"),
        "order_date": ccyymmdd(beg, 5, required=True),
        "customer": _customer(found, sender_id, beg),
        "ship_to": found.get("ST"),
        "bill_to": found.get("BT"),
        "requested_delivery_date": _delivery_date(header),
        "lines": lines,
        "notes": _notes(header),
    }
    if order["purpose"] == "change":  # a replacing 850: lines it does not list are cancelled
        order["lines_complete"] = True
    if cur is not None and text(cur, 2):
        order["currency"] = text(cur, 2)
    seller = next((found[code] for code in SELLER_CODES if code in found), None)
    if seller and seller.get("external_id"):
        order["supplier"] = {"external_id": seller["external_id"], "name": seller["name"]}
        order["supplier"]["address"] = seller
    return order


def _split_header(segments, detail_tag="PO1"):
    """The segments before the first ``detail_tag`` (PO1, an 860's POC) and the rest."""
    for index, segment in enumerate(segments):
        if segment.tag == detail_tag:
            return segments[:index], segments[index:]
    return segments, []


def _line(po1, following, product_qualifiers, index):
    ids = qualified_ids(po1, _FIRST_ID_POSITION, _LAST_ID_POSITION)
    line = {
        "line_ref": text(po1, 1) or str(index),
        "product_code": product_code(po1, ids, product_qualifiers, _FIRST_ID_POSITION + 1),
        "gtin": next((ids[q] for q in GTIN_QUALIFIERS if q in ids), None),
        "buyer_product_code": ids.get("BP"),
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


# -- out ---------------------------------------------------------------------------------


def order_to_850(order, *, product_qualifier="VP"):
    """The 850 body segments of our canonical purchase order to a supplier.

    ``product_qualifier`` names what product_code is to the supplier (VP, its own part
    number); our item code goes as BP and the GTIN as UP/EN/UK. A change or a cancellation
    is the same order re-sent with BEG01 05 (replace) or 01 (cancellation), for suppliers
    that take no 860.
    """
    purpose = coded(PURPOSES_SENT, order.get("purpose") or "original", "BEG", 1)
    segments = [
        ("BEG", purpose, STAND_ALONE, order["order_ref"], None, x12_date(order["order_date"])),
        *order_header(order),
    ]
    for line in order["lines"]:
        segments.append(
            (
                "PO1",
                line["line_ref"],
                *line_quantity_price(line),
                *product_ids(line, product_qualifier),
            )
        )
        segments += description(line)
    segments.append(order_totals(order["lines"]))
    return segments


def order_header(order):
    """What an 850 and an 860 share after BEG/BCH: currency, delivery date, notes (N9/MSG)
    and the parties: us as buyer (BY), the supplier (SE), ship-to and bill-to."""
    segments = [("CUR", "BY", order.get("currency") or "USD")]
    if order.get("requested_delivery_date"):
        segments.append(("DTM", DELIVERY_REQUESTED, x12_date(order["requested_delivery_date"])))
    if order.get("notes"):
        segments.append(("N9", NOTES_REFERENCE, "NOTES"))
        segments += [
            ("MSG", note[start : start + MSG_LENGTH])
            for note in order["notes"].splitlines()
            if note.strip()
            for start in range(0, len(note), MSG_LENGTH)
        ]
    segments += party_segments(
        "BY", party_address(order["customer"]), id_qualifier=ASSIGNED_BY_SELLER
    )
    if order.get("supplier"):
        segments += party_segments("SE", party_address(order["supplier"]))
    for code, key in (("ST", "ship_to"), ("BT", "bill_to")):
        if order.get(key):
            segments += party_segments(code, order[key], id_qualifier=ASSIGNED_BY_BUYER)
    return segments


def line_quantity_price(line):
    """Quantity, unit, unit price and its basis (PO102-PO105, POC05-POC07 less one)."""
    price = line.get("unit_price")
    return (
        number(line["quantity"]),
        line.get("uom_code") or "EA",
        number(price) if price is not None else None,
        PRICE_PER_EACH if price is not None else None,
    )


def product_ids(line, product_qualifier):
    """The (qualifier, id) pairs of a line, flattened: the supplier's item number, ours
    (BP) and the GTIN."""
    pairs = [(product_qualifier, line["product_code"])]
    if line.get("buyer_product_code"):
        pairs.append(("BP", line["buyer_product_code"]))
    gtin = line.get("gtin")
    if gtin:
        pairs.append((GTIN_QUALIFIER_BY_LENGTH.get(len(gtin), "EN"), gtin))
    return tuple(value for pair in pairs for value in pair)


def description(line):
    return [("PID", "F", None, None, None, line["description"])] if line.get("description") else []


def order_totals(lines):
    """CTT: the number of lines and the sum of their quantities."""
    total = sum((to_decimal(line["quantity"]) for line in lines), to_decimal(0))
    return ("CTT", str(len(lines)), number(total))
