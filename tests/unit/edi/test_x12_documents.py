"""Mappers: inbound sets to canonical documents (checked by the schemas), and canonical
documents to outbound sets written, read back and envelope-checked."""

import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import dump, validate_document
from odoo.addons.integration_edi import x12

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/x12"
SSCC_1, SSCC_2 = "000123456000000012", "000123456000000029"
HEADER = x12.InterchangeHeader("ZZ", "HUBDISTRIB", "ZZ", "NORTHWINDBUY", "240402", "1130", 310)


def body_of(name, index=0):
    result = x12.validate(io.BytesIO((FIXTURES / name).read_bytes()), keep_segments=True)
    return list(result.transaction_sets())[index].segments


def write_and_read(doc_type, document, **options):
    """Map, write in a whole interchange, read back: (transaction set, body)."""
    outbound = x12.OUTBOUND[doc_type]
    body = outbound.mapper(document, **options)
    group = x12.GroupHeader(
        outbound.functional_id, "HUBDISTRIB", "NORTHWINDBUY", "20240402", "1130", 77
    )
    outgoing = x12.OutgoingSet(outbound.set_type, 1, body)
    data = x12.render_interchange(x12.Delimiters(), HEADER, [x12.OutgoingGroup(group, [outgoing])])
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    assert transaction_set.type == outbound.set_type
    assert transaction_set.segment_count == len(body) + 2
    return transaction_set, transaction_set.segments


def write_and_read_body(set_type, body):
    """The body segments of a set as a partner would send it, read back through the reader."""
    functional_id = {"846": "IB", "944": "AR"}[set_type]
    group = x12.GroupHeader(functional_id, "CASCADE3PL", "HUBDISTRIB", "20261122", "2359", 9)
    outgoing = x12.OutgoingSet(set_type, 1, body)
    data = x12.render_interchange(x12.Delimiters(), HEADER, [x12.OutgoingGroup(group, [outgoing])])
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    (transaction_set,) = result.transaction_sets()
    return transaction_set.segments


def rows(segments, tag):
    return [segment.elements for segment in segments if segment.tag == tag]


def canonical(doc_type, data):
    """A document as the hub hands it over: validated, then dumped to JSON-ready values."""
    return dump(validate_document(doc_type, data))


# -- 850 in ------------------------------------------------------------------------------


def test_850_maps_to_a_valid_order():
    order = validate_document("order", x12.order_from_850(body_of("850_4010_tilde_newline.edi")))
    assert (order.order_ref, order.order_date, order.currency) == (
        "NW-45001",
        date(2024, 3, 15),
        "USD",
    )
    assert (order.customer.external_id, order.customer.name) == ("NW-0001", "NORTHWIND TRADERS")
    assert (order.customer.address.phone, order.customer.address.email) == (
        "5035550100",
        "ana@northwind.example",
    )
    ship_to = order.ship_to
    assert (ship_to.external_id, ship_to.street, ship_to.street2, ship_to.zip) == (
        "NW-DC-E",
        "15 RAIL YARD RD",
        "BUILDING C",
        "43215",
    )
    assert (order.bill_to.name, order.bill_to.country_code) == ("NORTHWIND ACCOUNTS", "US")
    assert order.requested_delivery_date == date(2024, 3, 29)
    assert order.notes == "DELIVER TO DOCK 4"
    assert [
        (line.line_ref, line.product_code, line.gtin, line.quantity, line.uom_code, line.unit_price)
        for line in order.lines
    ] == [
        ("1", "NW-CAB-01", "036000291452", Decimal(24), "EA", Decimal("3.15")),
        ("2", "HUB-2040", "10036000291459", Decimal(6), "CA", Decimal("41.5")),
        ("3", "88120", "4006381333931", Decimal(100), "EA", Decimal("0.35")),
    ]
    assert order.lines[0].description == "CABLE TIE 8IN BLACK"


def test_product_code_follows_the_partner_preference():
    body = body_of("850_4010_tilde_newline.edi")
    data = x12.order_from_850(body, product_qualifiers=("VP", "IN"))
    assert [line["product_code"] for line in data["lines"]] == ["HUB-1001", "HUB-2040", "88120"]
    # A line without the preferred qualifier falls back to its first id (IN here) on "*".
    data = x12.order_from_850(body, product_qualifiers=("VP", "*"))
    assert [line["product_code"] for line in data["lines"]] == ["HUB-1001", "HUB-2040", "88120"]
    with pytest.raises(
        x12.X12MappingError, match=r"PO107: no product id qualified VP \(found IN/EN\)"
    ):
        x12.order_from_850(body_of("850_4010_tilde_newline.edi"), product_qualifiers=("VP",))


