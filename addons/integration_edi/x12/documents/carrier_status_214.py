"""214 Transportation Carrier Shipment Status Message in -> canonical carrier status.

One set reports on one shipment (B10): every AT7 of its LX loops with a status the hub
reads becomes an event, located by the MS1 after it. Codes are those of the X12 standard
(1650 Shipment Status Code, 1651 Shipment Status or Appointment Reason Code).
"""

from datetime import UTC, datetime, timedelta, timezone

from ..mapping import INVALID_CODE, X12MappingError, ccyymmdd, first, hhmm, loops, text
from ..names import STATUS_REASONS

# AT701 → canonical status. Codes not listed (arrived at pick-up, appointments...) are
# no milestone of ours and are left out.
STATUSES = {
    "AF": "picked_up",  # Carrier Departed Pick-up Location with Shipment
    "CP": "picked_up",  # Completed Loading at Pick-up Location
    "AM": "in_transit",  # Loaded on Truck
    "AV": "in_transit",  # Available for Delivery
    "I1": "in_transit",  # In-Gate
    "J1": "in_transit",  # Delivered to Connecting Line
    "P1": "in_transit",  # Departed Terminal Location
    "R1": "in_transit",  # Received from Prior Carrier
    "X4": "in_transit",  # Arrived at Terminal Location
    "X6": "in_transit",  # En Route to Delivery Location
    "SD": "delayed",  # Shipment Delayed
    "X1": "delivered",  # Arrived at Delivery Location
    "D1": "delivered",  # Completed Unloading at Delivery Location
    "A3": "exception",  # Shipment Returned to Shipper
    "A7": "exception",  # Refused by Consignee
    "A9": "exception",  # Shipment Damaged
    "AH": "exception",  # Attempted Delivery
    "AP": "exception",  # Delivery Not Completed
    "CA": "exception",  # Shipment Cancelled
}
# AT701 of an estimated delivery (AG) or arrival at the consignee (X2): the new ETA.
ESTIMATES = frozenset({"AG", "X2"})
NORMAL_STATUS = "NS"  # AT702: nothing wrong; any other reason on the way is a delay
# G62 qualifier of the estimated delivery date, when the set gives it in its heading.
ESTIMATED_DELIVERY = "17"
# L11 qualifiers: tracking number; purchase order / customer order (our order_ref).
TRACKING = "2I"
ORDER_QUALIFIERS = ("PO", "CO")
# AT707 time codes with a fixed offset; others (LT: local time) stay as sent.
TIME_ZONES = {
    "UT": 0,
    "GM": 0,
    "ED": -4,
    "ES": -5,
    "CD": -5,
    "CS": -6,
    "MD": -6,
    "MS": -7,
    "PD": -7,
    "PS": -8,
}
# K1 remarks of a proof of delivery: "SIGNED BY*J SMITH" or "POD J SMITH".
SIGNATURE_LABELS = ("SIGNED BY", "SIGNATURE", "POD")


def carrier_status_from_214(segments):
    """The canonical carrier status of a 214's body segments (between ST and SE).

    B1001 (the carrier's reference, its PRO) is the tracking number unless an L11*2I
    gives one; B1002 (the shipment identification number we gave the carrier) is our
    delivery's reference; B1003 the carrier's SCAC; L11*PO (or CO) the order.
    """
    segments = list(segments)
    b10 = first(segments, "B10")
    references = {text(l11, 2): text(l11, 1) for l11 in reversed(segments) if l11.tag == "L11"}
    heading_eta = _heading_eta(segments)
    events, seen_codes = [], []
    for _lx, loop in loops(segments, "LX", end_tags=()):
        events += _loop_events(loop, heading_eta, seen_codes)
    if not events:
        at7 = next((s for s in segments if s.tag == "AT7"), None)
        raise X12MappingError(
            at7 or "AT7",
            1 if at7 else None,
            "no AT7 reports a status the hub reads (picked up, in transit, delayed, "
            f"delivered, exception); codes sent: {', '.join(seen_codes) or 'none'}",
            code=INVALID_CODE if at7 else None,
        )
    return {
        "tracking_number": references.get(TRACKING) or text(b10, 1) or None,
        "delivery_ref": text(b10, 2) or None,
        "order_ref": next((references[q] for q in ORDER_QUALIFIERS if references.get(q)), None),
        "carrier_code": text(b10, 3) or None,
        "events": events,
    }


def _heading_eta(segments):
    for g62 in segments:
        if g62.tag == "LX":
            break
        if g62.tag == "G62" and text(g62, 1) == ESTIMATED_DELIVERY:
            return datetime.combine(ccyymmdd(g62, 2, required=True), hhmm(g62, 4))
    return None


def _loop_events(loop, heading_eta, seen_codes):
    """The events of one LX loop: each AT7 with the MS1 after it; its ETA and signature."""
    eta = heading_eta
    signer = _signer(loop)
    statuses = []
    for index, segment in enumerate(loop):
        if segment.tag != "AT7" or not text(segment, 1):
            continue  # an appointment (AT703) is no status
        code = text(segment, 1)
        seen_codes.append(code)
        if code in ESTIMATES:
            eta = _when(segment)
        elif code in STATUSES:
            statuses.append((segment, _location(loop[index + 1 :])))
    return [_event(at7, location, eta, signer) for at7, location in statuses]


def _event(at7, location, eta, signer):
    code, reason = text(at7, 1), text(at7, 2)
    status = STATUSES[code]
    if status == "in_transit" and reason and reason != NORMAL_STATUS:
        status = "delayed"
    event = {
        "status": status,
        "event_time": _when(at7),
        "location": location,
        "carrier_status_code": code,
    }
    if status in ("delayed", "exception") and reason and reason != NORMAL_STATUS:
        event["reason_code"] = reason
        event["reason_text"] = STATUS_REASONS.get(reason)
    if status == "delayed":
        event["estimated_delivery"] = eta
    if status == "delivered" and signer:
        event["signed_by"] = signer
        event["signed_at"] = event["event_time"]
    return event


def _when(at7):
    """AT705/AT706 as a datetime, aware when AT707 names a fixed time zone."""
    moment = datetime.combine(ccyymmdd(at7, 5, required=True), hhmm(at7, 6))
    offset = TIME_ZONES.get(text(at7, 7))
    if offset is None:
        return moment
    return moment.replace(tzinfo=timezone(timedelta(hours=offset))).astimezone(UTC)


def _location(following):
    """ "COLUMBUS OH US" of the MS1 right after an AT7 (before the next AT7), or None."""
    for segment in following:
        if segment.tag == "AT7":
            return None
        if segment.tag == "MS1":
            return " ".join(v for v in (text(segment, 1), text(segment, 2), text(segment, 3)) if v)
    return None


def _signer(loop):
    """Who signed for the goods: a K1 remark labelled as a signature, else None."""
    for k1 in loop:
        if k1.tag != "K1":
            continue
        remark = " ".join(v for v in (text(k1, 1), text(k1, 2)) if v).strip()
        for label in SIGNATURE_LABELS:
            if remark.upper().startswith(label):
                return remark[len(label) :].strip(" :-") or None
    return None
