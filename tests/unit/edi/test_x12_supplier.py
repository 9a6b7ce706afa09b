"""The supplier side in X12: our purchase order out (850, 860, a re-sent 850) and a
supplier's 855, 856 and 810 in, read into the canonical documents the purchase side
processes; round trips through our own writers, hand-written supplier fixtures and the
public samples."""

import copy
import io
from datetime import date, datetime

import pytest
from shared_samples import SAMPLES
from test_x12_documents import (
    FIXTURES,
    INVOICE,
    SHIPMENT,
    SSCC_1,
    SSCC_2,
    body_of,
    canonical,
    rows,
    write_and_read,
)

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import x12

SUPPLIER_QUALIFIERS = ("VP", "BP", "UP", "EN", "*")

PURCHASE_ORDER = {
    "order_ref": "P00042",
    "order_date": "2026-11-18",
    "currency": "USD",
    "customer": {"external_id": "HUB-001", "name": "HUB DISTRIBUTION",
                 "address": {"name": "HUB DISTRIBUTION", "external_id": "HUB-001",
                             "street": "100 LOGISTICS WAY", "city": "COLUMBUS",
                             "state_code": "OH", "zip": "43004", "country_code": "US"}},
    "supplier": {"external_id": "ACME", "name": "ACME SUPPLY CO",
                 "address": {"name": "ACME SUPPLY CO", "external_id": "ACME"}},
    "ship_to": {"name": "HUB DISTRIBUTION DC", "external_id": "WH-MAIN",
                "street": "100 LOGISTICS WAY", "city": "COLUMBUS", "state_code": "OH",
                "zip": "43004", "country_code": "US"},
    "requested_delivery_date": "2026-11-27",
    "notes": "Deliver to dock 4\nCall before delivery",
    "lines": [
        {"line_ref": "1", "product_code": "AC-1001", "buyer_product_code": "WID-100",
         "gtin": "4006381333931", "description": "BLUE WIDGET", "quantity": 10,
         "unit_price": "12.5"},
        {"line_ref": "2", "product_code": "AC-2002", "buyer_product_code": "GAD-200",
         "gtin": "012345678905", "quantity": 24, "uom_code": "CA", "unit_price": "4"},
    ],
}  # fmt: skip


def read_order(body):
    return canonical("order", x12.order_from_850(body, product_qualifiers=SUPPLIER_QUALIFIERS))


def supplier_set(name, mapper, doc_type, **options):
    return canonical(
        doc_type, mapper(body_of(name), product_qualifiers=SUPPLIER_QUALIFIERS, **options)
    )


# -- 850 / 860 out -------------------------------------------------------------------------


def test_850_to_a_supplier_reads_back_as_the_same_order():
    order = canonical("order", PURCHASE_ORDER)
    transaction_set, body = write_and_read("order", order)
    assert transaction_set.group.header.functional_id == "PO"
    assert rows(body, "BEG") == [["00", "SA", "P00042", "", "20261118"]]
    assert rows(body, "N1") == [
        ["BY", "HUB DISTRIBUTION", "91", "HUB-001"],
        ["SE", "ACME SUPPLY CO", "92", "ACME"],
        ["ST", "HUB DISTRIBUTION DC", "92", "WH-MAIN"],
    ]
    assert rows(body, "PO1") == [
        ["1", "10", "EA", "12.5", "PE", "VP", "AC-1001", "BP", "WID-100", "EN", "4006381333931"],
        ["2", "24", "CA", "4", "PE", "VP", "AC-2002", "BP", "GAD-200", "UP", "012345678905"],
    ]
    assert rows(body, "DTM") == [["002", "20261127"]]
    assert rows(body, "MSG") == [["Deliver to dock 4"], ["Call before delivery"]]
    assert rows(body, "CTT") == [["2", "34"]]
    assert read_order(body) == order


