"""TA1, 997 and 999 generated from validation results, and incoming 997/999 read back."""

import io
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import x12

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/x12"


def fixture(name, **options):
    return x12.validate(io.BytesIO((FIXTURES / name).read_bytes()), **options)


def only_group(result):
    (interchange,) = result.interchanges
    (group,) = interchange.groups
    return group


def ack_interchange(group, kind=None):
    """The whole interchange a hub would send back for ``group``."""
    interchange = group.interchange
    header = interchange.header.reply(900, "240316", "0700")
    outgoing = x12.functional_ack(group, 1, kind)
    gs = x12.ack_group_header(group, 900, "20240316", "0700", kind)
    return x12.render_interchange(
        interchange.delimiters, header, [x12.OutgoingGroup(gs, [outgoing])]
    )


def read_acks(data):
    result = x12.validate(io.BytesIO(data), keep_segments=True)
    assert result.ok, list(result.all_errors())
    (transaction_set,) = result.transaction_sets()
    acks = x12.functional_acks_from(transaction_set.segments, transaction_set.reference)
    return [validate_document("functional_ack", ack) for ack in acks]


@pytest.mark.parametrize(
    ("name", "ta1"),
    [
        ("850_4010_tilde_newline.edi", ("A", "000")),
        ("broken_iea01.edi", ("R", "021")),
        ("broken_isa13_iea02.edi", ("R", "001")),
        ("broken_missing_iea.edi", ("R", "023")),
        ("broken_se01.edi", ("A", "000")),  # a set error is for the 997, not the TA1
    ],
)
def test_ta1(name, ta1):
    (interchange,) = fixture(name).interchanges
    assert x12.ta1_segment(interchange) == ("TA1", "000000101", "240315", "0930", *ta1)


@pytest.mark.parametrize(
    ("name", "responses", "ak9"),
    [
        ("850_4010_tilde_newline.edi", [("AK5", "A"), ("AK5", "A")], ("A", "2", "2", "2")),
        ("broken_se01.edi", [("AK5", "R", "4"), ("AK5", "A")], ("P", "2", "2", "1")),
        ("broken_st02_se02.edi", [("AK5", "R", "3"), ("AK5", "A")], ("P", "2", "2", "1")),
        ("broken_missing_se.edi", [("AK5", "R", "2"), ("AK5", "A")], ("P", "2", "2", "1")),
        ("broken_duplicate_st02.edi", [("AK5", "A"), ("AK5", "R", "23")], ("P", "2", "2", "1")),
        ("broken_ge01.edi", [("AK5", "A"), ("AK5", "A")], ("R", "3", "2", "2", "5")),
        ("broken_gs06_ge02.edi", [("AK5", "A"), ("AK5", "A")], ("R", "2", "2", "2", "4")),
    ],
)
def test_997_per_set_and_group(name, responses, ak9):
    outgoing = x12.functional_ack(only_group(fixture(name)), 5)
    assert (outgoing.type, outgoing.control_number, outgoing.implementation) == ("997", 5, "")
    ak2s = [("AK2", "850", "0001"), ("AK2", "850", "0002" if "duplicate" not in name else "0001")]
    assert outgoing.segments == [
        ("AK1", "PO", "101"),
        ak2s[0],
        responses[0],
        ak2s[1],
        responses[1],
        ("AK9", *ak9),
    ]


def test_mapping_error_becomes_ak3_ak4():
    result = fixture("850_4010_tilde_newline.edi", keep_segments=True)
    group = only_group(result)
    first = group.sets[0]
    po1 = next(s for s in first.segments if s.tag == "PO1" and s.get(1) == "2")
    po1.parts[2] = "6X"
    with pytest.raises(x12.X12MappingError) as info:
        x12.order_from_850(first.segments)
    assert str(info.value) == f"PO102: '6X' is not a number (segment 21 (PO1) at byte {po1.offset})"
    first.segment_errors.append(info.value.segment_error(first))
    assert x12.functional_ack(group, 1).segments[1:5] == [
        ("AK2", "850", "0001"),
        ("AK3", "PO1", "19", "", "8"),
        ("AK4", "2", "", "6", "6X"),
        ("AK5", "R", "5"),
    ]
    assert x12.functional_ack(group, 1, kind="999").segments[1:5] == [
        ("AK2", "850", "0001"),
        ("IK3", "PO1", "19", "", "8"),
        ("IK4", "2", "", "6", "6X"),
        ("IK5", "R", "5"),
    ]


def test_missing_segment_becomes_ak3_code_3():
    result = fixture("850_4010_tilde_newline.edi", keep_segments=True)
    group = only_group(result)
    first = group.sets[0]
    body = [segment for segment in first.segments if segment.tag != "BEG"]
    with pytest.raises(x12.X12MappingError, match="BEG: required segment is missing") as info:
        x12.order_from_850(body)
    first.segment_errors.append(info.value.segment_error(first))
    assert ("AK3", "BEG", "23", "", "3") in x12.functional_ack(group, 1).segments


