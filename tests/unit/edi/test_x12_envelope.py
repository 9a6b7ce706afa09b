"""Envelope validation on our own fixtures: each broken envelope gives its specific error."""

import io
from pathlib import Path

import pytest

from odoo.addons.integration_edi import x12

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/x12"
VALID = [
    "850_4010_tilde_newline.edi",
    "850_newline_terminator.edi",
    "850_wrapped_80.edi",
    "850_bom_crlf_ctrlz.edi",
    "850_5010_repetition.edi",
    "two_interchanges.edi",
    "945_two_lots.edi",
    "997_partial.edi",
    "999_rejected.edi",
]
# level, code, message and the control numbers (ISA13, GS06, ST02) each error names.
BROKEN = {
    "broken_se01.edi": (
        "set", "4", "SE01=25, counted 23 segments (ST02=0001)", ("000000101", "101", "0001")
    ),
    "broken_st02_se02.edi": (
        "set", "3", "SE02='0009' != ST02='0001'", ("000000101", "101", "0001")
    ),
    "broken_ge01.edi": (
        "group", "5", "GE01=3, counted 2 transaction sets (GS06=101)", ("000000101", "101", None)
    ),
    "broken_gs06_ge02.edi": (
        "group", "4", "GE02='102' != GS06='101'", ("000000101", "101", None)
    ),
    "broken_iea01.edi": (
        "interchange", "021", "IEA01=2, counted 1 functional group (ISA13=000000101)",
        ("000000101", None, None),
    ),
    "broken_isa13_iea02.edi": (
        "interchange", "001", "IEA02='000000110' != ISA13='000000101'",
        ("000000101", None, None),
    ),
    "broken_missing_iea.edi": (
        "interchange", "023", "no IEA for ISA13=000000101", ("000000101", None, None)
    ),
    "broken_missing_se.edi": (
        "set", "2", "no SE for ST02=0001", ("000000101", "101", "0001")
    ),
    "broken_duplicate_st02.edi": (
        "set", "23", "ST02=0001 is used twice in group GS06=101", ("000000101", "101", "0001")
    ),
}  # fmt: skip


def validate(data, **options):
    return x12.validate(io.BytesIO(data), **options)


def fixture(name, **options):
    return validate((FIXTURES / name).read_bytes(), **options)


def errors(result):
    return [(e.level, e.code, e.message) for e in result.all_errors()]


@pytest.mark.parametrize("name", VALID)
def test_valid_fixture_is_accepted(name):
    result = fixture(name)
    assert result.ok, errors(result)
    assert all(transaction_set.accepted for transaction_set in result.transaction_sets())


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_gives_its_specific_error(name):
    level, code, message, controls = BROKEN[name]
    (error,) = fixture(name).all_errors()
    assert (error.level, error.code, error.message) == (level, code, message)
    assert (error.interchange_control, error.group_control, error.set_control) == controls


def test_errors_are_located_at_the_trailer_in_error():
    data = (FIXTURES / "broken_se01.edi").read_bytes()
    (error,) = validate(data).all_errors()
    assert data[error.offset :].startswith(b"SE*25*0001~")
    assert error.segment_number == 25


def test_the_tree_holds_headers_counts_and_trailers():
    (interchange,) = fixture("850_4010_tilde_newline.edi").interchanges
    header = interchange.header
    assert (header.sender_qualifier, header.sender_id, header.receiver_id) == (
        "ZZ",
        "NORTHWINDBUY",
        "HUBDISTRIB",
    )
    assert (header.date, header.time, header.control_number) == ("240315", "0930", "000000101")
    assert (header.version, header.usage, header.ack_requested) == ("00401", "T", "0")
    (group,) = interchange.groups
    assert (group.header.functional_id, group.header.control_number) == ("PO", "101")
    assert (group.header.sender, group.header.version) == ("NORTHWINDBUY", "004010")
    assert (group.declared_count, group.trailer_control) == ("2", "101")
    first, second = group.sets
    assert (first.type, first.control_number, first.segment_count) == ("850", "0001", 23)
    assert (second.reference, second.segment_count, second.declared_count) == ("101:0002", 9, "9")
    assert first.segments is None  # counts only, unless asked to keep segments