def test_850_from_the_5010_fixture_and_the_second_set():
    order = validate_document("order", x12.order_from_850(body_of("850_5010_repetition.edi")))
    assert (order.order_ref, order.lines[0].product_code) == ("NW-46000", "NW-TAPE-02")
    second = x12.order_from_850(body_of("850_4010_tilde_newline.edi", 1))
    assert validate_document("order", second).ship_to.name == "NORTHWIND STORE 12"


def test_850_without_buyer_uses_the_sender_id():
    body = [
        s for s in body_of("850_4010_tilde_newline.edi", 1) if s.tag != "N1" or s.get(1) != "BY"
    ]
    with pytest.raises(x12.X12MappingError, match="no buyer"):
        x12.order_from_850(body)
    order = validate_document("order", x12.order_from_850(body, sender_id="NORTHWINDBUY"))
    assert (order.customer.external_id, order.customer.name) == ("NORTHWINDBUY", None)


@pytest.mark.parametrize(
    ("ctt", "message"),
    [
        (["4"], "CTT01: 4 declared, 3 found (PO1 lines)"),
        (["3", "131"], "CTT02: 131 declared, 130 found (sum of PO102 quantities)"),
    ],
)
def test_850_control_totals_are_checked(ctt, message):
    body = body_of("850_4010_tilde_newline.edi")
    body[-1].parts[1:] = ctt
    with pytest.raises(x12.X12MappingError, match=re.escape(message)):
        x12.order_from_850(body)


def test_850_bad_date_names_the_element():
    body = body_of("850_4010_tilde_newline.edi")
    body[0].parts[5] = "20241345"
    with pytest.raises(
        x12.X12MappingError, match="BEG05: '20241345' is not a CCYYMMDD date"
    ) as info:
        x12.order_from_850(body)
    assert (info.value.segment, info.value.element, info.value.code) == ("BEG", 5, "8")


# -- 945 in ------------------------------------------------------------------------------


def test_945_maps_to_a_valid_shipment_notice():
    notice = validate_document(
        "shipment_notice", x12.shipment_notice_from_945(body_of("945_two_lots.edi"))
    )
    assert (notice.shipment_ref, notice.order_ref, notice.carrier_code) == (
        "SHP-88231",
        "WH/OUT/00042",
        "ODFL",
    )
    assert notice.ship_date == datetime(2024, 3, 20, 16, 15)
    assert notice.tracking_numbers == ["1Z999AA10123456784"]
    assert notice.ship_to.external_id == "NW-DC-E"
    assert notice.complete
    first, second = notice.lines
    assert (first.line_ref, first.product_code, first.quantity_shipped) == ("1", "HUB-1001", 48)
    assert [(lot.lot_name, lot.quantity) for lot in first.lots] == [("LOT-A7", 24), ("LOT-B2", 24)]
    assert (second.line_ref, second.quantity_shipped, second.uom_code, second.lots) == (
        "2",
        5,
        "CA",
        [],
    )


def test_945_total_is_checked():
    body = body_of("945_two_lots.edi")
    next(s for s in body if s.tag == "W03").parts[1] = "54"
    with pytest.raises(x12.X12MappingError, match=r"W0301: 54 declared, 53 found"):
        x12.shipment_notice_from_945(body)


# -- outbound ----------------------------------------------------------------------------

ORDER_ACK = {
    "order_ref": "NW-45001",
    "ack_date": "2024-03-16",
    "status": "partial",
    "seller_order_ref": "SO-9001",
    "lines": [
        {"line_ref": "1", "product_code": "NW-CAB-01", "quantity_ordered": 24,
         "quantity_accepted": 24, "status": "accepted", "unit_price": "3.15"},
        {"line_ref": "2", "product_code": "NW-SHR-18", "quantity_ordered": 6,
         "quantity_accepted": 0, "status": "backordered", "scheduled_date": "2024-04-02"},
        {"line_ref": "3", "product_code": "88120", "quantity_ordered": 100,
         "quantity_accepted": 80, "status": "changed"},
    ],
}  # fmt: skip


