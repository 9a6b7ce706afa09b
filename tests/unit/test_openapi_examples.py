"""The API document's examples are real: every canonical example passes the hub's own
validation and its JSON Schema, and the X12, EDIFACT and UBL examples read as valid orders."""

import importlib
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from odoo.addons.integration_core.schemas import SCHEMAS, validate_document
from odoo.addons.integration_core.schemas.openapi import (
    canonical_examples,
    component_schemas,
    openapi_document,
)
from odoo.addons.integration_core.services.easypost import (
    EVENT_SCHEMA,
    carrier_status_from_easypost,
)
from odoo.addons.integration_edi import x12
from odoo.addons.integration_edi.edifact import order_from_orders, read_interchanges
from odoo.addons.integration_xml.services import ubl

ADDONS = Path(__file__).resolve().parents[2] / "addons"
SPOKES = ("integration_cash", "integration_channels", "integration_wms")


@pytest.fixture(autouse=True)
def every_document():
    """SCHEMAS with the spokes' documents too, as on a server with every module; restored
    afterwards, since other tests count the core's."""
    saved = dict(SCHEMAS)
    for spoke in SPOKES:
        package = importlib.import_module(f"odoo.addons.{spoke}.schemas")
        for name in package.__all__:
            schema = getattr(package, name)
            SCHEMAS.setdefault(schema.doc_type, schema)
    yield
    SCHEMAS.clear()
    SCHEMAS.update(saved)


def example(path):
    return (ADDONS / path).read_bytes()


def test_the_document_built_without_odoo_is_valid_openapi():
    validate(openapi_document("https://hub.example/api/integration/v1"))


def test_every_document_type_has_a_valid_example():
    examples, components = canonical_examples(), component_schemas()
    assert len(SCHEMAS) == 16
    for doc_type, document in SCHEMAS.items():
        value = examples[doc_type]
        validate_document(doc_type, value)
        schema = {**components[document.__name__], "components": {"schemas": components}}
        errors = [error.message for error in Draft202012Validator(schema).iter_errors(value)]
        assert errors == [], doc_type


def test_every_field_of_every_document_is_described():
    undescribed = [
        f"{name}.{field}"
        for name, schema in component_schemas().items()
        for field, definition in schema.get("properties", {}).items()
        if not definition.get("description")
    ]
    assert undescribed == []


def test_the_x12_example_is_an_850_read_as_an_order():
    result = x12.validate(
        io.BytesIO(example("integration_edi/examples/order_850.edi")), keep_segments=True
    )
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    assert transaction_set.type == "850"
    order = validate_document("order", x12.order_from_850(transaction_set.segments))
    assert order.order_ref == "NW-45001"


def test_the_edifact_example_is_an_orders_read_as_an_order():
    (interchange,) = read_interchanges(example("integration_edi/examples/orders_d96a.edi"))
    (message,) = interchange.messages
    order = validate_document("order", order_from_orders(message))
    assert order.order_ref == "4500012345"


def test_the_xml_example_is_a_ubl_order():
    root = ubl.read_order(example("integration_xml/examples/ubl_order.xml"))
    order = validate_document("order", ubl.order_document(root, {"name": "Buyer"}, {}))
    assert order.order_ref == "PO-UBL-2001"


def test_the_easypost_example_is_a_tracker_event():
    event = json.loads(example("integration_core/examples/easypost_tracker_updated.json"))
    assert list(Draft202012Validator(EVENT_SCHEMA).iter_errors(event)) == []
    status = validate_document("carrier_status", carrier_status_from_easypost(event))
    assert status.tracking_number == "1Z999AA10123456784"
