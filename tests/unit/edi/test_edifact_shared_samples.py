"""The public pydifact samples behave as /work/shared/edi-samples/SOURCES.md describes them."""

from datetime import date, datetime

import pytest
from shared_samples import SAMPLES as SHARED

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi.edifact import (
    InterchangeRejected,
    Segment,
    contrl_message,
    order_from_orders,
    read_contrl,
    read_interchanges,
    serialize,
    write_contrl,
)

SAMPLES = SHARED / "nerdocs__pydifact"
EDIFACT_SAMPLES = ("order.edi", "invoice1.edi", "invoice_with_colon_at_end.edi")
VALID_SAMPLES = ("invoice1.edi", "invoice_with_colon_at_end.edi")

if not SAMPLES.is_dir():
    pytest.skip(f"shared samples not found at {SAMPLES}", allow_module_level=True)


def read(name):
    (interchange,) = read_interchanges(SAMPLES / name)
    return interchange


def test_every_sample_is_an_edifact_file_we_read():
    assert sorted(p.name for p in SAMPLES.iterdir()) == sorted(EDIFACT_SAMPLES)
    for name in EDIFACT_SAMPLES:
        assert read(name).messages


def test_order_without_unz_is_rejected_naming_the_missing_trailer():
    interchange = read("order.edi")
    assert (interchange.syntax_id, interchange.syntax_version) == ("UNOA", "4")
    assert interchange.una and interchange.separators.decimal == ","
    assert str(interchange.messages[0].message_type) == "ORDERS:D:96A:UN:EAN008"
    (error,) = interchange.all_errors()
    assert (error.level, error.code, error.segment, error.interchange_ref) == (
        "interchange",
        "13",
        "UNZ",
        "807",
    )
    assert error.text == "no UNZ for UNB 807"
    with pytest.raises(InterchangeRejected, match="interchange 807 rejected: no UNZ for UNB 807"):
        interchange.raise_for_errors()


def test_order_contrl_rejects_the_interchange():
    interchange = read("order.edi")
    message = contrl_message(interchange)
    assert str(message.message_type) == "CONTRL:4:1:UN"
    assert message.body == [
        Segment("UCI", [["807"], ["12345678", "8"], ["WBDZDD", "ZZ"], ["4"], ["13"], ["UNZ"]]),
        Segment("UCM", [["1"], ["ORDERS", "D", "96A", "UN", "EAN008"], ["4"]]),
    ]
    data = write_contrl(interchange, "CTL807", datetime(2024, 5, 1, 10, 30), line_end="\n")
    assert data.decode().splitlines() == [
        "UNA:+,? '",
        "UNB+UNOA:4+WBDZDD:ZZ+12345678:8+20240501:1030+CTL807'",
        "UNH+1+CONTRL:4:1:UN'",
        "UCI+807+12345678:8+WBDZDD:ZZ+4+13+UNZ'",
        "UCM+1+ORDERS:D:96A:UN:EAN008+4'",
        "UNT+4+1'",
        "UNZ+1+CTL807'",
    ]
    interchange_ack, message_ack = read_contrl(data)
    assert interchange_ack == {
        "ack_ref": "CTL807:1",
        "acknowledged_ref": "807",
        "status": "rejected",
        "errors": [
            {"segment": "UNZ", "element": None, "code": "13", "description": "missing (13) in UNZ"}
        ],
    }
    assert (message_ack["acknowledged_ref"], message_ack["status"]) == ("807:1", "rejected")
    validate_document("functional_ack", interchange_ack)


def test_order_message_content_still_maps_to_a_valid_order():
    order = validate_document("order", order_from_orders(read("order.edi").messages[0]))
    assert (order.order_ref, order.order_date, order.requested_delivery_date) == (
        "801715918011",
        date(2015, 8, 3),
        date(2015, 8, 6),
    )
    assert order.customer.external_id == "8711576000012"
    assert order.ship_to.external_id == "8711576100019"
    assert [(line.line_ref, line.gtin, line.quantity) for line in order.lines] == [
        ("1", "5020436373085", 8),
        ("2", "5020436373108", 8),
    ]


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_invoices_have_valid_envelopes(name):
    interchange = read(name)
    assert interchange.is_valid
    assert interchange.control_ref == "PAYO0012101221"
    assert (interchange.syntax_id, interchange.syntax_version, interchange.una) == (
        "UNOA",
        "1",
        False,
    )
    (message,) = interchange.messages
    assert str(message.message_type) == "INVOIC:D:97A:UN"
    assert len(message.segments) == int(message.trailer.value(0)) == 24
    assert [s.tag for s in contrl_message(interchange).body] == ["UCI", "UCM"]
    assert contrl_message(interchange).body[0].value(3) == "7"


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_invoices_round_trip_to_the_same_segments(name):
    interchange = read(name)
    text = serialize(interchange.segments(), interchange.separators, una=interchange.una)
    (again,) = read_interchanges(text)
    assert list(again.segments()) == list(interchange.segments())
    with_newlines = serialize(
        interchange.segments(), interchange.separators, una=interchange.una, line_end="\n"
    )
    assert with_newlines.encode("ascii") == (SAMPLES / name).read_bytes()


def test_trailing_component_separator_is_an_empty_component():
    body = read("invoice_with_colon_at_end.edi").messages[0].body
    vat = [s for s in body if s.tag == "RFF" and s.value(0) == "VA"]
    assert vat[0] == Segment("RFF", [["VA", "382324067", ""]])
    plain = [s for s in read("invoice1.edi").messages[0].body if s.tag == "RFF"]
    assert plain[0] == Segment("RFF", [["VA", "382324067"]])