def test_855_from_an_order_ack():
    _, body = write_and_read(
        "order_ack", canonical("order_ack", ORDER_ACK), order_date=date(2024, 3, 15)
    )
    assert rows(body, "BAK") == [
        ["00", "AC", "NW-45001", "20240315", "", "", "", "SO-9001", "20240316"]
    ]
    assert rows(body, "PO1") == [
        ["1", "24", "EA", "3.15", "", "BP", "NW-CAB-01"],
        ["2", "6", "EA", "", "", "BP", "NW-SHR-18"],
        ["3", "100", "EA", "", "", "BP", "88120"],
    ]
    assert rows(body, "ACK") == [
        ["IA", "24", "EA"],
        ["IB", "0", "EA", "068", "20240402"],
        ["IC", "80", "EA"],
    ]
    assert rows(body, "CTT") == [["3"]]


def test_855_whole_order_rejection():
    ack = canonical("order_ack", {**ORDER_ACK, "status": "rejected", "lines": []})
    _, body = write_and_read("order_ack", ack)
    assert [s.tag for s in body] == ["BAK"]
    assert body[0].get(2) == "RJ"


SHIPMENT = {
    "shipment_ref": "ASN-5001",
    "order_ref": "NW-45001",
    "ship_date": "2024-03-20T16:15:00",
    "carrier_code": "ODFL",
    "service_code": "ST",
    "tracking_numbers": ["PRO-778812"],
    "ship_to": {"name": "NORTHWIND DC EAST", "external_id": "NW-DC-E", "city": "COLUMBUS",
                "state_code": "OH", "zip": "43215", "country_code": "US"},
    "packages": [
        {"package_ref": "PK1", "sscc": SSCC_1, "weight": "12.5",
         "lines": [{"line_ref": "1", "product_code": "HUB-1001", "quantity_shipped": 24,
                    "lots": [{"lot_name": "LOT-A7", "quantity": 20},
                             {"lot_name": "LOT-B2", "quantity": 4}]}]},
        {"package_ref": "PK2", "sscc": SSCC_2, "tracking_number": "1Z999AA10123456784",
         "lines": [{"line_ref": "2", "product_code": "HUB-2040", "quantity_shipped": 6,
                    "uom_code": "CA"}]},
        {"package_ref": "PK3"},
    ],
    "lines": [{"line_ref": "3", "product_code": "88120", "quantity_shipped": 100}],
}  # fmt: skip


def test_856_hierarchy_counts_and_parents():
    _, body = write_and_read("shipment_notice", canonical("shipment_notice", SHIPMENT))
    hl = rows(body, "HL")
    assert hl == [
        ["1", "", "S", "1"],
        ["2", "1", "O", "1"],
        ["3", "2", "P", "1"],
        ["4", "3", "I", "0"],
        ["5", "3", "I", "0"],
        ["6", "2", "P", "1"],
        ["7", "6", "I", "0"],
        ["8", "2", "P", "0"],
        ["9", "2", "I", "0"],
    ]
    levels = {row[0]: row[2] for row in hl}
    parents = {"S": None, "O": "S", "P": "O"}
    for number, parent, level, _ in hl:
        expected = parents.get(level)
        if level == "I":
            assert levels[parent] in ("P", "O")
        else:
            assert levels.get(parent) == expected
        assert int(number) > int(parent or 0)
    assert rows(body, "CTT") == [["9", "130"]]
    assert rows(body, "MAN") == [["GM", SSCC_1], ["GM", SSCC_2], ["ZZ", "PK3"]]
    assert rows(body, "LIN")[:2] == [
        ["1", "VP", "HUB-1001", "LT", "LOT-A7"],
        ["1", "VP", "HUB-1001", "LT", "LOT-B2"],
    ]
    assert rows(body, "SN1") == [
        ["1", "20", "EA"],
        ["1", "4", "EA"],
        ["2", "6", "CA"],
        ["3", "100", "EA"],
    ]
    assert rows(body, "BSN") == [["00", "ASN-5001", "20240320", "1615", "0001"]]
    assert rows(body, "TD5") == [["", "2", "ODFL", "", "", "", "", "", "", "", "", "ST"]]
    assert rows(body, "TD1") == [
        ["CTN25", "3", "", "", "", "G", "12.5", "LB"],
        ["CTN25", "1", "", "", "", "G", "12.5", "LB"],
    ]
    assert rows(body, "REF") == [["CN", "PRO-778812"], ["CN", "1Z999AA10123456784"]]
    assert rows(body, "PRF") == [["NW-45001"]]
    assert rows(body, "N1") == [["ST", "NORTHWIND DC EAST", "92", "NW-DC-E"]]


