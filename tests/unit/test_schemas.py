from decimal import Decimal

import pytest

from odoo.addons.integration_core.schemas import (
    SCHEMAS,
    SchemaError,
    dump,
    json_schemas,
    validate_document,
)

VALID_SSCC = "306141411234567891"


def order_data(**overrides):
    data = {
        "order_ref": "PO-1001",
        "order_date": "2024-05-01",
        "customer": {"external_id": "C-42", "name": "Acme"},
        "ship_to": {"name": "Acme DC", "city": "Lyon", "country_code": "FR"},
        "lines": [
            {"line_ref": "1", "product_code": "SKU-1", "quantity": "2", "unit_price": "9.90"},
            {"line_ref": "2", "product_code": "SKU-2", "quantity": 1},
        ],
    }
    data.update(overrides)
    return data


def problems(doc_type, data):
    with pytest.raises(SchemaError) as info:
        validate_document(doc_type, data)
    return info.value


def test_valid_order_is_parsed_with_defaults_and_stripped_strings():
    order = validate_document("order", order_data(order_ref="  PO-1001 "))
    assert order.order_ref == "PO-1001"
    assert order.currency == "USD"
    assert order.schema_version == "1.0"
    assert order.lines[0].quantity == Decimal("2")
    assert order.lines[1].uom_code == "EA"


def test_error_message_names_each_field_and_counts_problems():
    data = order_data(customer={"name": "Acme"})
    data["lines"][0]["quantity"] = 0
    error = problems("order", data)
    assert error.doc_type == "order"
    assert error.errors == [
        "customer.external_id: Field required",
        "lines[0].quantity: Input should be greater than 0",
    ]
    assert str(error) == (
        "order: 2 problems: customer.external_id: Field required; "
        "lines[0].quantity: Input should be greater than 0"
    )


def test_single_problem_is_singular():
    assert str(problems("order", order_data(lines=[]))).startswith("order: 1 problem: lines:")


def test_duplicate_line_ref_is_rejected():
    data = order_data()
    data["lines"][1]["line_ref"] = "1"
    assert problems("order", data).errors == ["lines: line_ref '1' appears more than once"]


def test_unknown_field_is_rejected_rather_than_dropped():
    data = order_data()
    data["lines"][0]["colour"] = "red"
    assert problems("order", data).errors == ["lines[0].colour: Extra inputs are not permitted"]


def test_country_and_currency_codes_must_be_iso():
    data = order_data(currency="euro", ship_to={"name": "DC", "country_code": "fr"})
    errors = problems("order", data).errors
    assert (
        "currency: 'euro' is not an ISO 4217 currency code (3 capital letters, e.g. USD)" in errors
    )
    assert any(e.startswith("ship_to.country_code: 'fr' is not an ISO 3166-1") for e in errors)


def test_discount_percent_is_bounded():
    data = order_data()
    data["lines"][0]["discount_percent"] = 120
    assert problems("order", data).errors == [
        "lines[0].discount_percent: Input should be less than or equal to 100"
    ]


def test_future_schema_version_is_accepted_but_must_look_like_one():
    assert validate_document("order", order_data(schema_version="2.1")).schema_version == "2.1"
    assert problems("order", order_data(schema_version="v2")).errors == [
        "schema_version: 'v2' is not a schema version like 1.0"
    ]


def test_unknown_doc_type_lists_the_known_ones():
    error = problems("purchase_thing", {})
    assert "unknown document type 'purchase_thing'" in str(error)
    assert "order" in str(error)


def test_every_doc_type_is_registered_under_its_own_name():
    # The core's, and those spokes register when their pure tests import them (remittance).
    assert set(SCHEMAS) - {"remittance"} == {
        "order",
        "order_ack",
        "warehouse_order",
        "shipment_notice",
        "inventory_snapshot",
        "inventory_delta",
        "invoice",
        "functional_ack",
        "product",
        "customer",
        "carrier_status",
        "return_request",
    }
    assert all(schema.doc_type == name for name, schema in SCHEMAS.items())


def test_json_schemas_cover_every_doc_type_with_anchored_patterns():
    schemas = json_schemas()
    assert set(schemas) == set(SCHEMAS)
    assert schemas["order"]["required"] == ["order_ref", "order_date", "customer", "lines"]
    currency = schemas["order"]["properties"]["currency"]
    assert currency["pattern"] == "^[A-Z]{3}$"


