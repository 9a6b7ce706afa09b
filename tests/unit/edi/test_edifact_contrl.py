from datetime import datetime
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi.edifact import (
    EdifactMappingError,
    contrl_message,
    order_from_orders,
    read_contrl,
    read_interchanges,
    write_contrl,
)
from odoo.addons.integration_edi.edifact.writer import format_segment

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"
PREPARED = datetime(2024, 5, 8, 7, 15)


def only(name):
    (interchange,) = read_interchanges(FIXTURES / name)
    return interchange


def body(interchange, **kw):
    message = contrl_message(interchange, **kw)
    return [format_segment(segment) for segment in message.body]


def acks(data):
    found = read_contrl(data)
    for ack in found:
        validate_document("functional_ack", ack)
    return found


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("orders_no_una.edi", "CONTRL:2:2:UN"),
        ("orders_d96a_una.edi", "CONTRL:D:3:UN"),
        ("orders_unoy_bom.edi", "CONTRL:4:1:UN"),
    ],
)
def test_contrl_version_follows_the_syntax_version(name, version):
    assert str(contrl_message(only(name)).message_type) == version


def test_valid_interchange_is_acknowledged_per_message():
    assert body(only("orders_d96a_una.edi")) == [
        "UCI+ORD24050101+5412345000013:14+4012345000009:14+7",
        "UCM+M1+ORDERS:D:96A:UN:EAN008+7",
    ]


def test_received_only_confirms_receipt_without_message_verdicts():
    assert body(only("orders_d96a_una.edi"), received_only=True) == [
        "UCI+ORD24050101+5412345000013:14+4012345000009:14+8",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "broken_unt_count.edi",
            ["UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+7", "UCM+1+ORDERS:D:96A:UN+4+29+UNT+1"],
        ),
        (
            "broken_unh_unt_ref.edi",
            ["UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+7", "UCM+MSG1+ORDERS:D:96A:UN+4+28+UNT+2"],
        ),
        (
            "broken_unz_count.edi",
            ["UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+4+29+UNZ+1", "UCM+1+ORDERS:D:96A:UN+4"],
        ),
        (
            "broken_unb_unz_ref.edi",
            ["UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+4+28+UNZ+2", "UCM+1+ORDERS:D:96A:UN+4"],
        ),
        (
            "broken_missing_unz.edi",
            ["UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+4+13+UNZ", "UCM+1+ORDERS:D:96A:UN+4"],
        ),
        (
            "broken_duplicate_message_ref.edi",
            [
                "UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+7",
                "UCM+1+ORDERS:D:96A:UN+7",
                "UCM+1+ORDERS:D:96A:UN+4+26+UNH+1",
            ],
        ),
    ],
)
def test_broken_envelopes_are_reported_with_their_error_codes(name, expected):
    assert body(only(name)) == expected


def test_groups_get_a_ucf_each():
    assert body(only("groups_ung_une.edi")) == [
        "UCI+GRP0001+SENDER1:ZZ+RECEIVER1:ZZ+7",
        "UCF+G1+SENDAPP:ZZ+RECVAPP:ZZ+7",
        "UCM+1+ORDERS:D:96A:UN+7",
        "UCM+2+ORDERS:D:96A:UN+7",
        "UCF+G2+SENDAPP:ZZ+RECVAPP:ZZ+7",
        "UCM+3+DESADV:D:96A:UN+7",
    ]


def test_mapping_errors_become_segment_and_element_errors():
    interchange = only("orders_bad_gtin.edi")
    for message in interchange.messages:
        try:
            order_from_orders(message)
        except EdifactMappingError as error:
            message.add_mapping_error(error)
    assert body(interchange) == [
        "UCI+ORD24050701+5412345000013:14+4012345000009:14+7",
        "UCM+1+ORDERS:D:96A:UN:EAN008+4",
        "UCS+5",
        "UCD+12+3:1",
        "UCM+2+ORDERS:D:96A:UN:EAN008+7",
    ]


def test_missing_segment_is_a_message_level_error():
    interchange = only("orders_d96a_una.edi")
    message = interchange.messages[0]
    message.add_mapping_error(EdifactMappingError("BGM", None, "no BGM", code="13"))
    assert body(interchange)[1] == "UCM+M1+ORDERS:D:96A:UN:EAN008+4+13"


