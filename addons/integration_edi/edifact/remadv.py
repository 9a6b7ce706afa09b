"""REMADV in: a customer's remittance advice (canonical ``remittance``): the payment and,
per invoice (DOC group), what was paid and what was kept back (AJT with its MOA 5).

Header: BGM 481 with the advice number, RFF+PQ the payment reference (else the BGM
number), DTM 209 (value date) or 202/203 (posting, execution) the payment date, else DTM
137; NAD+PR the payer (else BY), NAD+PE the payee; CUX the currency; PAI the payment means;
MOA 12 (amount remitted) the total paid, else MOA 9. Each DOC group: DOC C106/1004 our
invoice number, DTM 3 or 171 its date, MOA 12 (else 9) paid, MOA 77 (else 39) invoiced,
MOA 52 the discount; each AJT 4465 an adjustment whose MOA 5 is the amount kept back (sent
positive or negative, read as a deduction), FTX its text, RFF its reference.
"""

from .errors import EdifactMappingError
from .mapping import SegmentReader, decimal_value, dtm_value, nad_party, required

PAYERS, PAYEE = ("PR", "BY"), "PE"
PAYMENT_DATES = ("209", "202", "203")
DOCUMENT_DATE = "137"
INVOICE_DATES = ("3", "171")
PAID, DUE = "12", "9"
INVOICED = ("77", "39")
DISCOUNT, ADJUSTMENT = "52", "5"
PAYMENT_REFERENCE = "PQ"


def remittance_from_remadv(message):
    """The canonical remittance of a REMADV (validate it with the remittance schema)."""
    return _RemittanceReader().parse(message, "REMADV")


class _RemittanceReader(SegmentReader):
    """Reads the segments in order: the header, then one DOC group after another, each with
    its AJT groups."""

    def __init__(self):
        self.header = {}
        self.header_amounts = {}
        self.dates = {}
        self.parties = {}
        self.line = None
        self.line_amounts = {}
        self.line_position = None
        self.adjustment = None
        self.lines = []
        self.handlers = {
            "BGM": self._bgm,
            "RFF": self._rff,
            "DTM": self._dtm,
            "NAD": self._nad,
            "CUX": self._cux,
            "PAI": self._pai,
            "MOA": self._moa,
            "DOC": self._doc,
            "AJT": self._ajt,
            "FTX": self._ftx,
        }

    def document(self, message):
        self._close_line()
        if "payment_ref" not in self.header:
            raise EdifactMappingError(
                "BGM", "C106/1004", f"REMADV {message.ref} has no number", code="13"
            )
        payer = next((self.parties[q] for q in PAYERS if q in self.parties), None)
        if payer is None:
            raise EdifactMappingError(
                "NAD", "3035", f"REMADV {message.ref} names no payer (NAD+PR)", code="13"
            )
        if not self.lines:
            raise EdifactMappingError(
                "DOC", None, f"REMADV {message.ref} has no invoice (DOC)", code="13"
            )
        day = next(
            (self.dates[q] for q in (*PAYMENT_DATES, DOCUMENT_DATE) if q in self.dates), None
        )
        if day is None:
            raise EdifactMappingError(
                "DTM", "C507/2005", f"REMADV {message.ref} has no payment date (DTM+209)", code="13"
            )
        total = self.header_amounts.get(PAID, self.header_amounts.get(DUE))
        if total is None:
            raise EdifactMappingError(
                "MOA",
                "C516/5025",
                f"REMADV {message.ref} has no amount remitted (MOA+12)",
                code="13",
            )
        remittance = {
            **self.header,
            "payment_date": day.date(),
            "total_paid": total,
            "payer": payer,
            "lines": self.lines,
        }
        if PAYEE in self.parties:
            remittance["payee"] = self.parties[PAYEE]
        remittance.setdefault("currency", "EUR")
        return remittance

    # ------------------------------------------------------------------ header
    def _bgm(self, segment):
        self.header.setdefault("payment_ref", required(segment, 1, 0, "C106/1004"))

    def _rff(self, segment):
        qualifier, value = segment.value(0, 0), segment.value(0, 1)
        if self.adjustment is not None:
            if value:
                self.adjustment["reference"] = value
        elif self.line is None and qualifier == PAYMENT_REFERENCE and value:
            self.header["payment_ref"] = value

    def _dtm(self, segment):
        qualifier = segment.value(0)
        if self.line is None:
            self.dates.setdefault(qualifier, dtm_value(segment))
        elif qualifier in INVOICE_DATES:
            self.line["invoice_date"] = dtm_value(segment).date()

    def _nad(self, segment):
        party_id, name, _address = nad_party(segment)
        self.parties.setdefault(
            segment.value(0), {"external_id": party_id or name, "name": name or None}
        )

    def _cux(self, segment):
        if segment.value(0, 1):
            self.header.setdefault("currency", segment.value(0, 1))

    def _pai(self, segment):
        means = segment.value(0, 2)
        if means:
            self.header["method"] = means

    def _moa(self, segment):
        qualifier = segment.value(0, 0)
        amount = decimal_value(segment, 0, 1, "C516/5004")
        if self.adjustment is not None and qualifier == ADJUSTMENT:
            self.adjustment["amount"] = abs(amount)
        elif self.line is not None:
            self.line_amounts.setdefault(qualifier, amount)
        else:
            self.header_amounts.setdefault(qualifier, amount)

    # ------------------------------------------------------------------ lines
    def _doc(self, segment):
        self._close_line()
        self.line = {"invoice_number": segment.value(1, 0) or None, "adjustments": []}
        self.line_amounts = {}
        self.line_position = segment.position

    def _ajt(self, segment):
        if self.line is None:
            raise EdifactMappingError(
                "AJT", None, "comes before any DOC", code="15", position=segment.position
            )
        self._close_adjustment()
        self.adjustment = {
            "reason_code": required(segment, 0, 0, "4465"),
            "code_list": "edifact",
            "position": segment.position,
        }

    def _ftx(self, segment):
        if self.adjustment is not None:
            text = " ".join(part for part in segment.element(3) if part)
            self.adjustment["description"] = text or None

    def _close_adjustment(self):
        adjustment, self.adjustment = self.adjustment, None
        if adjustment is None:
            return
        position = adjustment.pop("position")
        if "amount" not in adjustment:
            raise EdifactMappingError(
                "MOA",
                "C516/5004",
                f"adjustment {adjustment['reason_code']} has no amount (MOA+5)",
                code="13",
                position=position,
            )
        self.line["adjustments"].append(adjustment)

    def _close_line(self):
        if self.line is None:
            return
        self._close_adjustment()
        amounts = self.line_amounts
        paid = amounts.get(PAID, amounts.get(DUE))
        if paid is None:
            raise EdifactMappingError(
                "MOA",
                "C516/5025",
                f"invoice {self.line['invoice_number']} has no amount remitted (MOA+12)",
                code="13",
                position=self.line_position,
            )
        self.line["amount_paid"] = paid
        invoiced = next((amounts[q] for q in INVOICED if q in amounts), None)
        if invoiced is not None:
            self.line["amount_invoiced"] = invoiced
        if amounts.get(DISCOUNT):
            self.line["discount_amount"] = amounts[DISCOUNT]
        self.lines.append(self.line)
        self.line = None