def test_dump_is_json_ready():
    data = dump(validate_document("order", order_data()))
    assert data["order_date"] == "2024-05-01"
    assert data["lines"][0]["unit_price"] == "9.90"
    assert validate_document("order", data) == validate_document("order", order_data())


def test_order_ack():
    ack = validate_document(
        "order_ack",
        {
            "order_ref": "PO-1001",
            "ack_date": "2024-05-02",
            "status": "partial",
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "SKU-1",
                    "quantity_ordered": 2,
                    "quantity_accepted": 1,
                    "status": "backordered",
                    "scheduled_date": "2024-05-20",
                }
            ],
        },
    )
    assert ack.lines[0].status == "backordered"
    error = problems("order_ack", {"order_ref": "PO", "ack_date": "2024-05-02", "status": "ok"})
    assert error.errors == [
        "status: Input should be 'accepted', 'changed', 'rejected' or 'partial'"
    ]


def warehouse_order_data(**overrides):
    data = {
        "order_ref": "WH/OUT/00012",
        "warehouse_code": "3PL-EAST",
        "ship_to": {"name": "Acme DC"},
        "origin": "S00042",
        "lines": [{"line_ref": "1", "product_code": "SKU-1", "quantity": 3, "lot_required": True}],
    }
    data.update(overrides)
    return data


def test_warehouse_order_needs_lines_unless_cancelled():
    assert validate_document("warehouse_order", warehouse_order_data()).action == "create"
    cancel = validate_document("warehouse_order", warehouse_order_data(action="cancel", lines=[]))
    assert cancel.lines == []
    assert problems("warehouse_order", warehouse_order_data(lines=[])).errors == [
        "lines: a create warehouse order needs at least one line"
    ]


def shipment_data(**overrides):
    data = {
        "shipment_ref": "ASN-7",
        "order_ref": "WH/OUT/00012",
        "ship_date": "2024-05-03T14:00:00Z",
        "tracking_numbers": ["1Z999"],
        "packages": [
            {
                "package_ref": "P1",
                "sscc": VALID_SSCC,
                "lines": [{"line_ref": "1", "product_code": "SKU-1", "quantity_shipped": 3}],
            }
        ],
    }
    data.update(overrides)
    return data


def test_shipment_notice_with_packages():
    notice = validate_document("shipment_notice", shipment_data())
    assert notice.packages[0].sscc == VALID_SSCC
    assert notice.complete is False


def test_sscc_check_digit_is_verified():
    data = shipment_data()
    data["packages"][0]["sscc"] = VALID_SSCC[:-1] + "2"
    assert problems("shipment_notice", data).errors == [
        f"packages[0].sscc: SSCC '{VALID_SSCC[:-1]}2' has a wrong check digit (GS1 mod 10)"
    ]
    data["packages"][0]["sscc"] = "12345"
    assert problems("shipment_notice", data).errors == [
        "packages[0].sscc: SSCC '12345' must be 18 digits"
    ]


def test_shipment_lots_must_add_up_to_the_shipped_quantity():
    line = {
        "line_ref": "1",
        "product_code": "SKU-1",
        "quantity_shipped": 3,
        "lots": [{"lot_name": "L1", "quantity": 2}, {"lot_name": "L2", "quantity": 1}],
    }
    assert validate_document("shipment_notice", shipment_data(packages=[], lines=[line]))
    line["lots"][1]["quantity"] = 2
    assert problems("shipment_notice", shipment_data(packages=[], lines=[line])).errors == [
        "lines[0]: lots of line '1' add up to 4, not to quantity_shipped 3"
    ]


def test_shipment_notice_must_ship_something():
    assert problems("shipment_notice", shipment_data(packages=[])).errors == [
        "a shipment notice needs lines, at top level or in its packages"
    ]


def test_inventory_snapshot_rejects_negative_and_duplicate_quantities():
    item = {"product_code": "SKU-1", "location_code": "A-01", "quantity": 5}
    snapshot = {"warehouse_code": "3PL-EAST", "as_of": "2024-05-03T00:00:00", "items": [item]}
    assert validate_document("inventory_snapshot", snapshot).items[0].quantity == 5
    snapshot["items"] = [item, dict(item, quantity=-1)]
    assert problems("inventory_snapshot", snapshot).errors == [
        "items[1].quantity: Input should be greater than or equal to 0"
    ]
    snapshot["items"] = [item, dict(item)]
    assert "listed twice" in str(problems("inventory_snapshot", snapshot))


