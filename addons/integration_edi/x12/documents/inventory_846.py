"""846 Inventory Inquiry/Advice <-> canonical inventory snapshot: we send our stock to
partners, and a 3PL sends the stock it holds for us."""

from datetime import datetime

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    X12MappingError,
    ccyymmdd,
    check_count,
    decimal,
    first,
    hhmm,
    number,
    parties,
    product_code,
    qualified_ids,
    text,
    x12_date,
    x12_time,
)

# BIA01 original, BIA02 distributor inventory report.
ORIGINAL, INVENTORY_REPORT = "00", "DD"
# QTY01: quantity on hand.
ON_HAND = "17"
# REF01 for the stock location within the warehouse; LIN qualifier for a lot number.
LOCATION, LOT = "LU", "LT"
# LIN product/service id pairs (qualifier, id) run from LIN02/LIN03 to LIN30/LIN31.
_FIRST_ID_POSITION, _LAST_ID_POSITION = 2, 30


def inventory_to_846(snapshot, *, product_qualifier="VP", report_ref=None):
    """The 846 body segments of a canonical snapshot: BIA, the warehouse (N1*WH), then
    LIN/QTY per item. BIA03 is ``report_ref``, else the warehouse code and timestamp."""
    as_of = snapshot["as_of"]
    warehouse = snapshot["warehouse_code"]
    reference = report_ref or f"{warehouse}-{x12_date(as_of)}{x12_time(as_of)}"
    segments = [
        ("BIA", ORIGINAL, INVENTORY_REPORT, reference, x12_date(as_of), x12_time(as_of)),
        ("N1", "WH", None, "92", warehouse),
    ]
    for item in snapshot["items"]:
        lin = ("LIN", None, product_qualifier, item["product_code"])
        if item.get("lot_name"):
            lin += (LOT, item["lot_name"])
        segments.append(lin)
        if item.get("location_code"):
            segments.append(("REF", LOCATION, item["location_code"]))
        segments.append(("QTY", ON_HAND, number(item["quantity"]), item.get("uom_code") or "EA"))
    segments.append(("CTT", str(len(snapshot["items"]))))
    return segments


def inventory_from_846(segments, *, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS):
    """The canonical inventory snapshot of an 846's body segments (between ST and SE).

    The stock is as of BIA04/BIA05, in the warehouse of the N1*WH loop (N104, else its
    name). Each LIN is an item: its product id (first of ``product_qualifiers``), lot
    (LT), location (REF*LU) and on-hand quantity (QTY*17); CTT01 counts the LINs.
    """
    segments = list(segments)
    bia = first(segments, "BIA")
    warehouse = parties(segments).get("WH")
    if not warehouse:
        raise X12MappingError("N1", None, "the advice names no warehouse (N1*WH)")
    items = [_item(lin, detail, product_qualifiers) for lin, detail in _lin_loops(segments)]
    if not items:
        raise X12MappingError("LIN", None, "an inventory advice needs at least one LIN item")
    ctt = first(segments, "CTT", required=False)
    if ctt is not None:
        check_count(ctt, 1, len(items), "LIN items")
    return {
        "warehouse_code": warehouse["external_id"] or warehouse["name"],
        "as_of": datetime.combine(ccyymmdd(bia, 4, required=True), hhmm(bia, 5)),
        "items": items,
    }


def _lin_loops(segments):
    """(LIN, the segments after it up to the next LIN or CTT) for each item."""
    lin, detail = None, []
    for segment in segments:
        if segment.tag in ("LIN", "CTT") and lin is not None:
            yield lin, detail
            lin, detail = None, []
        if segment.tag == "LIN":
            lin = segment
        elif lin is not None:
            detail.append(segment)
    if lin is not None:
        yield lin, detail


def _item(lin, detail, product_qualifiers):
    ids = qualified_ids(lin, _FIRST_ID_POSITION, _LAST_ID_POSITION)
    on_hand = next((s for s in detail if s.tag == "QTY" and text(s, 1) == ON_HAND), None)
    if on_hand is None:
        raise X12MappingError(lin, None, "the item has no on-hand quantity (QTY*17)")
    location = next((text(s, 2) for s in detail if s.tag == "REF" and text(s, 1) == LOCATION), "")
    return {
        "product_code": product_code(lin, ids, product_qualifiers, _FIRST_ID_POSITION + 1),
        "lot_name": ids.get(LOT),
        "location_code": location or None,
        "quantity": decimal(on_hand, 2, required=True),
        "uom_code": on_hand.components(3)[0] or "EA",
    }
