"""DESADV out: a shipment notice (canonical ``shipment_notice``) as a despatch advice.

The packing hierarchy is CPS 1 for the whole shipment, with the lines shipped loose, then one
CPS per package (parent 1) with its PAC, weight, SSCC (GIN+BJ) and lines. A line shipped from
several lots becomes one LIN per lot, each with its batch number and quantity. ``complete``
has no DESADV element: the buyer sees it from the quantities.
"""

from .envelope import MessageType
from .mapping import as_decimal, document_data, dtm, item_segments, nad
from .reader import Segment
from .writer import OutboundMessage

DESADV_D96A = MessageType("DESADV", "D", "96A", "UN")
DESPATCHED = "12"


def desadv_message(notice, ref, *, message_type=DESADV_D96A, item_type="SA"):
    """The DESADV of ``notice`` (a ShipmentNotice model or its dict)."""
    notice = document_data(notice)
    body = [
        Segment.build("BGM", "351", notice["shipment_ref"], "9"),
        dtm("137", notice["ship_date"]),
        dtm("11", notice["ship_date"]),
        Segment.build("RFF", ("ON", notice["order_ref"])),
    ]
    body.extend(
        Segment.build("RFF", ("CN", number)) for number in notice.get("tracking_numbers") or []
    )
    if notice.get("ship_to"):
        ship_to = notice["ship_to"]
        body.append(nad("DP", ship_to.get("external_id"), ship_to))
    if notice.get("carrier_code") or notice.get("service_code"):
        body.append(
            Segment.build(
                "TDT",
                "20",
                None,
                (None, notice.get("service_code")),
                None,
                notice.get("carrier_code"),
            )
        )
    lines = _LineNumbers(notice["order_ref"], item_type)
    body.append(Segment.build("CPS", "1"))
    for line in notice.get("lines") or []:
        body.extend(lines.segments(line))
    for number, package in enumerate(notice.get("packages") or [], start=2):
        body.extend(_package_segments(number, package))
        for line in package.get("lines") or []:
            body.extend(lines.segments(line))
    body.append(Segment.build("CNT", ("2", lines.count)))
    return OutboundMessage(ref, message_type, body)


def _package_segments(number, package):
    """CPS below the shipment, PAC, gross weight, tracking and the SSCC label."""
    segments = [Segment.build("CPS", number, "1"), Segment.build("PAC", "1")]
    if package.get("weight") is not None:
        weight = as_decimal(package["weight"])
        segments.append(Segment.build("MEA", "PD", "AAB", ("KGM", weight)))
    if package.get("tracking_number"):
        segments.append(Segment.build("RFF", ("CN", package["tracking_number"])))
    if package.get("sscc"):
        segments.append(Segment.build("PCI", "33E"))
        segments.append(Segment.build("GIN", "BJ", package["sscc"]))
    return segments


class _LineNumbers:
    """Numbers LIN segments through the whole message, as LIN 1082 must be unique in it."""

    def __init__(self, order_ref, item_type):
        self.order_ref = order_ref
        self.item_type = item_type
        self.count = 0

    def segments(self, line):
        lots = line.get("lots") or [{"lot_name": None, "quantity": line["quantity_shipped"]}]
        segments = []
        for lot in lots:
            self.count += 1
            segments.append(Segment.build("LIN", self.count))
            segments.extend(item_segments(line["product_code"], self.item_type, lot["lot_name"]))
            quantity = as_decimal(lot["quantity"])
            segments.append(Segment.build("QTY", (DESPATCHED, quantity, line.get("uom_code"))))
            segments.append(Segment.build("RFF", ("ON", self.order_ref, line["line_ref"])))
        return segments