def test_inventory_delta_accepts_negative_changes():
    delta = validate_document(
        "inventory_delta",
        {
            "warehouse_code": "3PL-EAST",
            "as_of": "2024-05-03T10:00:00",
            "changes": [{"product_code": "SKU-1", "quantity_change": "-2", "reason": "damaged"}],
        },
    )
    assert delta.changes[0].quantity_change == Decimal("-2")


def invoice_data(**overrides):
    data = {
        "invoice_number": "INV/2024/0001",
        "invoice_date": "2024-05-04",
        "currency": "EUR",
        "buyer": {"external_id": "C-42"},
        "lines": [
            {
                "line_ref": "1",
                "product_code": "SKU-1",
                "quantity": 2,
                "unit_price": "10.00",
                "taxes": [{"name": "VAT 20%", "rate": 20, "amount": "4.00"}],
                "subtotal": "20.00",
            }
        ],
        "allowances_charges": [{"kind": "charge", "code": "FC", "amount": "0"}],
        "amount_untaxed": "20.00",
        "amount_tax": "4.00",
        "amount_total": "24.00",
    }
    data.update(overrides)
    return data


def test_invoice_totals_must_add_up_within_a_cent():
    assert validate_document("invoice", invoice_data(amount_total="24.01")).amount_total
    assert problems("invoice", invoice_data(amount_total="25.00")).errors == [
        "amount_total 25.00 is not amount_untaxed 20.00 + amount_tax 4.00 = 24.00"
    ]


def test_functional_ack_product_and_customer():
    ack = validate_document(
        "functional_ack",
        {
            "ack_ref": "997-1",
            "acknowledged_ref": "000000123",
            "status": "rejected",
            "errors": [{"segment": "PO1", "element": "02", "description": "Missing quantity"}],
        },
    )
    assert ack.errors[0].segment == "PO1"
    product = validate_document("product", {"code": "SKU-1", "name": "Widget"})
    assert product.active is True
    customer = validate_document(
        "customer",
        {"external_id": "C-42", "name": "Acme", "addresses": [{"name": "Acme DC"}]},
    )
    assert customer.addresses[0].name == "Acme DC"
    assert problems("customer", {"external_id": "C-42"}).errors == ["name: Field required"]


def test_quantities_and_prices_are_bounded_with_readable_errors():
    line = {"line_ref": "1", "product_code": "SKU-1"}
    error = problems(
        "order",
        order_data(
            lines=[
                {**line, "quantity": 1e10, "unit_price": "1e13"},
                {**line, "line_ref": "2", "quantity": "1.1234567", "unit_price": "0.0000001"},
            ]
        ),
    )
    assert error.errors == [
        "lines[0].quantity: Input should be less than or equal to 1000000000",
        "lines[0].unit_price: Input should be less than or equal to 1000000000000",
        "lines[1].quantity: Decimal input should have no more than 6 decimal places",
        "lines[1].unit_price: Decimal input should have no more than 6 decimal places",
    ]
    assert problems("order", order_data(lines=[{**line, "quantity": "NaN"}])).errors == [
        "lines[0].quantity: Input should be a finite number"
    ]


def test_float_noise_is_not_mistaken_for_decimals():
    line = {"line_ref": "1", "product_code": "SKU-1", "quantity": 0.1 + 0.2, "unit_price": 1e9}
    order = validate_document("order", order_data(lines=[line]))
    assert order.lines[0].quantity == Decimal("0.3")
    assert order.lines[0].unit_price == Decimal("1000000000")


def test_signed_amounts_and_changes_are_bounded_both_ways():
    change = {"product_code": "SKU-1", "quantity_change": "-1000000001"}
    error = problems(
        "inventory_delta",
        {"warehouse_code": "W", "as_of": "2024-05-01T10:00:00", "changes": [change]},
    )
    assert error.errors == [
        "changes[0].quantity_change: Input should be greater than or equal to -1000000000"
    ]


def test_business_reference_is_the_most_specific_reference_present():
    invoice = validate_document("invoice", invoice_data(order_ref="PO-1001"))
    assert invoice.business_reference() == "INV/2024/0001"
    assert validate_document("shipment_notice", shipment_data()).business_reference() == "ASN-7"
    assert validate_document("order", order_data()).business_reference() == "PO-1001"
