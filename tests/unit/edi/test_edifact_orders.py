from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi.edifact import (
    EdifactMappingError,
    order_from_orders,
    read_interchanges,
)

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"
HEADER = ["BGM+220+PO-1+9", "DTM+137:20240501:102", "NAD+BY+5412345000013::9"]
LINE = ["LIN+1++4006381333931:EN", "QTY+21:2"]


def first_message(source):
    return next(read_interchanges(source)).messages[0]


def orders(*body):
    """An ORDERS interchange around ``body`` (segments without terminator), counts right."""
    segments = ["UNH+1+ORDERS:D:96A:UN", *body, f"UNT+{len(body) + 2}+1"]
    text = "'".join(["UNB+UNOA:3+S+R+240101:1200+T1", *segments, "UNZ+1+T1"]) + "'"
    return first_message(text)


def mapping_error(*body):
    with pytest.raises(EdifactMappingError) as info:
        order_from_orders(orders(*body))
    return info.value


def test_orders_with_una_and_releases_maps_to_the_canonical_order():
    document = order_from_orders(first_message(FIXTURES / "orders_d96a_una.edi"))
    address = {"street": "Hauptstraße 1", "city": "Köln", "zip": "50667", "country_code": "DE"}
    assert document == {
        "order_ref": "PO-4711",
        "order_date": date(2024, 5, 1),
        "requested_delivery_date": date(2024, 5, 10),
        "currency": "EUR",
        "notes": "Deliver to dock 3: ring twice",
        "customer": {
            "external_id": "5412345000013",
            "name": "O'Brien + Söhne GmbH",
            "vat": "DE123456789",
            "address": {
                "name": "O'Brien + Söhne GmbH",
                **address,
                "street2": "Hof 2",
                "external_id": "5412345000013",
            },
        },
        "ship_to": {
            "name": "Lager Nord",
            "street": "Industrieweg 5",
            "city": "Hamburg",
            "zip": "20095",
            "country_code": "DE",
            "external_id": "5412345000020",
        },
        "bill_to": {"name": "O'Brien Buchhaltung", **address, "external_id": "5412345000037"},
        "supplier": {"external_id": "4012345000009", "name": None},
        "lines": [
            {
                "line_ref": "1",
                "product_code": "C-7731",
                "buyer_product_code": "C-7731",
                "gtin": "4006381333931",
                "description": "Widget 10:1 ? size L",
                "quantity": Decimal("12"),
                "uom_code": "PCE",
                "unit_price": Decimal("9.50"),
            },
            {
                "line_ref": "2",
                "product_code": "GAD-200",
                "gtin": "4012345000016",
                "description": "Gadget's case",
                "quantity": Decimal("3"),
                "unit_price": Decimal("12.5"),
            },
        ],
    }
    order = validate_document("order", document)
    assert order.customer.name == "O'Brien + Söhne GmbH"
    assert order.lines[1].unit_price == Decimal("12.5")


def test_orders_without_una_maps_and_validates():
    order = validate_document(
        "order", order_from_orders(first_message(FIXTURES / "orders_no_una.edi"))
    )
    assert (order.order_ref, order.order_date, order.currency) == (
        "4500012345",
        date(2024, 5, 2),
        "GBP",
    )
    assert order.customer.external_id == "BUYER01"
    assert order.ship_to.city == "LEEDS"
    (line,) = order.lines
    assert (line.line_ref, line.product_code, line.quantity, line.uom_code) == (
        "10",
        "ACME-5551",
        Decimal("2.5"),
        "KGM",
    )
    assert line.unit_price == Decimal("4.20")


def test_utf8_orders_maps_and_validates():
    order = validate_document(
        "order", order_from_orders(first_message(FIXTURES / "orders_unoy_bom.edi"))
    )
    assert order.order_ref == "PO-ŁÓDŹ-1"
    assert order.customer.name == "Spółka Łódź"
    assert order.lines[0].product_code == "4006381333931"


def test_net_price_wins_over_gross_and_decimal_comma_is_read():
    message = orders(
        *HEADER, "LIN+1++4006381333931:EN", "QTY+21:2,5", "PRI+AAB:11,00", "PRI+AAA:9,90"
    )
    line = order_from_orders(message)["lines"][0]
    assert (line["quantity"], line["unit_price"]) == (Decimal("2.5"), Decimal("9.90"))


