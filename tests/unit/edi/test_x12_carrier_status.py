"""214 Transportation Carrier Shipment Status in -> canonical carrier status."""

import io
from datetime import datetime
from pathlib import Path

import pytest

from odoo.addons.integration_core.schemas import validate_document
from odoo.addons.integration_edi import x12
from odoo.addons.integration_edi.x12.mapping import X12MappingError

FIXTURE = (
    Path(__file__).resolve().parents[3]
    / "addons/integration_edi/tests/fixtures/x12/214_delayed_then_delivered.edi"
)


def sets_of(payload):
    result = x12.validate(io.BytesIO(payload), keep_segments=True)
    assert result.ok, list(result.all_errors())
    return list(result.transaction_sets())


def mapped(transaction_set):
    inbound = x12.INBOUND[transaction_set.type]
    assert inbound.doc_type == "carrier_status"
    return validate_document("carrier_status", inbound.mapper(transaction_set.segments))


def test_a_delay_with_its_reason_and_new_eta():
    delayed_set, _delivered_set = sets_of(FIXTURE.read_bytes())
    status = mapped(delayed_set)
    assert status.tracking_number == "1Z999AA10123456784"
    assert status.delivery_ref == "WH/OUT/00042"
    assert status.order_ref == "NW-45001"
    assert status.carrier_code == "ODFL"
    picked_up, delayed = status.events
    assert (picked_up.status, picked_up.location) == ("picked_up", "RENO NV US")
    # ET is ambiguous (standard or daylight): kept as sent; ED is UTC-4.
    assert picked_up.event_time == datetime(2026, 11, 21, 18, 10)
    assert delayed.status == "delayed"
    assert delayed.event_time.isoformat() == "2026-11-23T13:05:00+00:00"
    assert (delayed.reason_code, delayed.reason_text) == (
        "AO",
        "Weather or Natural Disaster Related",
    )
    assert delayed.estimated_delivery == datetime(2026, 11, 25, 17, 0)
    assert delayed.carrier_status_code == "SD"


def test_delivered_with_proof_of_delivery():
    _delayed_set, delivered_set = sets_of(FIXTURE.read_bytes())
    (delivered,) = mapped(delivered_set).events
    assert delivered.status == "delivered"
    assert delivered.signed_by == "J SMITH"
    assert delivered.signed_at.isoformat() == "2026-11-25T15:42:00+00:00"
    assert delivered.location == "COLUMBUS OH US"


def test_en_route_with_a_reason_is_a_delay():
    segments = _segments(
        ("B10", "PRO-1", "", "ODFL"),
        ("LX", "1"),
        ("AT7", "X6", "AF", "", "", "20261122", "0800", "UT"),
    )
    (event,) = x12.INBOUND["214"].mapper(segments)["events"]
    assert (event["status"], event["reason_code"], event["reason_text"]) == (
        "delayed",
        "AF",
        "Accident",
    )


def test_a_214_with_no_status_the_hub_reads_names_the_element():
    segments = _segments(
        ("B10", "PRO-1", "", "ODFL"),
        ("LX", "1"),
        ("AT7", "X3", "NS", "", "", "20261122", "0800", "UT"),
    )
    with pytest.raises(X12MappingError, match=r"AT701: .*codes sent: X3"):
        x12.INBOUND["214"].mapper(segments)


def test_a_bad_date_names_the_element():
    segments = _segments(("B10", "PRO-1"), ("LX", "1"), ("AT7", "D1", "NS", "", "", "2026-11"))
    with pytest.raises(X12MappingError, match="AT705"):
        x12.INBOUND["214"].mapper(segments)


def _segments(*rows):
    """Body segments of a 214 written and read back through a whole interchange."""
    header = x12.InterchangeHeader("ZZ", "ODFLFREIGHT", "ZZ", "HUBDISTRIB", "261123", "1415", 9)
    group = x12.GroupHeader("QM", "ODFLFREIGHT", "HUBDISTRIB", "20261123", "1415", 9)
    outgoing = x12.OutgoingSet("214", 1, list(rows))
    data = x12.render_interchange(x12.Delimiters(), header, [x12.OutgoingGroup(group, [outgoing])])
    (transaction_set,) = sets_of(data)
    return transaction_set.segments


def test_the_readable_view_explains_the_214_codes():
    assert x12.names.SETS["214"] == "Transportation Carrier Shipment Status Message"
    assert x12.names.code_meaning("AT7", 1, "SD") == "Shipment Delayed"
    assert x12.names.code_meaning("AT7", 2, "AO") == "Weather or Natural Disaster Related"
    assert x12.names.element_name("B10", 3) == "Standard Carrier Alpha Code"
