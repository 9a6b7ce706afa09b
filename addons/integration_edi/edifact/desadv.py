"""DESADV both ways: a shipment notice (canonical ``shipment_notice``) as a despatch advice
we send to customers, or a warehouse's ship confirmation or a supplier's despatch advice
we receive.

The packing hierarchy is CPS 1 for the whole shipment, with the lines shipped loose, then one
CPS per package (parent 1) with its PAC, weight, SSCC (GIN+BJ) and lines. A line shipped from
several lots becomes one LIN per lot, each with its batch number and quantity. ``complete``
has no DESADV element: the buyer sees it from the quantities.
"""

from ..canonical import add_shipped
from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import (
    LineItem,
    as_decimal,
    check_count,
    check_gs1,
    check_message_type,
    decimal_value,
    document_data,
    dtm,
    dtm_value,
    item_segments,
    nad,
    nad_party,
    outside_line,
    required,
)
from .reader import Segment
from .writer import OutboundMessage

DESADV_D96A = MessageType("DESADV", "D", "96A", "UN")
DESPATCHED = "12"
# DTM qualifiers: estimated delivery, delivery requested (the expected date); the expiry
# (best before) of a batch.
EXPECTED_QUALIFIERS = ("17", "2")
EXPIRY = "361"
# GIN 7405: a batch number.
BATCH = "BX"


def desadv_message(notice, ref, *, message_type=DESADV_D96A, item_type="SA"):
    """The DESADV of ``notice`` (a ShipmentNotice model or its dict)."""
    notice = document_data(notice)
    body = [
        Segment.build("BGM", "351", notice["shipment_ref"], "9"),
        dtm("137", notice["ship_date"]),
        dtm("11", notice["ship_date"]),
    ]
    if notice.get("expected_date"):
        body.append(dtm(EXPECTED_QUALIFIERS[0], notice["expected_date"]))
    body.append(Segment.build("RFF", ("ON", notice["order_ref"])))
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
            if lot.get("expiry_date"):
                segments.append(dtm(EXPIRY, lot["expiry_date"]))
            segments.append(Segment.build("RFF", ("ON", self.order_ref, line["line_ref"])))
        return segments


# Known DESADV segments without a place in the canonical shipment notice; any other tag is
# an error, as in ORDERS, so that nothing a warehouse sends is dropped unnoticed.
SKIPPED = frozenset(
    {
        *("ALI", "CCI", "COM", "CTA", "CUX", "DGS", "DLM", "EQA", "EQD", "FTX", "GIR"),
        *("HAN", "IMD", "LOC", "MOA", "PAC", "PCD", "PRI", "QVR", "RNG", "SEL", "SGP"),
        *("PCI", "TMD", "TOD", "TSR", "UNS"),
    }
)
SHIPMENT_LEVEL = "1"


def shipment_notice_from_desadv(message):
    """The canonical shipment notice dict of a received DESADV (a warehouse's ship
    confirmation; validate it with the shipment_notice schema).

    BGM is the shipment, RFF+ON the order (our delivery or purchase order), DTM+11 the
    despatch date, DTM+17 the expected delivery, RFF+CN the tracking numbers, TDT the
    carrier. LIN groups under CPS 1 are lines shipped loose, under another CPS lines of that
    package (PAC, MEA+PD weight, GIN+BJ SSCC); the LIN groups of one line (RFF+ON third
    component, else the LIN number), one per batch (PIA+1 NB or GIN+BX, expiry DTM+361),
    add up.
    """
    check_message_type(message, "DESADV")
    reader = _DespatchReader()
    for segment in message.body:
        reader.take(segment)
    return reader.document(message)