def test_known_unmapped_segments_are_skipped_and_line_context_kept():
    message = orders(
        *HEADER,
        "TDT+20++30",
        "LIN+1++4006381333931:EN",
        "DTM+2:20240601:102",
        "FTX+LIN+++line note",
        "QTY+21:1",
        "QTY+59:6",
        "UNS+S",
        "CNT+2:1",
        "CNT+1:1",
    )
    document = order_from_orders(message)
    assert "requested_delivery_date" not in document and "notes" not in document
    assert document["lines"][0]["quantity"] == Decimal("1")


@pytest.mark.parametrize(
    ("body", "segment", "element", "code", "text"),
    [
        (["XYZ+1", *HEADER, *LINE], "XYZ", None, "15", "is not an ORDERS segment"),
        ([*HEADER[1:], *LINE], "BGM", None, "13", "ORDERS 1 has no BGM"),
        ([HEADER[0], HEADER[2], *LINE], "DTM", "C507/2005", "13", "no document date"),
        (HEADER[:2] + LINE, "NAD", "3035", "13", "has no buyer (NAD+BY)"),
        (HEADER, "LIN", None, "13", "has no line"),
        (["BGM+220+PO-1+1", *HEADER[1:], *LINE], "BGM", "1225", "14", "cancels order PO-1"),
        ([*HEADER, *LINE, "CNT+2:3"], "CNT", "C270/6066", "29", "CNT+2 says 3 lines, found 1"),
        (
            [*HEADER, "LIN+1++4006381333932:EN", "QTY+21:2"],
            "LIN",
            "C212/7140",
            "12",
            "'4006381333932' is not a valid GS1 key",
        ),
        ([*HEADER, "PIA+5+X:SA", *LINE], "PIA", None, "15", "comes before any LIN"),
        ([*HEADER, "LIN+1++4006381333931:EN"], "QTY", "C186/6060", "13", "no ordered quantity"),
        ([*HEADER, "LIN+1", "QTY+21:1"], "LIN", "C212/7140", "13", "line 1 has no item number"),
        (
            [*HEADER, "LIN+1++4006381333931:EN", "QTY+21:1x"],
            "QTY",
            "C186/6060",
            "12",
            "'1x' is not a number",
        ),
        (
            ["BGM+220+PO-1+9", "DTM+137:20240501:999", HEADER[2], *LINE],
            "DTM",
            "C507/2379",
            "12",
            "date format 999 is not supported",
        ),
        (
            ["BGM+220+PO-1+9", "DTM+137:20240231:102", HEADER[2], *LINE],
            "DTM",
            "C507/2380",
            "12",
            "'20240231' is not a date in format 102",
        ),
        (
            ["BGM+220+PO-1+9", *HEADER[1:2], "NAD+BY+5412345000014::9", *LINE],
            "NAD",
            "C082/3039",
            "12",
            "is not a valid GS1 key",
        ),
        (
            ["BGM+220+PO-1+9", *HEADER[1:2], "NAD+BY+++Name only", *LINE],
            "NAD",
            "C082/3039",
            "13",
            "has no party identification",
        ),
        (["BGM+220++9", *HEADER[1:], *LINE], "BGM", "C106/1004", "13", "is missing"),
    ],
)
def test_mapping_errors_name_segment_element_and_code(body, segment, element, code, text):
    error = mapping_error(*body)
    assert (error.segment, error.element, error.code) == (segment, element, code)
    assert text in str(error)


def test_mapping_error_carries_the_segment_position():
    error = mapping_error(*HEADER, "LIN+1++4006381333932:EN", "QTY+21:2")
    assert error.position.segment == 6
    assert error.element_position == (3, 1)
    assert str(error).startswith("LIN C212/7140 (segment 6 (offset")


def test_other_message_types_are_refused():
    desadv = next(read_interchanges(FIXTURES / "groups_ung_une.edi")).messages[2]
    with pytest.raises(EdifactMappingError, match="message 3 is DESADV, expected ORDERS"):
        order_from_orders(desadv)
