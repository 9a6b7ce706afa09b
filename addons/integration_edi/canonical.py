"""What the X12 and EDIFACT mappers share about canonical documents, whatever the syntax:
the overall status of an acknowledgement from its lines, and shipped lines that add up per
order line. Pure Python, no ORM (imported by the ``x12`` and ``edifact`` packages)."""


def ack_status(lines, default):
    """The canonical status of a supplier's acknowledgement: what its lines say (all
    accepted, all rejected, some rejected or back-ordered = partial, else changed); the
    header's ``default`` (BAK02, BGM 1225) when it lists no lines."""
    statuses = {line["status"] for line in lines}
    if not statuses:
        return default
    if statuses == {"accepted"}:
        return "accepted"
    if statuses == {"rejected"}:
        return "rejected"
    if statuses & {"rejected", "backordered"}:
        return "partial"
    return "changed"


def add_shipped(lines, line_ref, product_code, quantity, uom_code, lot=None):
    """Add ``quantity`` of ``product_code`` to the shipped line ``line_ref`` of ``lines``
    ({line_ref: line dict}), with its lot ({lot_name, expiry_date?}) when there is one.

    Returns the product code the line had before when it names another product (the
    caller raises its own located error), else None: two products under one order line are
    an error, never one line.
    """
    line = lines.setdefault(
        line_ref,
        {
            "line_ref": line_ref,
            "product_code": product_code,
            "quantity_shipped": 0,
            "uom_code": uom_code or "EA",
            "lots": [],
        },
    )
    if line["product_code"] != product_code:
        return line["product_code"]
    line["quantity_shipped"] += quantity
    if lot and lot.get("lot_name") and quantity:
        line["lots"].append({**lot, "quantity": quantity})
    return None
