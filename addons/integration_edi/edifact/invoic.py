"""INVOIC out: an invoice (canonical ``invoice``) as a commercial invoice.

Amounts: MOA 203 per line (line amount), MOA 124 per line tax; in the summary MOA 79 (sum of
the lines), 125 (taxable amount, i.e. untaxed total), 124 (tax) and 77 (invoice total), then
one TAX with its MOA 124/125 per tax type and rate.
"""

from .envelope import MessageType
from .mapping import as_decimal, document_data, dtm, item_segments, nad
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
