"""810 Invoice both ways: ours to a customer out, a supplier's invoice for our purchase
order in."""

from datetime import timedelta
from decimal import Decimal

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    INVALID_CODE,
    X12MappingError,
    ccyymmdd,
    cents,
    check_count,
    coded,
    decimal,
    first,
    loops,
    number,
    parties,
    party_address,
    party_segments,
    product_code,
    qualified_ids,
    sparse,
    text,
    to_decimal,
    x12_date,
)

# ITD01 basic terms, ITD02 counted from the invoice date; ITD06 is the net due date.
BASIC_TERMS, FROM_INVOICE_DATE = "01", "3"
# TXI01 when the tax name has no code of its own: all taxes.
ALL_TAXES = "TX"
# SAC: allowance or charge indicator, and the code when the canonical one is empty.
SAC_INDICATORS = {"allowance": "A", "charge": "C"}
MUTUALLY_DEFINED = "ZZZZ"
# A line discount: SAC*A*C310 (discount) with SAC06=3 (percent of the gross amount).
DISCOUNT, PERCENT_OF_GROSS = "C310", "3"


def invoice_to_810(invoice, *, product_qualifier="VP", tax_type_codes=None):
    """The 810 body segments of a canonical invoice.

    TDS01 is the total and TDS02 the untaxed amount, in cents as N2 requires. Taxes go
    to TXI with ``tax_type_codes`` mapping a canonical tax name to TXI01 (default TX).
    """
    tax_type_codes = tax_type_codes or {}
    segments = [
        (
            "BIG",
            x12_date(invoice["invoice_date"]),
            invoice["invoice_number"],
            None,
            invoice.get("order_ref"),
        ),
        ("CUR", "SE", invoice["currency"]),
    ]
    if invoice.get("seller"):
        segments += party_segments("SE", party_address(invoice["seller"]))
    segments += party_segments("BY", party_address(invoice["buyer"]))
    if invoice.get("bill_to"):
        segments += party_segments("BT", invoice["bill_to"])
    if invoice.get("due_date"):
        segments.append(
            sparse("ITD", {1: BASIC_TERMS, 2: FROM_INVOICE_DATE, 6: x12_date(invoice["due_date"])})
        )
    for line in invoice["lines"]:
        segments += _line(line, product_qualifier, tax_type_codes)
    segments.append(("TDS", cents(invoice["amount_total"]), cents(invoice["amount_untaxed"])))
    if to_decimal(invoice["amount_tax"]):
        segments.append(("TXI", ALL_TAXES, number(invoice["amount_tax"])))
    segments += [_allowance_charge(item) for item in invoice.get("allowances_charges") or []]
    segments.append(("CTT", str(len(invoice["lines"]))))
    return segments


def _line(line, product_qualifier, tax_type_codes):
    segments = [
        (
            "IT1",
            line["line_ref"],
            number(line["quantity"]),
            line.get("uom_code") or "EA",
            number(line["unit_price"]),
            None,
            product_qualifier,
            line["product_code"],
        )
    ]
    if line.get("description"):
        segments.append(("PID", "F", None, None, None, line["description"]))
    segments += [
        (
            "TXI",
            tax_type_codes.get(tax["name"], ALL_TAXES),
            number(tax["amount"]),
            number(tax["rate"]),
        )
        for tax in line.get("taxes") or []
    ]
    if to_decimal(line.get("discount_percent") or 0):
        percent = number(line["discount_percent"])
        segments.append(sparse("SAC", {1: "A", 2: DISCOUNT, 6: PERCENT_OF_GROSS, 7: percent}))
    return segments


def _allowance_charge(item):
    return sparse(
        "SAC",
        {
            1: coded(SAC_INDICATORS, item["kind"], "SAC", 1),
            2: item.get("code") or MUTUALLY_DEFINED,
            5: cents(item["amount"]),
            15: item.get("description"),
        },
    )


# -- in ----------------------------------------------------------------------------------

# BIG07 transaction types the hub does not read as an invoice: credit and debit memos.
MEMOS = {"CR": "a credit memo", "DR": "a debit memo"}
# N1 entity codes, first found wins: the seller (selling party, supplier, vendor, remit
# to) and the buyer (buying party, bill-to).
SELLER_CODES = ("SE", "SU", "VN", "RI")
BUYER_CODES = ("BY", "BT")
# SAC01 read.
SAC_KINDS = {"A": "allowance", "C": "charge"}
CENT = Decimal("0.01")
_IT1_FIRST_ID, _IT1_LAST_ID = 6, 24


