"""The streaming reader on our own fixtures: delimiters, layouts, positions, syntax errors."""

import io
from pathlib import Path

import pytest

from odoo.addons.integration_edi import x12

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/x12"
BASE = "850_4010_tilde_newline.edi"
SAME_CONTENT_LAYOUTS = [
    "850_newline_terminator.edi",
    "850_wrapped_80.edi",
    "850_bom_crlf_ctrlz.edi",
]


def raw(name):
    return (FIXTURES / name).read_bytes()


def read(data, **options):
    return list(x12.iter_segments(io.BytesIO(data), **options))


def content(segments):
    return [(segment.tag, segment.elements) for segment in segments]


def test_segments_carry_tag_elements_and_position():
    segments = read(raw(BASE))
    assert len(segments) == 36
    beg = segments[3]
    assert (beg.tag, beg.elements) == ("BEG", ["00", "SA", "NW-45001", "", "20240315"])
    assert (beg.get(3), beg.get(5), beg.get(9)) == ("NW-45001", "20240315", "")
    assert (beg.interchange, beg.number) == (1, 4)
    assert raw(BASE)[beg.offset : beg.offset + 4] == b"BEG*"
    assert beg.where() == f"segment 4 (BEG) at byte {beg.offset}"


def test_delimiters_come_from_the_isa():
    isa = read(raw(BASE))[0]
    assert isa.delimiters == x12.Delimiters("*", ">", None, "~", "\n")
    assert isa.get(16) == ">"
    assert len(isa.elements) == 16


@pytest.mark.parametrize("name", SAME_CONTENT_LAYOUTS)
def test_other_layouts_give_the_same_segments(name):
    assert content(read(raw(name))) == content(read(raw(BASE)))


def test_newline_only_terminator():
    isa = read(raw("850_newline_terminator.edi"))[0]
    assert (isa.delimiters.segment, isa.delimiters.suffix) == ("\n", "")


def test_crlf_after_terminator_is_remembered_for_writing_back():
    isa = read(raw("850_bom_crlf_ctrlz.edi"))[0]
    assert (isa.delimiters.segment, isa.delimiters.suffix) == ("~", "\r\n")
    assert isa.offset == 3  # after the BOM


@pytest.mark.parametrize("name", [BASE, *SAME_CONTENT_LAYOUTS, "two_interchanges.edi"])
@pytest.mark.parametrize("chunk_size", [1, 2, 7, 80, 4096])
def test_chunk_boundaries_do_not_change_anything(name, chunk_size):
    def positions(segments):
        return [(s.tag, s.elements, s.number, s.offset, s.interchange) for s in segments]

    data = raw(name)
    assert positions(read(data, chunk_size=chunk_size)) == positions(read(data))


@pytest.mark.parametrize("name", [BASE, *SAME_CONTENT_LAYOUTS, "two_interchanges.edi"])
def test_offsets_point_at_the_tag(name):
    data = raw(name)
    for segment in read(data):
        assert data[segment.offset : segment.offset + len(segment.tag)] == segment.tag.encode()


def test_two_interchanges_with_their_own_delimiters():
    segments = read(raw("two_interchanges.edi"))
    isas = [s for s in segments if s.tag == "ISA"]
    assert [s.interchange for s in isas] == [1, 2]
    assert isas[1].delimiters == x12.Delimiters("|", ":", "^", "~", "")
    assert [s.number for s in segments] == list(range(1, len(segments) + 1))
    assert segments[-1].tag == "IEA" and segments[-1].elements == ["1", "000000207"]


def test_5010_repetitions_and_components_on_demand():
    segments = read(raw("850_5010_repetition.edi"))
    ref = next(s for s in segments if s.tag == "REF")
    ctp = next(s for s in segments if s.tag == "CTP")
    assert ref.get(2) == "GIFT WRAP^RUSH"
    assert ref.repetitions(2) == ["GIFT WRAP", "RUSH"]
    assert ref.value(2) == ["GIFT WRAP", "RUSH"]
    assert ctp.components(5) == ["CA", "12"]
    assert ctp.value(5) == ("CA", "12")
    assert ctp.values() == ["", "RES", "4.2", "12", ("CA", "12")]


def test_isa_values_are_never_split():
    isa = read(raw("850_5010_repetition.edi"))[0]
    assert (isa.value(11), isa.value(16)) == ("^", ":")


def test_before_00402_isa11_is_not_a_repetition_separator():
    assert read(raw(BASE))[0].repetitions(11) == ["U"]


def test_wrapped_isa_is_read():
    isa = read(raw("850_wrapped_80.edi"))[0]
    assert isa.get(10) == "0930"  # wrapped between "093" and "0"


def test_final_segment_without_terminator_is_read():
    data = raw("850_newline_terminator.edi").rstrip(b"\n")
    assert content(read(data)) == content(read(raw(BASE)))


def test_data_not_starting_with_isa_is_rejected():
    with pytest.raises(x12.X12SyntaxError, match=r"does not start with an ISA segment \(byte 0\)"):
        read(b"GS*PO*A*B~")


def test_truncated_isa_is_rejected():
    with pytest.raises(x12.X12SyntaxError, match="fewer than 16 elements"):
        read(raw(BASE)[:60])


def test_isa_without_isa16_before_the_next_segment_is_rejected():
    data = raw(BASE).replace(b"*T*>~\n", b"*T*~", 1)
    with pytest.raises(x12.X12SyntaxError, match="ISA16 .* is probably missing"):
        read(data)


def test_latin1_text_where_utf8_is_expected_is_read_with_a_warning_naming_the_byte():
    data = raw(BASE).replace(b"ANA LOPEZ", b"ANA L\xd3PEZ")
    warnings = []
    names = [
        s.get(2)
        for s in read(data, warn=lambda *warning: warnings.append(warning))
        if s.tag == "PER"
    ]
    assert names == ["ANA L\xd3PEZ"]
    ((message, offset),) = warnings
    assert data[offset] == 0xD3
    assert message == (
        f"byte 0xD3 at offset {offset} is not valid UTF-8: the file is read as Latin-1"
    )
    names = [s.get(2) for s in read(data, encoding="latin-1") if s.tag == "PER"]
    assert names == ["ANA L\xd3PEZ"]


def test_text_in_another_declared_encoding_names_the_byte():
    data = raw(BASE).replace(b"ANA LOPEZ", b"ANA L\xd3PEZ")
    with pytest.raises(x12.X12SyntaxError, match="not valid ascii") as info:
        read(data, encoding="ascii")
    assert data[info.value.offset] == 0xD3


def test_multibyte_text_keeps_byte_offsets():
    data = raw(BASE).replace(b"ANA LOPEZ", "ANA LÓPEZ".encode())
    segments = read(data)
    for segment in segments:
        assert data[segment.offset : segment.offset + len(segment.tag)] == segment.tag.encode()
    assert next(s for s in segments if s.tag == "PER").get(2) == "ANA LÓPEZ"
