"""The supplier side of cXML: our OrderRequest out; the supplier's ConfirmationRequest,
ShipNoticeRequest and InvoiceDetailRequest in, read back from our own writers (round
trips) and from a supplier's file; errors name the XPath."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_xml.services import cxml
from odoo.addons.integration_xml.services import cxml_supplier as supplier
from odoo.addons.integration_xml.services.xmlread import XmlDocumentError, parse

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_xml/tests/fixtures"
CONFIRMATION = (FIXTURES / "cxml_confirmation_request.xml").read_bytes()
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
ROUTE = cxml.Route("DUNS", "123456789", "NetworkID", "AN02000000002")
SUPPLIER_ROUTE = cxml.Route("NetworkID", "AN02000000002", "DUNS", "123456789")
ORDER = {
    "order_ref": "P00042",
    "order_date": "2026-11-20",
    "currency": "EUR",
    "customer": {"external_id": "123456789", "name": "Our Company"},
    "ship_to": {
        "name": "Main warehouse",
        "external_id": "WH",
        "street": "Main street 1",
        "city": "Ghent",
        "zip": "9000",
        "country_code": "BE",
    },
    "requested_delivery_date": "2026-12-01",
    "lines": [
        {
            "line_ref": "1",
            "product_code": "SUP-BOLT-8",
            "buyer_product_code": "BOLT-8",
            "quantity": 120,
            "uom_code": "EA",
            "unit_price": 2.0,
        },
        {"line_ref": "2", "product_code": "SUP-NUT-8", "quantity": 30, "unit_price": 0.5},
    ],
}


def wrapped(request, route=SUPPLIER_ROUTE):
    """``request`` in a cXML envelope, parsed as the hub reads what it receives."""
    return parse(cxml.request_envelope(request, "P-1@supplier", route, NOW))


def violations(root, read):
    with pytest.raises(XmlDocumentError) as caught:
        read(root)
    return {v.path: v.rule for v in caught.value.violations}


def test_our_order_request_reads_back_as_the_same_order():
    order = validate_document("order", ORDER).model_dump(mode="json")
    payload = cxml.request_envelope(
        supplier.order_request(order, None, NOW), "M-1@odoo", ROUTE, NOW
    )
    root, envelope = cxml.read_envelope(payload)
    assert envelope.request == "OrderRequest" and envelope.to[0].identity == "AN02000000002"
    header = root.find("Request/OrderRequest/OrderRequestHeader")
    assert (header.get("type"), header.findtext("Total/Money")) == ("new", "255.00")
    again = validate_document("order", cxml.order_document(root))
    assert again.order_ref == "P00042" and again.ship_to.city == "Ghent"
    assert again.requested_delivery_date == date(2026, 12, 1)
    assert [(line.line_ref, line.product_code, line.quantity) for line in again.lines] == [
        ("1", "SUP-BOLT-8", 120),
        ("2", "SUP-NUT-8", 30),
    ]
    assert root.findtext("Request/OrderRequest/ItemOut/ItemID/BuyerPartID") == "BOLT-8"


def test_a_change_and_a_cancellation_are_versions_of_the_same_order():
    for purpose, kind in (("change", "update"), ("cancel", "delete")):
        order = validate_document("order", dict(ORDER, purpose=purpose)).model_dump(mode="json")
        request = supplier.order_request(order, None, NOW)
        header = request.find("OrderRequestHeader")
        assert (header.get("orderID"), header.get("type")) == ("P00042", kind)


def test_a_suppliers_confirmation_becomes_an_acknowledgement():
    ordered = {"1": {"product_code": "SUP-BOLT-8"}, "2": {"product_code": "SUP-NUT-8"}}
    ack = validate_document(
        "order_ack", supplier.confirmation_document(parse(CONFIRMATION), ordered)
    )
    assert (ack.order_ref, ack.seller_order_ref, ack.status) == ("P00042", "SO-77120", "changed")
    split, rejected = ack.lines
    assert (split.status, split.quantity_ordered, split.quantity_accepted) == (
        "backordered",
        120,
        100,
    )
    assert split.unit_price == Decimal("2.10") and split.scheduled_date == date(2026, 12, 1)
    assert (split.product_code, rejected.status, rejected.quantity_accepted) == (
        "SUP-BOLT-8",
        "rejected",
        0,
    )


def test_our_confirmation_request_reads_back_the_same():
    ack = {
        "order_ref": "P00042",
        "ack_date": "2026-11-21",
        "status": "accepted",
        "seller_order_ref": "SO-1",
        "lines": [
            {
                "line_ref": "1",
                "product_code": "1",
                "quantity_ordered": 5,
                "quantity_accepted": 5,
                "status": "accepted",
                "scheduled_date": "2026-12-01",
            }
        ],
    }
    ack = validate_document("order_ack", ack).model_dump()
    again = supplier.confirmation_document(wrapped(cxml.confirmation_request(ack, None, NOW)))
    assert validate_document("order_ack", again).model_dump() == ack


def test_confirmation_errors_name_the_xpath():
    payload = CONFIRMATION.replace(b'type="reject" quantity="30"', b'type="no" quantity="-1"')
    found = violations(parse(payload), supplier.confirmation_document)
    status = "/cXML/Request/ConfirmationRequest/ConfirmationItem[2]/ConfirmationStatus"
    assert "enumeration" in found[f"{status}/@type"]
    assert "minInclusive" in found[f"{status}/@quantity"]


NOTICE = {
    "shipment_ref": "ASN-9001",
    "order_ref": "P00042",
    "ship_date": "2026-11-25T14:30:00Z",
    "expected_date": "2026-11-27",
    "carrier_code": "DHL",
    "tracking_numbers": ["1Z999AA10123456784"],
    "lines": [{"line_ref": "2", "product_code": "SUP-NUT-8", "quantity_shipped": 5}],
    "packages": [
        {
            "package_ref": "376104250000000017",
            "sscc": "376104250000000017",
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "SUP-BOLT-8",
                    "quantity_shipped": 80,
                    "lots": [
                        {"lot_name": "LOT-A", "quantity": 60, "expiry_date": "2028-01-31"},
                        {"lot_name": "LOT-B", "quantity": 20, "expiry_date": "2028-03-31"},
                    ],
                }
            ],
        }
    ],
}


def test_a_ship_notice_reads_back_with_its_containers_and_batches():
    notice = validate_document("shipment_notice", NOTICE).model_dump()
    request = cxml.ship_notice_request(notice, None, NOW)
    request.find("ShipNoticeHeader").set("deliveryDate", "2026-11-27")
    again = validate_document("shipment_notice", supplier.ship_notice_document(wrapped(request)))
    assert again.model_dump() == notice


def test_ship_notice_errors_name_the_xpath():
    notice = validate_document("shipment_notice", NOTICE).model_dump()
    root = wrapped(cxml.ship_notice_request(notice, None, NOW))
    root.find(".//ShippingContainerSerialCode").text = "12345"
    found = violations(root, supplier.ship_notice_document)
    path = "/cXML/Request/ShipNoticeRequest/ShipNoticePortion/ShipNoticeItem[2]"
    assert "pattern" in found[f"{path}/Packaging/ShippingContainerSerialCode"]


INVOICE = {
    "invoice_number": "INV-7",
    "invoice_date": "2026-11-28",
    "order_ref": "P00042",
    "currency": "EUR",
    "seller": {"external_id": "AN02000000002"},
    "buyer": {"external_id": "123456789"},
    "lines": [
        {
            "line_ref": "1",
            "product_code": "SUP-BOLT-8",
            "quantity": 100,
            "unit_price": 2.1,
            "subtotal": 210,
            "taxes": [{"name": "VAT 21%", "rate": 21, "amount": 44.1}],
        }
    ],
    "amount_untaxed": 210,
    "amount_tax": 44.1,
    "amount_total": 254.1,
}


def test_an_invoice_detail_request_reads_back_as_the_same_invoice():
    invoice = validate_document("invoice", INVOICE).model_dump()
    request = cxml.invoice_detail_request(invoice, None, NOW)
    again = validate_document("invoice", supplier.invoice_document(wrapped(request)))
    assert again.model_dump() == invoice


def test_invoice_errors_name_the_xpath():
    invoice = validate_document("invoice", INVOICE).model_dump()
    root = wrapped(cxml.invoice_detail_request(invoice, None, NOW))
    root.find(".//InvoiceDetailRequestHeader").set("purpose", "creditMemo")
    root.find(".//InvoiceDetailItem/UnitPrice/Money").set("currency", "eur")
    found = violations(root, supplier.invoice_document)
    request = "/cXML/Request/InvoiceDetailRequest"
    assert "enumeration" in found[f"{request}/InvoiceDetailRequestHeader/@purpose"]
    item = f"{request}/InvoiceDetailOrder/InvoiceDetailItem/UnitPrice/Money/@currency"
    assert "pattern" in found[item]
