import re
from pathlib import Path

import pytest

from odoo.addons.integration_edi.edifact import (
    EnvelopeError,
    InterchangeRejected,
    MessageType,
    PartyId,
    read_interchanges,
)

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"


def interchanges(name):
    return list(read_interchanges(FIXTURES / name))


def only(name):
    (interchange,) = interchanges(name)
    return interchange


def error_summary(interchange):
    return [
        (e.level, e.code, e.segment, e.element, e.interchange_ref, e.message_ref, e.text)
        for e in interchange.all_errors()
    ]


@pytest.mark.parametrize(
    "name",
    ["orders_d96a_una.edi", "orders_no_una.edi", "orders_unoy_bom.edi", "groups_ung_une.edi"],
)
def test_valid_interchanges_have_no_errors(name):
    interchange = only(name)
    assert interchange.is_valid
    interchange.raise_for_errors()


def test_unb_and_unh_are_read():
    interchange = only("orders_d96a_una.edi")
    assert interchange.control_ref == "ORD24050101"
    assert (interchange.syntax_id, interchange.syntax_version) == ("UNOC", "3")
    assert interchange.sender == PartyId("5412345000013", "14")
    assert interchange.recipient == PartyId("4012345000009", "14")
    assert interchange.application_ref == "ORDERS"
    assert interchange.test is False
    (message,) = interchange.messages
    assert message.ref == "M1"
    assert message.message_type == MessageType("ORDERS", "D", "96A", "UN", "EAN008")
    assert str(message.message_type) == "ORDERS:D:96A:UN:EAN008"
    assert [s.tag for s in message.body][:2] == ["BGM", "DTM"]
    assert message.body[-1].tag == "CNT"
    assert message.trailer.tag == "UNT"


def test_test_indicator_is_read_from_unb0035():
    assert only("orders_no_una.edi").test is True


def test_groups_are_counted_by_unz_and_messages_by_une():
    interchange = only("groups_ung_une.edi")
    assert [g.ref for g in interchange.groups] == ["G1", "G2"]
    assert [len(g.messages) for g in interchange.groups] == [2, 1]
    assert [(m.ref, m.group_ref) for m in interchange.messages] == [
        ("1", "G1"),
        ("2", "G1"),
        ("3", "G2"),
    ]


def test_two_interchanges_in_one_file():
    first, second = interchanges("two_interchanges.edi")
    assert (first.control_ref, first.una, first.separators.element) == ("IC1", True, "*")
    assert (second.control_ref, second.una, second.separators.element) == ("IC2", False, "+")
    assert first.is_valid and second.is_valid
    assert second.messages[0].body[0].value(1) == "PO+8'B"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "broken_unt_count.edi",
            (
                "message",
                "29",
                "UNT",
                (1, None),
                "BRK1",
                "1",
                "UNT counts 5 segments, message 1 (UNH to UNT) has 4",
            ),
        ),
        (
            "broken_unh_unt_ref.edi",
            (
                "message",
                "28",
                "UNT",
                (2, None),
                "BRK1",
                "MSG1",
                "UNT reference MSG2 does not match UNH reference MSG1",
            ),
        ),
        (
            "broken_unz_count.edi",
            (
                "interchange",
                "29",
                "UNZ",
                (1, None),
                "BRK1",
                None,
                "UNZ counts 3 messages, interchange BRK1 has 1",
            ),
        ),
        (
            "broken_unb_unz_ref.edi",
            (
                "interchange",
                "28",
                "UNZ",
                (2, None),
                "BRK1",
                None,
                "UNZ reference BRK2 does not match UNB reference BRK1",
            ),
        ),
        (
            "broken_missing_unz.edi",
            ("interchange", "13", "UNZ", None, "BRK1", None, "no UNZ for UNB BRK1"),
        ),
        (
            "broken_duplicate_message_ref.edi",
            (
                "message",
                "26",
                "UNH",
                (1, None),
                "BRK1",
                "1",
                "message reference 1 appears twice in interchange BRK1",
            ),
        ),
    ],
)
def test_broken_envelopes_name_the_problem(name, expected):
    interchange = only(name)
    assert error_summary(interchange) == [expected]
    message = re.escape(f"interchange BRK1 rejected: {expected[-1]}")
    with pytest.raises(InterchangeRejected, match=message):
        interchange.raise_for_errors()


def test_duplicate_reference_is_reported_on_the_second_message():
    first, second = only("broken_duplicate_message_ref.edi").messages
    assert first.errors == [] and len(second.errors) == 1


def test_missing_unt_is_reported_when_the_next_message_starts():
    text = (
        "UNB+UNOA:3+S+R+240101:1200+X1'UNH+1+ORDERS:D:96A:UN'BGM+220+A+9'"
        "UNH+2+ORDERS:D:96A:UN'BGM+220+B+9'UNT+3+2'UNZ+2+X1'"
    )
    interchange = next(read_interchanges(text))
    assert error_summary(interchange) == [
        ("message", "13", "UNT", None, "X1", "1", "no UNT for UNH 1")
    ]


def test_missing_une_and_mixed_groups_and_messages():
    text = (
        "UNB+UNOA:3+S+R+240101:1200+X2'UNH+1+ORDERS:D:96A:UN'UNT+2+1'"
        "UNG+ORDERS+S+R+240101:1200+G1+UN+D:96A'UNH+2+ORDERS:D:96A:UN'UNT+2+2'UNZ+2+X2'"
    )
    errors = error_summary(next(read_interchanges(text)))
    assert [(level, code, text) for level, code, *_, text in errors] == [
        ("interchange", "30", "UNG after messages that are outside any group"),
        ("interchange", "29", "UNZ counts 2 groups, interchange X2 has 1"),
        ("group", "13", "no UNE for UNG G1"),
    ]


def test_service_segment_checks():
    text = (
        "UNB+UNOX:5+S+R+240101:1200+X3'UNH++ORDERS:D:96A:UN'BGM+220+A+9'UNT+3++9'"
        "BGM+220+B+9'UNZ+x+X3'"
    )
    errors = [
        (e.level, e.code, e.element, e.text) for e in next(read_interchanges(text)).all_errors()
    ]
    assert errors == [
        ("interchange", "2", (1, 1), "syntax identifier UNOX is not supported"),
        ("interchange", "2", (1, 2), "syntax version 5 is not supported"),
        ("interchange", "33", None, "BGM at segment 5 (offset 72) is outside a message"),
        ("interchange", "12", (1, None), "UNZ count 'x' is not a number"),
        ("message", "13", (1, None), "UNH 0062 message reference is missing"),
        ("message", "16", (3, None), "UNT has 3 data elements, at most 2"),
        ("message", "13", (2, None), "UNT 0062 message reference is missing"),
    ]


def test_segment_before_unb_raises():
    with pytest.raises(EnvelopeError, match="UNH at segment 1 .* comes before any UNB") as info:
        list(read_interchanges("UNH+1+ORDERS:D:96A:UN'UNT+2+1'"))
    assert info.value.code == "13"
