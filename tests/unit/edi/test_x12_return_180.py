"""X12 180: a customer's return request in, our acknowledgement out, and back again."""

import io

import pytest
from test_x12_documents import canonical, rows, write_and_read

from odoo.addons.integration_edi import x12
from odoo.addons.integration_edi.x12.documents import return_request_from_180

# A customer's 180 as its EDI system writes it: two serial numbers of one line in two BLI
# loops, a second line without lots, the reason per line.
REQUEST = [
    ("BGN", "13", "RMA-7781", "20261121"),
    ("RDR", "CR", "DM", None, "Damaged in transit"),
    ("PRF", "PO-1001"),
    ("N9", "SI", "WH/OUT/00012"),
    ("N1", "BY", "Acme Retail", "92", "ACME"),
    ("LX", "1"),
    ("BLI", "BP", "SERIAL-1", "1", "EA"),
    ("N9", "LI", "1"),
    ("N9", "LT", "SN-1"),
    ("BLI", "BP", "SERIAL-1", "1", "EA"),
    ("N9", "LI", "1"),
    ("N9", "LT", "SN-2"),
    ("RDR", None, "DM", None, "Dented"),
    ("LX", "2"),
    ("BLI", "UP", "012345678905", "3", "EA", None, None, None, "BP", "WIDGET-1"),
    ("RDR", None, "WI", None, "Wrong item"),
]


def read(body, **options):
    set_ = x12.OutgoingSet("180", 1, body)
    group = x12.GroupHeader("AN", "ACMEEDI", "HUBDISTRIB", "20261121", "0930", 5)
    header = x12.InterchangeHeader("ZZ", "ACMEEDI", "ZZ", "HUBDISTRIB", "261121", "0930", 5)
    data = x12.render_interchange(x12.Delimiters(), header, [x12.OutgoingGroup(group, [set_])])
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    return return_request_from_180(transaction_set.segments, **options)


def test_a_customers_180_is_a_canonical_return_request():
    document = canonical("return_request", read(REQUEST))
    assert document["rma_ref"] == "RMA-7781"
    assert document["status"] == "requested"
    assert (document["order_ref"], document["shipment_ref"]) == ("PO-1001", "WH/OUT/00012")
    assert document["customer"] == {
        "external_id": "ACME",
        "name": "Acme Retail",
        "email": None,
        "vat": None,
        "address": None,
    }
    assert (document["action"], document["reason_code"]) == ("credit", "DM")
    serials, widgets = document["lines"]
    assert (serials["line_ref"], serials["product_code"], serials["quantity"]) == (
        "1",
        "SERIAL-1",
        "2",
    )
    assert [lot["lot_name"] for lot in serials["lots"]] == ["SN-1", "SN-2"]
    assert (serials["reason_code"], serials["reason"]) == ("DM", "Dented")
    assert (widgets["product_code"], widgets["quantity"], widgets["lots"]) == ("WIDGET-1", "3", [])
    assert widgets["reason_code"] == "WI"


def test_the_customer_is_the_sender_when_no_buyer_is_named():
    body = [segment for segment in REQUEST if segment[0] != "N1"]
    assert read(body, sender_id="ACMEEDI")["customer"]["external_id"] == "ACMEEDI"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("BGN", "ZZ", "RMA-1", "20261121"), "BGN01: 'ZZ' is not a purpose"),
        (("RDR", "XX"), "RDR01: 'XX' is not a disposition"),
    ],
)
def test_unreadable_codes_are_named_with_their_element(change, error):
    body = [change if segment[0] == change[0] else segment for segment in REQUEST[:5]]
    body += REQUEST[5:9]
    with pytest.raises(x12.X12MappingError, match=error):
        read(body)


def test_a_return_without_lines_is_refused():
    with pytest.raises(x12.X12MappingError, match="BLI: a return needs at least one BLI line"):
        read(REQUEST[:5])


def test_acknowledgement_round_trip():
    ack = canonical(
        "return_request",
        {
            "rma_ref": "RMA-7781",
            "order_ref": "PO-1001",
            "shipment_ref": "WH/OUT/00012",
            "return_date": "2026-11-25",
            "customer": {"external_id": "ACME", "name": "Acme Retail"},
            "status": "received",
            "credit_note_ref": "RINV/2026/00003",
            "amount_total": "25.00",
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": "SERIAL-1",
                    "quantity": 2,
                    "quantity_received": 2,
                    "lots": [
                        {"lot_name": "SN-1", "quantity": 1},
                        {"lot_name": "SN-2", "quantity": 1},
                    ],
                }
            ],
        },
    )
    _set, body = write_and_read("return_request", ack)
    assert rows(body, "BGN") == [["06", "RMA-7781", "20261125"]]
    assert ["CM", "RINV/2026/00003"] in rows(body, "N9")
    assert rows(body, "BLI") == [["BP", "SERIAL-1", "1", "EA"], ["BP", "SERIAL-1", "1", "EA"]]
    again = canonical("return_request", return_request_from_180(body))
    assert again["status"] == "received"
    assert again["credit_note_ref"] == "RINV/2026/00003"
    assert again["shipment_ref"] == "WH/OUT/00012"
    assert again["lines"][0]["lots"] == ack["lines"][0]["lots"]
    assert again["lines"][0]["quantity"] == "2"
