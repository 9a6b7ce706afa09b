from decimal import Decimal

import pytest

from odoo.addons.integration_channels.services import orders
from odoo.addons.integration_channels.services.orders import Defaults, OrderShapeError

SHOPIFY = {
    "id": 820982911946154508,
    "name": "#1001",
    "email": "Jon@Example.com",
    "created_at": "2026-11-20T10:00:00-05:00",
    "updated_at": "2026-11-20T10:05:00-05:00",
    "cancelled_at": None,
    "currency": "eur",
    "taxes_included": True,
    "note": "Leave at the door",
    "customer": {"id": 115310627314723954, "first_name": "Jon", "last_name": "Snow"},
    "billing_address": {
        "first_name": "Jon",
        "last_name": "Snow",
        "address1": "1 Wall St",
        "city": "Winterfell",
        "zip": "10001",
        "province_code": "NY",
        "country_code": "us",
    },
    "shipping_address": {"name": "Jon Snow", "address1": "2 Gate Rd", "country_code": "US"},
    "line_items": [
        {
            "id": 11,
            "sku": "SKU-1",
            "name": "Sword",
            "quantity": 2,
            "price": "50.00",
            "discount_allocations": [{"amount": "10.00"}],
        },
        {"id": 12, "sku": None, "variant_id": 99, "title": "Cloak", "quantity": 1, "price": "20"},
        {"id": 13, "sku": "GONE", "quantity": 1, "current_quantity": 0, "price": "5.00"},
    ],
    "shipping_lines": [
        {"title": "Standard", "price": "7.00", "discounted_price": "5.00", "code": "STD"}
    ],
}


def test_shopify_order():
    mapped = orders.from_shopify(SHOPIFY)
    assert mapped.order_id == "820982911946154508"
    assert mapped.number == "#1001"
    assert mapped.updated_at == "2026-11-20T15:05:00Z"
    assert mapped.cancelled is False
    doc = mapped.document
    assert doc["order_ref"] == "#1001"
    assert doc["order_date"] == "2026-11-20"
    assert doc["currency"] == "EUR"
    assert doc["prices_include_tax"] is True
    assert doc["customer"]["external_id"] == "115310627314723954"
    assert doc["customer"]["name"] == "Jon Snow"
    assert doc["customer"]["email"] == "Jon@Example.com"
    assert doc["bill_to"]["country_code"] == "US"
    assert doc["bill_to"]["state_code"] == "NY"
    assert doc["ship_to"] == {"name": "Jon Snow", "street": "2 Gate Rd", "country_code": "US"}
    first, second = doc["lines"]  # the removed line is left out
    assert first == {
        "line_ref": "11",
        "product_code": "SKU-1",
        "description": "Sword",
        "quantity": "2",
        "unit_price": "50",
        "discount_percent": "10",
    }
    assert second["product_code"] == "variant:99"
    assert "discount_percent" not in second
    assert doc["shipping"] == {"description": "Standard", "amount": "5", "carrier_code": "STD"}
    assert doc["notes"] == "Leave at the door"


def test_shopify_guest_and_cancelled():
    order = dict(SHOPIFY, customer=None, cancelled_at="2026-11-21T00:00:00Z")
    mapped = orders.from_shopify(order)
    assert mapped.cancelled is True
    assert mapped.document["customer"]["external_id"] == "email:jon@example.com"
    order = dict(order, email=None, billing_address=None)
    assert orders.from_shopify(order).document["customer"]["external_id"].startswith("guest:")


def test_shopify_taxes_included_defaults_to_the_channel():
    order = {k: v for k, v in SHOPIFY.items() if k != "taxes_included"}
    assert (
        orders.from_shopify(order, Defaults(prices_include_tax=False)).document[
            "prices_include_tax"
        ]
        is False
    )


WOO = {
    "id": 727,
    "number": "727",
    "status": "processing",
    "currency": "USD",
    "prices_include_tax": True,
    "date_created_gmt": "2026-11-20T09:00:00",
    "date_modified_gmt": "2026-11-20T09:30:00",
    "date_modified": "2026-11-20T10:30:00",
    "customer_id": 0,
    "customer_note": "",
    "billing": {
        "first_name": "Ann",
        "last_name": "Lee",
        "address_1": "5 Oak Ave",
        "city": "Austin",
        "state": "TX",
        "postcode": "73301",
        "country": "US",
        "email": "ann@example.com",
    },
    "shipping": {"first_name": "", "last_name": "", "address_1": ""},
    "line_items": [
        {
            "id": 315,
            "sku": "SKU-2",
            "name": "Mug",
            "product_id": 93,
            "variation_id": 0,
            "quantity": 3,
            "subtotal": "45.00",
            "subtotal_tax": "4.50",
            "total": "40.50",
            "total_tax": "4.05",
        }
    ],
    "shipping_lines": [
        {
            "method_title": "Flat rate",
            "method_id": "flat_rate",
            "total": "10.00",
            "total_tax": "1.00",
        }
    ],
}


