"""ORDRSP out: our order acknowledgement (canonical ``order_ack``) as an order response."""

from .envelope import MessageType
from .mapping import as_decimal, code_for, document_data, dtm, item_segments
from .reader import Segment
from .writer import OutboundMessage

ORDRSP_D96A = MessageType("ORDRSP", "D", "96A", "UN")
# BGM 1225 (message function) per order status.
_ORDER_FUNCTIONS = {"accepted": "29", "changed": "4", "partial": "4", "rejected": "27"}
# LIN 1229 (action request) per line status. A back-ordered line is a change: the buyer
# must learn that part of it comes later (QTY+83 and the new DTM+2 say how much and when).
LINE_ACTIONS = {"accepted": "5", "changed": "3", "backordered": "3", "rejected": "7"}


def ordrsp_message(ack, ref, *, message_type=ORDRSP_D96A, item_type="SA"):
    """The ORDRSP answering the order of ``ack`` (an OrderAck model or its dict).

    ``item_type`` qualifies our item number in PIA (SA supplier's article number, or the
    buyer's IN/BP when the partner wants its own codes back).
    """
    ack = document_data(ack)
    function = code_for(_ORDER_FUNCTIONS, ack["status"], "BGM", "1225")
    body = [
        Segment.build("BGM", "231", ack.get("seller_order_ref") or ack["order_ref"], function),
        dtm("137", ack["ack_date"]),
        Segment.build("RFF", ("ON", ack["order_ref"])),
    ]
    if ack.get("seller_order_ref"):
        body.append(Segment.build("RFF", ("VN", ack["seller_order_ref"])))
    for line in ack.get("lines") or []:
        body.extend(_line_segments(line, item_type))
    body.append(Segment.build("UNS", "S"))
    body.append(Segment.build("CNT", ("2", len(ack.get("lines") or []))))
    return OutboundMessage(ref, message_type, body)


def _line_segments(line, item_type):
    """LIN with the buyer's line number and our verdict, then quantities, date and price."""
    ordered = as_decimal(line["quantity_ordered"])
    accepted = as_decimal(line["quantity_accepted"])
    action = code_for(LINE_ACTIONS, line["status"], "LIN", "1229")
    segments = [Segment.build("LIN", line["line_ref"], action)]
    segments.extend(item_segments(line["product_code"], item_type))
    segments.append(Segment.build("QTY", ("21", ordered)))
    segments.append(Segment.build("QTY", ("113", accepted)))
    if line["status"] == "backordered" and ordered > accepted:
        segments.append(Segment.build("QTY", ("83", ordered - accepted)))
    if line.get("scheduled_date"):
        segments.append(dtm("2", line["scheduled_date"]))
    if line.get("unit_price") is not None:
        segments.append(Segment.build("PRI", ("AAA", as_decimal(line["unit_price"]))))
    return segments