def test_order_change_and_cancellation_go_out_as_860():
    for purpose, bch01 in (("change", "04"), ("cancel", "01")):
        order = canonical("order", {**PURCHASE_ORDER, "purpose": purpose})
        outbound = x12.OUTBOUND["order"].for_document(order)
        assert (outbound.set_type, outbound.functional_id) == ("860", "PC")
        body = outbound.mapper(order)
        assert body[0] == ("BCH", bch01, "SA", "P00042", None, None, "20261118")
        pocs = [segment for segment in body if segment[0] == "POC"]
        if purpose == "cancel":
            assert pocs == [] and body[-1][0] == "N4"
        else:
            assert pocs[0] == (
                "POC", "1", "CA", "10", None, "EA", "12.5", "PE",
                "VP", "AC-1001", "BP", "WID-100", "EN", "4006381333931",
            )  # fmt: skip
            assert body[-1] == ("CTT", "2", "34")


@pytest.mark.parametrize(("purpose", "beg01"), [("change", "05"), ("cancel", "01")])
def test_a_supplier_without_860_gets_the_850_again(purpose, beg01):
    order = canonical("order", {**PURCHASE_ORDER, "purpose": purpose})
    outbound = x12.OUTBOUND["order"].for_document(order, resend=True)
    assert outbound.set_type == "850"
    _, body = write_and_read("order", order)  # the table entry itself is the 850
    assert rows(body, "BEG")[0][0] == beg01
    assert read_order(body)["purpose"] == purpose


def test_860_is_written_in_a_valid_interchange():
    order = canonical("order", {**PURCHASE_ORDER, "purpose": "change"})
    outbound = x12.OUTBOUND["order"].for_document(order)
    group = x12.GroupHeader("PC", "HUBDISTRIB", "ACMESUPPLY", "20261119", "0800", 5)
    data = x12.render_interchange(
        x12.Delimiters(),
        x12.InterchangeHeader("ZZ", "HUBDISTRIB", "ZZ", "ACMESUPPLY", "261119", "0800", 5),
        [x12.OutgoingGroup(group, [x12.OutgoingSet("860", 1, outbound.mapper(order))])],
    )
    result = x12.validate(io.BytesIO(data))
    assert result.ok, list(result.all_errors())


# -- 855 / 856 / 810 in --------------------------------------------------------------------


def test_supplier_855_with_changed_rejected_backordered_and_substituted_lines():
    ack = supplier_set("855_supplier_ack.edi", x12.order_ack_from_855, "order_ack")
    line = {"scheduled_date": "2026-11-25", "substitute_product_code": None}
    assert ack == {
        "schema_version": "1.0",
        "order_ref": "P00042",
        "ack_date": "2026-11-20",
        "status": "partial",
        "purpose": "original",
        "seller_order_ref": "SO-88120",
        "lines": [
            {**line, "line_ref": "1", "product_code": "AC-1001", "quantity_ordered": "10",
             "quantity_accepted": "10", "status": "accepted", "unit_price": "12.5"},
            {**line, "line_ref": "2", "product_code": "AC-2002", "quantity_ordered": "24",
             "quantity_accepted": "24", "status": "changed", "unit_price": "4.2"},
            {**line, "line_ref": "3", "product_code": "AC-3003", "quantity_ordered": "5",
             "quantity_accepted": "0", "status": "rejected", "unit_price": "30",
             "scheduled_date": None},
            {**line, "line_ref": "4", "product_code": "AC-4004", "quantity_ordered": "10",
             "quantity_accepted": "6", "status": "backordered", "unit_price": "8"},
            {**line, "line_ref": "5", "product_code": "AC-5005", "quantity_ordered": "2",
             "quantity_accepted": "2", "status": "changed", "unit_price": "55",
             "substitute_product_code": "AC-5006"},
        ],
    }  # fmt: skip