def invoice_from_810(segments, *, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS):
    """The canonical invoice of a supplier's 810 body segments (between ST and SE).

    BIG01/02 date and number, BIG04 our PO number; CUR (else USD); the seller N1 SE and
    the buyer N1 BY; the due date ITD06 (else ITD07 net days). Each IT1 loop is a line by
    IT101 (our PO line_ref), IT102 quantity, IT104 price, with PID description, TXI taxes
    and a SAC discount. The summary: TDS01 the total (N2, cents), TXI the tax, SAC the
    allowances and charges; the untaxed amount is what the lines and those add up to, and
    it plus the tax must make the total.
    """
    segments = list(segments)
    big = first(segments, "BIG")
    memo = MEMOS.get(text(big, 7))
    if memo:
        raise X12MappingError(
            big, 7, f"the 810 is {memo}: the hub reads invoices only", code=INVALID_CODE
        )
    items = list(loops(segments, "IT1", ("TDS", "CTT")))
    if not items:
        raise X12MappingError("IT1", None, "an invoice needs at least one IT1 line")
    lines = [
        _invoice_line(it1, following, product_qualifiers, index)
        for index, (it1, following) in enumerate(items, 1)
    ]
    header = segments[: segments.index(items[0][0])]
    summary = _summary(segments)
    found = parties(header)
    invoice_date = ccyymmdd(big, 1, required=True)
    cur = first(header, "CUR", required=False)
    invoice = {
        "invoice_number": text(big, 2, required=True),
        "invoice_date": invoice_date,
        "due_date": _due_date(header, invoice_date),
        "order_ref": text(big, 4) or None,
        "currency": (text(cur, 2) if cur is not None else "") or "USD",
        "seller": _party(found, SELLER_CODES),
        "buyer": _party(found, BUYER_CODES),
        "lines": lines,
        **_totals(summary, lines),
    }
    if invoice["buyer"] is None:
        raise X12MappingError("N1", None, "the invoice names no buyer (N1*BY or N1*BT)")
    ctt = first(segments, "CTT", required=False)
    if ctt is not None:
        check_count(ctt, 1, len(lines), "IT1 lines")
    return invoice


def _invoice_line(it1, following, product_qualifiers, index):
    ids = qualified_ids(it1, _IT1_FIRST_ID, _IT1_LAST_ID)
    quantity = decimal(it1, 2, required=True)
    price = decimal(it1, 4, required=True)
    line = {
        "line_ref": text(it1, 1) or str(index),
        "product_code": product_code(it1, ids, product_qualifiers, _IT1_FIRST_ID + 1),
        "quantity": quantity,
        "uom_code": text(it1, 3) or "EA",
        "unit_price": price,
    }
    description = next(
        (text(pid, 5) for pid in following if pid.tag == "PID" and text(pid, 5)), None
    )
    if description:
        line["description"] = description
    subtotal = quantity * price
    for sac in (s for s in following if s.tag == "SAC"):
        percent = decimal(sac, 7)
        if text(sac, 1) == "A" and percent is not None and text(sac, 6) == PERCENT_OF_GROSS:
            line["discount_percent"] = percent
            subtotal -= subtotal * percent / 100
        else:
            subtotal += _signed_amount(sac)
    line["subtotal"] = subtotal.quantize(CENT)
    line["taxes"] = [_tax(txi, line["subtotal"]) for txi in following if txi.tag == "TXI"]
    return line


def _tax(txi, subtotal):
    """A TXI as a canonical tax: its type (TXI01), amount (TXI02) and rate (TXI03, else
    what the amount is of the line)."""
    amount = decimal(txi, 2)
    rate = decimal(txi, 3)
    if amount is None and rate is None:
        raise X12MappingError(txi, 2, "the tax has neither an amount (TXI02) nor a rate (TXI03)")
    if amount is None:
        amount = (subtotal * rate / 100).quantize(CENT)
    if rate is None:
        rate = (amount * 100 / subtotal).quantize(Decimal("0.0001")) if subtotal else Decimal(0)
    return {"name": text(txi, 1, required=True), "rate": rate, "amount": amount}


def _signed_amount(sac):
    """SAC05 (N2, cents) as an amount, negative for an allowance."""
    kind = text(sac, 1, required=True)
    if kind not in SAC_KINDS:
        raise X12MappingError(sac, 1, f"{kind!r} is neither A nor C", code=INVALID_CODE)
    amount = decimal(sac, 5, required=True) / 100
    return -amount if kind == "A" else amount


def _summary(segments):
    """The segments after the last IT1 loop, from TDS on."""
    tds = first(segments, "TDS")
    return segments[segments.index(tds) :]


def _totals(summary, lines):
    tds = summary[0]
    total = decimal(tds, 1, required=True) / 100
    sacs = [sac for sac in summary if sac.tag == "SAC"]
    signed = [_signed_amount(sac) for sac in sacs]
    allowances_charges = [
        {
            "kind": SAC_KINDS[text(sac, 1)],
            "code": text(sac, 2) or None,
            "amount": abs(amount),
            "description": text(sac, 15) or None,
        }
        for sac, amount in zip(sacs, signed, strict=True)
    ]
    summary_taxes = [decimal(txi, 2) or Decimal(0) for txi in summary if txi.tag == "TXI"]
    if summary_taxes:
        tax = sum(summary_taxes, Decimal(0))
    else:
        tax = sum((t["amount"] for line in lines for t in line["taxes"]), Decimal(0))
    untaxed = sum((line["subtotal"] for line in lines), Decimal(0))
    untaxed += sum(signed, Decimal(0))
    if abs(untaxed + tax - total) > CENT:
        raise X12MappingError(
            tds,
            1,
            f"total {total} is not the lines and allowances/charges {untaxed} plus the tax {tax}",
            code=INVALID_CODE,
        )
    return {
        "allowances_charges": allowances_charges,
        "amount_untaxed": untaxed,
        "amount_tax": tax,
        "amount_total": total,
    }


def _party(found, codes):
    party = next((found[code] for code in codes if code in found), None)
    if party is None:
        return None
    return {
        "external_id": party.get("external_id") or party["name"],
        "name": party["name"],
        "address": party,
    }


def _due_date(header, invoice_date):
    itd = first(header, "ITD", required=False)
    if itd is None:
        return None
    due = ccyymmdd(itd, 6)
    if due is None and decimal(itd, 7) is not None:
        due = invoice_date + timedelta(days=int(decimal(itd, 7)))
    return due
