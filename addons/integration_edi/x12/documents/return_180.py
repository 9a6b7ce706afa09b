"""180 Return Merchandise Authorization and Notification both ways: a customer's return
request in, our acknowledgement of it (authorised, received with the credit note, refused)
out.

The hub's layout, written from the 004010 segment definitions: BGN (BGN01 purpose: the
status, BGN02 the return authorisation number, BGN03 its date), RDR (RDR01 credit or
replace, RDR02 the return reason code, RDR04 its text), PRF (PRF01 the customer's
purchase order), N9 (SI the shipment returned against, CM our credit memo), the N1*BY
customer, then per line an LX loop with one BLI (BLI01/02 the product, BLI03 quantity,
BLI04 unit) per lot or serial number, N9*LI the customer's line reference, N9*LT the lot
and an RDR with the line's reason. Several BLI loops of one line reference add up.
"""

from datetime import date
from decimal import Decimal

from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    INVALID_CODE,
    X12MappingError,
    ccyymmdd,
    coded,
    decimal,
    first,
    number,
    parties,
    party_address,
    party_segments,
    product_code,
    qualified_ids,
    text,
    x12_date,
)

# BGN01 (353) by status: a request (13, or 00 original), our response authorising it
# (11), the confirmation of the goods received (06), a cancellation of it (01: refused).
STATUSES = {"requested": "13", "authorised": "11", "received": "06", "refused": "01"}
STATUSES_READ = {"00": "requested", **{code: status for status, code in STATUSES.items()}}
# RDR01 (returns disposition) of the action the customer asks for.
ACTIONS = {"credit": "CR", "replace": "RP"}
ACTIONS_READ = {code: action for action, code in ACTIONS.items()}
# N901 qualifiers (128): shipment, credit memo, line item, lot number.
SHIPMENT, CREDIT_MEMO, LINE_ITEM, LOT = "SI", "CM", "LI", "LT"
BUYER = "BY"


def return_request_to_180(document, *, product_qualifier="BP"):
    """The 180 body segments of a canonical return request (our acknowledgement)."""
    segments = [
        (
            "BGN",
            coded(STATUSES, document.get("status") or "requested", "BGN", 1),
            document["rma_ref"],
            x12_date(document.get("return_date") or _today()),
        )
    ]
    segments.append(
        (
            "RDR",
            coded(ACTIONS, document.get("action") or "credit", "RDR", 1),
            document.get("reason_code"),
            None,
            document.get("reason"),
        )
    )
    if document.get("order_ref"):
        segments.append(("PRF", document["order_ref"]))
    if document.get("shipment_ref"):
        segments.append(("N9", SHIPMENT, document["shipment_ref"]))
    if document.get("credit_note_ref"):
        segments.append(("N9", CREDIT_MEMO, document["credit_note_ref"]))
    segments += party_segments(BUYER, party_address(document["customer"]))
    for index, line in enumerate(document["lines"], 1):
        segments += _line_segments(index, line, product_qualifier)
    return [_trimmed(segment) for segment in segments]


def _line_segments(index, line, product_qualifier):
    uom = line.get("uom_code") or "EA"
    parts = [(lot["lot_name"], lot["quantity"]) for lot in line.get("lots") or []]
    quantity = line.get("quantity_received") or line["quantity"]
    segments = [("LX", str(index))]
    for lot_name, part_quantity in parts or [(None, quantity)]:
        segments.append(
            ("BLI", product_qualifier, line["product_code"], number(part_quantity), uom)
        )
        segments.append(("N9", LINE_ITEM, line["line_ref"]))
        if lot_name:
            segments.append(("N9", LOT, lot_name))
    if line.get("reason_code") or line.get("reason"):
        segments.append(("RDR", None, line.get("reason_code"), None, line.get("reason")))
    return segments


def _trimmed(segment):
    """A segment without its trailing empty elements."""
    values = list(segment)
    while values and values[-1] in (None, ""):
        values.pop()
    return tuple(values)


def _today():
    return date.today()


# -- in ----------------------------------------------------------------------------------