class _DespatchReader:
    """Reads the segments in order, knowing whether it is in the header, a package or a
    line."""

    def __init__(self):
        self.notice = {"tracking_numbers": []}
        self.loose = {}
        self.packages = []
        self.package = None
        self.line = None
        self.in_packing = False
        self.lin_count = 0
        self.handlers = {
            "BGM": self._bgm,
            "DTM": self._dtm,
            "RFF": self._rff,
            "NAD": self._nad,
            "TDT": self._tdt,
            "CPS": self._cps,
            "MEA": self._mea,
            "GIN": self._gin,
            "LIN": self._lin,
            "PIA": self._pia,
            "QTY": self._qty,
            "CNT": self._cnt,
        }

    def take(self, segment):
        tag = segment.tag
        if tag in ("LIN", "CPS", "CNT"):
            self._close_line()
        handler = self.handlers.get(tag)
        if handler is not None:
            handler(segment)
        elif tag not in SKIPPED:
            raise EdifactMappingError(
                tag, None, "is not a DESADV segment", code="15", position=segment.position
            )

    def document(self, message):
        self._close_line()
        for key, tag, what in (
            ("shipment_ref", "BGM", "document number (BGM)"),
            ("order_ref", "RFF", "order reference (RFF+ON)"),
            ("ship_date", "DTM", "despatch date (DTM+11)"),
        ):
            if key not in self.notice:
                raise EdifactMappingError(
                    tag, None, f"DESADV {message.ref} has no {what}", code="13"
                )
        packages = [
            {**package, "lines": list(package["lines"].values())} for package in self.packages
        ]
        return {**self.notice, "lines": list(self.loose.values()), "packages": packages}

    def _bgm(self, segment):
        self.notice["shipment_ref"] = required(segment, 1, 0, "C106/1004")

    def _dtm(self, segment):
        qualifier = segment.value(0)
        if self.line is not None and qualifier == EXPIRY:
            self.line.expiry_date = dtm_value(segment).date()
            return
        if self.in_packing:
            return
        if qualifier in EXPECTED_QUALIFIERS and "expected_date" not in self.notice:
            self.notice["expected_date"] = dtm_value(segment).date()
        if qualifier not in ("11", "137"):
            return
        if qualifier == "11" or "ship_date" not in self.notice:
            self.notice["ship_date"] = dtm_value(segment)

    def _rff(self, segment):
        qualifier, value = segment.value(0, 0), segment.value(0, 1)
        if self.line is not None:
            if qualifier == "ON" and segment.value(0, 2):
                self.line.line_ref = segment.value(0, 2)
        elif self.package is not None:
            if qualifier == "CN" and value:
                self.package["tracking_number"] = value
        elif qualifier == "ON" and value:
            self.notice.setdefault("order_ref", value)
        elif qualifier == "CN" and value:
            self.notice["tracking_numbers"].append(value)

    def _nad(self, segment):
        if segment.value(0) == "DP" and not self.in_packing:
            self.notice["ship_to"] = nad_party(segment)[2]

    def _tdt(self, segment):
        if segment.value(4):
            self.notice["carrier_code"] = segment.value(4)
        if segment.value(2, 1):
            self.notice["service_code"] = segment.value(2, 1)

    def _cps(self, segment):
        self.in_packing = True
        number = required(segment, 0, 0, "7164")
        if number == SHIPMENT_LEVEL or not segment.value(1):
            self.package = None
            return
        self.package = {"package_ref": number, "lines": {}}
        self.packages.append(self.package)

    def _mea(self, segment):
        if self.package is not None and self.line is None and segment.value(0) == "PD":
            self.package["weight"] = decimal_value(segment, 2, 1, "C174/6314")

    def _gin(self, segment):
        if self.line is not None and segment.value(0) == BATCH:
            self.line.lot_name = required(segment, 1, 0, "C208/7402")
        elif self.package is not None and segment.value(0) == "BJ":
            sscc = required(segment, 1, 0, "C208/7402")
            check_gs1(segment, 1, 0, "C208/7402", sscc, 18)
            self.package["sscc"] = sscc

    def _lin(self, segment):
        self.lin_count += 1
        self.line = _DespatchedItem(segment)

    def _pia(self, segment):
        self._current_line(segment).add_pia(segment)

    def _qty(self, segment):
        if segment.value(0, 0) == DESPATCHED:
            line = self._current_line(segment)
            line.quantity = decimal_value(segment, 0, 1, "C186/6060")
            line.uom_code = segment.value(0, 2) or None

    def _cnt(self, segment):
        if segment.value(0, 0) == "2":
            declared = decimal_value(segment, 0, 1, "C270/6066")
            check_count(segment, declared, self.lin_count, "lines")

    def _current_line(self, segment):
        if self.line is None:
            raise outside_line(segment)
        return self.line

    def _close_line(self):
        """Add the LIN group read to its line (loose or in the current package)."""
        line, self.line = self.line, None
        if line is None:
            return
        code = line.product_code("line")
        if line.quantity is None:
            raise line.missing(
                "QTY", "C186/6060", f"line {line.number} has no despatched quantity (QTY+12)"
            )
        lines = self.package["lines"] if self.package is not None else self.loose
        line_ref = line.line_ref or line.number
        lot = None
        if line.lot_name:
            lot = {"lot_name": line.lot_name}
            if line.expiry_date:
                lot["expiry_date"] = line.expiry_date
        before = add_shipped(lines, line_ref, code, line.quantity, line.uom_code, lot)
        if before:
            raise EdifactMappingError(
                "RFF",
                "C506/1156",
                f"line {line_ref} names item {code} after {before}: one order line, one item",
                position=line.lin.position,
            )


class _DespatchedItem(LineItem):
    """One LIN group of a DESADV: the item, its batch, quantity and order line."""

    def __init__(self, lin):
        super().__init__(lin)
        self.quantity = self.uom_code = self.line_ref = self.expiry_date = None
