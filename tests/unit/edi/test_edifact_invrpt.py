"""INVRPT in: a 3PL's stock report becomes a canonical inventory snapshot."""

from datetime import datetime
from decimal import Decimal

import pytest

from odoo.addons.integration_core.schemas import dump, validate_document
from odoo.addons.integration_edi.edifact import (
    EdifactMappingError,
    InterchangeHeader,
    PartyId,
    inventory_from_invrpt,
    invrpt_message,
    read_interchanges,
    write_interchange,
)

HEADER = InterchangeHeader(
    sender=PartyId("4012345000009", "14"),
    recipient=PartyId("5412345000013", "14"),
    control_ref="INV7",
    prepared=datetime(2026, 11, 22, 6, 0),
)
SNAPSHOT = {
    "warehouse_code": "WH-HAM",
    "as_of": "2026-11-22T06:00:00",
    "items": [
        {"product_code": "WID-100", "quantity": "140", "location_code": "A-1", "lot_name": "L-1"},
        {"product_code": "GAD-200", "quantity": "0", "uom_code": "PCE"},
    ],
}  # fmt: skip


def invrpt(*body):
    """A received INVRPT around ``body`` (segments without terminator), counts right."""
    segments = ["UNH+1+INVRPT:D:96A:UN", *body, f"UNT+{len(body) + 2}+1"]
    text = "'".join(["UNB+UNOC:3+S+R+261122:0600+T1", *segments, "UNZ+1+T1"]) + "'"
    return next(read_interchanges(text)).messages[0]


def test_what_invrpt_out_writes_invrpt_in_reads_back():
    snapshot = validate_document("inventory_snapshot", SNAPSHOT)
    (interchange,) = read_interchanges(write_interchange(HEADER, [invrpt_message(snapshot, "M1")]))
    read = validate_document("inventory_snapshot", inventory_from_invrpt(interchange.messages[0]))
    assert dump(read) == dump(snapshot)


def test_a_3pl_report_with_gtins_and_other_quantities():
    document = inventory_from_invrpt(
        invrpt(
            "BGM+35+STOCK-881+9",
            "DTM+137:202611220600:203",
            "NAD+WH+HAM3PL::9",
            "LIN+1++4006381333931:EN",
            "PIA+1+WID-100:SA+B-7:NB",
            "QTY+145:12,5:KGM",
            "QTY+198:2",
            "LIN+2++4006381333948:EN",
            "QTY+145:3",
        )
    )
    assert document == {
        "warehouse_code": "HAM3PL",
        "as_of": datetime(2026, 11, 22, 6, 0),
        "items": [
            {
                "product_code": "WID-100",
                "lot_name": "B-7",
                "quantity": Decimal("12.5"),
                "uom_code": "KGM",
            },
            {"product_code": "4006381333948", "quantity": Decimal("3")},
        ],
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (["DTM+137:20261122:102", "LIN+1", "PIA+5+A:SA", "QTY+145:1"], "no warehouse"),
        (["NAD+WH+W1", "LIN+1", "PIA+5+A:SA", "QTY+145:1"], "no date of the count"),
        (["DTM+137:20261122:102", "NAD+WH+W1"], "has no item"),
        (["DTM+137:20261122:102", "NAD+WH+W1", "LIN+1", "QTY+145:1"], "item 1 has no item num"),
        (["DTM+137:20261122:102", "NAD+WH+W1", "LIN+1", "PIA+5+A:SA"], "no actual stock"),
    ],
)
def test_what_is_missing_is_named(body, message):
    with pytest.raises(EdifactMappingError, match=message):
        inventory_from_invrpt(invrpt(*body))


def test_another_message_type_is_refused():
    orders = next(
        read_interchanges("UNB+UNOC:3+S+R+261122:0600+T1'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNZ+1+T1'")
    ).messages[0]
    with pytest.raises(EdifactMappingError, match="expected INVRPT"):
        inventory_from_invrpt(orders)
