"""The canonical return request: what a return must name, and its acknowledgement."""

import pytest

from odoo.addons.integration_core.schemas import SchemaError, dump, validate_document
from odoo.addons.integration_core.services.readable import document_view


def return_data(**overrides):
    data = {
        "rma_ref": "RMA-1",
        "order_ref": "PO-1001",
        "customer": {"external_id": "ACME"},
        "lines": [
            {
                "line_ref": "1",
                "product_code": "SERIAL-1",
                "quantity": 2,
                "lots": [{"lot_name": "SN-1", "quantity": 1}, {"lot_name": "SN-2", "quantity": 1}],
                "reason_code": "damaged",
            }
        ],
    }
    data.update(overrides)
    return data


def test_a_return_is_requested_for_a_credit_by_default():
    document = validate_document("return_request", return_data())
    assert (document.status, document.action) == ("requested", "credit")
    assert validate_document("return_request", dump(document)) == document


def test_a_return_names_the_order_or_the_shipment():
    with pytest.raises(SchemaError, match="names the order"):
        validate_document("return_request", return_data(order_ref=None))
    shipped = validate_document(
        "return_request", return_data(order_ref=None, shipment_ref="WH/OUT/1")
    )
    assert shipped.shipment_ref == "WH/OUT/1"


def test_lines_lots_and_references_are_checked():
    with pytest.raises(SchemaError, match="at least one line"):
        validate_document("return_request", return_data(lines=[]))
    line = return_data()["lines"][0]
    with pytest.raises(SchemaError, match="add up to 1, not to quantity 2"):
        validate_document("return_request", return_data(lines=[{**line, "lots": line["lots"][:1]}]))
    with pytest.raises(SchemaError, match="line_ref '1' appears more than once"):
        validate_document("return_request", return_data(lines=[line, line]))


def test_the_acknowledgement_carries_the_credit_note():
    document = validate_document(
        "return_request",
        return_data(status="received", credit_note_ref="RINV/2026/00001", amount_total="25.00"),
    )
    assert dump(document)["amount_total"] == "25.00"
    with pytest.raises(SchemaError, match="status"):
        validate_document("return_request", return_data(status="lost"))


def test_a_return_is_shown_under_its_authorisation_number():
    view = document_view("Return request", return_data(), "return_request")
    assert view.title == "Return request RMA-1"
    assert ("Return authorisation", "RMA-1") in view.header
