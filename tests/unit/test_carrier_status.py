"""The carrier status document and the EasyPost tracking webhook mapped to it."""

import pytest

from odoo.addons.integration_core.schemas import SchemaError, validate_document
from odoo.addons.integration_core.services.easypost import (
    EasyPostError,
    carrier_status_from_easypost,
)


def tracker_event(*details, signed_by="J SMITH", description="tracker.updated"):
    return {
        "object": "Event",
        "description": description,
        "result": {
            "object": "Tracker",
            "tracking_code": "1ZTEST",
            "carrier": "UPS",
            "signed_by": signed_by,
            "est_delivery_date": "2026-11-25T17:00:00Z",
            "tracking_details": [
                {
                    "object": "TrackingDetail",
                    "status": status,
                    "status_detail": detail,
                    "datetime": when,
                    "message": f"{status} {detail}",
                    "tracking_location": {"city": "RENO", "state": "NV", "country": "US"},
                }
                for status, detail, when in details
            ],
        },
    }


def test_a_status_must_name_the_shipment():
    with pytest.raises(SchemaError, match="tracking_number, delivery_ref or order_ref"):
        validate_document("carrier_status", {"events": []})


def test_proof_of_delivery_only_on_a_delivered_event():
    event = {"status": "delayed", "event_time": "2026-11-23T10:00:00Z", "signed_by": "X"}
    with pytest.raises(SchemaError, match=r"events\[0\]: a delayed event has no proof"):
        validate_document("carrier_status", {"tracking_number": "1Z", "events": [event]})


def test_unknown_status_is_refused_with_its_place():
    event = {"status": "lost_in_space", "event_time": "2026-11-23T10:00:00Z"}
    with pytest.raises(SchemaError, match=r"events\[0\]\.status"):
        validate_document("carrier_status", {"tracking_number": "1Z", "events": [event]})


def test_easypost_history_becomes_milestones():
    status = carrier_status_from_easypost(
        tracker_event(
            ("pre_transit", "label_created", "2026-11-21T08:00:00Z"),
            ("in_transit", "received_at_origin_facility", "2026-11-21T18:00:00Z"),
            ("in_transit", "arrived_at_facility", "2026-11-22T03:00:00Z"),
            ("in_transit", "weather_delay", "2026-11-23T14:00:00Z"),
            ("delivered", "arrived_at_destination", "2026-11-25T15:42:00Z"),
        )
    )
    document = validate_document("carrier_status", status)
    assert document.tracking_number == "1ZTEST"
    assert document.carrier_code == "UPS"
    assert [event.status for event in document.events] == [
        "picked_up",
        "in_transit",
        "delayed",
        "delivered",
    ]
    delayed, delivered = document.events[2], document.events[3]
    assert delayed.reason_code == "weather_delay"
    assert delayed.estimated_delivery.isoformat() == "2026-11-25T17:00:00+00:00"
    assert delivered.signed_by == "J SMITH"
    assert delivered.location == "RENO NV US"


def test_a_failed_delivery_is_an_exception_with_its_reason():
    status = carrier_status_from_easypost(
        tracker_event(("return_to_sender", "return", "2026-11-26T09:00:00Z"), signed_by=None)
    )
    (event,) = status["events"]
    assert (event["status"], event["reason_code"]) == ("exception", "return")


@pytest.mark.parametrize(
    ("event", "error"),
    [
        ({"object": "Batch"}, "object"),
        (tracker_event(description="batch.created"), "'batch.created' is not a tracking"),
        (
            tracker_event(("teleported", "x", "2026-11-26T09:00:00Z")),
            r"result.tracking_details\[0\].status: 'teleported'",
        ),
        (tracker_event(("delivered", "x", "")), r"tracking_details\[0\].datetime: missing"),
    ],
)
def test_webhooks_the_hub_cannot_read_say_where(event, error):
    with pytest.raises(EasyPostError, match=error):
        carrier_status_from_easypost(event)
