from decimal import Decimal

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_wms.services.confirmation import (
    ConfirmationError,
    Part,
    confirmed_lines,
)


def notice(lines=(), packages=(), **extra):
    return validate_document(
        "shipment_notice",
        {
            "shipment_ref": "SHIP-1",
            "order_ref": "WH/OUT/00001",
            "ship_date": "2026-11-20T10:00:00Z",
            "lines": list(lines),
            "packages": list(packages),
            **extra,
        },
    )


def line(ref, quantity, code="SKU-1", lots=None):
    data = {"line_ref": ref, "product_code": code, "quantity_shipped": quantity}
    if lots:
        data["lots"] = [{"lot_name": name, "quantity": qty} for name, qty in lots]
    return data


def package(ref, *lines, tracking=None):
    data = {"package_ref": ref, "lines": list(lines)}
    if tracking:
        data["tracking_number"] = tracking
    return data


def test_flat_lines_without_lots_are_one_part_each():
    result = confirmed_lines(notice([line("10", 6), line("11", 0, code="SKU-2")]))
    assert list(result) == ["10", "11"]
    assert result["10"].quantity == Decimal(6)
    assert result["10"].parts == [Part(Decimal(6))]
    assert result["11"].quantity == 0
    assert result["11"].parts == [], "nothing shipped: nothing to book"


def test_flat_lots_become_parts():
    result = confirmed_lines(notice([line("10", 5, lots=[("A", 3), ("B", 2)])]))
    assert result["10"].parts == [Part(Decimal(3), "A"), Part(Decimal(2), "B")]
    assert result["10"].lot_names == ["A", "B"]


def test_packages_draw_lots_from_the_flat_line_in_order():
    result = confirmed_lines(
        notice(
            [line("10", 5, lots=[("A", 3), ("B", 2)])],
            [package("P1", line("10", 4)), package("P2", line("10", 1))],
        )
    )
    assert result["10"].parts == [
        Part(Decimal(3), "A", "P1"),
        Part(Decimal(1), "B", "P1"),
        Part(Decimal(1), "B", "P2"),
    ]


def test_what_no_package_holds_is_booked_loose():
    result = confirmed_lines(
        notice([line("10", 5, lots=[("A", 5)])], [package("P1", line("10", 2))])
    )
    assert result["10"].parts == [Part(Decimal(2), "A", "P1"), Part(Decimal(3), "A", None)]


def test_package_lots_take_precedence_and_are_not_given_twice():
    result = confirmed_lines(
        notice(
            [line("10", 5, lots=[("A", 2), ("B", 3)])],
            [package("P1", line("10", 3, lots=[("B", 3)]))],
        )
    )
    assert result["10"].parts == [Part(Decimal(3), "B", "P1"), Part(Decimal(2), "A", None)]


def test_lines_given_only_in_packages_add_up():
    result = confirmed_lines(
        notice(packages=[package("P1", line("10", 2)), package("P2", line("10", 3))])
    )
    assert result["10"].quantity == Decimal(5)
    assert [part.package_ref for part in result["10"].parts] == ["P1", "P2"]


def test_packages_holding_more_than_shipped_are_refused():
    with pytest.raises(ConfirmationError, match="hold 6, more than the 5 shipped"):
        confirmed_lines(notice([line("10", 5)], [package("P1", line("10", 6))]))


def test_a_line_reference_names_one_product():
    with pytest.raises(ConfirmationError, match="SKU-9"):
        confirmed_lines(notice([line("10", 5)], [package("P1", line("10", 5, code="SKU-9"))]))


def test_receipt_notice_is_read_the_same_way():
    # The module's receipt notice subclasses the shipment notice: same shape, same reading.
    result = confirmed_lines(notice([line("R1", 4, lots=[("L-9", 4)])]))
    assert result["R1"].parts == [Part(Decimal(4), "L-9")]
