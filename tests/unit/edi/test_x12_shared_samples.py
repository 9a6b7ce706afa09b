"""Every X12 file of the shared public samples, checked against what SOURCES.md says of it."""

import io

import pytest
from shared_samples import SAMPLES

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import x12

if not SAMPLES.is_dir():
    pytest.skip(f"shared EDI samples not found at {SAMPLES}", allow_module_level=True)

NODE_X12 = "aaronhuggins__node-x12"
X12_TYPES = "apimeister__x12-types"
BAD_X12 = "albmarin__badX12"
HINT = (
    "; it ends with the component separator '~' (ISA16): the ISA probably lacks ISA16 "
    "and '~' terminates every segment"
)

VALID = [
    f"{NODE_X12}/850_2.edi",
    f"{NODE_X12}/850_3.edi",
    f"{NODE_X12}/855.edi",
    f"{NODE_X12}/856.edi",
    f"{X12_TYPES}/004010_850.edi",
    f"{X12_TYPES}/940_test_940_2.edi",
    f"{X12_TYPES}/940_test_940_3.edi",
]
# (level, code, message) of every error, as the envelope checker of SOURCES.md found them.
BROKEN = {
    f"{NODE_X12}/271.edi": {
        ("interchange", "023", "no IEA for ISA13=000031033"),
        ("group", "3", "no GE for GS06=123456"),
    },
    f"{BAD_X12}/error_validation.edi": {
        ("set", "4", "SE01=30, counted 27 segments (ST02=112233)"),
        ("set", "3", "SE02='112223' != ST02='112233'"),
        ("group", "5", "GE01=2, counted 1 transaction set (GS06=20413)"),
        ("group", "4", "GE02='20213' != GS06='20413'"),
        ("interchange", "021", "IEA01=2, counted 1 functional group (ISA13=000010216)"),
        ("interchange", "001", "IEA02='000010215' != ISA13='000010216'"),
    },
    f"{BAD_X12}/segment_terminator.edi": {
        ("interchange", "023", "no IEA for ISA13=000010216"),
    },
    f"{X12_TYPES}/940_test_940_1.edi": {
        ("group", "4", "GE02='575103' != GS06='3317'"),
        ("interchange", "001", "IEA02='3317     ' != ISA13='000003438'"),
    },
    f"{X12_TYPES}/940_test_940_4.edi": {
        ("group", "4", "GE02='4332~' != GS06='4332'" + HINT),
        ("interchange", "001", "IEA02='000000028~' != ISA13='000000028'" + HINT),
    },
    f"{X12_TYPES}/945_test_945_parse_1.edi": {
        ("set", "4", "SE01=12, counted 16 segments (ST02=000006123)"),
    },
}
# Unpadded ISAs, read with a warning (rejected with TA1 022 under strict_isa).
UNPADDED_ISA = {
    f"{X12_TYPES}/945_test_945_parse_1.edi": "ISA is not fixed width (ISA13=043000123): "
    "ISA02 has 1 character, not 10; ISA04 has 1 character, not 10; ISA06 has 13 characters, "
    "not 15; ISA08 has 5 characters, not 15",
    f"{X12_TYPES}/856_test_856_xx.edi": "ISA is not fixed width (ISA13=000012152): "
    "ISA02 has 1 character, not 10; ISA04 has 1 character, not 10; ISA06 has 11 characters, "
    "not 15; ISA08 has 13 characters, not 15",
}


def read(name, **options):
    with open(SAMPLES / name, "rb") as stream:
        return x12.validate(stream, keep_segments=True, **options)


def segments_of(data):
    return [(segment.tag, segment.elements) for segment in x12.iter_segments(io.BytesIO(data))]


def errors_of(result):
    return {(error.level, error.code, error.message) for error in result.all_errors()}


def only_set(result):
    (transaction_set,) = result.transaction_sets()
    return transaction_set


