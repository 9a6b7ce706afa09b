from datetime import datetime
from decimal import Decimal

import pytest

from odoo.addons.integration_core.schemas import dump, validate_document
from odoo.addons.integration_edi.edifact import (
    InterchangeHeader,
    PartyId,
    Separators,
    desadv_message,
    invoic_message,
    invrpt_message,
    ordrsp_message,
    read_interchanges,
    write_interchange,
)
from odoo.addons.integration_edi.edifact.writer import format_segment

VALID_SSCC = "306141411234567891"
HEADER = InterchangeHeader(
    sender=PartyId("4012345000009", "14"),
    recipient=PartyId("5412345000013", "14"),
    control_ref="OUT42",
    prepared=datetime(2024, 5, 9, 16, 0),
)


def order_ack():
    return validate_document(
        "order_ack",
        {
            "order_ref": "PO-4711",
            "ack_date": "2024-05-02",
            "status": "partial",
            "seller_order_ref": "SO-0815",
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "WID-100",
                    "quantity_ordered": 12,
                    "quantity_accepted": 12,
                    "status": "accepted",
                    "unit_price": "9.50",
                },
                {
                    "line_ref": "2",
                    "product_code": "GAD-200",
                    "quantity_ordered": 3,
                    "quantity_accepted": 1,
                    "status": "backordered",
                    "scheduled_date": "2024-05-20",
                },
                {
                    "line_ref": "3",
                    "product_code": "OLD-1",
                    "quantity_ordered": 5,
                    "quantity_accepted": 0,
                    "status": "rejected",
                },
                {
                    "line_ref": "4",
                    "product_code": "CHG-9",
                    "quantity_ordered": 2,
                    "quantity_accepted": 2,
                    "status": "changed",
                    "unit_price": "7.25",
                },
            ],
        },
    )


def shipment_notice():
    return validate_document(
        "shipment_notice",
        {
            "shipment_ref": "ASN-77",
            "order_ref": "PO-4711",
            "ship_date": "2024-05-03T14:30:00",
            "carrier_code": "DHL",
            "service_code": "EXPRESS",
            "tracking_numbers": ["JD0001"],
            "ship_to": {
                "name": "Lager Nord",
                "city": "Hamburg",
                "country_code": "DE",
                "external_id": "5412345000020",
            },
            "lines": [{"line_ref": "3", "product_code": "LOOSE-1", "quantity_shipped": 2}],
            "packages": [
                {
                    "package_ref": "P1",
                    "sscc": VALID_SSCC,
                    "weight": "12.5",
                    "tracking_number": "JD0001-1",
                    "lines": [
                        {
                            "line_ref": "1",
                            "product_code": "WID-100",
                            "quantity_shipped": 12,
                            "uom_code": "PCE",
                            "lots": [
                                {"lot_name": "L-1", "quantity": 10},
                                {"lot_name": "L-2", "quantity": 2},
                            ],
                        },
                    ],
                },
            ],
        },
    )


def invoice():
    return validate_document(
        "invoice",
        {
            "invoice_number": "INV-2024-001",
            "invoice_date": "2024-05-10",
            "due_date": "2024-06-09",
            "order_ref": "PO-4711",
            "currency": "EUR",
            "seller": {
                "external_id": "4012345000009",
                "name": "Supplier GmbH",
                "vat": "DE999999999",
            },
            "buyer": {
                "external_id": "5412345000013",
                "name": "O'Brien + Söhne GmbH",
                "vat": "DE123456789",
                "address": {"name": "O'Brien + Söhne GmbH", "city": "Köln", "country_code": "DE"},
            },
            "bill_to": {"name": "O'Brien Buchhaltung", "external_id": "5412345000037"},
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "WID-100",
                    "description": "Widget 10:1",
                    "quantity": 12,
                    "uom_code": "PCE",
                    "unit_price": "10.00",
                    "discount_percent": "5",
                    "subtotal": "114.00",
                    "taxes": [{"name": "VAT", "rate": "19", "amount": "21.66"}],
                },
                {
                    "line_ref": "2",
                    "product_code": "GAD-200",
                    "quantity": 1,
                    "unit_price": "12.50",
                    "subtotal": "12.50",
                    "taxes": [{"name": "VAT", "rate": "19", "amount": "2.38"}],
                },
            ],
            "allowances_charges": [
                {"kind": "charge", "code": "FC", "description": "Freight", "amount": "5.00"},
                {"kind": "allowance", "description": "Promotion", "amount": "1.50"},
            ],
            "amount_untaxed": "130.00",
            "amount_tax": "24.04",
            "amount_total": "154.04",
        },
    )