def test_supplier_856_with_two_lots_and_two_sscc_packages():
    notice = supplier_set(
        "856_supplier_two_lots_two_sscc.edi", x12.shipment_notice_from_856, "shipment_notice"
    )
    assert notice == {
        "schema_version": "1.0",
        "shipment_ref": "ASN-77001",
        "order_ref": "P00042",
        "ship_date": "2026-11-24T15:40:00",
        "expected_date": "2026-11-27",
        "carrier_code": "UPSN",
        "service_code": None,
        "tracking_numbers": ["1Z999AA10123456784"],
        "ship_to": {"name": "HUB DISTRIBUTION DC", "street": "100 LOGISTICS WAY",
                    "street2": None, "city": "COLUMBUS", "zip": "43004", "state_code": "OH",
                    "country_code": "US", "email": None, "phone": None,
                    "external_id": "WH-MAIN"},
        "packages": [
            {"package_ref": SSCC_1, "sscc": SSCC_1, "weight": "20.5", "tracking_number": None,
             "lines": [{"line_ref": "1", "product_code": "AC-1001", "quantity_shipped": "10",
                        "uom_code": "EA",
                        "lots": [{"lot_name": "LOT-A1", "quantity": "6",
                                  "expiry_date": "2027-12-31"},
                                 {"lot_name": "LOT-A2", "quantity": "4",
                                  "expiry_date": "2028-01-31"}]}]},
            {"package_ref": SSCC_2, "sscc": SSCC_2, "weight": "21", "tracking_number": None,
             "lines": [{"line_ref": "2", "product_code": "AC-2002", "quantity_shipped": "12",
                        "uom_code": "EA", "lots": []}]},
        ],
        "lines": [],
        "complete": False,
    }  # fmt: skip


def test_supplier_810_with_taxes_and_freight():
    invoice = supplier_set("810_supplier_invoice.edi", x12.invoice_from_810, "invoice")
    assert (invoice["invoice_number"], invoice["invoice_date"], invoice["due_date"]) == (
        "INV-30017",
        "2026-11-26",
        "2026-12-26",
    )
    assert (invoice["order_ref"], invoice["currency"]) == ("P00042", "USD")
    assert (invoice["seller"]["external_id"], invoice["buyer"]["external_id"]) == (
        "ACME",
        "HUB-001",
    )
    assert invoice["seller"]["address"]["city"] == "DAYTON"
    assert [
        (line["line_ref"], line["product_code"], line["quantity"], line["unit_price"],
         line["subtotal"], line["description"], line["taxes"])
        for line in invoice["lines"]
    ] == [
        ("1", "AC-1001", "10", "12.5", "125.00", "BLUE WIDGET",
         [{"name": "ST", "rate": "7", "amount": "8.75"}]),
        ("2", "AC-2002", "12", "4.2", "50.40", "GADGET",
         [{"name": "ST", "rate": "7", "amount": "3.53"}]),
    ]  # fmt: skip
    assert invoice["allowances_charges"] == [
        {"kind": "charge", "code": "D240", "description": "FREIGHT", "amount": "15"}
    ]
    assert (invoice["amount_untaxed"], invoice["amount_tax"], invoice["amount_total"]) == (
        "190.40",
        "12.28",
        "202.68",
    )


# -- our own outbound sets read back as a supplier's -----------------------------------------


def test_our_855_reads_back_as_the_same_ack():
    ack = canonical(
        "order_ack",
        {
            "order_ref": "P00042", "ack_date": "2026-11-20", "status": "partial",
            "seller_order_ref": "SO-1",
            "lines": [
                {"line_ref": "1", "product_code": "AC-1001", "quantity_ordered": 10,
                 "quantity_accepted": 10, "status": "accepted", "unit_price": "12.5"},
                {"line_ref": "2", "product_code": "AC-2002", "quantity_ordered": 6,
                 "quantity_accepted": 0, "status": "backordered", "scheduled_date": "2026-12-01"},
                {"line_ref": "3", "product_code": "AC-3003", "quantity_ordered": 5,
                 "quantity_accepted": 0, "status": "rejected"},
            ],
        },
    )  # fmt: skip
    _, body = write_and_read("order_ack", ack, order_date=date(2026, 11, 18))
    assert canonical("order_ack", x12.order_ack_from_855(body)) == ack


