import io
from pathlib import Path

import pytest

from odoo.addons.integration_edi.edifact import (
    DEFAULT_SEPARATORS,
    EdifactReader,
    EdifactSyntaxError,
    Position,
    Segment,
    Separators,
    read_segments,
)

FIXTURES = Path(__file__).resolve().parents[3] / "addons/integration_edi/tests/fixtures/edifact"


def segments(name, **kw):
    return list(read_segments(FIXTURES / name, **kw))


def find(segment_list, tag, first=None):
    return next(s for s in segment_list if s.tag == tag and (first is None or s.value(0) == first))


def test_default_separators_apply_without_una():
    read = segments("orders_no_una.edi")
    assert [s.tag for s in read[:4]] == ["UNB", "UNH", "BGM", "DTM"]
    assert read[0].elements[:2] == [["UNOA", "2"], ["BUYER01", "ZZ"]]
    assert find(read, "QTY").elements == [["21", "2.5", "KGM"]]


def test_una_release_characters_and_latin1_are_resolved():
    read = segments("orders_d96a_una.edi")
    buyer = find(read, "NAD", "BY")
    assert buyer.value(3) == "O'Brien + Söhne GmbH"
    assert buyer.element(4) == ["Hauptstraße 1", "Hof 2"]
    assert find(read, "FTX").value(3) == "Deliver to dock 3: ring twice"
    assert find(read, "IMD").element(2) == ["", "", "", "Widget 10:1 ? size L"]


def test_reader_reports_the_separators_it_read():
    reader = EdifactReader(FIXTURES / "orders_d96a_una.edi")
    first = next(iter(reader))
    assert first.tag == "UNB"
    assert reader.una is True
    assert reader.separators == DEFAULT_SEPARATORS
    assert reader.charset == "iso8859-1"


def test_trailing_component_separator_is_an_empty_last_component():
    (segment,) = read_segments("RFF+VA:382324067:'")
    assert segment == Segment("RFF", [["VA", "382324067", ""]])


def test_positions_count_segments_and_bytes():
    read = segments("orders_d96a_una.edi")
    # "UNA:+.? '" and CRLF come first; the UNA is not a segment.
    assert read[0].position == Position(1, 11)
    assert read[1].position.segment == 2
    assert str(read[1].position) == "segment 2 (offset 90)"


def test_utf8_bom_and_trailing_whitespace_are_tolerated():
    read = segments("orders_unoy_bom.edi")
    assert read[0].tag == "UNB" and read[0].position.offset == 3
    assert find(read, "BGM").value(1) == "PO-ŁÓDŹ-1"
    assert find(read, "NAD").value(3) == "Spółka Łódź"
    assert read[-1].tag == "UNZ"


def test_each_interchange_uses_its_own_separators():
    reader = EdifactReader(FIXTURES / "two_interchanges.edi")
    seen = []
    for segment in reader:
        if segment.tag == "BGM":
            seen.append((segment.value(1), reader.una, reader.separators.segment))
    assert seen == [("PO*7~A", True, "~"), ("PO+8'B", False, "'")]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64])
def test_small_chunks_give_the_same_segments(chunk_size):
    for name in ("orders_d96a_una.edi", "two_interchanges.edi", "orders_unoy_bom.edi"):
        assert segments(name, chunk_size=chunk_size) == segments(name)


def test_text_streams_and_bytes_read_alike():
    raw = (FIXTURES / "orders_unoy_bom.edi").read_bytes()
    from_text = list(read_segments(io.StringIO(raw.decode("utf-8-sig"))))
    from_bytes = list(read_segments(io.BytesIO(raw)))
    assert from_text == from_bytes


def test_separators_from_una_round_trip():
    separators = Separators.from_una(":*,# ~")
    assert separators.una() == "UNA:*,# ~"
    assert separators.release_char == "#"
    assert Separators.from_una(":+.  '").release_char is None


@pytest.mark.parametrize(
    ("source", "code", "text"),
    [
        ("UNA::.? 'UNB+UNOA:3'", "20", "advises a letter, a digit or the same character twice"),
        ("UNA:+;? 'UNB+UNOA:3'", "19", "as decimal mark"),
        ("UNA:+", "13", "UNA is cut short"),
        ("UNB+UNOA:3+A+B+240101:1200+1'UNH+1", "13", "has no terminator"),
        ("UNB+UNOA:3+A+B+240101:1200+1'unh+1'", "12", "does not start with a segment tag"),
    ],
)
def test_unreadable_input_raises_syntax_errors_with_code_and_position(source, code, text):
    with pytest.raises(EdifactSyntaxError) as info:
        list(read_segments(source))
    assert info.value.code == code
    assert text in str(info.value)


def test_syntax_error_names_the_segment_position():
    with pytest.raises(EdifactSyntaxError) as info:
        list(read_segments(b"UNB+UNOA:3+A+B+240101:1200+1'\nNAD+BY+++Muller"))
    assert info.value.position == Position(2, 30)
    assert str(info.value).endswith("at segment 2 (offset 30)")


def test_released_terminator_at_a_chunk_boundary_is_not_an_end():
    text = "UNB+UNOA:3+A+B+240101:1200+1'FTX+AAI+++it?'s'"
    for chunk_size in range(1, len(text)):
        read = list(read_segments(text, chunk_size=chunk_size))
        assert read[1].value(3) == "it's"


def test_segment_build_trims_trailing_empties():
    segment = Segment.build("NAD", "BY", ("123", None, "9"), None, ("Name", ""), None)
    assert segment.elements == [["BY"], ["123", None, "9"], [], ["Name"]]
    assert segment.value(1, 1) == ""
    assert segment.value(9) == ""


def test_a_buffer_read_at_once_gives_what_reading_segment_by_segment_gives():
    """The whole buffer split at its terminators (released ones joined again), against
    one-character chunks read one segment at a time; a second interchange with its own
    separators after a UNZ; every position pointing at its tag."""
    text = (
        "UNB+UNOA:3+A+B+240101:1200+1'\nUNH+1+ORDERS:D:96A:UN'\n"
        "FTX+AAI+++it?'s?'?'+x??'\r\nNAD+BY+++a?:b'UNT+4+1'UNZ+1+1'\n"
        "UNA:+.! #UNB+UNOA:3+A+B+240101:1200+2#FTX+AAI+++it's!#ok#UNZ+0+2#"
    )
    at_once = list(read_segments(text))
    one_by_one = list(read_segments(text, chunk_size=1))
    assert at_once == one_by_one
    assert [s.position for s in at_once] == [s.position for s in one_by_one]
    assert all(text.startswith(s.tag, s.position.offset) for s in at_once)
    assert [s.elements[3:] for s in at_once if s.tag == "FTX"] == [
        [["it's''"], ["x?"]],
        [["it's#ok"]],
    ]