def test_every_x12_sample_is_covered():
    x12_files = {
        str(path.relative_to(SAMPLES))
        for path in SAMPLES.rglob("*.edi")
        if path.read_bytes().lstrip()[:3] == b"ISA"
    }
    assert x12_files == set(VALID) | set(BROKEN) | set(UNPADDED_ISA)


@pytest.mark.parametrize("name", sorted(UNPADDED_ISA))
def test_unpadded_isa_is_read_with_a_warning_or_rejected_when_strict(name):
    result = read(name)
    assert [w.message for w in result.warnings] == [
        UNPADDED_ISA[name] + ": read as the partner meant it"
    ]
    assert ("interchange", "022", UNPADDED_ISA[name]) in errors_of(read(name, strict_isa=True))


@pytest.mark.parametrize("name", VALID)
def test_valid_sample_is_accepted_and_written_back_to_the_same_segments(name):
    result = read(name)
    assert result.ok, list(result.all_errors())
    original = (SAMPLES / name).read_bytes()
    rewritten = b"".join(map(x12.rewrite_interchange, result.interchanges))
    assert segments_of(rewritten) == segments_of(original)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_sample_is_rejected_with_its_specific_errors(name):
    assert errors_of(read(name)) == BROKEN[name]


@pytest.mark.parametrize("name", ["850_2.edi", "855.edi", "850_3.edi"])
def test_well_formed_samples_are_written_back_byte_for_byte(name):
    original = (SAMPLES / NODE_X12 / name).read_bytes()
    (interchange,) = read(f"{NODE_X12}/{name}").interchanges
    assert x12.rewrite_interchange(interchange) == original


def test_newline_terminated_850_keeps_its_delimiters():
    (interchange,) = read(f"{NODE_X12}/850_2.edi").interchanges
    assert interchange.delimiters == x12.Delimiters(
        element="*", component=">", repetition=None, segment="\n", suffix=""
    )
    assert interchange.header.version == "00400"


def test_repetition_separator_that_also_appears_in_data_round_trips():
    # ISA11 '-' is the repetition separator of this 00406 file, yet '-' is also in data.
    result = read(f"{NODE_X12}/856.edi")
    (interchange,) = result.interchanges
    assert interchange.delimiters.repetition == "-"
    ref = next(s for s in only_set(result).segments if s.tag == "REF")
    assert ref.get(2) == "999999-001"
    assert ref.repetitions(2) == ["999999", "001"]
    assert ref.value(2) == ["999999", "001"]


def test_5010_repetitions_are_split_on_demand():
    result = read(f"{NODE_X12}/271.edi")
    eb = [s for s in only_set(result).segments if s.tag == "EB"][1]
    assert eb.get(3).startswith("30^42^45")
    assert eb.repetitions(3)[:3] == ["30", "42", "45"]


def test_tolerant_reader_joins_the_w01_lines_that_lost_their_terminator():
    # Two W01 lack '~': the next line (PI*...) is read as the W01's continuation, as any
    # wrapped line is. SE01 counts it that way, so the envelope is sound; a warning names
    # each join so that a person can check the line.
    result = read(f"{X12_TYPES}/940_test_940_3.edi")
    assert result.ok
    transaction_set = only_set(result)
    assert transaction_set.segment_count == 20
    w01 = [s for s in transaction_set.segments if s.tag == "W01"]
    assert [s.elements[-3:] for s in w01] == [["", "PI", "001089"], ["", "PI", "099069"]]
    assert all(s.merged == "PI" for s in w01)
    assert [w.message for w in result.warnings] == [
        f"segment {s.number} (W01) at byte {s.offset} continues on the next line with 'PI*': "
        "a segment terminator is probably missing there"
        for s in w01
    ]


def test_unpadded_isa_is_read_when_the_partner_is_known_to_send_one():
    result = read(f"{X12_TYPES}/856_test_856_xx.edi", strict_isa=False)
    assert result.ok
    assert result.interchanges[0].header.sender_id == "7777777777"


