"""The XML codecs' pure parts: cXML envelope and OrderRequest, UBL Order, and the schema
check whose every error names the element's XPath and the rule it breaks."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_xml.services import cxml, ubl
from odoo.addons.integration_xml.services.xmlread import XmlDocumentError, parse

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_xml/tests/fixtures"
CXML = (FIXTURES / "cxml_order_request.xml").read_bytes()
UBL = (FIXTURES / "ubl_order.xml").read_bytes()
BUYER = {"name": "Acme Belgium", "vat": "BE0477472701", "email": None}


def cxml_violations(payload):
    with pytest.raises(XmlDocumentError) as caught:
        cxml.order_document(parse(payload))
    return {v.path: v.rule for v in caught.value.violations}


def ubl_violations(payload):
    with pytest.raises(XmlDocumentError) as caught:
        ubl.read_order(payload)
    return {v.path: v.rule for v in caught.value.violations}


# ---------------------------------------------------------------- cXML
def test_cxml_order_request_becomes_a_canonical_order():
    root, envelope = cxml.read_envelope(CXML)
    assert envelope.payload_id == "1732870000.4242@buyer.example.com"
    assert envelope.request == "OrderRequest"
    order = validate_document("order", cxml.order_document(root))
    assert order.order_ref == "PO-CX-1001"
    assert str(order.order_date) == "2026-11-20"
    assert order.customer.external_id == "AN01000000001"
    assert order.customer.name == "Acme Retail"
    assert order.ship_to.city == "Reno" and order.ship_to.country_code == "US"
    assert order.notes == "Dock 4, mornings only"
    [line] = order.lines
    assert (line.line_ref, line.product_code, line.quantity) == ("1", "WIDGET-1", 10)
    assert (line.unit_price, line.uom_code, line.description) == (12.5, "EA", "Widget")


def test_cxml_errors_name_the_xpath_and_the_rule():
    payload = (
        CXML.replace(b'quantity="10"', b'quantity="ten"')
        .replace(b"<SupplierPartID>WIDGET-1</SupplierPartID>", b"")
        .replace(b'<Money currency="USD">125.00</Money>\n        </Total>', b"</Total>")
    )
    found = cxml_violations(payload)
    assert "'ten' is not a valid value" in found["/cXML/Request/OrderRequest/ItemOut/@quantity"]
    assert "SupplierPartID" in found["/cXML/Request/OrderRequest/ItemOut/ItemID"]
    assert "Money" in found["/cXML/Request/OrderRequest/OrderRequestHeader/Total"]


def test_cxml_error_in_the_second_item_names_its_position():
    item = CXML[CXML.index(b"<ItemOut") : CXML.index(b"</ItemOut>") + len(b"</ItemOut>")]
    second = item.replace(b'lineNumber="1"', b'lineNumber="2"').replace(
        b'<Money currency="USD">12.50</Money>', b'<Money currency="usd">12.50</Money>'
    )
    found = cxml_violations(CXML.replace(item, item + second))
    path = "/cXML/Request/OrderRequest/ItemOut[2]/ItemDetail/UnitPrice/Money/@currency"
    assert "pattern" in found[path]
    assert not [p for p in found if "ItemOut[1]" in p]


def test_cxml_order_update_is_a_change_restating_the_whole_order():
    order = validate_document(
        "order", cxml.order_document(parse(CXML.replace(b'type="new"', b'type="update"')))
    )
    assert order.purpose == "change"
    assert order.lines_complete, "lines an update leaves out are cancelled"
    assert [(line.line_ref, line.quantity) for line in order.lines] == [("1", 10)]


def test_cxml_order_delete_is_a_cancellation_without_lines():
    order = validate_document(
        "order", cxml.order_document(parse(CXML.replace(b'type="new"', b'type="delete"')))
    )
    assert (order.purpose, order.lines) == ("cancel", [])


def test_cxml_order_request_types_other_than_new_update_delete_are_refused_by_rule():
    found = cxml_violations(CXML.replace(b'type="new"', b'type="replace"'))
    rule = found["/cXML/Request/OrderRequest/OrderRequestHeader/@type"]
    assert "update" in rule and "delete" in rule


def test_cxml_elements_and_attributes_the_hub_does_not_read_pass():
    extra = CXML.replace(
        b"<Comments",
        b'<Payment><PCard number="4111" expiration="2030-01-01"/></Payment><Comments',
    ).replace(b'<ItemOut quantity="10"', b'<ItemOut agreementItemNumber="7" quantity="10"')
    assert cxml.order_document(parse(extra))["order_ref"] == "PO-CX-1001"


def test_not_well_formed_xml_names_its_line():
    with pytest.raises(XmlDocumentError) as caught:
        cxml.read_envelope(CXML.replace(b"</Header>", b"</Headr>"))
    assert "line 22" in str(caught.value)


def test_external_entities_are_refused_never_read():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<cXML payloadID="&x;"/>'
    )
    with pytest.raises(XmlDocumentError) as caught:
        cxml.read_envelope(evil)
    assert "external entity" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_the_shared_secret_authenticates_the_partner():
    _root, envelope = cxml.read_envelope(CXML)
    assert cxml.authenticate(envelope, "NetworkID", "AN01000000001", "s3cret-Shared")
    assert cxml.authenticate(envelope, None, "an01000000001", "s3cret-Shared", "123456789")
    assert not cxml.authenticate(envelope, "NetworkID", "AN01000000001", "wrong")
    assert not cxml.authenticate(envelope, "DUNS", "AN01000000001", "s3cret-Shared")
    assert not cxml.authenticate(envelope, None, "AN09", "s3cret-Shared")
    assert not cxml.authenticate(envelope, None, "AN01000000001", "s3cret-Shared", "999")
    assert not cxml.authenticate(envelope, None, "AN01000000001", None)


def test_the_stored_payload_keeps_no_shared_secret():
    redacted = cxml.redact_secret(CXML)
    assert b"s3cret-Shared" not in redacted
    assert b"<SharedSecret>(removed)</SharedSecret>" in redacted
    assert cxml.redact_secret(redacted) == redacted


def test_the_response_carries_the_status():
    root = parse(cxml.response(401, "The credentials do not match."))
    status = root.find("Response/Status")
    assert (status.get("code"), status.get("text")) == ("401", "Unauthorized")
    assert root.get("payloadID") and root.get("timestamp")


# ---------------------------------------------------------------- UBL
def test_ubl_order_becomes_a_canonical_order():
    root = ubl.read_order(UBL)
    order = validate_document("order", ubl.order_document(root, BUYER, {"name": "Acme DC"}))
    assert (order.order_ref, order.currency, str(order.order_date)) == (
        "PO-UBL-2001",
        "EUR",
        "2026-11-20",
    )
    assert order.customer.external_id == "0477472701"
    assert order.ship_to.name == "Acme DC" and order.ship_to.external_id == "5412345000013"
    [line] = order.lines
    assert (line.product_code, line.quantity, line.uom_code, line.unit_price) == (
        "WIDGET-1",
        10,
        "C62",
        12.5,
    )


def test_ubl_errors_name_the_xpath_and_the_rule():
    line = UBL[UBL.index(b"<cac:OrderLine>") : UBL.index(b"</cac:OrderLine>") + 16]
    second = line.replace(b"<cbc:ID>1</cbc:ID>", b"<cbc:ID>2</cbc:ID>").replace(
        b'unitCode="C62">10<', b'unitCode="C62">-1<'
    )
    payload = UBL.replace(line, line + second).replace(
        b"<cbc:IssueDate>2026-11-20", b"<cbc:IssueDate>20.11.2026"
    )
    found = ubl_violations(payload)
    assert "xs:date" in found["/Order/IssueDate"]
    assert "minExclusive" in found["/Order/OrderLine[2]/LineItem/Quantity"]


def test_ubl_other_documents_are_refused_at_the_root():
    invoice = UBL.replace(b"<Order ", b"<Invoice ").replace(b"</Order>", b"</Invoice>")
    assert "root element must be Order" in ubl_violations(invoice)["/Invoice"]


# ---------------------------------------------------------------- cXML out
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
ROUTE = cxml.Route("DUNS", "123456789", "NetworkID", "AN01000000001")


def envelope_of(request):
    payload = cxml.request_envelope(request, "MSG-1.7@odoo", ROUTE, NOW)
    root, envelope = cxml.read_envelope(payload)
    return root, envelope, payload


def test_an_order_request_in_is_confirmed_out_line_by_line():
    order = validate_document("order", cxml.order_document(parse(CXML)))
    ack = {
        "order_ref": order.order_ref,
        "ack_date": NOW.date(),
        "status": "changed",
        "lines": [
            {
                "line_ref": line.line_ref,
                "product_code": line.product_code,
                "quantity_ordered": line.quantity,
                "quantity_accepted": line.quantity - 4,
                "status": "backordered",
            }
            for line in order.lines
        ],
    }
    ack = validate_document("order_ack", ack).model_dump()
    request = cxml.confirmation_request(ack, "1732870000.4242@buyer.example.com", NOW)
    root, envelope, payload = envelope_of(request)
    assert envelope.request == "ConfirmationRequest" and envelope.payload_id == "MSG-1.7@odoo"
    assert envelope.to[0].identity == "AN01000000001" and envelope.from_[0].domain == "DUNS"
    assert b"SharedSecret" not in payload
    confirmation = root.find("Request/ConfirmationRequest")
    assert confirmation.find("ConfirmationHeader").get("type") == "detail"
    reference = confirmation.find("OrderReference")
    assert reference.get("orderID") == "PO-CX-1001"
    assert reference.find("DocumentReference").get("payloadID").startswith("1732870000")
    item = confirmation.find("ConfirmationItem")
    assert (item.get("lineNumber"), item.get("quantity")) == ("1", "10")
    status = item.find("ConfirmationStatus")
    assert (status.get("type"), status.get("quantity")) == ("backordered", "6")


def test_a_ship_notice_and_an_invoice_go_out_as_cxml_requests():
    notice = {
        "shipment_ref": "WH/OUT/00007",
        "order_ref": "PO-CX-1001",
        "ship_date": datetime(2026, 11, 22, 15, 0, tzinfo=UTC),
        "carrier_code": "UPS",
        "tracking_numbers": ["1Z999"],
        "lines": [{"line_ref": "1", "product_code": "WIDGET-1", "quantity_shipped": 10}],
    }
    notice = validate_document("shipment_notice", notice).model_dump()
    root, envelope, _payload = envelope_of(cxml.ship_notice_request(notice, None, NOW))
    assert envelope.request == "ShipNoticeRequest"
    request = root.find("Request/ShipNoticeRequest")
    assert request.find("ShipNoticeHeader").get("shipmentID") == "WH/OUT/00007"
    assert request.findtext("ShipControl/ShipmentIdentifier") == "1Z999"
    item = request.find("ShipNoticePortion/ShipNoticeItem")
    assert (item.get("lineNumber"), item.get("quantity")) == ("1", "10")

    invoice = {
        "invoice_number": "INV/2026/00001",
        "invoice_date": "2026-11-23",
        "order_ref": "PO-CX-1001",
        "currency": "USD",
        "buyer": {"external_id": "AN01000000001"},
        "lines": [
            {
                "line_ref": "1",
                "product_code": "WIDGET-1",
                "quantity": 10,
                "unit_price": 12.5,
                "taxes": [{"name": "Tax 15%", "rate": 15, "amount": 18.75}],
                "subtotal": 125,
            }
        ],
        "amount_untaxed": 125,
        "amount_tax": 18.75,
        "amount_total": 143.75,
    }
    invoice = validate_document("invoice", invoice).model_dump()
    root, envelope, _payload = envelope_of(cxml.invoice_detail_request(invoice, None, NOW))
    request = root.find("Request/InvoiceDetailRequest")
    assert request.find("InvoiceDetailRequestHeader").get("invoiceID") == "INV/2026/00001"
    assert request.findtext("InvoiceDetailOrder/InvoiceDetailItem/SubtotalAmount/Money") == "125.00"
    assert request.findtext("InvoiceDetailSummary/Tax/Money") == "18.75"
    assert request.findtext("InvoiceDetailSummary/DueAmount/Money") == "143.75"


def test_a_ubl_order_in_is_answered_by_a_peppol_order_response():
    order = validate_document("order", ubl.order_document(ubl.read_order(UBL), BUYER, {}))
    ack = {
        "order_ref": order.order_ref,
        "ack_date": "2026-11-21",
        "status": "partial",
        "lines": [
            {
                "line_ref": order.lines[0].line_ref,
                "product_code": order.lines[0].product_code,
                "quantity_ordered": 10,
                "quantity_accepted": 0,
                "status": "rejected",
            }
        ],
    }
    ack = validate_document("order_ack", ack).model_dump()
    seller = {"name": "Our Company", "endpoint": "0123456789", "scheme": "0208"}
    payload = ubl.order_response(ack, seller, {"name": "Acme Belgium"}, "S00042", "EUR")
    root = parse(payload)
    ns = {**ubl.NS, "r": ubl.RESPONSE_NS}
    assert root.tag == f"{{{ubl.RESPONSE_NS}}}OrderResponse"
    assert root.findtext("cbc:CustomizationID", namespaces=ns) == ubl.PEPPOL_ORDER_RESPONSE
    assert root.findtext("cbc:OrderResponseCode", namespaces=ns) == "CA"
    assert root.findtext("cac:OrderReference/cbc:ID", namespaces=ns) == "PO-UBL-2001"
    endpoint = root.find("cac:SellerSupplierParty/cac:Party/cbc:EndpointID", ns)
    assert (endpoint.text, endpoint.get("schemeID")) == ("0123456789", "0208")
    line = root.find("cac:OrderLine/cac:LineItem", ns)
    assert line.findtext("cbc:LineStatusCode", namespaces=ns) == "7"
    assert line.find("cbc:Quantity", ns) is None
