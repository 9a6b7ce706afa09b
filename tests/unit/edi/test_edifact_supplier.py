"""The supplier side in EDIFACT: our purchase order out (ORDERS, ORDCHG, a re-sent ORDERS)
and a supplier's ORDRSP, DESADV and INVOIC in, read into the canonical documents the
purchase side processes; round trips through our own builders, hand-written supplier
fixtures and the public samples."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from shared_samples import SAMPLES
from test_edifact_outbound import HEADER, invoice, order_ack, sent_and_read_back
from test_x12_documents import SHIPMENT
from test_x12_supplier import PURCHASE_ORDER, all_lines, with_dates

from odoo.addons.integration_core.schemas import dump, validate_document
from odoo.addons.integration_edi import edifact

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"
SSCC_1, SSCC_2 = "000123456000000012", "000123456000000029"
SUPPLIER_TYPES = ("SA", "IN", "BP")
ORDER = {**PURCHASE_ORDER, "supplier": {"external_id": "4012345000009", "name": "ACME SUPPLY CO"}}


def message_of(source, old=None, new=None):
    """The one message of a fixture file (or EDIFACT text), ``old`` replaced by ``new``."""
    text = source.read_bytes() if isinstance(source, Path) else source
    text = text.decode("latin-1") if isinstance(text, bytes) else text
    if old is not None:
        assert old in text
        text = text.replace(old, new, 1)
    (interchange,) = edifact.read_interchanges(text)
    (message,) = interchange.messages
    return message


def written(builder, document, **options):
    """What ``builder`` writes for ``document``, as the message a partner reads."""
    data = edifact.write_interchange(HEADER, [builder(document, "M1", **options)])
    return message_of(data)


def canonical(doc_type, data):
    return dump(validate_document(doc_type, data))


# -- ORDERS / ORDCHG out -----------------------------------------------------------------


def test_orders_to_a_supplier_reads_back_as_the_same_order():
    order = canonical("order", ORDER)
    assert sent_and_read_back(edifact.orders_message(order, "M1")) == [
        "BGM+220+P00042+9",
        "DTM+137:20261118:102",
        "DTM+2:20261127:102",
        "FTX+AAI+++Deliver to dock 4",
        "FTX+AAI+++Call before delivery",
        "NAD+BY+HUB-001::91++HUB DISTRIBUTION+100 LOGISTICS WAY+COLUMBUS+OH+43004+US",
        "NAD+SU+4012345000009::92++ACME SUPPLY CO",
        "NAD+DP+WH-MAIN::92++HUB DISTRIBUTION DC+100 LOGISTICS WAY+COLUMBUS+OH+43004+US",
        "CUX+2:USD:9",
        "LIN+1++4006381333931:EN",
        "PIA+5+AC-1001:SA",
        "PIA+1+WID-100:IN",
        "IMD+F++:::BLUE WIDGET",
        "QTY+21:10:EA",
        "PRI+AAA:12.5",
        "LIN+2++012345678905:EN",
        "PIA+5+AC-2002:SA",
        "PIA+1+GAD-200:IN",
        "QTY+21:24:CA",
        "PRI+AAA:4",
        "UNS+S",
        "CNT+2:2",
    ]
    read = edifact.order_from_orders(
        written(edifact.orders_message, order), product_types=SUPPLIER_TYPES
    )
    assert canonical("order", read) == order


def test_order_change_goes_out_as_ordchg_restating_every_line():
    order = canonical("order", {**ORDER, "purpose": "change"})
    outbound = edifact.OUTBOUND["order"].for_document(order)
    assert outbound.message_type == "ORDCHG"
    body = sent_and_read_back(outbound.builder(order, "M1"))
    assert body[:3] == ["BGM+230+P00042+4", "DTM+137:20261118:102", "DTM+2:20261127:102"]
    assert "RFF+ON:P00042" in body
    assert [s for s in body if s.startswith("LIN")] == [
        "LIN+1+3+4006381333931:EN",
        "LIN+2+3+012345678905:EN",
    ]
    assert body[-2:] == ["UNS+S", "CNT+2:2"]


def test_order_cancellation_goes_out_as_ordchg_without_lines():
    order = canonical("order", {**ORDER, "purpose": "cancel"})
    body = sent_and_read_back(edifact.OUTBOUND["order"].for_document(order).builder(order, "M1"))
    assert body[0] == "BGM+230+P00042+1"
    assert not [s for s in body if s.startswith("LIN")]
    assert body[-1] == "UNS+S"


def test_a_supplier_without_ordchg_gets_the_orders_again():
    change = canonical("order", {**ORDER, "purpose": "change"})
    outbound = edifact.OUTBOUND["order"].for_document(change, resend=True)
    assert outbound.message_type == "ORDERS"
    message = written(outbound.builder, change)
    assert message.body[0].value(2) == "5"  # BGM 1225 replace
    read = edifact.order_from_orders(message, product_types=SUPPLIER_TYPES)
    assert read["purpose"] == "change"
    cancel = canonical("order", {**ORDER, "purpose": "cancel"})
    assert written(outbound.builder, cancel).body[0].value(2) == "1"


# -- ORDRSP / DESADV / INVOIC in ---------------------------------------------------------


def test_supplier_ordrsp_with_changed_rejected_backordered_and_substituted_lines():
    ack = canonical(
        "order_ack", edifact.order_ack_from_ordrsp(message_of(FIXTURES / "ordrsp_supplier.edi"))
    )
    line = {"scheduled_date": "2026-11-25", "substitute_product_code": None, "unit_price": None}
    assert ack == {
        "schema_version": "1.0",
        "order_ref": "P00042",
        "ack_date": "2026-11-20",
        "status": "partial",
        "purpose": "original",
        "seller_order_ref": "SO-88120",
        "lines": [
            {**line, "line_ref": "1", "product_code": "AC-1001", "quantity_ordered": "10",
             "quantity_accepted": "10", "status": "accepted", "unit_price": "12.5"},
            {**line, "line_ref": "2", "product_code": "AC-2002", "quantity_ordered": "24",
             "quantity_accepted": "24", "status": "changed", "unit_price": "4.2"},
            {**line, "line_ref": "3", "product_code": "AC-3003", "quantity_ordered": "5",
             "quantity_accepted": "0", "status": "rejected", "scheduled_date": None},
            {**line, "line_ref": "4", "product_code": "AC-4004", "quantity_ordered": "10",
             "quantity_accepted": "6", "status": "backordered", "scheduled_date": "2026-12-09"},
            {**line, "line_ref": "5", "product_code": "AC-5005", "quantity_ordered": "2",
             "quantity_accepted": "2", "status": "changed", "substitute_product_code": "AC-5006"},
        ],
    }  # fmt: skip


def test_supplier_desadv_with_two_lots_and_two_sscc_packages():
    notice = canonical(
        "shipment_notice",
        edifact.shipment_notice_from_desadv(
            message_of(FIXTURES / "desadv_supplier_two_lots_two_sscc.edi")
        ),
    )
    assert notice == {
        "schema_version": "1.0",
        "shipment_ref": "ASN-77001",
        "order_ref": "P00042",
        "ship_date": "2026-11-24T15:40:00",
        "expected_date": "2026-11-27",
        "carrier_code": "UPSN",
        "service_code": None,
        "tracking_numbers": ["1Z999AA10123456784"],
        "ship_to": {"name": "Hub Distribution DC", "street": "Industrieweg 5", "street2": None,
                    "city": "Hamburg", "zip": "20095", "state_code": None, "country_code": "DE",
                    "email": None, "phone": None, "external_id": "5412345000020"},
        "packages": [
            {"package_ref": "2", "sscc": SSCC_1, "weight": "9.3", "tracking_number": None,
             "lines": [{"line_ref": "1", "product_code": "AC-1001", "quantity_shipped": "10",
                        "uom_code": "EA",
                        "lots": [{"lot_name": "LOT-A1", "quantity": "6",
                                  "expiry_date": "2027-12-31"},
                                 {"lot_name": "LOT-A2", "quantity": "4",
                                  "expiry_date": "2028-01-31"}]}]},
            {"package_ref": "3", "sscc": SSCC_2, "weight": "9.5", "tracking_number": None,
             "lines": [{"line_ref": "2", "product_code": "AC-2002", "quantity_shipped": "12",
                        "uom_code": "EA", "lots": []}]},
        ],
        "lines": [],
        "complete": False,
    }  # fmt: skip


def test_supplier_invoic_with_discount_taxes_and_freight():
    read = edifact.invoice_from_invoic(message_of(FIXTURES / "invoic_supplier.edi"))
    invoice_ = validate_document("invoice", read)
    assert (invoice_.invoice_number, invoice_.invoice_date, invoice_.due_date) == (
        "INV-30017",
        date(2026, 11, 26),
        date(2026, 12, 26),
    )
    assert (invoice_.order_ref, invoice_.currency) == ("P00042", "EUR")
    assert (invoice_.seller.external_id, invoice_.seller.vat, invoice_.seller.address.city) == (
        "4012345000009",
        "DE811234567",
        "Dortmund",
    )
    assert (invoice_.buyer.external_id, invoice_.buyer.vat) == ("5412345000013", "NL123456789B01")
    assert [
        (ln.line_ref, ln.product_code, ln.quantity, ln.unit_price, ln.discount_percent,
         ln.subtotal, [(t.name, t.rate, t.amount) for t in ln.taxes])
        for ln in invoice_.lines
    ] == [
        ("1", "AC-1001", 10, Decimal("12.5"), None, Decimal("125"),
         [("VAT", 19, Decimal("23.75"))]),
        ("2", "AC-2002", 12, Decimal("4.2"), 10, Decimal("45.36"),
         [("VAT", 19, Decimal("8.62"))]),
    ]  # fmt: skip
    assert [(a.kind, a.code, a.description, a.amount) for a in invoice_.allowances_charges] == [
        ("charge", "FC", "Freight", 15)
    ]
    assert (invoice_.amount_untaxed, invoice_.amount_tax, invoice_.amount_total) == (
        Decimal("185.36"),
        Decimal("35.22"),
        Decimal("220.58"),
    )


# -- our own outbound messages read back as a supplier's ---------------------------------


def test_our_ordrsp_reads_back_as_the_same_ack():
    sent = order_ack()
    read = edifact.order_ack_from_ordrsp(written(edifact.ordrsp_message, sent))
    assert validate_document("order_ack", read) == sent


def test_our_desadv_carries_the_expected_date_and_the_lot_expiry():
    notice = canonical("shipment_notice", with_dates(SHIPMENT))
    read = edifact.shipment_notice_from_desadv(written(edifact.desadv_message, notice))
    read = validate_document("shipment_notice", read)
    assert read.expected_date == date(2024, 3, 22)
    lots = {lot.lot_name: lot.expiry_date for line in all_lines(read) for lot in line.lots}
    assert lots == {"LOT-A7": date(2025, 9, 30), "LOT-B2": None}


def test_our_invoic_reads_back_as_the_same_invoice():
    sent = invoice()
    read = validate_document(
        "invoice", edifact.invoice_from_invoic(written(edifact.invoic_message, sent))
    )
    for key in ("lines", "allowances_charges", "amount_untaxed", "amount_tax", "amount_total"):
        assert getattr(read, key) == getattr(sent, key), key
    assert (read.invoice_number, read.order_ref, read.due_date, read.currency) == (
        sent.invoice_number,
        sent.order_ref,
        sent.due_date,
        sent.currency,
    )
    assert (read.buyer.external_id, read.buyer.vat, read.seller.vat) == (
        "5412345000013",
        "DE123456789",
        "DE999999999",
    )
    assert read.bill_to.external_id == "5412345000037"


# -- what is wrong is named --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "mapper", "located", "message"),
    [
        ("ordrsp_supplier.edi", "LIN+3+7", "LIN+3+9", edifact.order_ack_from_ordrsp,
         ("LIN", "1229"), "action '9' of line 3 is not one the hub reads"),
        ("ordrsp_supplier.edi", "RFF+ON:P00042", "RFF+CT:P00042",
         edifact.order_ack_from_ordrsp, ("RFF", "C506/1154"), "names no order"),
        ("ordrsp_supplier.edi", "QTY+21:5'\nQTY+113:0", "QTY+22:5'\nQTY+114:0",
         edifact.order_ack_from_ordrsp, ("QTY", "C186/6060"), "line 3 has no ordered quantity"),
        ("ordrsp_supplier.edi", "CNT+2:5", "CNT+2:4", edifact.order_ack_from_ordrsp,
         ("CNT", "C270/6066"), "CNT\\+2 says 4 lines, found 5"),
        ("desadv_supplier_two_lots_two_sscc.edi", "PIA+5+AC-1001:SA'\nPIA+1+LOT-A2",
         "PIA+5+AC-9999:SA'\nPIA+1+LOT-A2",
         edifact.shipment_notice_from_desadv, ("RFF", "C506/1156"),
         "line 1 names item AC-9999 after AC-1001: one order line, one item"),
        ("desadv_supplier_two_lots_two_sscc.edi", "DTM+361:20280131:102", "DTM+361:20280231:102",
         edifact.shipment_notice_from_desadv, ("DTM", "C507/2380"), "'20280231' is not a date"),
        ("desadv_supplier_two_lots_two_sscc.edi", "GIN+BJ+000123456000000029",
         "GIN+BJ+000123456000000028", edifact.shipment_notice_from_desadv, ("GIN", "C208/7402"),
         "'000123456000000028' is not a valid GS1 key"),
        ("invoic_supplier.edi", "BGM+380", "BGM+381", edifact.invoice_from_invoic,
         ("BGM", "C002/1001"), "a credit note: the hub reads invoices"),
        ("invoic_supplier.edi", "MOA+77:220.58", "MOA+77:230.58", edifact.invoice_from_invoic,
         ("MOA", "C516/5004"), r"total 230.58 \(MOA\+77\) is not the untaxed 185.36 plus the tax"),
        ("invoic_supplier.edi", "QTY+47:12", "QTY+46:12", edifact.invoice_from_invoic,
         ("QTY", "C186/6060"), "line 2 has no invoiced quantity"),
        ("invoic_supplier.edi", "CUX+2:EUR:4", "CUX+3:EUR:4", edifact.invoice_from_invoic,
         ("CUX", "C504/6345"), "has no currency"),
        ("invoic_supplier.edi", "NAD+BY+", "NAD+DP+", edifact.invoice_from_invoic,
         ("NAD", "3035"), "names no buyer"),
    ],
)  # fmt: skip
def test_malformed_supplier_messages_name_segment_and_element(
    name, old, new, mapper, located, message
):
    with pytest.raises(edifact.EdifactMappingError, match=message) as caught:
        mapper(message_of(FIXTURES / name, old, new))
    assert (caught.value.segment, caught.value.element) == located


# -- public samples (MIT, see data/public/SOURCES.md) ------------------------------------


def test_public_invoic_samples_are_credit_notes_and_refused():
    for name in ("invoice1.edi", "invoice_with_colon_at_end.edi"):
        message = message_of(SAMPLES / "nerdocs__pydifact" / name)
        with pytest.raises(edifact.EdifactMappingError, match="a credit note") as caught:
            edifact.invoice_from_invoic(message)
        assert (caught.value.segment, caught.value.element) == ("BGM", "C002/1001")


def test_public_invoic_sample_as_an_invoice_maps():
    """The same message with BGM 380: line-level order reference, a bill-to named by text,
    a price per 100 units, a zero tax and only the total in the summary."""
    message = message_of(SAMPLES / "nerdocs__pydifact/invoice1.edi", "BGM+381", "BGM+380")
    read = validate_document("invoice", edifact.invoice_from_invoic(message))
    assert (read.invoice_number, read.invoice_date, read.due_date, read.currency) == (
        "1060113800026",
        date(1999, 10, 6),
        date(1999, 10, 31),
        "EUR",
    )
    assert (read.order_ref, read.buyer.external_id, read.seller.external_id, read.seller.vat) == (
        "X18V00003",
        "VAUXHALL MOTORS LTD",
        "2002993",
        "123844750",
    )
    (line,) = read.lines
    assert (line.line_ref, line.product_code, line.quantity, line.uom_code) == (
        "1",
        "090346642",
        54,
        "PCE",
    )
    assert (line.unit_price, line.subtotal) == (Decimal("36.301724"), Decimal("1960.29"))
    assert [(t.name, t.rate, t.amount) for t in line.taxes] == [("VAT", 0, 0)]
    assert (read.amount_untaxed, read.amount_tax, read.amount_total) == (
        Decimal("1960.29"),
        0,
        Decimal("1960.29"),
    )