def test_woocommerce_order_rebuilds_gross_prices_when_taxes_are_included():
    mapped = orders.from_woocommerce(WOO)
    assert mapped.order_id == "727"
    assert mapped.updated_at == "2026-11-20T09:30:00Z"
    doc = mapped.document
    assert doc["customer"]["external_id"] == "email:ann@example.com"
    assert doc["customer"]["name"] == "Ann Lee"
    assert "ship_to" not in doc  # an empty shipping address is no address
    (line,) = doc["lines"]
    assert line["unit_price"] == "16.5"  # (45.00 + 4.50) / 3
    assert Decimal(line["discount_percent"]) == Decimal(10)  # 49.50 - 44.55 = 4.95
    assert doc["shipping"]["amount"] == "11"
    assert doc["shipping"]["carrier_code"] == "flat_rate"


def test_woocommerce_without_taxes_included_and_cancelled():
    mapped = orders.from_woocommerce(dict(WOO, prices_include_tax=False, status="cancelled"))
    assert mapped.cancelled is True
    assert mapped.document["lines"][0]["unit_price"] == "15"
    assert mapped.document["shipping"]["amount"] == "10"


GENERIC = {
    "id": "ord_1",
    "number": "S-1",
    "status": "open",
    "created_at": "2026-11-20T08:00:00Z",
    "updated_at": "2026-11-20T08:01:02.500000+00:00",
    "currency": "USD",
    "customer": {"id": "c_9", "email": "bo@example.com", "name": "Bo"},
    "billing_address": {"name": "Bo", "street": "1 Main", "country_code": "US"},
    "lines": [
        {"id": "l1", "sku": "SKU-1", "quantity": 1, "unit_price": "10", "discount_amount": "1"},
        {"id": "l2", "sku": "SKU-2", "quantity": 2, "unit_price": "4.5", "discount_percent": 5},
    ],
    "shipping": {"method": "Express", "amount": "9.90", "carrier": "UPS"},
    "discount_amount": "2.00",
}


def test_generic_order_and_standard_envelope():
    event_type, order = orders.unwrap_event({"type": "order.created", "data": GENERIC})
    assert event_type == "order.created"
    mapped = orders.from_generic(order)
    assert mapped.updated_at == "2026-11-20T08:01:02.500000Z"
    doc = mapped.document
    assert doc["customer"]["external_id"] == "c_9"
    assert [line["discount_percent"] for line in doc["lines"]] == ["10", "5"]
    assert doc["shipping"] == {"description": "Express", "amount": "9.9", "carrier_code": "UPS"}
    assert doc["discount_amount"] == "2"
    assert orders.unwrap_event(GENERIC) == (None, GENERIC)


def test_versions_and_keys():
    assert orders.normalize_timestamp("2026-11-20T10:05:00-05:00") == "2026-11-20T15:05:00Z"
    assert orders.normalize_timestamp("2026-11-20T15:05:00Z") == "2026-11-20T15:05:00Z"
    assert orders.normalize_timestamp(None) is None
    key = orders.version_key("shop", "1", "2026-11-20T15:05:00Z")
    assert key == "shop:order:1@2026-11-20T15:05:00Z"
    assert orders.is_newer("2026-11-20T15:05:01Z", "2026-11-20T15:05:00Z")
    assert not orders.is_newer("2026-11-20T15:05:00Z", "2026-11-20T10:05:00-05:00")
    assert orders.is_newer("2026-11-20T15:05:00Z", None)


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ({"name": "#1"}, "has no 'id'"),
        ([], "must be a JSON object"),
        (dict(SHOPIFY, created_at=None, processed_at=None), "no creation date"),
        (dict(SHOPIFY, updated_at="soon"), "not an ISO 8601"),
        (
            dict(SHOPIFY, line_items=[{"id": 1, "quantity": 1, "price": "abc"}]),
            "not a number",
        ),
        (
            dict(
                SHOPIFY,
                line_items=[
                    {"id": 1, "quantity": 1, "price": "1", "discount_allocations": [{"amount": 5}]}
                ],
            ),
            "makes no sense",
        ),
    ],
)
def test_shape_errors_are_readable(order, message):
    with pytest.raises(OrderShapeError, match=message):
        orders.from_shopify(order)


@pytest.mark.parametrize(
    "order",
    [
        [SHOPIFY],
        dict(SHOPIFY, line_items=[None]),
        dict(SHOPIFY, customer="x"),
        dict(SHOPIFY, line_items="abc"),
    ],
)
def test_a_body_of_the_wrong_shape_is_a_shape_error_not_a_crash(order):
    with pytest.raises(OrderShapeError) as caught:
        orders.map_order("shopify", order)
    assert str(caught.value), "the error says what is wrong"
