"""Canonical invoice -> 810 Invoice."""

from ..mapping import cents, coded, number, party_segments, sparse, to_decimal, x12_date

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
        segments += party_segments("SE", _party_address(invoice["seller"]))
    segments += party_segments("BY", _party_address(invoice["buyer"]))
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


def _party_address(party):
    """A Party as the address party_segments writes: its own id and name first."""
    address = dict(party.get("address") or {})
    address["external_id"] = party["external_id"]
    address["name"] = party.get("name") or address.get("name")
    return address


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
