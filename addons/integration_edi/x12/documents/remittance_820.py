"""820 Payment Order/Remittance Advice in -> canonical remittance: what a customer paid and
for which of our invoices, with the deductions it took (ADX) and their reason codes."""

from ..mapping import (
    INVALID_CODE,
    X12MappingError,
    ccyymmdd,
    decimal,
    first,
    parties,
    text,
)

# N1 entity codes: the payer (payer, buying party, bill-to) and the payee.
PAYER_CODES = ("PR", "BY", "BT")
PAYEE_CODES = ("PE", "RI", "SE")
# BPR01 transaction handling codes that carry no money: a remittance read as paid would
# settle invoices nobody paid.
NO_PAYMENT = {"Z": "mutually defined", "U": "split payment and remittance"}
# DTM qualifiers of the payment date when BPR16 is empty: effective, paid, process date.
PAYMENT_DATES = ("097", "009", "234")
INVOICE_DATE = "003"
CUR_PAYER = ("PR", "BY")


def remittance_from_820(segments):
    """The canonical remittance of an 820's body segments (between ST and SE).

    BPR02 the total paid and BPR04 the method (ACH, CHK, FWT...), BPR16 the payment date
    (else DTM 097); TRN02 the payment reference (check or trace number); CUR02 the
    currency (else USD); N1 PR the payer, N1 PE the payee. Each RMR is a line: RMR02 the
    invoice number, RMR04 paid, RMR05 invoiced, RMR06 the discount, its DTM 003 the
    invoice date; the ADX after it are its adjustments: ADX01 signed (negative reduces the
    payment: a deduction), ADX02 the 426 reason, ADX04 the payer's reference. An ADX
    before any RMR (an ENT-level chargeback) is a line of its own without an invoice.
    """
    segments = list(segments)
    bpr = first(segments, "BPR")
    if text(bpr, 1) in NO_PAYMENT:
        raise X12MappingError(
            bpr,
            1,
            f"BPR01 {text(bpr, 1)} ({NO_PAYMENT[text(bpr, 1)]}): the hub reads remittances "
            "that accompany or announce a payment",
            code=INVALID_CODE,
        )
    trn = first(segments, "TRN")
    found = parties(segments)
    payer = _party(found, PAYER_CODES)
    if payer is None:
        raise X12MappingError("N1", 1, "the 820 names no payer (N1 PR)")
    remittance = {
        "payment_ref": text(trn, 2, required=True),
        "payment_date": ccyymmdd(bpr, 16) or _payment_date(segments, bpr),
        "currency": _currency(segments),
        "total_paid": decimal(bpr, 2, required=True),
        "method": text(bpr, 4) or None,
        "payer": payer,
        "lines": _lines(segments),
    }
    payee = _party(found, PAYEE_CODES)
    if payee:
        remittance["payee"] = payee
    return remittance


def _party(found, codes):
    party = next((found[code] for code in codes if code in found), None)
    if party is None:
        return None
    return {"external_id": party.get("external_id") or party["name"], "name": party["name"]}


def _payment_date(segments, bpr):
    for dtm in segments:
        if dtm.tag == "DTM" and text(dtm, 1) in PAYMENT_DATES:
            return ccyymmdd(dtm, 2, required=True)
    raise X12MappingError(bpr, 16, "no payment date (BPR16, or DTM 097)")


def _currency(segments):
    cur = first(segments, "CUR", required=False)
    return (text(cur, 2) if cur is not None else "") or "USD"


def _lines(segments):
    lines, line = [], None
    for segment in segments:
        if segment.tag == "RMR":
            line = _rmr_line(segment)
            lines.append(line)
        elif segment.tag == "DTM" and line is not None and text(segment, 1) == INVOICE_DATE:
            line["invoice_date"] = ccyymmdd(segment, 2)
        elif segment.tag == "ADX":
            adjustment = _adjustment(segment)
            if line is None:  # before any RMR: a deduction on its own
                lines.append(
                    {
                        "invoice_number": adjustment.get("reference"),
                        "amount_paid": -adjustment["amount"],
                        "adjustments": [],
                    }
                )
            else:
                line["adjustments"].append(adjustment)
        elif segment.tag in ("ENT", "SE"):
            line = None
    if not lines:
        raise X12MappingError("RMR", None, "the 820 has no remittance line (RMR)")
    return lines


def _rmr_line(rmr):
    line = {
        "invoice_number": text(rmr, 2) or None,
        "amount_paid": decimal(rmr, 4, required=True),
        "adjustments": [],
    }
    invoiced, discount = decimal(rmr, 5), decimal(rmr, 6)
    if invoiced is not None:
        line["amount_invoiced"] = invoiced
    if discount:
        line["discount_amount"] = discount
    return line


def _adjustment(adx):
    adjustment = {
        "reason_code": text(adx, 2, required=True),
        "code_list": "x12",
        "amount": -decimal(adx, 1, required=True),
    }
    if text(adx, 4):
        adjustment["reference"] = text(adx, 4)
    return adjustment