def test_written_contrl_is_a_valid_interchange_addressed_back():
    original = only("broken_unt_count.edi")
    data = write_contrl(original, "CTL0001", PREPARED, line_end="\n")
    assert data.decode().splitlines() == [
        "UNB+UNOA:3+RECEIVER3:ZZ+SENDER3:ZZ+240508:0715+CTL0001'",
        "UNH+1+CONTRL:D:3:UN'",
        "UCI+BRK1+SENDER3:ZZ+RECEIVER3:ZZ+7'",
        "UCM+1+ORDERS:D:96A:UN+4+29+UNT+1'",
        "UNT+4+1'",
        "UNZ+1+CTL0001'",
    ]
    (reply,) = read_interchanges(data)
    assert reply.is_valid


def test_generated_contrl_reads_back_into_functional_acks():
    interchange = only("orders_bad_gtin.edi")
    message = interchange.messages[0]
    with pytest.raises(EdifactMappingError) as info:
        order_from_orders(message)
    message.add_mapping_error(info.value)
    assert acks(write_contrl(interchange, "CTL0002", PREPARED)) == [
        {
            "ack_ref": "CTL0002:1",
            "acknowledged_ref": "ORD24050701",
            "status": "accepted_with_errors",
            "errors": [],
        },
        {
            "ack_ref": "CTL0002:1",
            "acknowledged_ref": "ORD24050701:1",
            "status": "rejected",
            "errors": [
                {
                    "segment": "5",
                    "element": "3:1",
                    "code": "12",
                    "description": "invalid value (12) in segment 5 element 3:1",
                }
            ],
        },
        {
            "ack_ref": "CTL0002:1",
            "acknowledged_ref": "ORD24050701:2",
            "status": "accepted",
            "errors": [],
        },
    ]


def test_rejected_interchange_reads_back_as_rejected():
    data = write_contrl(only("broken_unz_count.edi"), "CTL0003", PREPARED)
    interchange_ack, message_ack = acks(data)
    assert interchange_ack["status"] == "rejected"
    assert interchange_ack["errors"] == [
        {
            "segment": "UNZ",
            "element": "1",
            "code": "29",
            "description": "control count does not match number of instances received (29) "
            "in UNZ element 1",
        },
    ]
    assert message_ack["acknowledged_ref"] == "BRK1:1"
    assert message_ack["status"] == "rejected"


def test_partner_contrl_file_is_read():
    interchange_ack, first, second = acks(FIXTURES / "contrl_from_partner.edi")
    assert interchange_ack["acknowledged_ref"] == "OUR0042"
    assert interchange_ack["status"] == "accepted_with_errors"
    assert (first["acknowledged_ref"], first["status"]) == ("OUR0042:1", "accepted")
    assert (second["acknowledged_ref"], second["status"]) == ("OUR0042:2", "rejected")
    assert [(e["segment"], e["element"], e["code"]) for e in second["errors"]] == [
        ("7", None, "13"),
        ("9", "3:1", "12"),
    ]
    assert {a["ack_ref"] for a in (interchange_ack, first, second)} == {"PC001:PC001"}


def test_group_verdicts_are_folded_into_the_interchange_ack():
    text = (
        "UNB+UNOA:3+R+S+240101:1200+C9'UNH+1+CONTRL:D:3:UN'UCI+IC7+S+R+7'"
        "UCF+G1+S+R+4+29+UNE+1'UCM+1+ORDERS:D:96A:UN+4'UNT+5+1'UNZ+1+C9'"
    )
    interchange_ack, message_ack = acks(text)
    assert interchange_ack["status"] == "accepted_with_errors"
    assert interchange_ack["errors"] == [
        {
            "segment": "UNG",
            "code": "29",
            "description": "group G1 rejected: control count does "
            "not match number of instances received (29)",
        },
    ]
    assert message_ack["acknowledged_ref"] == "IC7:1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("UNH+1+ORDERS:D:96A:UN'UCI+IC7+S+R+7'UNT+3+1'", "is ORDERS, not CONTRL"),
        ("UNH+1+CONTRL:D:3:UN'UCM+1+ORDERS:D:96A:UN+7'UNT+3+1'", "does not start with UCI"),
        ("UNH+1+CONTRL:D:3:UN'UCI+IC7+S+R+5'UNT+3+1'", "action code '5' is unknown"),
        ("UNH+1+CONTRL:D:3:UN'UCI+IC7+S+R+7'BGM+1'UNT+4+1'", "is not a CONTRL segment"),
        ("UNH+1+CONTRL:D:3:UN'UNT+2+1'", "has no UCI"),
    ],
)
def test_unreadable_contrl_raises(text, message):
    with pytest.raises(EdifactMappingError, match=message):
        read_contrl(f"UNB+UNOA:3+R+S+240101:1200+C9'{text}UNZ+1+C9'")
