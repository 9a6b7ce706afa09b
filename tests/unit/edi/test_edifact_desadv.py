"""DESADV in: a warehouse's despatch advice becomes a canonical shipment notice."""

from datetime import datetime
from decimal import Decimal

import pytest
from test_edifact_outbound import HEADER, shipment_notice

from odoo.addons.integration_core.schemas import dump, validate_document
from odoo.addons.integration_edi.edifact import (
    EdifactMappingError,
    desadv_message,
    read_interchanges,
    shipment_notice_from_desadv,
    write_interchange,
)


def desadv(*body):
    """A received DESADV around ``body`` (segments without terminator), counts right."""
    segments = ["UNH+1+DESADV:D:96A:UN", *body, f"UNT+{len(body) + 2}+1"]
    text = "'".join(["UNB+UNOC:3+S+R+261122:1400+T1", *segments, "UNZ+1+T1"]) + "'"
    return next(read_interchanges(text)).messages[0]


HEAD = ["BGM+351+SHP-9+9", "DTM+11:202611221400:203", "RFF+ON:WH/OUT/00042"]


def test_what_desadv_out_writes_desadv_in_reads_back():
    sent = shipment_notice()
    (interchange,) = read_interchanges(write_interchange(HEADER, [desadv_message(sent, "M1")]))
    read = shipment_notice_from_desadv(interchange.messages[0])
    expected = dump(sent)
    expected["packages"][0]["package_ref"] = "2"  # CPS numbers the packages
    assert dump(validate_document("shipment_notice", read)) == expected


def test_a_3pl_confirmation_with_lots_packages_and_tracking():
    document = shipment_notice_from_desadv(
        desadv(
            *HEAD,
            "RFF+CN:1Z999AA10123456784",
            "TDT+20++30+31+UPSN",
            "CPS+1",
            "LIN+1",
            "PIA+5+WMS-100:SA",
            "QTY+12:3",
            "RFF+ON:WH/OUT/00042:7",
            "CPS+2+1",
            "PAC+1",
            "MEA+PD+AAB+KGM:4.2",
            "PCI+33E",
            "GIN+BJ+306141411234567891",
            "LIN+2++4006381333931:EN",
            "PIA+1+B-1:NB",
            "QTY+12:4",
            "RFF+ON:WH/OUT/00042:8",
            "LIN+3++4006381333931:EN",
            "PIA+1+B-2:NB",
            "QTY+12:1",
            "RFF+ON:WH/OUT/00042:8",
            "CNT+2:3",
        )
    )
    assert document == {
        "shipment_ref": "SHP-9",
        "order_ref": "WH/OUT/00042",
        "ship_date": datetime(2026, 11, 22, 14, 0),
        "carrier_code": "UPSN",
        "tracking_numbers": ["1Z999AA10123456784"],
        "lines": [
            {"line_ref": "7", "product_code": "WMS-100", "quantity_shipped": Decimal("3"),
             "uom_code": "EA", "lots": []},
        ],
        "packages": [
            {
                "package_ref": "2",
                "weight": Decimal("4.2"),
                "sscc": "306141411234567891",
                "lines": [
                    {"line_ref": "8", "product_code": "4006381333931",
                     "quantity_shipped": Decimal("5"), "uom_code": "EA",
                     "lots": [{"lot_name": "B-1", "quantity": Decimal("4")},
                              {"lot_name": "B-2", "quantity": Decimal("1")}]},
                ],
            }
        ],
    }  # fmt: skip
    assert validate_document("shipment_notice", document).packages[0].lines[0].quantity_shipped == 5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (HEAD[1:] + ["LIN+1", "PIA+5+A:SA", "QTY+12:1"], "no document number"),
        ([HEAD[0], HEAD[2], "LIN+1", "PIA+5+A:SA", "QTY+12:1"], "no despatch date"),
        (HEAD[:2] + ["LIN+1", "PIA+5+A:SA", "QTY+12:1"], "no order reference"),
        ([*HEAD, "LIN+1", "QTY+12:1"], "line 1 has no item number"),
        ([*HEAD, "LIN+1", "PIA+5+A:SA"], "no despatched quantity"),
        ([*HEAD, "LIN+1", "PIA+5+A:SA", "QTY+12:1", "CNT+2:2"], "CNT\\+2 says 2 lines, found 1"),
        ([*HEAD, "XYZ+1"], "XYZ .*: is not a DESADV segment"),
        ([*HEAD, "PIA+5+A:SA"], "comes before any LIN"),
        (
            [
                *HEAD,
                "LIN+1",
                "PIA+5+A:SA",
                "QTY+12:1",
                "RFF+ON:X:4",
                "LIN+2",
                "PIA+5+B:SA",
                "QTY+12:1",
                "RFF+ON:X:4",
            ],
            "line 4 names item B after A",
        ),
    ],
)
def test_what_is_wrong_is_named(body, message):
    with pytest.raises(EdifactMappingError, match=message):
        shipment_notice_from_desadv(desadv(*body))
