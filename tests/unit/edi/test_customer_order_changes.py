"""A customer's order changes in (X12 860, EDIFACT ORDCHG) read into the canonical order with
purpose change or cancel, and our answer out (865, ORDRSP as a change response)."""

import io

import pytest
from test_edifact_supplier import message_of, written
from test_x12_documents import HEADER, canonical, rows

from odoo.addons.integration_core.schemas import SchemaError, validate_document
from odoo.addons.integration_core.schemas.openapi import component_schemas
from odoo.addons.integration_edi import edifact, x12

CHANGE_860 = [
    ("BCH", "04", "SA", "PO-860-1", None, None, "20261120"),
    ("CUR", "BY", "USD"),
    ("DTM", "002", "20261205"),
    ("N1", "BY", "Buyer Inc", "92", "BUYER01"),
    ("POC", "1", "QI", "6", None, "EA", "12.5", "PE", "BP", "BUY-100"),
    ("PID", "F", None, None, None, "Widget"),
    ("POC", "2", "DI", None, None, "EA", None, None, "UP", "012345678905"),
    ("POC", "3", "AI", "5", None, "EA", "30", "PE", "BP", "BUY-300"),
    ("CTT", "3"),
]


def read_customer_set(set_type, functional_id, body):
    """``body`` sent as a customer's ``set_type``, read back: the canonical order dict."""
    group = x12.GroupHeader(functional_id, "NORTHWINDBUY", "HUBDISTRIB", "20261120", "0930", 5)
    data = x12.render_interchange(
        x12.Delimiters(), HEADER, [x12.OutgoingGroup(group, [x12.OutgoingSet(set_type, 1, body)])]
    )
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    inbound = x12.INBOUND[set_type]
    assert inbound.doc_type == "order"
    return inbound.mapper(transaction_set.segments, sender_id="NORTHWINDBUY")


def read_860(body):
    return read_customer_set("860", "PC", body)


def test_860_raises_a_quantity_deletes_a_line_and_adds_one():
    order = validate_document("order", read_860(CHANGE_860))
    assert (order.purpose, order.order_ref, str(order.order_date)) == (
        "change",
        "PO-860-1",
        "2026-11-20",
    )
    assert order.customer.external_id == "BUYER01"
    assert str(order.requested_delivery_date) == "2026-12-05"
    assert not order.lines_complete, "an 860 lists only the lines it changes"
    assert [(line.line_ref, line.product_code, line.quantity) for line in order.lines] == [
        ("1", "BUY-100", 6),
        ("2", "012345678905", 0),
        ("3", "BUY-300", 5),
    ]
    assert order.lines[0].unit_price == 12.5
    assert order.lines[1].gtin == "012345678905"


def test_860_cancellation_needs_no_line():
    body = [CHANGE_860[0], CHANGE_860[3]]
    body[0] = ("BCH", "01", "SA", "PO-860-1", None, None, "20261120")
    order = validate_document("order", read_860(body))
    assert (order.purpose, order.lines) == ("cancel", [])


def test_860_replace_restates_the_whole_order():
    body = [("BCH", "05", *CHANGE_860[0][2:]), *CHANGE_860[1:]]
    assert validate_document("order", read_860(body)).lines_complete


def test_a_replacing_850_or_orders_is_a_change_restating_the_whole_order():
    beg = ("BEG", "05", "SA", "PO-860-1", None, "20261120")
    body = [beg, CHANGE_860[3], ("PO1", "1", "6", "EA", "12.5", None, "BP", "BUY-100")]
    order = validate_document("order", read_customer_set("850", "PO", body))
    assert (order.purpose, order.lines_complete) == ("change", True)
    replacing = (
        "UNA:+.? 'UNB+UNOC:3+5412345000013:14+4012345000009:14+261120:1015+REP1'"
        "UNH+1+ORDERS:D:96A:UN'BGM+220+PO-4711+5'DTM+137:20261118:102'"
        "NAD+BY+5412345000013::9++BUYER NV'LIN+1++4000862141404:EN'QTY+21:8'"
        "UNS+S'UNT+8+1'UNZ+1+REP1'"
    )
    read = edifact.order_from_orders(message_of(replacing))
    assert (read["purpose"], read["lines_complete"]) == ("change", True)


def test_860_with_an_unknown_purpose_or_a_change_without_quantity_names_the_element():
    with pytest.raises(x12.X12MappingError, match="BCH01"):
        read_860([("BCH", "06", *CHANGE_860[0][2:]), *CHANGE_860[1:]])
    no_quantity = list(CHANGE_860)
    no_quantity[4] = ("POC", "1", "QI", None, None, "EA", "12.5", "PE", "BP", "BUY-100")
    with pytest.raises(x12.X12MappingError, match="POC03"):
        read_860(no_quantity)


def test_a_new_order_cannot_order_nothing_but_a_change_can_cancel_a_line():
    data = read_860(CHANGE_860)
    with pytest.raises(SchemaError) as caught:
        validate_document("order", {**data, "purpose": "original"})
    assert caught.value.errors == ["lines[1].quantity: Input should be greater than 0"]
    with pytest.raises(SchemaError) as caught:
        validate_document("order", {**data, "lines": []})
    assert caught.value.errors[0].startswith("lines: List should have at least 1 item")


CHANGE_ACK = {
    "order_ref": "PO-860-1",
    "ack_date": "2026-11-21",
    "status": "partial",
    "purpose": "change",
    "seller_order_ref": "S00042",
    "lines": [
        {
            "line_ref": "1",
            "product_code": "BUY-100",
            "quantity_ordered": 6,
            "quantity_accepted": 6,
            "status": "accepted",
            "unit_price": 12.5,
        },
        {
            "line_ref": "2",
            "product_code": "GAD",
            "quantity_ordered": 0,
            "quantity_accepted": 2,
            "status": "rejected",
            "unit_price": 30,
        },
    ],
}


