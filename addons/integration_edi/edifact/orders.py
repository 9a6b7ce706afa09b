"""ORDERS both ways: a customer's purchase order in as a canonical ``order`` dict, and our
purchase order to a supplier out (``orders_message``; ORDCHG reuses its pieces).

Every segment of the ORDERS directory is either mapped or deliberately skipped (listed in
``SKIPPED`` with the reason); any other tag is an error, so nothing the partner sends is
dropped without anyone having decided so. Parties: NAD+BY is the customer, DP the ship-to,
IV the bill-to; NAD+SU names us and has no place in the order, but its GLN is still checked
like every id whose agency (C082/3055) is 9.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import (
    as_decimal,
    check_count,
    check_gs1,
    check_message_type,
    code_for,
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

# Known ORDERS segments without a place in the canonical order: transport, packaging,
# payment terms and contacts are agreed per partner; header allowances and charges are
# settled on the invoice (line prices are read net, PRI AAA).
SKIPPED = frozenset(
    {
        *("ALC", "ALI", "APR", "CCI", "COM", "CTA", "DGS", "DOC", "EQD", "FII", "GIN"),
        *("GIR", "HAN", "LOC", "MEA", "MOA", "PAC", "PAI", "PAT", "PCD", "PCI", "QVR"),
        *("RNG", "RTE", "SCC", "TAX", "TDT", "TOD"),
    }
)
# Segments that may follow a NAD inside its segment group (SG2: NAD-LOC-FII-SG3-SG4-SG5).
_PARTY_GROUP = frozenset({"NAD", "LOC", "FII", "RFF", "DTM", "CTA", "COM"})
# BGM 1225 functions that must not become a new order, and the replacement of an order.
_NOT_AN_ORDER = {"1": "cancels", "3": "deletes"}
REPLACE = "5"
# Item number types (7143) read as the partner's product code, most specific first: the
# buyer's own numbers are what the cross-reference table is keyed on. A supplier reading
# our order takes its own (SA) first.
PRODUCT_CODE_TYPES = ("IN", "BP", "SA")
_BUYER_CODE_TYPES = ("IN", "BP")
_GTIN_TYPES = ("EN", "SRV")
ORDERED = "21"


def order_from_orders(message, *, product_types=PRODUCT_CODE_TYPES):
    """The canonical order dict of an ORDERS message (validate it with the order schema);
    ``product_types`` are the item number types (7143) of product_code, first found wins."""
    check_message_type(message, "ORDERS")
    reader = _OrderReader(product_types)
    for segment in message.body:
        reader.read(segment)
    return reader.document(message)


@dataclass
class _Line:
    segment: Segment
    line_ref: str
    gtin: str | None = None
    codes: dict = field(default_factory=dict)
    descriptions: list = field(default_factory=list)
    quantity: Decimal | None = None
    uom_code: str | None = None
    prices: dict = field(default_factory=dict)

    def as_dict(self, product_types):
        product_code = next((self.codes[t] for t in product_types if t in self.codes), None)
        # Any other item number type (7143) next: the cross-references say what it names.
        product_code = product_code or self.gtin or next(iter(self.codes.values()), None)
        if not product_code:
            raise EdifactMappingError(
                "LIN",
                "C212/7140",
                f"line {self.line_ref} has no item number (LIN or PIA)",
                code="13",
                position=self.segment.position,
                element_position=(3, 1),
            )
        if self.quantity is None:
            raise EdifactMappingError(
                "QTY",
                "C186/6060",
                f"line {self.line_ref} has no ordered quantity (QTY+21)",
                code="13",
            )
        line = {"line_ref": self.line_ref, "product_code": product_code, "quantity": self.quantity}
        optional = {
            "gtin": self.gtin,
            "buyer_product_code": next(
                (self.codes[t] for t in _BUYER_CODE_TYPES if t in self.codes), None
            ),
            "description": " ".join(self.descriptions) or None,
            "uom_code": self.uom_code,
            "unit_price": self.prices.get("AAA", self.prices.get("AAB")),
        }
        line.update((key, value) for key, value in optional.items() if value is not None)
        return line


class _OrderReader:
    """Reads the segments in order, knowing whether it is in the header, a party or a line."""

    def __init__(self, product_types):
        self.product_types = product_types
        self.handlers = {
            "BGM": self._bgm,
            "DTM": self._dtm,
            "FTX": self._ftx,
            "NAD": self._nad,
            "RFF": self._rff,
            "CUX": self._cux,
            "LIN": self._lin,
            "PIA": self._pia,
            "IMD": self._imd,
            "QTY": self._qty,
            "PRI": self._pri,
            "UNS": self._uns,
            "CNT": self._cnt,
        }
        self.order = {}
        self.parties = {}
        self.party = None
        self.line = None
        self.lines = []
        self.notes = []
        self.controls = []

    def read(self, segment):  # pylint: disable=method-required-super
        handler = self.handlers.get(segment.tag)
        if segment.tag not in _PARTY_GROUP:
            self.party = None
        if handler is not None:
            handler(segment)
        elif segment.tag not in SKIPPED:
            raise EdifactMappingError(
                segment.tag,
                None,
                "is not an ORDERS segment",
                code="15",
                position=segment.position,
            )

    def document(self, message):
        self._close_line()
        name = f"{message.message_type.type} {message.ref}"
        if "order_ref" not in self.order:
            raise EdifactMappingError("BGM", None, f"{name} has no BGM", code="13")
        if "order_date" not in self.order:
            raise EdifactMappingError(
                "DTM",
                "C507/2005",
                f"{name} has no document date (DTM+137)",
                code="13",
            )
        if "BY" not in self.parties:
            raise EdifactMappingError("NAD", "3035", f"{name} has no buyer (NAD+BY)", code="13")
        if not self.lines and self.order.get("purpose") != "cancel":
            raise EdifactMappingError("LIN", None, f"{name} has no line", code="13")
        for segment, expected in self.controls:
            self._check_control(segment, expected)
        document = dict(self.order, customer=self._customer(), lines=self.lines)
        for key, qualifier in (("ship_to", "DP"), ("bill_to", "IV")):
            if qualifier in self.parties:
                document[key] = self.parties[qualifier]["address"]
        if self.notes:
            document["notes"] = "\n".join(self.notes)
        supplier = self.parties.get("SU")
        if supplier and supplier["id"]:
            document["supplier"] = {"external_id": supplier["id"], "name": supplier["name"]}
        return document

    def _bgm(self, segment):
        function = segment.value(2)
        if function in _NOT_AN_ORDER:
            raise EdifactMappingError(
                "BGM",
                "1225",
                f"message function {function} {_NOT_AN_ORDER[function]} order "
                f"{segment.value(1)}: it cannot be read as a new order",
                code="14",
                position=segment.position,
                element_position=(3, 1),
            )
        self.order["order_ref"] = required(segment, 1, 0, "C106/1004")
        if function == REPLACE:  # the whole order restated: lines it leaves out are cancelled
            self.order["purpose"] = "change"
            self.order["lines_complete"] = True

    def _dtm(self, segment):
        if self.line or self.party:
            return
        qualifier = segment.value(0)
        if qualifier == "137":
            self.order["order_date"] = dtm_value(segment).date()
        elif qualifier == "2":
            self.order["requested_delivery_date"] = dtm_value(segment).date()

    def _ftx(self, segment):
        text = " ".join(part for part in segment.element(3) if part)
        if text and not self.line:
            self.notes.append(text)

    def _nad(self, segment):
        if self.line:
            return
        qualifier = segment.value(0)
        party_id, name, address = nad_party(segment)
        self.party = {
            "segment": segment,
            "id": party_id,
            "name": name or None,
            "address": address,
        }
        self.parties[qualifier] = self.party

    def _rff(self, segment):
        if self.party and segment.value(0, 0) == "VA":
            self.party["vat"] = segment.value(0, 1)

    def _cux(self, segment):
        if segment.value(0, 0) in ("2", "9") and segment.value(0, 1):
            self.order["currency"] = segment.value(0, 1)

    def _lin(self, segment):
        self._close_line()
        line = _Line(segment, required(segment, 0, 0, "1082"))
        number, number_type = segment.value(2, 0), segment.value(2, 1)
        if number and number_type in _GTIN_TYPES:
            check_gs1(segment, 2, 0, "C212/7140", number, len(number))
            line.gtin = number
        elif number:
            line.codes.setdefault(number_type, number)
        self.line = line

    def _pia(self, segment):
        line = self._current_line(segment)
        for index in range(1, len(segment.elements)):
            number, number_type = segment.value(index, 0), segment.value(index, 1)
            if number:
                line.codes.setdefault(number_type, number)

    def _imd(self, segment):
        line = self._current_line(segment)
        text = " ".join(part for part in segment.element(2)[3:5] if part)
        if text:
            line.descriptions.append(text)

    def _qty(self, segment):
        if segment.value(0, 0) == ORDERED:
            line = self._current_line(segment)
            line.quantity = decimal_value(segment, 0, 1, "C186/6060")
            line.uom_code = segment.value(0, 2) or None

    def _pri(self, segment):
        qualifier = segment.value(0, 0)
        if qualifier not in ("AAA", "AAB"):
            return
        line = self._current_line(segment)
        price = decimal_value(segment, 0, 1, "C509/5118")
        basis = decimal_value(segment, 0, 4, "C509/5284")
        if price is not None:
            line.prices[qualifier] = price / basis if basis else price

    def _uns(self, segment):
        self._close_line()

    def _cnt(self, segment):
        self.controls.append((segment, decimal_value(segment, 0, 1, "C270/6066")))

    def _current_line(self, segment):
        if self.line is None:
            raise outside_line(segment)
        return self.line

    def _close_line(self):
        if self.line:
            self.lines.append(self.line.as_dict(self.product_types))
            self.line = None

    def _check_control(self, segment, expected):
        """CNT 2 counts the lines, CNT 1 adds up their quantities."""
        qualifier = segment.value(0, 0)
        if qualifier == "2":
            actual, what = len(self.lines), "lines"
        elif qualifier == "1":
            actual, what = sum(line["quantity"] for line in self.lines), "ordered units"
        else:
            return
        check_count(segment, expected, actual, what)

    def _customer(self):
        buyer = self.parties["BY"]
        if not buyer["id"]:
            raise EdifactMappingError(
                "NAD",
                "C082/3039",
                "the buyer (NAD+BY) has no party identification",
                code="13",
                position=buyer["segment"].position,
                element_position=(2, 1),
            )
        customer = {"external_id": buyer["id"]}
        address = buyer["address"]
        if buyer["name"]:
            customer["name"] = buyer["name"]
        if buyer.get("vat"):
            customer["vat"] = buyer["vat"]
        if set(address) - {"name", "external_id"}:
            customer["address"] = address
        return customer


# -- out ---------------------------------------------------------------------------------

ORDERS_D96A = MessageType("ORDERS", "D", "96A", "UN")
# BGM 1225 of an order we send: original, or a re-sent order replacing or cancelling one
# (for suppliers that take no ORDCHG).
ORDER_FUNCTIONS = {"original": "9", "change": "5", "cancel": "1"}
PURCHASE_ORDER = "220"
# C082/3055: our id as the supplier assigned it; ids we assigned (the supplier's, ours).
ASSIGNED_BY_SUPPLIER, ASSIGNED_BY_BUYER = "91", "92"
# FTX text subject: additional information; at most 512 characters per component.
NOTE_SUBJECT, FTX_LENGTH = "AAI", 512


def orders_message(order, ref, *, message_type=ORDERS_D96A, item_type="SA"):
    """The ORDERS of our purchase order ``order`` (an Order model or its dict) to a supplier.

    ``item_type`` qualifies product_code, the supplier's item number (PIA+5 SA); our own
    code goes as PIA+1 IN, the GTIN in LIN.
    """
    order = document_data(order)
    function = code_for(ORDER_FUNCTIONS, order.get("purpose") or "original", "BGM", "1225")
    body = order_header(order, PURCHASE_ORDER, function)
    for line in order["lines"]:
        body.extend(order_line(line, item_type))
    body.extend(order_summary(order["lines"]))
    return OutboundMessage(ref, message_type, body)


def order_header(order, document_name, function, references=()):
    """BGM, dates, notes, ``references`` (RFF), parties (BY us, SU the supplier, DP
    ship-to, IV bill-to) and currency: what ORDERS and ORDCHG share."""
    body = [
        Segment.build("BGM", document_name, order["order_ref"], function),
        dtm("137", order["order_date"]),
    ]
    if order.get("requested_delivery_date"):
        body.append(dtm("2", order["requested_delivery_date"]))
    for note in (order.get("notes") or "").splitlines():
        if note.strip():
            body.append(Segment.build("FTX", NOTE_SUBJECT, None, None, note[:FTX_LENGTH]))
    body.extend(references)
    body.extend(_party("BY", order["customer"], ASSIGNED_BY_SUPPLIER))
    if order.get("supplier"):
        body.extend(_party("SU", order["supplier"], ASSIGNED_BY_BUYER))
    for qualifier, key in (("DP", "ship_to"), ("IV", "bill_to")):
        address = order.get(key)
        if address:
            agency = ASSIGNED_BY_BUYER if address.get("external_id") else None
            body.append(nad(qualifier, address.get("external_id"), address, agency))
    body.append(Segment.build("CUX", ("2", order.get("currency") or "USD", "9")))
    return body


def _party(qualifier, party, agency):
    address = dict(party.get("address") or {})
    address["name"] = party.get("name") or address.get("name")
    segments = [nad(qualifier, party["external_id"], address, agency)]
    if party.get("vat"):
        segments.append(Segment.build("RFF", ("VA", party["vat"])))
    return segments


def order_line(line, item_type, action=None):
    """LIN (with the GTIN and, in an ORDCHG, the action 1229), the item numbers, the
    description, the ordered quantity and the net price."""
    gtin = line.get("gtin")
    segments = [Segment.build("LIN", line["line_ref"], action, (gtin, "EN") if gtin else None)]
    segments.extend(item_segments(line["product_code"], item_type))
    if line.get("buyer_product_code"):
        segments.append(Segment.build("PIA", "1", (line["buyer_product_code"], "IN")))
    if line.get("description"):
        segments.append(Segment.build("IMD", "F", None, (None, None, None, line["description"])))
    quantity = as_decimal(line["quantity"])
    segments.append(Segment.build("QTY", (ORDERED, quantity, line.get("uom_code"))))
    if line.get("unit_price") is not None:
        segments.append(Segment.build("PRI", ("AAA", as_decimal(line["unit_price"]))))
    return segments


def order_summary(lines):
    """UNS, and CNT 2 counting the lines when there are any."""
    summary = [Segment.build("UNS", "S")]
    if lines:
        summary.append(Segment.build("CNT", ("2", len(lines))))
    return summary
