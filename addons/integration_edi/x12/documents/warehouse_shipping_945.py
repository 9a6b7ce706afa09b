"""945 Warehouse Shipping Advice in -> canonical shipment notice."""

from datetime import datetime, time

from ..mapping import X12MappingError, ccyymmdd, check_count, decimal, first, hhmm, parties, text

# G62 qualifier of the actual ship date ("shipped on this date").
SHIPPED_ON = "11"
# N9 qualifiers carrying a tracking number: tracking number, carrier's reference (PRO).
TRACKING_QUALIFIERS = ("2I", "CN")
# N9 qualifier of our line reference inside an LX loop (sent back from the 940).
LINE_ITEM = "LI"
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
    loops = list(_lx_loops(segments))
    if not loops:
        raise X12MappingError("W12", None, "a shipping advice needs at least one W12 line")
    lines = _merged_lines(loops)
    w03 = first(segments, "W03", required=False)
    if w03 is not None:
        shipped = sum(line["quantity_shipped"] for line in lines)
        check_count(w03, 1, shipped, "sum of W1203 units shipped")
    w27 = first(segments, "W27", required=False)
    carrier_code = text(w27, 2) if w27 is not None else ""
    return {
        "shipment_ref": text(w06, 4) or text(w06, 2, required=True),
        "order_ref": text(w06, 2, required=True),
        "ship_date": _ship_date(segments, w06),
        "carrier_code": carrier_code or None,
        "tracking_numbers": _tracking_numbers(segments),
        "ship_to": parties(segments).get("ST"),
        "lines": lines,
        "complete": all(text(w12, 1) in COMPLETE_STATUSES for w12, _ in loops),
    }


def _lx_loops(segments):
    """(W12, its line reference) for each W12, the reference being N9*LI, else LX01."""
    lx_number, w12, line_ref = None, None, None
    for segment in segments:
        tag = segment.tag
        if tag in ("LX", "W03") and w12 is not None:
            yield w12, line_ref
            w12 = None
        if tag == "LX":
            lx_number, line_ref = text(segment, 1), None
        elif tag == "W12":
            if w12 is not None:
                yield w12, line_ref
            w12, line_ref = segment, line_ref or lx_number
        elif tag == "N9" and text(segment, 1) == LINE_ITEM and w12 is not None:
            line_ref = text(segment, 2)
    if w12 is not None:
        yield w12, line_ref


def _merged_lines(loops):
    """One shipped line per line reference: W12s of the same line (one per lot) add up."""
    lines = {}
    for w12, line_ref in loops:
        quantity = decimal(w12, 3, required=True)
        line_ref = line_ref or str(len(lines) + 1)
        line = lines.setdefault(
            line_ref,
            {
                "line_ref": line_ref,
                "product_code": _product_code(w12),
                "quantity_shipped": 0,
                "uom_code": text(w12, 5) or "EA",
                "lots": [],
            },
        )
        line["quantity_shipped"] += quantity
        if text(w12, 9) and quantity:
            line["lots"].append({"lot_name": text(w12, 9), "quantity": quantity})
    return list(lines.values())


def _product_code(w12):
    """W1208 qualified by W1207, else the case UPC of W1206."""
    code = text(w12, 8) or text(w12, 6)
    if not code:
        raise X12MappingError(w12, 8, "the line names no product (W1208 or W1206)")
    return code


def _ship_date(segments, w06):
    for g62 in segments:
        if g62.tag == "G62" and text(g62, 1) == SHIPPED_ON:
            return datetime.combine(ccyymmdd(g62, 2, required=True), hhmm(g62, 4))
    return datetime.combine(ccyymmdd(w06, 3, required=True), time())


def _tracking_numbers(segments):
    return [
        text(n9, 2)
        for n9 in segments
        if n9.tag == "N9" and text(n9, 1) in TRACKING_QUALIFIERS and text(n9, 2)
    ]
