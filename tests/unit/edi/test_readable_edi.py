"""Readable X12 and EDIFACT: the name tables hold together, and every public sample reads
with its segments named, up to a faulty segment when there is one."""

import pytest
from shared_samples import SAMPLES

from odoo.addons.integration_core.services.readable import MAX_ROWS
from odoo.addons.integration_edi.edifact import names as edifact_names
from odoo.addons.integration_edi.edifact.readable import readable as edifact_readable
from odoo.addons.integration_edi.x12 import names as x12_names
from odoo.addons.integration_edi.x12.readable import readable as x12_readable

X12_SAMPLES = sorted(p for p in SAMPLES.rglob("*.edi") if p.read_bytes().lstrip()[:3] == b"ISA")
EDIFACT_SAMPLES = sorted(
    p for p in SAMPLES.rglob("*.edi") if p.read_bytes().lstrip()[:3] in (b"UNA", b"UNB")
)
# Sets of the samples the hub does not handle (health care): their own segments are unnamed.
FOREIGN_SETS = {"271", "835"}


def fields(view):
    """``{ref: (name, value, meaning)}`` of the first occurrence of each field."""
    found = {}
    for row in view.rows:
        for field in row.fields:
            found.setdefault(field.ref, (field.name, field.value, field.meaning))
    return found


def test_x12_code_lists_point_at_listed_elements():
    for ref in x12_names.CODE_LISTS:
        tag, position = ref[:-2], int(ref[-2:])
        assert tag in x12_names.SEGMENTS, ref
        assert x12_names.element_name(tag, position), f"{ref} has a code list but no name"


def test_edifact_elements_and_code_lists_are_named():
    for _name, elements in edifact_names.SEGMENTS.values():
        for code in elements:
            assert code in edifact_names.COMPOSITES or code in edifact_names.ELEMENTS, code
    for _name, components in edifact_names.COMPOSITES.values():
        for code in components:
            assert code in edifact_names.ELEMENTS, code
    for code in edifact_names.CODE_LISTS:
        assert edifact_names.ELEMENTS.get(code), code


