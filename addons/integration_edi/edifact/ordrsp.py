"""ORDRSP both ways: our order acknowledgement (canonical ``order_ack``) as an order
response to a customer, and a supplier's response to our purchase order read into one."""

from decimal import Decimal

from ..canonical import ack_status
from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import (
    LineItem,
    SegmentReader,
    as_decimal,
    check_count,
    code_for,
    decimal_value,
    document_data,
    dtm,
    dtm_value,
    item_segments,
    outside_line,
    required,
)
from .reader import Segment
from .writer import OutboundMessage

ORDRSP_D96A = MessageType("ORDRSP", "D", "96A", "UN")
# BGM 1225 (message function) per order status.
_ORDER_FUNCTIONS = {"accepted": "29", "changed": "4", "partial": "4", "rejected": "27"}
# LIN 1229 (action request) per line status. A back-ordered line is a change: the buyer
# must learn that part of it comes later (QTY+83 and the new DTM+2 say how much and when).
LINE_ACTIONS = {"accepted": "5", "changed": "3", "backordered": "3", "rejected": "7"}
# The answer to a customer's ORDCHG (purpose change): BGM 1225 4 (change), and the verdict
# as the response type (4343): accepted, conditionally accepted (in part), rejected.
CHANGE_RESPONSE = "4"
CHANGE_RESPONSE_TYPES = {"accepted": "AP", "changed": "CA", "partial": "CA", "rejected": "RE"}


