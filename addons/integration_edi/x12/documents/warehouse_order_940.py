"""Canonical warehouse order -> 940 Warehouse Shipping Order."""

from ..mapping import coded, number, party_segments, sparse, to_decimal, x12_date

# W0501 order status by canonical action: original, change, cancel.
ORDER_STATUSES = {"create": "N", "change": "R", "cancel": "F"}
# G62 qualifier of the requested ship date.
REQUESTED_SHIP = "10"
# W66: shipment method of payment (prepaid) and transportation method (motor) defaults.
PREPAID, MOTOR = "PP", "M"
# N9 qualifier for our line reference.
LINE_ITEM = "LI"


def warehouse_order_to_940(order, *, product_qualifier="VN"):
    """The 940 body segments: W05, ship-to and warehouse parties, G62, W66 (carrier SCAC in
    W6610), then LX/W01/N9*LI per line and W76 with the total quantity.

    ``lot_required`` has no X12 element of its own: agree it with the warehouse (e.g. in
    the partner's implementation guide) rather than inventing a qualifier here.
    """
    segments = [
        (
            "W05",
            coded(ORDER_STATUSES, order.get("action", "create"), "W05", 1),
            order["order_ref"],
            order.get("origin"),
        ),
        *party_segments("ST", order["ship_to"]),
        ("N1", "WH", None, "92", order["warehouse_code"]),
    ]
    if order.get("scheduled_date"):
        segments.append(("G62", REQUESTED_SHIP, x12_date(order["scheduled_date"])))
    if order.get("carrier_code"):
        segments.append(sparse("W66", {1: PREPAID, 2: MOTOR, 10: order["carrier_code"]}))
    lines = order.get("lines") or []
    for index, line in enumerate(lines, 1):
        segments += _line(index, line, product_qualifier)
    total = sum((to_decimal(line["quantity"]) for line in lines), to_decimal(0))
    segments.append(("W76", number(total)))
    return segments


def _line(index, line, product_qualifier):
    return [
        ("LX", str(index)),
        (
            "W01",
            number(line["quantity"]),
            line.get("uom_code") or "EA",
            None,
            product_qualifier,
            line["product_code"],
        ),
        ("N9", LINE_ITEM, line["line_ref"]),
    ]