def test_945_sample_maps_to_a_shipment_notice_despite_its_se01():
    result = read(f"{X12_TYPES}/945_test_945_parse_1.edi", strict_isa=False)
    assert errors_of(result) == {("set", "4", "SE01=12, counted 16 segments (ST02=000006123)")}
    notice = validate_document(
        "shipment_notice", x12.shipment_notice_from_945(only_set(result).segments)
    )
    assert (notice.order_ref, notice.shipment_ref, notice.carrier_code) == (
        "IF102",
        "BOL12345",
        "NPLT",
    )
    assert notice.ship_date.isoformat() == "2019-06-04T00:00:00"
    (line,) = notice.lines
    assert (line.line_ref, line.product_code, str(line.quantity_shipped)) == (
        "10",
        "123456789",
        "3000",
    )
    assert [(lot.lot_name, str(lot.quantity)) for lot in line.lots] == [("LOT12314", "3000")]
    assert notice.ship_to.city == "ANYTOWN"


@pytest.mark.parametrize(
    ("name", "order_ref", "customer", "lines", "first_product"),
    [
        (f"{NODE_X12}/850_2.edi", "08292233294", "4405197800", 6, "065322-117"),
        (f"{NODE_X12}/850_3.edi", "----------", "0000000000", 1, "000000000001010700"),
        (f"{X12_TYPES}/004010_850.edi", "A99999-01", "1223334444", 7, "000111111"),
    ],
)
def test_850_samples_map_to_valid_canonical_orders(name, order_ref, customer, lines, first_product):
    transaction_set = only_set(read(name))
    data = x12.order_from_850(
        transaction_set.segments, sender_id=transaction_set.group.header.sender
    )
    order = validate_document("order", data)
    assert order.order_ref == order_ref
    assert order.customer.external_id == customer
    assert len(order.lines) == lines
    assert order.lines[0].product_code == first_product


def test_error_validation_acknowledgements():
    result = read(f"{BAD_X12}/error_validation.edi")
    (interchange,) = result.interchanges
    (group,) = interchange.groups
    assert x12.ta1_segment(interchange) == ("TA1", "000010216", "080503", "1705", "R", "001")

    ack_997 = x12.functional_ack(group, 1, kind="997")
    assert ack_997.segments == [
        ("AK1", "HPO", "20413"),
        ("AK2", "835", "112233"),
        ("AK5", "R", "4", "3"),
        ("AK9", "R", "2", "1", "0", "5", "4"),
    ]
    ack_999 = x12.functional_ack(group, 1)
    assert (ack_999.type, ack_999.implementation) == ("999", "005010X231A1")
    assert ack_999.segments == [
        ("AK1", "HPO", "20413", "005010X221A1"),
        ("AK2", "835", "112233"),
        ("IK5", "R", "4", "3"),
        ("AK9", "R", "2", "1", "0", "5", "4"),
    ]


def test_271_acknowledgements_reject_the_group_without_ge():
    (interchange,) = read(f"{NODE_X12}/271.edi").interchanges
    assert x12.ta1_segment(interchange)[4:] == ("R", "023")
    ack = x12.functional_ack(interchange.groups[0], 1)
    assert ack.segments == [
        ("AK1", "HS", "123456", "005010X279A1"),
        ("AK2", "271", "000000001", "005010X279A1"),
        ("IK5", "A"),
        ("AK9", "R", "1", "1", "1", "3"),
    ]


def test_valid_sample_gets_an_accepting_997():
    (interchange,) = read(f"{X12_TYPES}/004010_850.edi").interchanges
    assert x12.ta1_segment(interchange) == ("TA1", "000000001", "020226", "1534", "A", "000")
    assert x12.functional_ack(interchange.groups[0], 1).segments == [
        ("AK1", "PO", "1"),
        ("AK2", "850", "000000001"),
        ("AK5", "A"),
        ("AK9", "A", "1", "1", "1"),
    ]
