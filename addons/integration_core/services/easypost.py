"""EasyPost tracking webhooks (``tracker.created`` / ``tracker.updated`` Event objects, as
EasyPost documents them) → canonical carrier status dicts. Pure Python.

A Tracker carries its whole history in ``tracking_details``; each detail becomes an event
(the processor stores only those it has not seen). Details before the carrier has the
parcel (``pre_transit``, ``unknown``) are no milestone and are left out.
"""

TRACKER_EVENTS = ("tracker.created", "tracker.updated")
# status_detail values that say the carrier took the parcel, or that it is late.
PICKED_UP_DETAILS = frozenset({"received_at_origin_facility", "departed_origin_facility"})
DELAY_DETAILS = frozenset({"delayed", "weather_delay"})
# Tracker statuses → canonical status (None: no milestone).
STATUSES = {
    "pre_transit": None,
    "unknown": None,
    "in_transit": "in_transit",
    "out_for_delivery": "in_transit",
    "available_for_pickup": "in_transit",
    "delivered": "delivered",
    "return_to_sender": "exception",
    "failure": "exception",
    "cancelled": "exception",
    "error": "exception",
}


# What the hub reads of an Event, as a JSON Schema for the API's document.
EVENT_SCHEMA = {
    "title": "EasyPostEvent",
    "type": "object",
    "description": "An EasyPost tracker webhook (an Event whose result is a Tracker), posted "
    "to a flow with the EasyPost codec; details before pickup are no milestone.",
    "properties": {
        "object": {"const": "Event", "description": "Always Event."},
        "description": {"enum": list(TRACKER_EVENTS), "description": "The event's topic."},
        "result": {
            "type": "object",
            "description": "The Tracker with its whole history.",
            "properties": {
                "object": {"const": "Tracker", "description": "Always Tracker."},
                "tracking_code": {
                    "type": "string",
                    "minLength": 1,
                    "description": "The carrier's tracking number.",
                },
                "tracking_details": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "Every scan so far, each with status, status_detail, "
                    "datetime and tracking_location.",
                },
            },
            "required": ["object", "tracking_code"],
        },
    },
    "required": ["object", "description", "result"],
}


class EasyPostError(ValueError):
    """The webhook is not a tracker event the hub reads; the text names the field."""


def carrier_status_from_easypost(event):
    """The canonical carrier status (a dict) of an EasyPost webhook ``event`` (decoded JSON)."""
    if not isinstance(event, dict) or event.get("object") != "Event":
        raise EasyPostError('object: expected an EasyPost "Event" object')
    description = event.get("description")
    if description not in TRACKER_EVENTS:
        raise EasyPostError(
            f"description: {description!r} is not a tracking event ({', '.join(TRACKER_EVENTS)})"
        )
    tracker = event.get("result")
    if not isinstance(tracker, dict) or tracker.get("object") != "Tracker":
        raise EasyPostError('result: expected a "Tracker" object')
    if not tracker.get("tracking_code"):
        raise EasyPostError("result.tracking_code: missing")
    details = tracker.get("tracking_details") or []
    if not isinstance(details, list):
        raise EasyPostError("result.tracking_details: expected a list")
    events = []
    for index, detail in enumerate(details):
        canonical = _event(tracker, detail, f"result.tracking_details[{index}]")
        if canonical:
            events.append(canonical)
    return {
        "tracking_number": tracker["tracking_code"],
        "carrier_code": tracker.get("carrier") or None,
        "events": events,
    }


def _event(tracker, detail, where):
    if not isinstance(detail, dict):
        raise EasyPostError(f"{where}: expected an object")
    status_name = detail.get("status")
    if status_name not in STATUSES:
        raise EasyPostError(f"{where}.status: {status_name!r} is not an EasyPost tracking status")
    status = STATUSES[status_name]
    if status is None:
        return None
    if not detail.get("datetime"):
        raise EasyPostError(f"{where}.datetime: missing")
    status_detail = detail.get("status_detail") or None
    if status == "in_transit" and status_detail in PICKED_UP_DETAILS:
        status = "picked_up"
    elif status == "in_transit" and status_detail in DELAY_DETAILS:
        status = "delayed"
    event = {
        "status": status,
        "event_time": detail["datetime"],
        "location": _location(detail.get("tracking_location")),
        "carrier_status_code": status_detail,
    }
    if status in ("delayed", "exception"):
        event["reason_code"] = status_detail
        event["reason_text"] = detail.get("message") or None
    if status == "delayed":
        event["estimated_delivery"] = tracker.get("est_delivery_date") or None
    if status == "delivered" and tracker.get("signed_by"):
        event["signed_by"] = tracker["signed_by"]
        event["signed_at"] = detail["datetime"]
    return event


def _location(location):
    """ "Reno NV 89501 US" of a TrackingLocation, None when it says nothing."""
    if not isinstance(location, dict):
        return None
    parts = [location.get(key) for key in ("city", "state", "zip", "country")]
    return " ".join(str(part) for part in parts if part) or None