def test_answer_to_a_change_goes_out_as_865():
    ack = canonical("order_ack", CHANGE_ACK)
    outbound = x12.OUTBOUND["order_ack"].for_document(ack)
    assert (outbound.set_type, outbound.functional_id) == ("865", "CA")
    body = outbound.mapper(ack, order_date="2026-11-20")
    group = x12.GroupHeader("CA", "HUBDISTRIB", "NORTHWINDBUY", "20261121", "1130", 8)
    data = x12.render_interchange(
        x12.Delimiters(), HEADER, [x12.OutgoingGroup(group, [x12.OutgoingSet("865", 1, body)])]
    )
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    segments = transaction_set.segments
    (bca,) = rows(segments, "BCA")
    assert bca[:3] == ["00", "AC", "PO-860-1"]
    assert (bca[5], bca[8], bca[9]) == ("20261120", "S00042", "20261121")
    assert rows(segments, "POC") == [
        ["1", "CA", "6", "", "EA", "12.5", "PE", "BP", "BUY-100"],
        ["2", "DI", "0", "", "EA", "30", "PE", "BP", "GAD"],
    ]
    assert rows(segments, "ACK") == [["IA", "6", "EA"], ["IR", "2", "EA"]]
    # An acknowledgement of a new order is still an 855.
    original = canonical("order_ack", {**CHANGE_ACK, "purpose": "original"})
    assert x12.OUTBOUND["order_ack"].for_document(original).set_type == "855"


def test_resend_orders_option_leaves_the_865_alone():
    """A customer flagged "Re-send changed orders" (meant for suppliers of our purchase
    orders) still gets an 865, not an 855, when we answer its change; our orders to it
    are re-sent as an 850 / ORDERS."""
    ack = canonical("order_ack", CHANGE_ACK)
    assert x12.OUTBOUND["order_ack"].for_document(ack, resend=True).set_type == "865"
    change = {"purpose": "change"}
    assert x12.OUTBOUND["order"].for_document(change, resend=True).set_type == "850"
    assert edifact.OUTBOUND["order"].for_document(change, resend=True).message_type == "ORDERS"
    assert x12.OUTBOUND["order"].for_document(change).set_type == "860"


ORDCHG = (
    "UNA:+.? '"
    "UNB+UNOC:3+5412345000013:14+4012345000009:14+261120:1015+CHG1'"
    "UNH+1+ORDCHG:D:96A:UN'"
    "BGM+230+CHG-77+4'"
    "DTM+137:20261118:102'"
    "RFF+ON:PO-4711'"
    "NAD+BY+5412345000013::9++BUYER NV'"
    "LIN+1+3+4000862141404:EN'"
    "QTY+21:8'"
    "PRI+AAA:9.5'"
    "LIN+2+2'"
    "PIA+5+GAD-200:IN'"
    "LIN+3+1'"
    "PIA+5+NEW-300:IN'"
    "QTY+21:4'"
    "UNS+S'"
    "CNT+2:3'"
    "UNT+16+1'"
    "UNZ+1+CHG1'"
)


def test_ordchg_changes_one_line_deletes_one_and_adds_one():
    inbound = edifact.INBOUND["ORDCHG"]
    order = validate_document("order", inbound.mapper(message_of(ORDCHG)))
    assert (order.purpose, order.order_ref) == ("change", "PO-4711"), "RFF+ON, not BGM 1004"
    assert [(line.line_ref, line.product_code, line.quantity) for line in order.lines] == [
        ("1", "4000862141404", 8),
        ("2", "GAD-200", 0),
        ("3", "NEW-300", 4),
    ]


def test_ordchg_cancellation_and_replace():
    cancel = message_of(ORDCHG, "BGM+230+CHG-77+4'", "BGM+230+CHG-77+1'")
    order = validate_document("order", edifact.order_from_ordchg(cancel))
    assert order.purpose == "cancel"
    replace = message_of(ORDCHG, "BGM+230+CHG-77+4'", "BGM+230+CHG-77+5'")
    assert validate_document("order", edifact.order_from_ordchg(replace)).lines_complete
    unknown = message_of(ORDCHG, "BGM+230+CHG-77+4'", "BGM+230+CHG-77+9'")
    with pytest.raises(edifact.EdifactMappingError, match="1225"):
        edifact.order_from_ordchg(unknown)


def test_answer_to_a_change_goes_out_as_ordrsp_change_response():
    ack = canonical("order_ack", CHANGE_ACK)
    message = written(edifact.OUTBOUND["order_ack"].for_document(ack).builder, ack)
    assert message.body[0].tag == "BGM"
    assert (message.body[0].value(0), message.body[0].value(2), message.body[0].value(3)) == (
        "231",
        "4",
        "CA",
    )
    accepted = written(edifact.ordrsp_message, {**ack, "status": "accepted"})
    assert accepted.body[0].value(3) == "AP"
    original = written(edifact.ordrsp_message, {**ack, "purpose": "original"})
    assert original.body[0].value(3) == ""


def test_the_openapi_document_describes_changes_and_their_answers():
    schemas = component_schemas()
    order = schemas["Order"]["properties"]
    assert order["purpose"]["enum"] == ["original", "change", "cancel"]
    assert order["lines_complete"]["default"] is False
    assert schemas["OrderAck"]["properties"]["purpose"]["enum"] == ["original", "change"]
