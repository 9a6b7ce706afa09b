"""The writer: computed trailers, padded ISA, refused delimiters, and exact round trips."""

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from odoo.addons.integration_edi import x12

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/x12"
BYTE_FOR_BYTE = [
    "850_4010_tilde_newline.edi",
    "850_newline_terminator.edi",
    "850_5010_repetition.edi",
    "945_two_lots.edi",
    "997_partial.edi",
    "999_rejected.edi",
]
SAME_SEGMENTS = ["850_wrapped_80.edi", "850_bom_crlf_ctrlz.edi", "two_interchanges.edi"]
HEADER = x12.InterchangeHeader(
    sender_qualifier="ZZ",
    sender_id="HUBDISTRIB",
    receiver_qualifier="01",
    receiver_id="123456789",
    date="240401",
    time="0815",
    control_number=42,
)
DEFAULT_DELIMITERS = x12.Delimiters()
GROUP = x12.GroupHeader("PR", "HUBDISTRIB", "123456789", "20240401", "0815", 7)


def rewrite(data):
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok
    return b"".join(map(x12.rewrite_interchange, result.interchanges))


def segments(data):
    return [(s.tag, s.elements) for s in x12.iter_segments(io.BytesIO(data))]


def render(body, delimiters=DEFAULT_DELIMITERS, header=HEADER):
    outgoing = x12.OutgoingGroup(GROUP, [x12.OutgoingSet("855", 1, body)])
    return x12.render_interchange(delimiters, header, [outgoing])


@pytest.mark.parametrize("name", BYTE_FOR_BYTE)
def test_written_back_byte_for_byte(name):
    data = (FIXTURES / name).read_bytes()
    assert rewrite(data) == data


@pytest.mark.parametrize("name", SAME_SEGMENTS)
def test_written_back_to_the_same_segments(name):
    data = (FIXTURES / name).read_bytes()
    assert segments(rewrite(data)) == segments(data)


def test_envelope_values_and_trailers_are_computed():
    writer_output = io.BytesIO()
    writer = x12.X12Writer(writer_output, x12.Delimiters(suffix=""))
    writer.start_interchange(HEADER)
    writer.start_group(GROUP)
    for control in (1, 2):
        writer.start_set("855", control)
        writer.write_segment("BAK", "00", "AD", f"PO-{control}", "20240401")
        writer.end_set()
    writer.end_group()
    writer.end_interchange()
    text = writer_output.getvalue().decode()
    assert text == (
        "ISA*00*          *00*          *ZZ*HUBDISTRIB     *01*123456789      *240401*0815*U*"
        "00401*000000042*0*P*>~"
        "GS*PR*HUBDISTRIB*123456789*20240401*0815*7*X*004010~"
        "ST*855*0001~BAK*00*AD*PO-1*20240401~SE*3*0001~"
        "ST*855*0002~BAK*00*AD*PO-2*20240401~SE*3*0002~"
        "GE*2*7~IEA*1*000000042~"
    )
    assert len(text.split("~")[0]) + 1 == x12.reader.ISA_LENGTH


def test_composites_repetitions_and_trailing_empty_elements():
    delimiters = x12.Delimiters(component=":", repetition="^")
    header = replace(HEADER, version="00501")
    data = render(
        [("REF", "ZZ", ["A", ("B", "C", "")], None, "", ""), ("N1", "ST", None)], delimiters, header
    )
    assert b"REF*ZZ*A^B:C~\nN1*ST~\n" in data
    assert b"*^*00501*" in data


@pytest.mark.parametrize(
    ("value", "found"),
    [("A*B", "*"), ("A>B", ">"), ("A~B", "~"), ("A\nB", "\n")],
)
def test_data_containing_a_delimiter_is_refused(value, found):
    message = f"BAK03 value {value!r} contains {found!r}, a delimiter"
    with pytest.raises(x12.X12WriteError, match=re.escape(message)):
        render([("BAK", "00", "AD", value)])


def test_isa_values_are_checked_too():
    with pytest.raises(x12.X12WriteError, match=re.escape("ISA06 value 'HUB*DIST' contains")):
        render([], header=replace(HEADER, sender_id="HUB*DIST"))
    with pytest.raises(x12.X12WriteError, match="ISA08 .* longer than 15 characters"):
        render([], header=replace(HEADER, receiver_id="1234567890123456"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "2404"}, "ISA09 '2404' must be 6 characters long"),
        ({"sender_qualifier": "Z"}, "ISA05 'Z' must be 2 characters long"),
        ({"control_number": "42"}, "ISA13 '42' must be 9 characters long"),
        ({"usage": "X"}, "ISA15 'X' is not one of P, T, I"),
        ({"ack_requested": "2"}, "ISA14 '2' is not one of 0, 1"),
    ],
)
def test_isa_values_must_fit_their_fixed_width(change, message):
    with pytest.raises(x12.X12WriteError, match=re.escape(message)):
        render([], header=replace(HEADER, **change))


def test_repetition_separator_follows_the_version():
    with pytest.raises(x12.X12WriteError, match="ISA12=00501 needs a repetition separator"):
        render([], header=replace(HEADER, version="00501", standards_id=""))
    with pytest.raises(x12.X12WriteError, match="ISA12=00401 has no repetition separator"):
        render([], delimiters=x12.Delimiters(repetition="^"))
    with pytest.raises(x12.X12WriteError, match="BAK01 repeats but"):
        render([("BAK", ["00", "01"])])


@pytest.mark.parametrize(
    "delimiters",
    [x12.Delimiters(element="~"), x12.Delimiters(component="A"), x12.Delimiters(segment="**")],
)
def test_unusable_delimiters_are_refused(delimiters):
    with pytest.raises(x12.X12WriteError, match="delimiters must"):
        x12.X12Writer(io.BytesIO(), delimiters)


def test_envelope_order_is_enforced():
    writer = x12.X12Writer(io.BytesIO(), x12.Delimiters())
    with pytest.raises(x12.X12WriteError, match="GS can only be written inside an interchange"):
        writer.start_group(GROUP)
    writer.start_interchange(HEADER)
    with pytest.raises(x12.X12WriteError, match="ST can only be written inside a group"):
        writer.start_set("855", 1)
    writer.start_group(GROUP)
    with pytest.raises(x12.X12WriteError, match="IEA can only be written after"):
        writer.end_interchange()


def test_values_must_be_formatted_as_text():
    with pytest.raises(x12.X12WriteError, match="PO102: 12 is a int; format it as text"):
        render([("PO1", "1", 12)])


def test_ta1_only_interchange():
    data = x12.render_interchange(
        x12.Delimiters(), HEADER, ta1_segments=[("TA1", "000000101", "240315", "0930", "A", "000")]
    )
    assert data.endswith(b"TA1*000000101*240315*0930*A*000~\nIEA*0*000000042~\n")
    (interchange,) = x12.validate(io.BytesIO(data)).interchanges
    assert interchange.accepted
    assert [s.elements for s in interchange.ta1_segments] == [
        ["000000101", "240315", "0930", "A", "000"]
    ]