INVOICE = {
    "invoice_number": "INV/2024/0042",
    "invoice_date": "2024-03-21",
    "due_date": "2024-04-20",
    "order_ref": "NW-45001",
    "currency": "USD",
    "seller": {"external_id": "HUB", "name": "HUB DISTRIBUTION"},
    "buyer": {"external_id": "NW-0001", "name": "NORTHWIND TRADERS",
              "address": {"name": "NORTHWIND", "street": "200 HARBOR WAY", "city": "PORTLAND",
                          "state_code": "OR", "zip": "97209", "country_code": "US"}},
    "lines": [
        {"line_ref": "1", "product_code": "HUB-1001", "description": "CABLE TIE 8IN BLACK",
         "quantity": 24, "unit_price": "3.15", "subtotal": "75.60",
         "taxes": [{"name": "State tax", "rate": "6.5", "amount": "4.91"}]},
        {"line_ref": "2", "product_code": "HUB-2040", "quantity": 6, "uom_code": "CA",
         "unit_price": "41.50", "discount_percent": "10", "subtotal": "224.10"},
    ],
    "allowances_charges": [{"kind": "charge", "code": "D240", "description": "FREIGHT",
                            "amount": "25"}],
    "amount_untaxed": "324.70",
    "amount_tax": "4.91",
    "amount_total": "329.61",
}  # fmt: skip


def test_810_from_an_invoice():
    _, body = write_and_read(
        "invoice", canonical("invoice", INVOICE), tax_type_codes={"State tax": "ST"}
    )
    assert rows(body, "BIG") == [["20240321", "INV/2024/0042", "", "NW-45001"]]
    assert rows(body, "N1") == [
        ["SE", "HUB DISTRIBUTION", "92", "HUB"],
        ["BY", "NORTHWIND TRADERS", "92", "NW-0001"],
    ]
    assert rows(body, "ITD") == [["01", "3", "", "", "", "20240420"]]
    assert rows(body, "IT1") == [
        ["1", "24", "EA", "3.15", "", "VP", "HUB-1001"],
        ["2", "6", "CA", "41.5", "", "VP", "HUB-2040"],
    ]
    assert rows(body, "TXI") == [["ST", "4.91", "6.5"], ["TX", "4.91"]]
    assert rows(body, "TDS") == [["32961", "32470"]]
    assert rows(body, "SAC") == [
        ["A", "C310", "", "", "", "3", "10"],
        ["C", "D240", "", "", "2500", "", "", "", "", "", "", "", "", "", "FREIGHT"],
    ]
    assert rows(body, "CTT") == [["2"]]


SNAPSHOT = {
    "warehouse_code": "RNO1",
    "as_of": "2024-03-22T06:00:00",
    "items": [
        {"product_code": "HUB-1001", "quantity": "480", "location_code": "A-01-03"},
        {"product_code": "HUB-1001", "quantity": "0", "lot_name": "LOT-B2"},
        {"product_code": "HUB-2040", "quantity": "12.5", "uom_code": "CA"},
    ],
}


def test_846_from_an_inventory_snapshot():
    _, body = write_and_read("inventory_snapshot", canonical("inventory_snapshot", SNAPSHOT))
    assert rows(body, "BIA") == [["00", "DD", "RNO1-202403220600", "20240322", "0600"]]
    assert rows(body, "N1") == [["WH", "", "92", "RNO1"]]
    assert rows(body, "LIN") == [
        ["", "VP", "HUB-1001"],
        ["", "VP", "HUB-1001", "LT", "LOT-B2"],
        ["", "VP", "HUB-2040"],
    ]
    assert rows(body, "QTY") == [["17", "480", "EA"], ["17", "0", "EA"], ["17", "12.5", "CA"]]
    assert rows(body, "REF") == [["LU", "A-01-03"]]
    assert rows(body, "CTT") == [["3"]]


