"""The supplier side of UBL: Order Response, Despatch Advice and Invoice in, Order (from a
canonical order), Order Change, Order Cancellation and Despatch Advice out. Each error
names the element's XPath and the rule it breaks."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_xml.services import ubl
from odoo.addons.integration_xml.services import ubl_supplier as supplier
from odoo.addons.integration_xml.services.xmlread import XmlDocumentError, parse

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_xml/tests/fixtures"
RESPONSE = (FIXTURES / "ubl_order_response.xml").read_bytes()
DESPATCH = (FIXTURES / "ubl_despatch_advice.xml").read_bytes()
INVOICE = (FIXTURES / "ubl_invoice.xml").read_bytes()
ORDERED = {
    "1": {"quantity": "120", "product_code": "SUP-BOLT-8"},
    "2": {"quantity": "30", "product_code": "SUP-NUT-8"},
    "3": {"quantity": "50", "product_code": "SUP-WASH-8"},
}
ORDER = {
    "order_ref": "P00042",
    "order_date": "2026-11-20",
    "currency": "EUR",
    "customer": {"external_id": "7300010000001", "name": "Our Company", "vat": "BE0477472701"},
    "supplier": {"external_id": "5790000435951", "name": "Bolt Supplies NV"},
    "ship_to": {"name": "Main warehouse", "street": "Main street 1", "city": "Ghent"},
    "requested_delivery_date": "2026-12-01",
    "lines": [
        {
            "line_ref": "1",
            "product_code": "SUP-BOLT-8",
            "buyer_product_code": "BOLT-8",
            "gtin": "5412345000013",
            "quantity": 120,
            "uom_code": "C62",
            "unit_price": 2.0,
        },
        {"line_ref": "2", "product_code": "SUP-NUT-8", "quantity": 30, "unit_price": 0.5},
    ],
}


def violations(payload, name):
    with pytest.raises(XmlDocumentError) as caught:
        ubl.read(payload, name)
    return {v.path: v.rule for v in caught.value.violations}


# ---------------------------------------------------------------- Order Response in
def test_an_order_response_becomes_an_acknowledgement_line_by_line():
    root = ubl.read(RESPONSE, "OrderResponse")
    ack = validate_document("order_ack", supplier.order_ack_document(root, ORDERED))
    assert (ack.order_ref, ack.seller_order_ref, ack.status) == ("P00042", "SO-77120", "changed")
    assert ack.ack_date == date(2026, 11, 22)
    changed, rejected, substituted = ack.lines
    assert (changed.status, changed.quantity_ordered, changed.quantity_accepted) == (
        "changed",
        120,
        100,
    )
    assert changed.unit_price == Decimal("2.10") and changed.scheduled_date == date(2026, 12, 1)
    assert (rejected.status, rejected.quantity_ordered, rejected.quantity_accepted) == (
        "rejected",
        30,
        0,
    )
    assert (substituted.status, substituted.substitute_product_code) == ("changed", "SUP-WASH-8Z")
    assert substituted.product_code == "SUP-WASH-8"


def test_our_own_order_response_reads_back_the_same():
    ack = {
        "order_ref": "PO-7",
        "ack_date": "2026-11-22",
        "status": "partial",
        "seller_order_ref": "S-7",
        "lines": [
            {
                "line_ref": "1",
                "product_code": "A",
                "quantity_ordered": 5,
                "quantity_accepted": 5,
                "status": "accepted",
                "unit_price": 2.5,
            },
            {
                "line_ref": "2",
                "product_code": "B",
                "quantity_ordered": 3,
                "quantity_accepted": 0,
                "status": "rejected",
            },
        ],
    }
    ack = validate_document("order_ack", ack).model_dump()
    payload = ubl.order_response(ack, {"name": "Us"}, {"name": "Them"}, "R-1", "EUR")
    ordered = {line["line_ref"]: {"quantity": line["quantity_ordered"]} for line in ack["lines"]}
    again = supplier.order_ack_document(ubl.read(payload, "OrderResponse"), ordered)
    again = validate_document("order_ack", again).model_dump()
    assert again["lines"] == ack["lines"]
    assert (again["seller_order_ref"], again["order_ref"]) == ("S-7", "PO-7")


def test_order_response_errors_name_the_xpath_and_the_rule():
    payload = RESPONSE.replace(b"<cbc:OrderResponseCode>CA", b"<cbc:OrderResponseCode>XX").replace(
        b"<cbc:LineStatusCode>7", b"<cbc:LineStatusCode>9"
    )
    found = violations(payload, "OrderResponse")
    assert "enumeration" in found["/OrderResponse/OrderResponseCode"]
    assert "enumeration" in found["/OrderResponse/OrderLine[2]/LineItem/LineStatusCode"]
    missing = violations(RESPONSE.replace(b"<cbc:ID>P00042</cbc:ID>", b""), "OrderResponse")
    assert "Missing child element" in found_rule(missing, "/OrderResponse/OrderReference")


def found_rule(found, path):
    assert path in found, found
    return found[path]


# ---------------------------------------------------------------- Despatch Advice in
def test_a_despatch_advice_becomes_a_shipment_notice_with_packages_and_lots():
    root = ubl.read(DESPATCH, "DespatchAdvice")
    notice = validate_document("shipment_notice", supplier.shipment_notice_document(root))
    assert (notice.shipment_ref, notice.order_ref) == ("DA-9001", "P00042")
    assert notice.ship_date.isoformat() == "2026-11-25T14:30:00"
    assert notice.expected_date == date(2026, 11, 27)
    assert (notice.carrier_code, notice.tracking_numbers) == ("DHL", ["1Z999AA10123456784"])
    assert not notice.lines
    first, second = notice.packages
    assert (first.sscc, second.sscc) == ("376104250000000017", "376104250000000024")
    [line] = first.lines
    assert (line.line_ref, line.product_code, line.quantity_shipped) == ("1", "SUP-BOLT-8", 60)
    [lot] = line.lots
    assert (lot.lot_name, lot.quantity, lot.expiry_date) == ("LOT-A", 60, date(2028, 1, 31))
    assert second.lines[0].lots[0].expiry_date == date(2028, 3, 31)


def test_despatch_advice_errors_name_the_xpath_and_the_rule():
    payload = DESPATCH.replace(
        b"<cbc:ExpiryDate>2028-03-31", b"<cbc:ExpiryDate>31/03/2028"
    ).replace(b'unitCode="C62">60<', b'unitCode="C62">-60<')
    found = violations(payload, "DespatchAdvice")
    lot = "/DespatchAdvice/DespatchLine[2]/Item/ItemInstance/LotIdentification/ExpiryDate"
    assert "xs:date" in found_rule(found, lot)
    assert "minInclusive" in found_rule(found, "/DespatchAdvice/DespatchLine[1]/DeliveredQuantity")


def test_a_despatch_advice_out_reads_back_as_the_same_notice():
    notice = {
        "shipment_ref": "WH/OUT/00012",
        "order_ref": "PO-7",
        "ship_date": "2026-11-25T14:30:00",
        "expected_date": "2026-11-27",
        "carrier_code": "DHL",
        "tracking_numbers": ["1Z999AA10123456784"],
        "lines": [{"line_ref": "2", "product_code": "NUT-8", "quantity_shipped": 5}],
        "packages": [
            {
                "package_ref": "PACK-1",
                "sscc": "376104250000000017",
                "lines": [
                    {
                        "line_ref": "1",
                        "product_code": "BOLT-8",
                        "quantity_shipped": 80,
                        "uom_code": "C62",
                        "lots": [
                            {"lot_name": "LOT-A", "quantity": 60, "expiry_date": "2028-01-31"},
                            {"lot_name": "LOT-B", "quantity": 20, "expiry_date": "2028-03-31"},
                        ],
                    }
                ],
            }
        ],
    }
    notice = validate_document("shipment_notice", notice).model_dump()
    payload = supplier.despatch_advice(notice, "2026-11-25", {"name": "Us"}, {"name": "Them"})
    again = supplier.shipment_notice_document(ubl.read(payload, "DespatchAdvice"))
    assert validate_document("shipment_notice", again).model_dump() == notice


# ---------------------------------------------------------------- Invoice in
def test_a_supplier_invoice_becomes_a_canonical_invoice():
    root = ubl.read(INVOICE, "Invoice")
    invoice = validate_document("invoice", supplier.invoice_document(root))
    assert (invoice.invoice_number, invoice.order_ref, invoice.currency) == (
        "INV/2026/00007",
        "P00042",
        "EUR",
    )
    assert invoice.seller.vat == "BE0246697724" and invoice.seller.name == "Bolt Supplies NV"
    assert (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == (
        Decimal("260.00"),
        Decimal("54.60"),
        Decimal("314.60"),
    )
    first = invoice.lines[0]
    assert (first.line_ref, first.product_code, first.quantity, first.unit_price) == (
        "1",
        "SUP-BOLT-8",
        100,
        Decimal("2.10"),
    )
    assert [(t.rate, t.amount) for t in first.taxes] == [(Decimal(21), Decimal("44.10"))]


def test_invoice_errors_name_the_xpath_and_the_rule():
    payload = INVOICE.replace(b"<cbc:DocumentCurrencyCode>EUR", b"<cbc:DocumentCurrencyCode>eur")
    payload = payload.replace(
        b'<cbc:InvoicedQuantity unitCode="C62">100', b'<cbc:InvoicedQuantity unitCode="C62">x'
    )
    found = violations(payload, "Invoice")
    assert "pattern" in found_rule(found, "/Invoice/DocumentCurrencyCode")
    assert "'x' is not a valid value" in found_rule(
        found, "/Invoice/InvoiceLine[1]/InvoicedQuantity"
    )


def test_other_documents_are_refused_at_the_root():
    assert "root element must be Invoice" in violations(RESPONSE, "Invoice")["/OrderResponse"]


# ---------------------------------------------------------------- Order out
def test_an_order_without_a_purchase_order_reads_back_as_the_same_order():
    order = validate_document("order", ORDER).model_dump()
    root = ubl.read_order(supplier.order(order))
    buyer = {"name": "Our Company", "vat": "BE0477472701"}
    again = ubl.order_document(root, buyer, {"name": "Main warehouse"})
    again = validate_document("order", again)
    assert (again.order_ref, again.requested_delivery_date) == ("P00042", date(2026, 12, 1))
    assert [(line.line_ref, line.product_code, line.quantity) for line in again.lines] == [
        ("1", "SUP-BOLT-8", 120),
        ("2", "SUP-NUT-8", 30),
    ]
    assert again.ship_to.city == "Ghent"
    assert again.lines[0].gtin == "5412345000013"


def test_an_order_change_says_what_changed_on_each_line():
    previous = validate_document("order", ORDER).model_dump()
    changed = dict(ORDER, purpose="change")
    changed["lines"] = [
        dict(ORDER["lines"][0], quantity=150),
        {"line_ref": "3", "product_code": "SUP-WASH-8", "quantity": 10},
    ]
    changed = validate_document("order", changed).model_dump()
    root = parse(supplier.order_change(changed, previous, "P00042-2", "2026-11-23", 2))
    ns = {"cbc": ubl.NS["cbc"], "cac": ubl.NS["cac"]}
    assert root.findtext("cbc:SequenceNumberID", namespaces=ns) == "2"
    assert root.findtext("cac:OrderReference/cbc:ID", namespaces=ns) == "P00042"
    statuses = [
        (item.findtext("cbc:ID", namespaces=ns), item.findtext("cbc:LineStatusCode", namespaces=ns))
        for item in root.iterfind("cac:OrderLine/cac:LineItem", ns)
    ]
    assert statuses == [("1", "3"), ("3", "1"), ("2", "2")]


def test_an_order_cancellation_names_the_order():
    order = validate_document("order", dict(ORDER, purpose="cancel")).model_dump()
    root = parse(supplier.order_cancellation(order, "P00042-C", "2026-11-23", "Cancelled"))
    ns = {"cbc": ubl.NS["cbc"], "cac": ubl.NS["cac"]}
    assert root.tag.endswith("}OrderCancellation")
    assert root.findtext("cac:OrderReference/cbc:ID", namespaces=ns) == "P00042"
    assert root.findtext("cbc:CancellationNote", namespaces=ns) == "Cancelled"
