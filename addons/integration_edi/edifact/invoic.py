"""INVOIC both ways: our invoice (canonical ``invoice``) out as a commercial invoice, and a
supplier's invoice for our purchase order in.

Amounts: MOA 203 per line (line amount), MOA 124 per line tax; in the summary MOA 79 (sum of
the lines), 125 (taxable amount, i.e. untaxed total), 124 (tax) and 77 (invoice total), then
one TAX with its MOA 124/125 per tax type and rate.
"""

from decimal import Decimal

from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import (
    LineItem,
    as_decimal,
    check_count,
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

INVOIC_D96A = MessageType("INVOIC", "D", "96A", "UN")
INVOICED = "47"
# ALC 5463 and the MOA qualifier carrying its amount.
_ALLOWANCE_CHARGE = {"allowance": ("A", "204"), "charge": ("C", "23")}


def invoic_message(invoice, ref, *, message_type=INVOIC_D96A, item_type="SA"):
    """The INVOIC of ``invoice`` (an Invoice model or its dict)."""
    invoice = document_data(invoice)
    body = [
        Segment.build("BGM", "380", invoice["invoice_number"], "9"),
        dtm("137", invoice["invoice_date"]),
    ]
    if invoice.get("order_ref"):
        body.append(Segment.build("RFF", ("ON", invoice["order_ref"])))
    if invoice.get("seller"):
        body.extend(_party_segments("SU", invoice["seller"]))
    body.extend(_party_segments("BY", invoice["buyer"]))
    if invoice.get("bill_to"):
        body.append(nad("IV", invoice["bill_to"].get("external_id"), invoice["bill_to"]))
    body.append(Segment.build("CUX", ("2", invoice["currency"], "4")))
    if invoice.get("due_date"):
        body.append(Segment.build("PAT", "1"))
        body.append(dtm("13", invoice["due_date"]))
    for item in invoice.get("allowances_charges") or []:
        body.extend(_allowance_charge_segments(item))
    for line in invoice["lines"]:
        body.extend(_line_segments(line, item_type))
    body.extend(_summary_segments(invoice))
    return OutboundMessage(ref, message_type, body)


def _party_segments(qualifier, party):
    """NAD with the party's id and address, then its VAT number (RFF+VA)."""
    address = dict(party.get("address") or {})
    address.setdefault("name", party.get("name"))
    segments = [nad(qualifier, party["external_id"], address)]
    if party.get("vat"):
        segments.append(Segment.build("RFF", ("VA", party["vat"])))
    return segments


def _allowance_charge_segments(item):
    indicator, amount_qualifier = _ALLOWANCE_CHARGE[item["kind"]]
    special_service = (item.get("code"), None, None, item.get("description"))
    return [
        Segment.build("ALC", indicator, None, None, None, special_service),
        Segment.build("MOA", (amount_qualifier, as_decimal(item["amount"]))),
    ]


def _line_segments(line, item_type):
    """LIN, item, description, quantity, line amount, net (and gross) price, taxes."""
    unit_price = as_decimal(line["unit_price"])
    segments = [Segment.build("LIN", line["line_ref"])]
    segments.extend(item_segments(line["product_code"], item_type))
    if line.get("description"):
        segments.append(Segment.build("IMD", "F", None, (None, None, None, line["description"])))
    quantity = as_decimal(line["quantity"])
    segments.append(Segment.build("QTY", (INVOICED, quantity, line.get("uom_code"))))
    segments.append(Segment.build("MOA", ("203", as_decimal(line["subtotal"]))))
    if line.get("discount_percent"):
        discount = as_decimal(line["discount_percent"])
        net = unit_price * (100 - discount) / 100
        segments.append(Segment.build("PRI", ("AAA", net)))
        segments.append(Segment.build("PRI", ("AAB", unit_price)))
    else:
        segments.append(Segment.build("PRI", ("AAA", unit_price)))
    for tax in line.get("taxes") or []:
        segments.append(_tax(tax["name"], tax["rate"]))
        segments.append(Segment.build("MOA", ("124", as_decimal(tax["amount"]))))
    return segments


def _summary_segments(invoice):
    lines = invoice["lines"]
    segments = [
        Segment.build("UNS", "S"),
        Segment.build("CNT", ("2", len(lines))),
        Segment.build("MOA", ("79", sum(as_decimal(line["subtotal"]) for line in lines))),
        Segment.build("MOA", ("125", as_decimal(invoice["amount_untaxed"]))),
        Segment.build("MOA", ("124", as_decimal(invoice["amount_tax"]))),
        Segment.build("MOA", ("77", as_decimal(invoice["amount_total"]))),
    ]
    for (name, rate), (taxable, amount) in _tax_totals(lines).items():
        segments.append(_tax(name, rate))
        segments.append(Segment.build("MOA", ("124", amount)))
        segments.append(Segment.build("MOA", ("125", taxable)))
    return segments


def _tax_totals(lines):
    """(taxable amount, tax amount) per tax name and rate, in order of appearance."""
    totals = {}
    for line in lines:
        for tax in line.get("taxes") or []:
            key = (tax["name"], as_decimal(tax["rate"]))
            taxable, amount = totals.get(key, (0, 0))
            totals[key] = (
                taxable + as_decimal(line["subtotal"]),
                amount + as_decimal(tax["amount"]),
            )
    return totals


def _tax(name, rate):
    """TAX+7 (tax): a short code such as VAT goes in 5153, a longer name in 5152; rate in 5278."""
    tax_type = (name, None, None, None) if len(name) <= 3 else (None, None, None, name)
    return Segment.build("TAX", "7", tax_type, None, None, (None, None, None, as_decimal(rate)))


# -- in ----------------------------------------------------------------------------------

# BGM C002/1001 read as an invoice: commercial, tax, factored invoice. A credit or debit
# note is not an invoice for the purchase side (it would book a bill the wrong way round).
INVOICE_TYPES = frozenset({"380", "388", "393"})
NOTES = {"381": "a credit note", "383": "a debit note"}
# DTM qualifiers of the due date: terms net due date, payment due date.
DUE_QUALIFIERS = ("13", "140")
# NAD qualifiers: the seller (supplier), the buyer (buyer, invoicee, bill-to).
SELLER, BUYERS, INVOICEE = "SU", ("BY", "IV", "BT"), "IV"
# MOA 5025: line amount, tax amount; totals: invoice, taxable (untaxed), lines.
LINE_AMOUNT, TAX_AMOUNT = "203", "124"
TOTAL, TAXABLE, LINES_TOTAL = "77", "125", "79"
# QTY 6063 of the invoiced quantity, else the despatched one some suppliers send.
QTY_INVOICED = (INVOICED, "12")
ALC_KINDS = {"A": "allowance", "C": "charge"}
CENT = Decimal("0.01")


def invoice_from_invoic(message):
    """The canonical invoice of a supplier's INVOIC (validate it with the invoice schema).

    BGM 380 with its number, DTM+137 the date, DTM+13/140 the due date, RFF+ON our PO
    number (in the header, else of the first line), NAD+SU the seller and NAD+BY (else IV)
    the buyer with their RFF+VA, CUX the currency, ALC/MOA the header allowances and
    charges. Each LIN group is a line by our line_ref (RFF+ON third component, else LIN
    1082): QTY+47, MOA+203, PRI AAA (net) and AAB (gross: the discount), TAX with MOA+124.
    After UNS: MOA+77 the total, 124 the tax, 125 the untaxed amount; they must add up.
    """
    check_message_type(message, "INVOIC")
    reader = _InvoiceReader()
    for segment in message.body:
        reader.take(segment)
    return reader.document(message)


class _InvoicedItem(LineItem):
    """One LIN group of an INVOIC."""

    def __init__(self, lin, index):
        super().__init__(lin)
        self.line_ref = self.uom_code = None
        self.index = index
        self.description = None
        self.quantities = {}
        self.prices = {}
        self.amount = None
        self.taxes = []  # [name, rate, amount or None]

    def as_dict(self):
        quantity = next((self.quantities[q] for q in QTY_INVOICED if q in self.quantities), None)
        if quantity is None:
            raise self.missing(
                "QTY", "C186/6060", f"line {self.number} has no invoiced quantity (QTY+47)"
            )
        net = self.prices.get("AAA", self.prices.get("AAB"))
        if net is None:
            raise self.missing("PRI", "C509/5118", f"line {self.number} has no price (PRI+AAA)")
        gross = self.prices.get("AAB", net)
        subtotal = self.amount if self.amount is not None else (quantity * net).quantize(CENT)
        line = {
            "line_ref": self.line_ref or self.number or str(self.index),
            "product_code": self.product_code("line"),
            "quantity": quantity,
            "uom_code": self.uom_code or "EA",
            "unit_price": gross,
            "subtotal": subtotal,
            "taxes": [
                {
                    "name": name,
                    "rate": rate,
                    "amount": amount
                    if amount is not None
                    else (subtotal * rate / 100).quantize(CENT),
                }
                for name, rate, amount in self.taxes
            ],
        }
        if gross != net and gross:
            line["discount_percent"] = ((1 - net / gross) * 100).quantize(Decimal("0.0001"))
        if self.description:
            line["description"] = self.description
        return line


class _InvoiceReader:
    """Reads the segments in order: header, a party, a line, or the summary after UNS."""

    def __init__(self):
        self.invoice = {}
        self.parties = {}
        self.party = None
        self.line = None
        self.lines = []
        self.line_orders = []
        self.allowances = []
        self.summary = {}
        self.summary_position = None
        self.in_summary = False
        self.summary_tax_seen = False
        self.controls = []
        self.handlers = {
            "BGM": self._bgm,
            "DTM": self._dtm,
            "RFF": self._rff,
            "NAD": self._nad,
            "CUX": self._cux,
            "ALC": self._alc,
            "MOA": self._moa,
            "LIN": self._lin,
            "PIA": self._pia,
            "IMD": self._imd,
            "QTY": self._qty,
            "PRI": self._pri,
            "TAX": self._tax,
            "UNS": self._uns,
            "CNT": self._cnt,
        }

    def take(self, segment):
        if segment.tag != "RFF":
            self.party = None
        handler = self.handlers.get(segment.tag)
        if handler is not None:
            handler(segment)

    def document(self, message):
        self._close_line()
        for key, tag, what in (
            ("invoice_number", "BGM", "invoice number (BGM)"),
            ("invoice_date", "DTM", "invoice date (DTM+137)"),
        ):
            if key not in self.invoice:
                raise EdifactMappingError(
                    tag, None, f"INVOIC {message.ref} has no {what}", code="13"
                )
        if not self.lines:
            raise EdifactMappingError("LIN", None, f"INVOIC {message.ref} has no line", code="13")
        for segment, declared in self.controls:
            check_count(segment, declared, len(self.lines), "lines")
        buyer = next((self.parties[q] for q in BUYERS if q in self.parties), None)
        if buyer is None:
            raise EdifactMappingError(
                "NAD", "3035", f"INVOIC {message.ref} names no buyer (NAD+BY)", code="13"
            )
        if "currency" not in self.invoice:
            raise EdifactMappingError(
                "CUX", "C504/6345", f"INVOIC {message.ref} has no currency (CUX+2)", code="13"
            )
        invoice = {
            **self.invoice,
            "buyer": buyer,
            "seller": self.parties.get(SELLER),
            "lines": self.lines,
            "allowances_charges": self.allowances,
            **self._totals(message),
        }
        invoice.setdefault("order_ref", next(iter(self.line_orders), None))
        if INVOICEE in self.parties:
            invoice["bill_to"] = self.parties[INVOICEE]["address"]
        return invoice

    def _totals(self, message):
        if TOTAL not in self.summary:
            raise EdifactMappingError(
                "MOA", "C516/5025", f"INVOIC {message.ref} has no total (MOA+77)", code="13"
            )
        total = self.summary[TOTAL]
        tax = self.summary.get(TAX_AMOUNT)
        if tax is None:
            tax = sum((t["amount"] for line in self.lines for t in line["taxes"]), Decimal(0))
        untaxed = self.summary.get(TAXABLE)
        if untaxed is None and LINES_TOTAL in self.summary:
            untaxed = self.summary[LINES_TOTAL] + sum(
                (a["amount"] if a["kind"] == "charge" else -a["amount"] for a in self.allowances),
                Decimal(0),
            )
        if untaxed is None:
            untaxed = total - tax
        if abs(untaxed + tax - total) > CENT:
            raise EdifactMappingError(
                "MOA",
                "C516/5004",
                f"total {total} (MOA+77) is not the untaxed {untaxed} plus the tax {tax}",
                position=self.summary_position,
            )
        return {"amount_untaxed": untaxed, "amount_tax": tax, "amount_total": total}

    def _bgm(self, segment):
        kind = segment.value(0, 0)
        if kind not in INVOICE_TYPES:
            what = NOTES.get(kind, f"document {kind or 'without a name code'}")
            raise EdifactMappingError(
                "BGM",
                "C002/1001",
                f"{what}: the hub reads invoices (380, 388, 393) only",
                position=segment.position,
                element_position=(1, 1),
            )
        self.invoice["invoice_number"] = required(segment, 1, 0, "C106/1004")

    def _dtm(self, segment):
        if self.line is not None or self.in_summary:
            return
        qualifier = segment.value(0)
        if qualifier == "137":
            self.invoice["invoice_date"] = dtm_value(segment).date()
        elif qualifier in DUE_QUALIFIERS:
            self.invoice["due_date"] = dtm_value(segment).date()

    def _rff(self, segment):
        qualifier, value = segment.value(0, 0), segment.value(0, 1)
        if self.party is not None:
            if qualifier == "VA" and value:
                self.party["vat"] = value
        elif qualifier == "ON" and value:
            if self.line is not None:
                self.line_orders.append(value)
                self.line.line_ref = segment.value(0, 2) or self.line.line_ref
            else:
                self.invoice.setdefault("order_ref", value)

    def _nad(self, segment):
        if self.line is not None or self.in_summary:
            return
        party_id, name, address = nad_party(segment)
        self.party = {"external_id": party_id or name, "name": name or None, "address": address}
        self.parties.setdefault(segment.value(0), self.party)

    def _cux(self, segment):
        if segment.value(0, 0) in ("2", "4") and segment.value(0, 1):
            self.invoice["currency"] = segment.value(0, 1)

    def _alc(self, segment):
        if self.line is not None or self.in_summary:
            return
        kind = ALC_KINDS.get(segment.value(0))
        if kind is None:
            raise EdifactMappingError(
                "ALC", "5463", f"{segment.value(0)!r} is neither A nor C", position=segment.position
            )
        self.allowances.append(
            {
                "kind": kind,
                "code": segment.value(4, 0) or None,
                "description": segment.value(4, 3) or None,
                "amount": None,
            }
        )

    def _moa(self, segment):
        qualifier = segment.value(0, 0)
        amount = decimal_value(segment, 0, 1, "C516/5004")
        if self.in_summary:
            if not self.summary_tax_seen and qualifier not in self.summary:
                self.summary[qualifier] = amount
                self.summary_position = self.summary_position or segment.position
        elif self.line is not None:
            if qualifier == LINE_AMOUNT:
                self.line.amount = amount
            elif qualifier == TAX_AMOUNT and self.line.taxes and self.line.taxes[-1][2] is None:
                self.line.taxes[-1][2] = amount
        elif self.allowances and self.allowances[-1]["amount"] is None:
            self.allowances[-1]["amount"] = amount

    def _lin(self, segment):
        self._close_line()
        self.line = _InvoicedItem(segment, len(self.lines) + 1)

    def _pia(self, segment):
        self._current_line(segment).add_pia(segment)

    def _imd(self, segment):
        text = " ".join(part for part in segment.element(2)[3:5] if part)
        if text:
            self._current_line(segment).description = text

    def _qty(self, segment):
        line = self._current_line(segment)
        line.quantities[segment.value(0, 0)] = decimal_value(segment, 0, 1, "C186/6060")
        if segment.value(0, 0) in QTY_INVOICED and segment.value(0, 2):
            line.uom_code = line.uom_code or segment.value(0, 2)

    def _pri(self, segment):
        qualifier = segment.value(0, 0)
        if qualifier in ("AAA", "AAB"):
            price = decimal_value(segment, 0, 1, "C509/5118")
            basis = decimal_value(segment, 0, 4, "C509/5284")
            self._current_line(segment).prices[qualifier] = price / basis if basis else price

    def _tax(self, segment):
        if self.in_summary:
            self.summary_tax_seen = True
            return
        if self.line is None:
            return
        name = segment.value(1, 0) or segment.value(1, 3) or segment.value(0)
        rate = decimal_value(segment, 4, 3, "C243/5278") or Decimal(0)
        self.line.taxes.append([name, rate, None])

    def _uns(self, segment):
        self._close_line()
        self.in_summary = True

    def _cnt(self, segment):
        if segment.value(0, 0) == "2":
            self.controls.append((segment, decimal_value(segment, 0, 1, "C270/6066")))

    def _current_line(self, segment):
        if self.line is None:
            raise outside_line(segment)
        return self.line

    def _close_line(self):
        if self.line is not None:
            self.lines.append(self.line.as_dict())
            self.line = None