def test_our_856_reads_back_as_the_same_notice():
    sent = canonical("shipment_notice", SHIPMENT)
    _, body = write_and_read("shipment_notice", sent)
    read = canonical("shipment_notice", x12.shipment_notice_from_856(body))
    for package in sent["packages"]:  # an SSCC label is the package's mark
        package["package_ref"] = package["sscc"] or package["package_ref"]
    assert read == sent


def with_dates(notice):
    """``notice`` (a SHIPMENT) with an expected date and its first lot's expiry."""
    notice = copy.deepcopy(notice)
    notice["expected_date"] = "2024-03-22"
    notice["packages"][0]["lines"][0]["lots"][0]["expiry_date"] = "2025-09-30"
    return notice


def all_lines(notice):
    return [line for package in notice.packages for line in package.lines] + notice.lines


def test_our_856_carries_the_expected_date_and_the_lot_expiry():
    _, body = write_and_read("shipment_notice", canonical("shipment_notice", with_dates(SHIPMENT)))
    read = validate_document("shipment_notice", x12.shipment_notice_from_856(body))
    assert read.expected_date == date(2024, 3, 22)
    lots = {lot.lot_name: lot.expiry_date for line in all_lines(read) for lot in line.lots}
    assert lots == {"LOT-A7": date(2025, 9, 30), "LOT-B2": None}


def test_our_810_reads_back_as_the_same_invoice():
    sent = canonical("invoice", INVOICE)
    _, body = write_and_read("invoice", sent, tax_type_codes={"State tax": "ST"})
    read = validate_document("invoice", x12.invoice_from_810(body))
    sent["lines"][0]["taxes"][0]["name"] = "ST"  # TXI01 carries the code, not the name
    sent = validate_document("invoice", sent)
    for key in ("lines", "allowances_charges", "amount_untaxed", "amount_tax", "amount_total"):
        assert getattr(read, key) == getattr(sent, key), key  # Decimal("41.5") == 41.50
    assert (read.buyer.external_id, read.seller.external_id) == ("NW-0001", "HUB")
    assert (read.invoice_number, read.order_ref, read.due_date) == (
        "INV/2024/0042",
        "NW-45001",
        date(2024, 4, 20),
    )


# -- what is wrong is named ----------------------------------------------------------------


def body_with(name, old, new):
    """The body of fixture ``name`` with its text ``old`` replaced by ``new``."""
    text = (FIXTURES / name).read_text()
    assert old in text
    result = x12.validate(io.BytesIO(text.replace(old, new, 1).encode()), keep_segments=True)
    (transaction_set,) = result.transaction_sets()
    return transaction_set.segments


ACK_855, ASN_856, INVOICE_810 = (
    "855_supplier_ack.edi",
    "856_supplier_two_lots_two_sscc.edi",
    "810_supplier_invoice.edi",
)


@pytest.mark.parametrize(
    ("name", "old", "new", "mapper", "located", "message"),
    [
        (ACK_855, "ACK*IA*10", "ACK*XX*10", x12.order_ack_from_855, ("ACK", 1),
         r"ACK01: 'XX' is not a line item status"),
        (ACK_855, "BAK*00*AC", "BAK*00*QQ", x12.order_ack_from_855, ("BAK", 2),
         r"BAK02: 'QQ' is not an acknowledgment type"),
        (ACK_855, "PO1*1*10*", "PO1*1*ten*", x12.order_ack_from_855, ("PO1", 2),
         r"PO102: 'ten' is not a number"),
        (ASN_856, "MAN*GM*000123456000000029", "MAN*GM*000123456000000028",
         x12.shipment_notice_from_856, ("MAN", 2),
         r"MAN02: '000123456000000028' is not an SSCC"),
        (ASN_856, "HL*2*1*O", "HL*2*9*O", x12.shipment_notice_from_856, ("HL", 2),
         r"HL02: parent 9 is no HL level before HL 2"),
        (ASN_856, "DTM*036*20271231", "DTM*036*20271331", x12.shipment_notice_from_856,
         ("DTM", 2), r"DTM02: '20271331' is not a CCYYMMDD date"),
        (ASN_856, "CTT*7*22", "CTT*6*22", x12.shipment_notice_from_856, ("CTT", 1),
         r"CTT01: 6 declared, 7 found \(HL levels\)"),
        (ASN_856, "PRF*P00042***20261118~", "PRF*P00042~HL*8*1*O~PRF*P00043~",
         x12.shipment_notice_from_856, ("PRF", 1),
         "several purchase orders \\(P00042, P00043\\): send one 856 per purchase order"),
        (INVOICE_810, "TDS*20268", "TDS*20000", x12.invoice_from_810, ("TDS", 1),
         r"TDS01: total 200 is not the lines and allowances/charges 190.40 plus the tax 12.28"),
        (INVOICE_810, "IT1*1*10*EA*12.5*", "IT1*1*10*EA**", x12.invoice_from_810, ("IT1", 4),
         r"IT104: is required but empty"),
        (INVOICE_810, "BIG*20261126*INV-30017*20261118*P00042~",
         "BIG*20261126*INV-30017*20261118*P00042***CR~", x12.invoice_from_810, ("BIG", 7),
         r"BIG07: the 810 is a credit memo: the hub reads invoices only"),
    ],
)  # fmt: skip
def test_malformed_supplier_sets_name_segment_and_element(name, old, new, mapper, located, message):
    with pytest.raises(x12.X12MappingError, match=message) as caught:
        mapper(body_with(name, old, new))
    assert (caught.value.segment, caught.value.element) == located