def test_our_997_reads_back_as_canonical_acks():
    acks = read_acks(ack_interchange(only_group(fixture("broken_se01.edi"))))
    assert [(a.ack_ref, a.acknowledged_ref, a.status) for a in acks] == [
        ("900:0001", "101", "accepted_with_errors"),
        ("900:0001", "101:0001", "rejected"),
        ("900:0001", "101:0002", "accepted"),
    ]
    assert [(e.code, e.description) for e in acks[1].errors] == [
        ("4", "Number of included segments does not match actual count")
    ]


def test_our_999_for_a_5010_group_reads_back():
    data = ack_interchange(only_group(fixture("850_5010_repetition.edi")))
    assert b"ST|999|0001|005010X231A1~AK1|PO|207|005010~AK2|850|0001|005010~IK5|A~" in data
    acks = read_acks(data)
    assert [(a.acknowledged_ref, a.status) for a in acks] == [
        ("207", "accepted"),
        ("207:0001", "accepted"),
    ]


def test_reply_swaps_sender_and_receiver():
    (interchange,) = fixture("850_4010_tilde_newline.edi").interchanges
    reply = interchange.header.reply(900, "240316", "0700")
    assert (reply.sender_id, reply.receiver_id, reply.control_number) == (
        "HUBDISTRIB",
        "NORTHWINDBUY",
        900,
    )
    gs = x12.ack_group_header(interchange.groups[0], 900, "20240316", "0700")
    assert (gs.functional_id, gs.sender, gs.receiver, gs.version) == (
        "FA",
        "HUBDISTRIB",
        "NORTHWINDBUY",
        "004010",
    )


def test_partner_997_with_segment_and_element_errors():
    acks = read_acks((FIXTURES / "997_partial.edi").read_bytes())
    group, rejected, accepted = acks
    assert (group.acknowledged_ref, group.status, group.errors) == (
        "311",
        "accepted_with_errors",
        [],
    )
    assert (rejected.acknowledged_ref, rejected.status) == ("311:0003", "rejected")
    assert [(e.segment, e.element, e.code, e.description) for e in rejected.errors] == [
        ("TD5", None, "8", "Segment has data element errors: TD5 at position 6"),
        ("TD5", "TD503", "7", "Invalid code value: 'XXXX'"),
        ("REF", None, "8", "Segment has data element errors: REF at position 9"),
        ("REF", "REF02-1", "1", "Required data element missing"),
        (None, None, "5", "One or more segments in error"),
    ]
    assert (accepted.acknowledged_ref, accepted.status, accepted.errors) == (
        "311:0004",
        "accepted",
        [],
    )


def test_partner_999_rejecting_an_invoice():
    group, invoice = read_acks((FIXTURES / "999_rejected.edi").read_bytes())
    assert (group.acknowledged_ref, group.status) == ("312", "rejected")
    assert (invoice.acknowledged_ref, invoice.status) == ("312:0007", "rejected")
    assert [(e.segment, e.element, e.code) for e in invoice.errors] == [
        ("IT1", None, "8"),
        ("IT1", "IT104", "6"),
        (None, None, "5"),
    ]
    assert invoice.errors[0].description.endswith("IT1 at position 8 in loop IT1")
    assert invoice.errors[1].description == "Invalid character in data element: '4.5O'"


def test_unknown_acknowledgement_code_is_a_mapping_error():
    result = fixture("997_partial.edi", keep_segments=True)
    (transaction_set,) = result.transaction_sets()
    ak5 = next(s for s in transaction_set.segments if s.tag == "AK5")
    ak5.parts[1] = "Q"
    with pytest.raises(x12.X12MappingError, match="AK501: unknown acknowledgement code 'Q'"):
        x12.functional_acks_from(transaction_set.segments, "a")


@pytest.mark.parametrize(
    ("name", "status", "errors"),
    [
        ("850_4010_tilde_newline.edi", "accepted", []),
        ("broken_isa13_iea02.edi", "rejected", [("001", "Interchange control numbers in "
                                                       "header and trailer do not match")]),
    ],
)  # fmt: skip
def test_our_ta1_reads_back_as_a_canonical_ack(name, status, errors):
    (interchange,) = fixture(name).interchanges
    header = interchange.header.reply(901, "240316", "0700")
    data = x12.render_interchange(
        interchange.delimiters, header, ta1_segments=[x12.ta1_segment(interchange)]
    )
    (answer,) = x12.validate(io.BytesIO(data)).interchanges
    (ta1,) = answer.ta1_segments
    ack = validate_document("functional_ack", x12.functional_ack_from_ta1(ta1, "ISA:000000901"))
    assert (ack.acknowledged_ref, ack.status) == ("ISA:000000101", status)
    assert [(error.code, error.description) for error in ack.errors] == errors