def return_request_from_180(
    segments, *, sender_id=None, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS
):
    """The canonical return request of a customer's 180 body segments (between ST and SE).

    The customer is the N1*BY party by its N104 id, else ``sender_id``.
    """
    segments = list(segments)
    bgn = first(segments, "BGN")
    header, detail = _split(segments)
    purpose = text(bgn, 1, required=True)
    if purpose not in STATUSES_READ:
        raise X12MappingError(
            bgn, 1, f"{purpose!r} is not a purpose of a return the hub reads", code=INVALID_CODE
        )
    rdr = first(header, "RDR", required=False)
    references = _references(header)
    lines = _lines(detail, product_qualifiers)
    if not lines:
        raise X12MappingError("BLI", None, "a return needs at least one BLI line")
    document = {
        "rma_ref": text(bgn, 2, required=True),
        "return_date": ccyymmdd(bgn, 3),
        "status": STATUSES_READ[purpose],
        "order_ref": _order_ref(header),
        "shipment_ref": references.get(SHIPMENT),
        "credit_note_ref": references.get(CREDIT_MEMO),
        "customer": _customer(parties(header), sender_id, bgn),
        "lines": lines,
    }
    if rdr is not None:
        document["action"] = _action(rdr)
        document["reason_code"] = text(rdr, 2) or None
        document["reason"] = text(rdr, 4) or None
    return document


def _split(segments):
    for index, segment in enumerate(segments):
        if segment.tag == "LX":
            return segments[:index], segments[index:]
    return segments, []


def _references(segments):
    found = {}
    for segment in segments:
        if segment.tag == "N9":
            found.setdefault(text(segment, 1), text(segment, 2) or None)
    return found


def _order_ref(header):
    prf = first(header, "PRF", required=False)
    return text(prf, 1) or None if prf is not None else None


def _action(rdr):
    code = text(rdr, 1)
    if code and code not in ACTIONS_READ:
        raise X12MappingError(
            rdr, 1, f"{code!r} is not a disposition the hub reads (CR, RP)", code=INVALID_CODE
        )
    return ACTIONS_READ.get(code, "credit")


def _customer(found, sender_id, bgn):
    party = found.get(BUYER)
    if party and party.get("external_id"):
        return {"external_id": party["external_id"], "name": party["name"]}
    if sender_id:
        return {"external_id": sender_id, "name": party["name"] if party else None}
    raise X12MappingError(bgn, None, "no N1*BY customer with an id (N104), and no sender")


def _lines(detail, product_qualifiers):
    """One canonical line per line reference (N9*LI, else LX01): its BLI loops, one per
    lot or serial number (N9*LT), added up."""
    parts, reasons = [], {}
    lx_number = None
    for segment in detail:
        tag = segment.tag
        if tag == "LX":
            lx_number = text(segment, 1)
        elif tag == "BLI":
            parts.append(_part(segment, lx_number, product_qualifiers))
        elif parts and tag == "N9" and text(segment, 1) == LINE_ITEM:
            parts[-1]["line_ref"] = text(segment, 2, required=True)
        elif parts and tag == "N9" and text(segment, 1) == LOT:
            parts[-1]["lot_name"] = text(segment, 2, required=True)
        elif parts and tag == "RDR":
            reasons[parts[-1]["line_ref"]] = segment
    lines = {}
    for part in parts:
        line = lines.setdefault(
            part["line_ref"],
            {
                "line_ref": part["line_ref"],
                "product_code": part["product_code"],
                "quantity": Decimal(0),
                "uom_code": part["uom_code"],
                "lots": [],
            },
        )
        if part["product_code"] != line["product_code"]:
            raise X12MappingError(
                part["segment"],
                2,
                f"line {part['line_ref']} returns {line['product_code']}, not "
                f"{part['product_code']}",
                code=INVALID_CODE,
            )
        line["quantity"] += part["quantity"]
        if part["lot_name"]:
            line["lots"].append({"lot_name": part["lot_name"], "quantity": part["quantity"]})
    for ref, rdr in reasons.items():
        lines[ref]["reason_code"] = text(rdr, 2) or None
        lines[ref]["reason"] = text(rdr, 4) or None
    return list(lines.values())


def _part(bli, lx_number, product_qualifiers):
    ids = qualified_ids(bli, 1, 1)
    for qualifier, value in qualified_ids(bli, 8, 12).items():
        ids.setdefault(qualifier, value)
    return {
        "segment": bli,
        "line_ref": lx_number or "1",
        "product_code": product_code(bli, ids, product_qualifiers, 2),
        "quantity": decimal(bli, 3, required=True),
        "uom_code": text(bli, 4) or "EA",
        "lot_name": None,
    }