def inventory_snapshot():
    return validate_document(
        "inventory_snapshot",
        {
            "warehouse_code": "WH-HAM",
            "as_of": "2024-05-11T06:00:00",
            "items": [
                {
                    "product_code": "WID-100",
                    "quantity": 140,
                    "location_code": "A-01-3",
                    "lot_name": "L-1",
                },
                {"product_code": "GAD-200", "quantity": "0", "uom_code": "PCE"},
            ],
        },
    )


def sent_and_read_back(message, header=HEADER):
    """Write one message, read it back, check the envelope; the message body as text."""
    data = write_interchange(header, [message])
    (interchange,) = read_interchanges(data)
    assert interchange.is_valid
    assert interchange.trailer.value(0) == "1"
    (read,) = interchange.messages
    assert read.trailer.value(0) == str(len(read.segments))
    assert read.message_type == message.message_type
    return [format_segment(segment, header.separators) for segment in read.body]


def test_ordrsp_from_order_ack():
    assert sent_and_read_back(ordrsp_message(order_ack(), "RSP1")) == [
        "BGM+231+SO-0815+4",
        "DTM+137:20240502:102",
        "RFF+ON:PO-4711",
        "RFF+VN:SO-0815",
        "LIN+1+5",
        "PIA+5+WID-100:SA",
        "QTY+21:12",
        "QTY+113:12",
        "PRI+AAA:9.50",
        "LIN+2+3",
        "PIA+5+GAD-200:SA",
        "QTY+21:3",
        "QTY+113:1",
        "QTY+83:2",
        "DTM+2:20240520:102",
        "LIN+3+7",
        "PIA+5+OLD-1:SA",
        "QTY+21:5",
        "QTY+113:0",
        "LIN+4+3",
        "PIA+5+CHG-9:SA",
        "QTY+21:2",
        "QTY+113:2",
        "PRI+AAA:7.25",
        "UNS+S",
        "CNT+2:4",
    ]


def test_whole_order_rejection_has_no_lines():
    ack = validate_document(
        "order_ack", {"order_ref": "PO-9", "ack_date": "2024-05-02", "status": "rejected"}
    )
    body = sent_and_read_back(ordrsp_message(ack, "RSP2", item_type="IN"))
    assert body == ["BGM+231+PO-9+27", "DTM+137:20240502:102", "RFF+ON:PO-9", "UNS+S", "CNT+2:0"]


def test_desadv_from_shipment_notice():
    assert sent_and_read_back(desadv_message(shipment_notice(), "ASN1")) == [
        "BGM+351+ASN-77+9",
        "DTM+137:202405031430:203",
        "DTM+11:202405031430:203",
        "RFF+ON:PO-4711",
        "RFF+CN:JD0001",
        "NAD+DP+5412345000020++Lager Nord++Hamburg+++DE",
        "TDT+20++:EXPRESS++DHL",
        "CPS+1",
        "LIN+1",
        "PIA+5+LOOSE-1:SA",
        "QTY+12:2:EA",
        "RFF+ON:PO-4711:3",
        "CPS+2+1",
        "PAC+1",
        "MEA+PD+AAB+KGM:12.5",
        "RFF+CN:JD0001-1",
        "PCI+33E",
        f"GIN+BJ+{VALID_SSCC}",
        "LIN+2",
        "PIA+5+WID-100:SA",
        "PIA+1+L-1:NB",
        "QTY+12:10:PCE",
        "RFF+ON:PO-4711:1",
        "LIN+3",
        "PIA+5+WID-100:SA",
        "PIA+1+L-2:NB",
        "QTY+12:2:PCE",
        "RFF+ON:PO-4711:1",
        "CNT+2:3",
    ]