def test_keep_segments_stores_each_set_body():
    result = fixture("850_4010_tilde_newline.edi", keep_segments=True)
    first = next(result.transaction_sets())
    assert [s.tag for s in first.segments[:2]] == ["BEG", "CUR"]
    assert len(first.segments) == first.segment_count - 2  # ST and SE are not body


def test_iter_transaction_sets_streams_set_by_set():
    validator = x12.EnvelopeValidator(collect_segments=True)
    with open(FIXTURES / "two_interchanges.edi", "rb") as stream:
        seen = [
            (transaction_set.reference, len(body), transaction_set.segments)
            for transaction_set, body in x12.iter_transaction_sets(stream, validator)
        ]
    assert seen == [("101:0001", 21, None), ("101:0002", 7, None), ("207:0001", 6, None)]
    assert validator.result.ok


def test_a_set_without_se_is_still_yielded_for_the_caller_to_reject():
    data = (FIXTURES / "broken_missing_se.edi").read_bytes()
    sets = list(x12.iter_transaction_sets(io.BytesIO(data)))
    assert [(s.control_number, s.accepted, len(body)) for s, body in sets] == [
        ("0001", False, 21),
        ("0002", True, 7),
    ]
    assert sets[0][0].segment_count == 22


def test_missing_ge_and_se_at_end_of_file():
    data = (FIXTURES / "850_4010_tilde_newline.edi").read_bytes()
    truncated = data[: data.index(b"SE*9*0002")]
    assert errors(validate(truncated)) == [
        ("interchange", "023", "no IEA for ISA13=000000101"),
        ("group", "3", "no GE for GS06=101"),
        ("set", "2", "no SE for ST02=0002"),
    ]


def test_a_new_isa_closes_an_interchange_left_open():
    data = (FIXTURES / "broken_missing_iea.edi").read_bytes()
    result = validate(data + (FIXTURES / "850_5010_repetition.edi").read_bytes())
    assert errors(result) == [("interchange", "023", "no IEA for ISA13=000000101")]
    assert len(result.interchanges) == 2


def test_segments_outside_any_envelope_are_reported_once_per_run():
    data = (FIXTURES / "850_4010_tilde_newline.edi").read_bytes()
    between_sets = data.replace(b"SE*23*0001~\n", b"SE*23*0001~\nREF*ZZ*1~\nREF*ZZ*2~\n")
    offset = between_sets.index(b"REF*ZZ*1")
    assert errors(validate(between_sets)) == [
        (
            "interchange",
            "024",
            f"segment 26 (REF) at byte {offset} is outside any transaction set of GS06=101",
        )
    ]
    after_iea = validate(data + b"GS*PO*A*B*20240101*0000*9*X*004010~\n")
    assert errors(after_iea) == [
        ("interchange", "024", f"segment 37 (GS) at byte {len(data)} is outside any interchange")
    ]


def test_duplicate_group_and_interchange_control_numbers():
    data = (FIXTURES / "850_4010_tilde_newline.edi").read_bytes()
    group = data[data.index(b"GS*") : data.index(b"IEA*")]
    doubled = data.replace(group, group + group).replace(b"IEA*1*", b"IEA*2*")
    assert errors(validate(doubled + data)) == [
        ("group", "6", "GS06=101 is used twice in interchange ISA13=000000101"),
        ("interchange", "025", "ISA13=000000101 appears twice in the file"),
    ]


def test_isa_field_checks():
    data = (FIXTURES / "850_4010_tilde_newline.edi").read_bytes()
    bad = data.replace(b"*000000101*0*T*", b"*00000010A*2*Q*", 1)
    assert [(code, message) for _, code, message in errors(validate(bad))] == [
        ("018", "ISA13='00000010A' is not 9 digits"),
        ("019", "ISA14='2' is not 0 or 1"),
        ("020", "ISA15='Q' is not P, T or I"),
        ("001", "IEA02='000000101' != ISA13='00000010A'"),
    ]


def test_invalid_segment_id_is_a_segment_error_of_its_set():
    data = (FIXTURES / "850_4010_tilde_newline.edi").read_bytes()
    result = validate(data.replace(b"REF*DP*042", b"ref*DP*042"))
    first = next(result.transaction_sets())
    assert not first.accepted
    (error,) = first.segment_errors
    assert (error.tag, error.position, error.code) == ("ref", 4, "1")