def ordrsp_message(ack, ref, *, message_type=ORDRSP_D96A, item_type="SA"):
    """The ORDRSP answering the order of ``ack`` (an OrderAck model or its dict).

    ``item_type`` qualifies our item number in PIA (SA supplier's article number, or the
    buyer's IN/BP when the partner wants its own codes back). The answer to a change
    (purpose change) is BGM 1225 4 with the verdict in 4343.
    """
    ack = document_data(ack)
    number = ack.get("seller_order_ref") or ack["order_ref"]
    if ack.get("purpose") == "change":
        response = code_for(CHANGE_RESPONSE_TYPES, ack["status"], "BGM", "4343")
        bgm = Segment.build("BGM", "231", number, CHANGE_RESPONSE, response)
    else:
        function = code_for(_ORDER_FUNCTIONS, ack["status"], "BGM", "1225")
        bgm = Segment.build("BGM", "231", number, function)
    body = [
        bgm,
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


# -- in ----------------------------------------------------------------------------------

# BGM 1225 read: the order status when the response lists no lines (else they decide).
ORDER_FUNCTIONS_READ = {
    **dict.fromkeys(("29", "9", "6", "42"), "accepted"),
    **dict.fromkeys(("4", "5", "30"), "changed"),
    **dict.fromkeys(("27", "1", "3"), "rejected"),
}
# LIN 1229 read: accepted (without amendment, no action), changed (with amendment,
# changed, added), rejected (not accepted, deleted). A changed line with a back-order
# quantity (QTY+83) is back-ordered.
LINE_ACTIONS_READ = {
    **dict.fromkeys(("5", "4", ""), "accepted"),
    **dict.fromkeys(("6", "3", "1"), "changed"),
    **dict.fromkeys(("7", "2"), "rejected"),
}
# QTY 6063: ordered, accepted (to be delivered; or despatch), back-ordered.
QTY_ORDERED, QTY_ACCEPTED, QTY_BACKORDER = "21", ("113", "12"), "83"
# DTM qualifiers of the date the supplier now plans: delivery requested/promised,
# estimated delivery, despatch.
SCHEDULE_QUALIFIERS = ("2", "69", "17", "11")
# PIA 4347: the product a line is substituted by.
SUBSTITUTED_BY = "3"


def order_ack_from_ordrsp(message):
    """The canonical order ack of a supplier's ORDRSP (validate it with the order_ack
    schema).

    RFF+ON is our PO number, RFF+VN (else BGM 1004 when it is another number) the
    supplier's order, DTM+137 the response date. Each LIN group is a line by our line_ref
    (RFF+ON third component, else LIN 1082) with its action (1229), QTY 21/113/83, the
    planned date (DTM+2), price (PRI AAA) and a substitute item (PIA+3).
    """
    return _ResponseReader().parse(message, "ORDRSP")


class _ResponseLine(LineItem):
    """One LIN group of an ORDRSP."""

    def __init__(self, lin):
        super().__init__(lin)
        self.line_ref = lin.value(0)
        self.action = lin.value(1)
        if self.action not in LINE_ACTIONS_READ:
            raise EdifactMappingError(
                "LIN",
                "1229",
                f"action {self.action!r} of line {self.number} is not one the hub reads",
                position=lin.position,
                element_position=(2, 1),
            )
        self.quantities = {}
        self.scheduled = {}
        self.price = None
        self.substitute = None

    def as_dict(self):
        status = LINE_ACTIONS_READ[self.action]
        backorder = self.quantities.get(QTY_BACKORDER) or 0
        if status == "changed" and backorder > 0:
            status = "backordered"
        accepted = next((self.quantities[q] for q in QTY_ACCEPTED if q in self.quantities), None)
        ordered = self.quantities.get(QTY_ORDERED, accepted)
        if ordered is None:
            raise self.missing(
                "QTY", "C186/6060", f"line {self.number} has no ordered quantity (QTY+21)"
            )
        if accepted is None:
            accepted = Decimal(0) if status == "rejected" else ordered - backorder
        line = {
            "line_ref": self.line_ref or self.number,
            "product_code": self.product_code("line"),
            "quantity_ordered": ordered,
            "quantity_accepted": accepted,
            "status": status,
            "unit_price": self.price,
            "scheduled_date": next(
                (self.scheduled[q] for q in SCHEDULE_QUALIFIERS if q in self.scheduled), None
            ),
        }
        if self.substitute:
            line["substitute_product_code"] = self.substitute
        return line


class _ResponseReader(SegmentReader):
    """Reads the segments in order, knowing whether it is in the header or a line."""

    def __init__(self):
        self.ack = {}
        self.document_number = None
        self.function = None
        self.line = None
        self.lines = []
        self.controls = []
        self.handlers = {
            "BGM": self._bgm,
            "DTM": self._dtm,
            "RFF": self._rff,
            "LIN": self._lin,
            "PIA": self._pia,
            "QTY": self._qty,
            "PRI": self._pri,
            "UNS": self._close_line,
            "CNT": self._cnt,
        }

    def document(self, message):
        self._close_line()
        if self.function is None:
            raise EdifactMappingError("BGM", None, f"ORDRSP {message.ref} has no BGM", code="13")
        if "order_ref" not in self.ack:
            raise EdifactMappingError(
                "RFF", "C506/1154", f"ORDRSP {message.ref} names no order (RFF+ON)", code="13"
            )
        if "ack_date" not in self.ack:
            raise EdifactMappingError(
                "DTM", "C507/2005", f"ORDRSP {message.ref} has no date (DTM+137)", code="13"
            )
        for segment, declared in self.controls:
            check_count(segment, declared, len(self.lines), "lines")
        seller_ref = self.ack.pop("seller_order_ref", None)
        if not seller_ref and self.document_number != self.ack["order_ref"]:
            seller_ref = self.document_number
        return {
            **self.ack,
            "status": ack_status(self.lines, ORDER_FUNCTIONS_READ[self.function]),
            "seller_order_ref": seller_ref or None,
            "lines": self.lines,
        }

    def _bgm(self, segment):
        self.document_number = required(segment, 1, 0, "C106/1004")
        self.function = segment.value(2) or "29"
        if self.function not in ORDER_FUNCTIONS_READ:
            raise EdifactMappingError(
                "BGM",
                "1225",
                f"message function {self.function} is not one the hub reads in a response",
                position=segment.position,
                element_position=(3, 1),
            )

    def _dtm(self, segment):
        qualifier = segment.value(0)
        if self.line is not None:
            self.line.scheduled[qualifier] = dtm_value(segment).date()
        elif qualifier == "137":
            self.ack["ack_date"] = dtm_value(segment).date()

    def _rff(self, segment):
        qualifier, value = segment.value(0, 0), segment.value(0, 1)
        if self.line is not None:
            if qualifier == "ON" and segment.value(0, 2):
                self.line.line_ref = segment.value(0, 2)
        elif qualifier == "ON" and value:
            self.ack.setdefault("order_ref", value)
        elif qualifier == "VN" and value:
            self.ack["seller_order_ref"] = value

    def _lin(self, segment):
        self._close_line()
        self.line = _ResponseLine(segment)

    def _pia(self, segment):
        line = self._current_line(segment)
        if segment.value(0) == SUBSTITUTED_BY:
            line.substitute = required(segment, 1, 0, "C212/7140")
        else:
            line.add_pia(segment)

    def _qty(self, segment):
        line = self._current_line(segment)
        line.quantities[segment.value(0, 0)] = decimal_value(segment, 0, 1, "C186/6060")

    def _pri(self, segment):
        if segment.value(0, 0) == "AAA":
            price = decimal_value(segment, 0, 1, "C509/5118")
            basis = decimal_value(segment, 0, 4, "C509/5284")
            self._current_line(segment).price = price / basis if price and basis else price

    def _cnt(self, segment):
        if segment.value(0, 0) == "2":
            self.controls.append((segment, decimal_value(segment, 0, 1, "C270/6066")))

    def _current_line(self, segment):
        if self.line is None:
            raise outside_line(segment)
        return self.line

    def _close_line(self, _segment=None):
        if self.line is not None:
            self.lines.append(self.line.as_dict())
            self.line = None