def test_855_date_falls_back_on_the_group_date():
    body = body_with(ACK_855, "*SO-88120*20261120~", "*SO-88120~")
    assert x12.order_ack_from_855(body, sent_on=date(2026, 11, 21))["ack_date"] == date(
        2026, 11, 21
    )


# -- public samples (MIT, see data/public/SOURCES.md) ---------------------------------------


def sample_set(name):
    with open(SAMPLES / name, "rb") as stream:
        result = x12.validate(stream, keep_segments=True)
    (transaction_set,) = result.transaction_sets()
    return transaction_set


def test_public_855_sample_maps_to_an_order_ack():
    transaction_set = sample_set("aaronhuggins__node-x12/855.edi")
    ack = validate_document("order_ack", x12.order_ack_from_855(transaction_set.segments))
    assert (ack.order_ref, ack.seller_order_ref, ack.ack_date, ack.status) == (
        "POTEST1112",
        None,  # 60169126 is BAK06, a request reference; the seller's order is BAK08
        date(2020, 10, 15),
        "partial",
    )
    assert [
        (line.line_ref, line.product_code, line.status, line.quantity_accepted)
        for line in ack.lines
    ] == [
        ("1", "9780446360265", "accepted", 3),
        ("2", "9780767928427", "rejected", 0),
        ("3", "9780099599531", "rejected", 0),
        ("4", "9780446360272", "accepted", 2),
    ]


def test_public_856_samples_map_to_shipment_notices():
    notice = validate_document(
        "shipment_notice",
        x12.shipment_notice_from_856(sample_set("aaronhuggins__node-x12/856.edi").segments),
    )
    assert (notice.shipment_ref, notice.order_ref, notice.carrier_code) == (
        "829716",
        "99999817",
        "XXXX",
    )
    assert notice.ship_date == datetime(2011, 12, 6)
    assert notice.tracking_numbers == ["5787970539"]
    assert [(ln.line_ref, ln.product_code, ln.quantity_shipped) for ln in notice.lines] == [
        ("1", "87787D", 24),
        ("2", "99887D", 6),
    ]
    # S/O/P/I with a shipper's mark (MAN SM) instead of an SSCC.
    notice = validate_document(
        "shipment_notice",
        x12.shipment_notice_from_856(
            sample_set("apimeister__x12-types/856_test_856_xx.edi").segments
        ),
    )
    (package,) = notice.packages
    assert (notice.order_ref, package.package_ref, package.sscc) == (
        "DR3469500",
        "1Z54242X0357922222",
        None,
    )
    assert [(ln.line_ref, ln.product_code, ln.quantity_shipped) for ln in package.lines] == [
        ("001", "25901", 2)
    ]