def test_invoic_from_invoice():
    assert sent_and_read_back(invoic_message(invoice(), "INV1")) == [
        "BGM+380+INV-2024-001+9",
        "DTM+137:20240510:102",
        "RFF+ON:PO-4711",
        "NAD+SU+4012345000009++Supplier GmbH",
        "RFF+VA:DE999999999",
        "NAD+BY+5412345000013++O?'Brien ?+ Söhne GmbH++Köln+++DE",
        "RFF+VA:DE123456789",
        "NAD+IV+5412345000037++O?'Brien Buchhaltung",
        "CUX+2:EUR:4",
        "PAT+1",
        "DTM+13:20240609:102",
        "ALC+C++++FC:::Freight",
        "MOA+23:5.00",
        "ALC+A++++:::Promotion",
        "MOA+204:1.50",
        "LIN+1",
        "PIA+5+WID-100:SA",
        "IMD+F++:::Widget 10?:1",
        "QTY+47:12:PCE",
        "MOA+203:114.00",
        "PRI+AAA:9.50",
        "PRI+AAB:10.00",
        "TAX+7+VAT+++:::19",
        "MOA+124:21.66",
        "LIN+2",
        "PIA+5+GAD-200:SA",
        "QTY+47:1:EA",
        "MOA+203:12.50",
        "PRI+AAA:12.50",
        "TAX+7+VAT+++:::19",
        "MOA+124:2.38",
        "UNS+S",
        "CNT+2:2",
        "MOA+79:126.50",
        "MOA+125:130.00",
        "MOA+124:24.04",
        "MOA+77:154.04",
        "TAX+7+VAT+++:::19",
        "MOA+124:24.04",
        "MOA+125:126.50",
    ]


def test_invrpt_from_inventory_snapshot():
    assert sent_and_read_back(invrpt_message(inventory_snapshot(), "INVR1")) == [
        "BGM+35+WH-HAM-20240511060000+9",
        "DTM+137:202405110600:203",
        "NAD+WH+WH-HAM",
        "LIN+1",
        "PIA+5+WID-100:SA",
        "PIA+1+L-1:NB",
        "INV++1++1",
        "QTY+145:140:EA",
        "LOC+14+A-01-3",
        "LIN+2",
        "PIA+5+GAD-200:SA",
        "INV++1++1",
        "QTY+145:0:PCE",
    ]


@pytest.mark.parametrize(
    ("build", "document"),
    [
        (ordrsp_message, order_ack),
        (desadv_message, shipment_notice),
        (invoic_message, invoice),
        (invrpt_message, inventory_snapshot),
    ],
)
def test_json_dumped_documents_give_the_same_message(build, document):
    model = document()
    assert build(dump(model), "M1") == build(model, "M1")


def test_partner_separators_and_decimal_comma_in_an_outbound_invoice():
    header = InterchangeHeader(
        sender=HEADER.sender,
        recipient=HEADER.recipient,
        control_ref="OUT43",
        prepared=HEADER.prepared,
        separators=Separators(decimal=","),
    )
    data = write_interchange(header, [invoic_message(invoice(), "INV2")])
    text = data.decode("iso8859-1")
    assert text.startswith("UNA:+,? '")
    assert "NAD+BY+5412345000013++O?'Brien ?+ Söhne GmbH++Köln+++DE'" in text
    assert "MOA+77:154,04'" in text
    (interchange,) = read_interchanges(data)
    assert interchange.is_valid
    totals = [s for s in interchange.messages[0].body if s.tag == "MOA" and s.value(0) == "77"]
    assert Decimal(totals[0].value(0, 1).replace(",", ".")) == Decimal("154.04")