def test_846_in_reads_back_what_846_out_wrote():
    _, body = write_and_read("inventory_snapshot", canonical("inventory_snapshot", SNAPSHOT))
    snapshot = validate_document("inventory_snapshot", x12.inventory_from_846(body))
    assert dump(snapshot) == canonical("inventory_snapshot", SNAPSHOT)


def test_846_in_from_a_3pl_takes_the_preferred_product_id():
    """A 3PL's advice: LIN with several ids, quantities other than on hand, a lot."""
    body = write_and_read_body(
        "846",
        [
            ("BIA", "00", "MM", "ADV-5", "20261122", "2359"),
            ("N1", "WH", "CASCADE RENO"),
            ("LIN", "1", "UP", "012345678905", "SK", "HUB-1001", "LT", "L-9"),
            ("QTY", "33", "40", "EA"),
            ("QTY", "17", "44", "EA"),
            ("REF", "LU", "A-01"),
            ("CTT", "1"),
        ],
    )
    document = x12.inventory_from_846(body, product_qualifiers=("SK", "UP"))
    assert document["warehouse_code"] == "CASCADE RENO", "no N104: the warehouse's name"
    assert document["as_of"] == datetime(2026, 11, 22, 23, 59)
    assert document["items"] == [
        {
            "product_code": "HUB-1001",
            "lot_name": "L-9",
            "location_code": "A-01",
            "quantity": Decimal("44"),
            "uom_code": "EA",
        }
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda body: [s for s in body if s.tag != "QTY"], r"LIN: the item has no on-hand"),
        (lambda body: [s for s in body if s.tag != "N1"], r"N1: the advice names no warehouse"),
        (lambda body: [s for s in body if s.tag != "LIN"], r"LIN: an inventory advice needs"),
    ],
)
def test_846_in_names_what_is_missing(change, message):
    _, body = write_and_read("inventory_snapshot", canonical("inventory_snapshot", SNAPSHOT))
    with pytest.raises(x12.X12MappingError, match=message):
        x12.inventory_from_846(change(body))


def test_846_in_item_count_is_checked():
    _, body = write_and_read("inventory_snapshot", canonical("inventory_snapshot", SNAPSHOT))
    next(s for s in body if s.tag == "CTT").parts[1] = "4"
    with pytest.raises(x12.X12MappingError, match=r"CTT01: 4 declared, 3 found"):
        x12.inventory_from_846(body)


# -- 944 in ------------------------------------------------------------------------------

RECEIPT_944 = [
    ("W17", "F", "20261122", "RCV-310", "WH/IN/00017", "ASN-4"),
    ("N1", "WH", "CASCADE RENO", "92", "RNO1"),
    ("LX", "1"),
    ("W07", "20", "EA", None, "VN", "HUB-1001", "LOT-A7"),
    ("N9", "LI", "7"),
    ("W07", "4", "EA", None, "VN", "HUB-1001", "LOT-B2"),
    ("LX", "2"),
    ("W07", "3", "CA", "00012345678905"),
    ("W14", "27"),
]


def test_944_maps_to_a_valid_receipt_notice():
    notice = validate_document(
        "shipment_notice", x12.receipt_notice_from_944(write_and_read_body("944", RECEIPT_944))
    )
    assert (notice.shipment_ref, notice.order_ref) == ("RCV-310", "WH/IN/00017")
    assert notice.ship_date == datetime(2026, 11, 22), "no G62*09: W1702 at midnight"
    assert notice.ship_to.external_id == "RNO1"
    assert notice.complete, "W1701 F: a final receipt"
    first, second = notice.lines
    assert (first.line_ref, first.product_code, first.quantity_shipped) == ("7", "HUB-1001", 24)
    assert [(lot.lot_name, lot.quantity) for lot in first.lots] == [("LOT-A7", 20), ("LOT-B2", 4)]
    assert (second.line_ref, second.product_code, second.uom_code) == ("2", "00012345678905", "CA")


def test_944_received_time_and_total():
    body = write_and_read_body("944", [RECEIPT_944[0], ("G62", "09", "20261123", "8", "0715"),
                                       *RECEIPT_944[1:]])  # fmt: skip
    assert x12.receipt_notice_from_944(body)["ship_date"] == datetime(2026, 11, 23, 7, 15)
    next(s for s in body if s.tag == "W14").parts[1] = "28"
    with pytest.raises(x12.X12MappingError, match=r"W1401: 28 declared, 27 found"):
        x12.receipt_notice_from_944(body)


