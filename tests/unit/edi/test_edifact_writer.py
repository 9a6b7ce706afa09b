from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.integration_edi.edifact import (
    EdifactError,
    InterchangeHeader,
    MessageType,
    OutboundGroup,
    OutboundMessage,
    PartyId,
    Segment,
    Separators,
    read_interchanges,
    serialize,
    write_interchange,
)

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"
PREPARED = datetime(2024, 5, 1, 10, 30)
ORDERS = MessageType("ORDERS", "D", "96A", "UN", "EAN008")


def header(**overrides):
    values = {
        "sender": PartyId("4012345000009", "14"),
        "recipient": PartyId("5412345000013", "14"),
        "control_ref": "OUT1",
        "prepared": PREPARED,
    }
    values.update(overrides)
    return InterchangeHeader(**values)


def message(ref="1", *body):
    return OutboundMessage(ref, ORDERS, list(body) or [Segment.build("BGM", "220", "PO-1", "9")])


def read_one(data):
    (interchange,) = read_interchanges(data)
    return interchange


def rewrite(interchange, **kw):
    return serialize(interchange.segments(), interchange.separators, una=interchange.una, **kw)


@pytest.mark.parametrize(
    "name",
    [
        "orders_d96a_una.edi",
        "orders_no_una.edi",
        "orders_unoy_bom.edi",
        "groups_ung_une.edi",
        "two_interchanges.edi",
    ],
)
def test_round_trip_with_own_separators_keeps_segments_and_elements(name):
    for interchange in read_interchanges(FIXTURES / name):
        again = read_one(rewrite(interchange))
        assert list(again.segments()) == list(interchange.segments())
        assert again.separators == interchange.separators
        assert again.is_valid


def test_round_trip_is_byte_identical_for_a_single_line_file():
    raw = (FIXTURES / "orders_no_una.edi").read_bytes()
    assert rewrite(read_one(raw)).encode("ascii") == raw


def test_round_trip_keeps_a_non_default_una_and_its_releases():
    first, _ = read_interchanges(FIXTURES / "two_interchanges.edi")
    text = rewrite(first, line_end="\n")
    assert text.startswith("UNA:*.# ~\nUNB*UNOB:3*")
    assert "BGM*220*PO#*7#~A*9~\n" in text


def test_writer_computes_counts_and_default_envelope():
    data = write_interchange(header(), [message("1"), message("2")])
    assert data == (
        b"UNB+UNOC:3+4012345000009:14+5412345000013:14+240501:1030+OUT1'"
        b"UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-1+9'UNT+3+1'"
        b"UNH+2+ORDERS:D:96A:UN:EAN008'BGM+220+PO-1+9'UNT+3+2'"
        b"UNZ+2+OUT1'"
    )
    assert read_one(data).is_valid


def test_partner_separators_release_and_decimal_mark():
    separators = Separators(decimal=",", release="?")
    body = [
        Segment.build("NAD", "BY", None, None, "O'Brien + Sons: 50?"),
        Segment.build("MOA", ("203", Decimal("1234.50"))),
    ]
    data = write_interchange(header(separators=separators), [message("1", *body)])
    text = data.decode()
    assert text.startswith("UNA:+,? 'UNB+")
    assert "NAD+BY+++O?'Brien ?+ Sons?: 50??'" in text
    assert "MOA+203:1234,50'" in text
    nad = read_one(data).messages[0].body[0]
    assert nad.value(3) == "O'Brien + Sons: 50?"


def test_una_on_request_test_indicator_ack_request_and_syntax_4_date():
    data = write_interchange(
        header(
            force_una=True,
            test=True,
            ack_request=True,
            syntax_id="UNOY",
            syntax_version="4",
            application_ref="ORDERS",
        ),
        [message()],
        line_end="\n",
    )
    lines = data.decode().splitlines()
    assert lines[0] == "UNA:+.? '"
    assert lines[1] == (
        "UNB+UNOY:4+4012345000009:14+5412345000013:14+20240501:1030+OUT1++ORDERS++1++1'"
    )
    interchange = read_one(data)
    assert interchange.test and interchange.una


def test_groups_get_ung_une_and_unz_counts_groups():
    groups = [
        OutboundGroup("G1", [message("1"), message("2")]),
        OutboundGroup("G2", [message("3")], sender=PartyId("APP", "ZZ")),
    ]
    data = write_interchange(header(), groups, line_end="\n")
    lines = data.decode().splitlines()
    assert (
        lines[1] == "UNG+ORDERS+4012345000009:14+5412345000013:14+240501:1030+G1+UN+D:96A:EAN008'"
    )
    assert "UNE+2+G1'" in lines and "UNE+1+G2'" in lines
    assert lines[-1] == "UNZ+2+OUT1'"
    interchange = read_one(data)
    assert interchange.is_valid
    assert interchange.groups[1].header.element(1) == ["APP", "ZZ"]


def test_utf8_and_latin1_are_encoded_for_their_syntax_identifier():
    body = [Segment.build("NAD", "BY", None, None, "Łódź")]
    data = write_interchange(header(syntax_id="UNOY"), [message("1", *body)])
    assert "Łódź".encode() in data
    with pytest.raises(EdifactError, match="cannot be written in UNOC"):
        write_interchange(header(syntax_id="UNOC"), [message("1", *body)])


@pytest.mark.parametrize(
    ("content", "overrides", "text"),
    [
        ([], {}, "has no message to send"),
        ([message("1"), OutboundGroup("G1", [message("2")])], {}, "either groups or messages"),
        ([message("1"), message("1")], {}, "message reference 1 is used twice"),
        ([message("1")], {"control_ref": "X" * 15}, "UNB0020 'XXXXXXXXXXXXXXX' must be 1 to 14"),
        ([OutboundGroup("G1", [])], {}, "group G1 has no message"),
        ([message("1", Segment.build("QTY", ("21", 1.5)))], {}, "cannot write 1.5 (float)"),
    ],
)
def test_writer_refuses_what_a_partner_would_reject(content, overrides, text):
    with pytest.raises(EdifactError, match=text.replace("(", r"\(").replace(")", r"\)")):
        write_interchange(header(**overrides), content)


def test_no_release_character_refuses_data_holding_a_separator():
    separators = Separators(release=" ")
    body = [Segment.build("FTX", "AAI", None, None, "a+b")]
    with pytest.raises(EdifactError, match="holds a separator"):
        write_interchange(header(separators=separators), [message("1", *body)])
