"""Canonical inventory snapshot -> 846 Inventory Inquiry/Advice."""

from ..mapping import number, x12_date, x12_time

# BIA01 original, BIA02 distributor inventory report.
ORIGINAL, INVENTORY_REPORT = "00", "DD"
# QTY01: quantity on hand.
ON_HAND = "17"
# REF01 for the stock location within the warehouse; LIN qualifier for a lot number.
LOCATION, LOT = "LU", "LT"


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