def test_944_two_products_under_one_line_are_refused_not_merged():
    body = write_and_read_body(
        "944",
        [RECEIPT_944[0], ("LX", "1"), ("W07", "10", "EA", None, "VN", "HUB-1001"),
         ("W07", "5", "EA", None, "VN", "HUB-2040"), ("W14", "15")],
    )  # fmt: skip
    with pytest.raises(x12.X12MappingError, match=r"W07: line 1 names product HUB-2040 after"):
        x12.receipt_notice_from_944(body)


def test_944_line_without_product_names_the_element():
    body = write_and_read_body("944", [RECEIPT_944[0], ("LX", "1"), ("W07", "5", "EA")])
    with pytest.raises(x12.X12MappingError, match=r"W0705: the line names no product"):
        x12.receipt_notice_from_944(body)


WAREHOUSE_ORDER = {
    "order_ref": "WH/OUT/00042",
    "action": "create",
    "warehouse_code": "RNO1",
    "ship_to": {"name": "NORTHWIND DC EAST", "street": "15 RAIL YARD RD", "city": "COLUMBUS",
                "state_code": "OH", "zip": "43215", "country_code": "US"},
    "scheduled_date": "2024-03-20T08:00:00",
    "origin": "NW-45001",
    "carrier_code": "ODFL",
    "lines": [
        {"line_ref": "1", "product_code": "HUB-1001", "quantity": 48, "lot_required": True},
        {"line_ref": "2", "product_code": "HUB-2040", "quantity": "6", "uom_code": "CA"},
    ],
}  # fmt: skip


def test_940_from_a_warehouse_order():
    _, body = write_and_read("warehouse_order", canonical("warehouse_order", WAREHOUSE_ORDER))
    assert rows(body, "W05") == [["N", "WH/OUT/00042", "NW-45001"]]
    assert rows(body, "N1") == [["ST", "NORTHWIND DC EAST"], ["WH", "", "92", "RNO1"]]
    assert rows(body, "N3") == [["15 RAIL YARD RD"]]
    assert rows(body, "G62") == [["10", "20240320"]]
    assert rows(body, "W66") == [["PP", "M", "", "", "", "", "", "", "", "ODFL"]]
    assert rows(body, "LX") == [["1"], ["2"]]
    assert rows(body, "W01") == [
        ["48", "EA", "", "VN", "HUB-1001"],
        ["6", "CA", "", "VN", "HUB-2040"],
    ]
    assert rows(body, "N9") == [["LI", "1"], ["LI", "2"]]
    assert rows(body, "W76") == [["54"]]


@pytest.mark.parametrize(("action", "status"), [("change", "R"), ("cancel", "F")])
def test_940_change_and_cancel(action, status):
    document = {**WAREHOUSE_ORDER, "action": action}
    if action == "cancel":
        document["lines"] = []
    _, body = write_and_read("warehouse_order", canonical("warehouse_order", document))
    assert body[0].get(1) == status
    assert rows(body, "W76") == [["54" if action == "change" else "0"]]


def test_outbound_mappers_take_python_values_too():
    document = validate_document("invoice", INVOICE).model_dump()
    assert isinstance(document["amount_total"], Decimal)
    assert x12.invoice_to_810(document) == x12.invoice_to_810(canonical("invoice", INVOICE))


def test_unknown_canonical_code_is_a_mapping_error():
    with pytest.raises(x12.X12MappingError, match="W0501: no code for 'archive'; known: create"):
        x12.warehouse_order_to_940({**WAREHOUSE_ORDER, "action": "archive"})


def test_810_omits_zero_tax_and_zero_discount_given_as_text():
    lines = [{**INVOICE["lines"][1], "discount_percent": "0", "subtotal": "249"}]
    invoice = {**INVOICE, "lines": lines, "allowances_charges": [], "amount_untaxed": "249",
               "amount_tax": "0.00", "amount_total": "249"}  # fmt: skip
    body = x12.invoice_to_810(canonical("invoice", invoice))
    assert [segment[0] for segment in body if segment[0] in ("TXI", "SAC")] == []
    assert ("TDS", "24900", "24900") in body