@pytest.mark.parametrize("path", X12_SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_x12_sample_reads_with_its_segments_named(path):
    view = x12_readable(path.read_bytes())
    assert not view.error
    assert view.rows[0].tag == "ISA"
    set_ids = {f.value for row in view.rows if row.tag == "ST" for f in row.fields[:1]}
    if not set_ids & FOREIGN_SETS:
        assert [row.tag for row in view.rows if not row.name] == []


def test_x12_850_elements_named_and_codes_explained():
    view = x12_readable((SAMPLES / "aaronhuggins__node-x12/850_2.edi").read_bytes())
    found = fields(view)
    assert found["BEG03"] == ("Purchase Order Number", "08292233294", "")
    assert found["BEG01"] == ("Transaction Set Purpose Code", "00", "Original")
    assert found["N101"] == ("Entity Identifier Code", "ST", "Ship To")
    assert found["PO103"] == ("Unit or Basis for Measurement Code", "EA", "Each")
    assert found["PO106"] == ("Product/Service ID Qualifier", "CB", "Buyer's Catalog Number")
    assert found["GS01"][2] == "Purchase Order (850)"
    assert found["ISA15"] == ("Interchange Usage Indicator", "P", "Production Data")
    beg = next(row for row in view.rows if row.tag == "BEG")
    assert (beg.name, beg.level) == ("Beginning Segment for Purchase Order", 3)
    assert beg.raw.startswith("BEG*00*SA*08292233294")


def test_x12_856_hierarchy_and_945_warehouse_codes():
    found = fields(x12_readable((SAMPLES / "aaronhuggins__node-x12/856.edi").read_bytes()))
    assert found["HL03"] == ("Hierarchical Level Code", "S", "Shipment")
    assert found["BSN02"][0] == "Shipment Identification"
    found = fields(
        x12_readable((SAMPLES / "apimeister__x12-types/945_test_945_parse_1.edi").read_bytes())
    )
    assert found["W0602"] == ("Depositor Order Number", "IF102", "")
    assert found["W1201"] == ("Shipment/Order Status Code", "CC", "Shipment Complete on (Date)")
    assert found["W2701"] == ("Transportation Method/Type Code", "M", "Motor (Common Carrier)")


def test_x12_997_codes_explained():
    payload = (SAMPLES / "aaronhuggins__node-x12/850_3.edi").read_bytes()
    element = payload[3:4]
    body = b"ST*997*0001~AK1*PO*1~AK2*850*0001~AK3*PO1*6**8~AK4*2**1~AK5*R*5~AK9*R*1*1*0~SE*8*0001~"
    terminator = payload[105:106]  # the ISA is 106 characters, its terminator last
    body = body.replace(b"*", element).replace(b"~", terminator)
    payload = payload.split(b"ST" + element, 1)[0] + body
    found = fields(x12_readable(payload))
    assert found["AK304"][2] == "Segment has data element errors"
    assert found["AK403"][2] == "Required data element missing"
    assert found["AK501"] == ("Transaction Set Acknowledgment Code", "R", "Rejected")
    assert found["AK502"][2] == "One or more segments in error"


def test_x12_reading_stops_at_the_faulty_interchange():
    payload = (SAMPLES / "aaronhuggins__node-x12/850_2.edi").read_bytes() + b"ISA*00*   *00*\n"
    view = x12_readable(payload)
    assert view.rows[-1].tag == "IEA"
    assert "ISA" in view.error and "byte" in view.error


def test_x12_without_isa_is_an_error_not_a_traceback():
    view = x12_readable(b"<html>not edi</html>")
    assert not view.rows
    assert view.error == "the data does not start with an ISA segment (byte 0)"


@pytest.mark.parametrize("path", EDIFACT_SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_edifact_sample_reads_with_its_segments_named(path):
    view = edifact_readable(path.read_bytes())
    assert not view.error
    assert [row.tag for row in view.rows if not row.name] == []


def test_edifact_composites_named_and_qualifiers_explained():
    view = edifact_readable((SAMPLES / "nerdocs__pydifact/invoice1.edi").read_bytes())
    found = fields(view)
    assert found["C002.1001"] == ("Document name code", "381", "Credit note")
    assert found["C507.2005"] == ("Date/time/period qualifier", "137", "Document/message date/time")
    assert found["3035"] == ("Party qualifier", "BT", "")
    assert found["C506.1153"] == ("Reference qualifier", "VA", "VAT registration number")
    assert found["C186.6063"] == ("Quantity qualifier", "12", "Despatch quantity")
    assert found["C509.5125"] == ("Price qualifier", "AAA", "Calculation net")
    assert found["C516.5025"] == ("Monetary amount type qualifier", "203", "Line item amount")
    assert found["C212.7143"] == ("Item number type, coded", "IN", "Buyer's item number")
    assert found["S009.0065"] == ("Message type", "INVOIC", "Invoice message")
    nad = [row for row in view.rows if row.tag == "NAD"]
    assert [f.meaning for f in nad[1].fields[:1]] == ["Supplier"]


def test_edifact_una_is_shown_and_contrl_codes_explained():
    payload = (
        b"UNA:+.? 'UNB+UNOC:3+HUB:ZZZ+BUYER:ZZZ+261120:0930+7'"
        b"UNH+1+CONTRL:D:3:UN'UCI+ORD1+BUYER:ZZZ+HUB:ZZZ+4+29'UCM+M1+ORDERS:D:96A:UN+4+13+UNT'"
        b"UNT+4+1'UNZ+1+7'"
    )
    view = edifact_readable(payload)
    assert [row.tag for row in view.rows][:2] == ["UNA", "UNB"]
    found = fields(view)
    assert found["0083"][2] == "This level and all lower levels rejected"
    assert found["0085"][2] == "control count does not match number of instances received"
    assert found["S001.0001"][2] == "UN/ECE level C (iso8859-1)"


def test_edifact_reading_stops_at_the_faulty_segment():
    payload = (
        (SAMPLES / "nerdocs__pydifact/order.edi").read_bytes().replace(b"QTY+21:8'", b"q!y'", 1)
    )
    view = edifact_readable(payload)
    assert view.rows[-1].tag == "LIN"
    assert "does not start with a segment tag" in view.error


def test_a_long_interchange_is_cut_at_the_row_limit():
    payload = (SAMPLES / "aaronhuggins__node-x12/850_2.edi").read_bytes()
    head, rest = payload.split(b"PO1*", 1)
    body, tail = rest.split(b"CTT", 1)
    view = x12_readable(head + (b"PO1*" + body) * 1000 + b"CTT" + tail)
    assert len(view.rows) == MAX_ROWS
    assert view.truncated
    assert not view.error
