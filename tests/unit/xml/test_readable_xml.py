"""Readable XML: UBL and cXML as an element tree with paths, names and attributes, a
credential never shown, and a document that is not well-formed read up to the fault."""

from pathlib import Path

from odoo.addons.integration_xml.services.readable import HIDDEN, readable

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_xml/tests/fixtures"
UBL = (FIXTURES / "ubl_order.xml").read_bytes()
CXML = (FIXTURES / "cxml_order_request.xml").read_bytes()


def by_path(view):
    return {row.raw: row for row in view.rows}


def test_ubl_order_tree_with_paths_names_and_attributes():
    view = readable(UBL)
    assert not view.error
    rows = by_path(view)
    order_id = rows["/Order/cbc:ID"]
    assert (order_id.name, order_id.value, order_id.level) == ("Identifier", "PO-UBL-2001", 1)
    assert rows["/Order/cac:BuyerCustomerParty"].name == "Buyer"
    quantity = next(row for path, row in rows.items() if path.endswith("cbc:Quantity"))
    assert [(f.ref, f.name, f.value) for f in quantity.fields] == [
        ("@unitCode", "Unit code", "C62")
    ]
    assert quantity.raw == "/Order/cac:OrderLine/cac:LineItem/cbc:Quantity"


def test_repeated_elements_are_numbered_in_their_path():
    second = UBL.replace(b"</cac:OrderLine>", b"</cac:OrderLine><cac:OrderLine/>", 1)
    paths = [row.raw for row in readable(second).rows]
    assert "/Order/cac:OrderLine" in paths
    assert "/Order/cac:OrderLine[2]" in paths


def test_cxml_envelope_named_and_shared_secret_hidden():
    rows = by_path(readable(CXML))
    envelope = rows["/cXML"]
    assert envelope.name == "cXML envelope"
    assert ("@payloadID", "Payload id (idempotency key)") in [
        (f.ref, f.name) for f in envelope.fields
    ]
    assert rows["/cXML/Header/Sender/Credential/SharedSecret"].value == HIDDEN
    header = rows["/cXML/Request/OrderRequest/OrderRequestHeader"]
    assert ("@orderID", "Order number", "PO-CX-1001") in [
        (f.ref, f.name, f.value) for f in header.fields
    ]


def test_not_well_formed_xml_stops_at_the_fault_with_its_line():
    broken = UBL.replace(b"</cbc:IssueDate>", b"</cbc:IssueDat>")
    view = readable(broken)
    assert view.rows[-1].raw == "/Order/cbc:IssueDate"
    assert view.error.startswith("not well-formed XML:")
    assert "line 8" in view.error


def test_not_xml_at_all():
    view = readable(b"ISA*00*")
    assert not view.rows
    assert "not well-formed XML" in view.error
