"""Helpers on decoded documents shared by the codecs (moved out of the model files)."""

from datetime import date, datetime
from decimal import Decimal

from odoo.addons.integration_core.schemas.shipment_notice import loose_lines
from odoo.addons.integration_core.services.jsondata import json_ready, storable


def test_json_ready_turns_decimals_and_dates_into_json_data():
    document = {
        "total": Decimal("12.50"),
        "order_date": date(2026, 11, 20),
        "lines": [{"at": datetime(2026, 11, 20, 8, 30)}],
    }
    assert json_ready(document) == {
        "total": "12.50",
        "order_date": "2026-11-20",
        "lines": [{"at": "2026-11-20T08:30:00"}],
    }


def test_storable_refuses_what_postgresql_text_cannot_hold():
    assert storable({"name": "Café", "lines": [1, "two"]})
    assert not storable({"name": "a\x00b"})
    assert not storable(["\ud800"]), "an unpaired surrogate"
    assert not storable({"\x00": "key"})


def line(ref, code, quantity):
    return {"line_ref": ref, "product_code": code, "quantity_shipped": quantity, "lots": []}


def test_loose_lines_are_what_no_package_holds():
    notice = {
        "lines": [line("1", "A", "5"), line("2", "B", "3"), line("3", "C", "1")],
        "packages": [{"lines": [line("1", "A", "2"), line("2", "B", "3")]}],
    }
    assert loose_lines(notice) == [
        {**line("1", "A", "3.0"), "lots": []},
        line("3", "C", "1"),
    ]
