"""Payment gateways' webhooks (Standard Webhooks envelopes) → the canonical payment_event.

The gateway posts ``{"type": "payment.captured", "timestamp": ..., "data": {...}}``; ``data``
names the event, the payment, the order and the amounts, or for ``payout.paid`` the payout
and the payments it settles. Unknown types are not payment events (the route ignores them).
"""

EVENT_TYPES = {
    "payment.captured": "captured",
    "payment.refunded": "refunded",
    "payment.failed": "failed",
    "payout.paid": "payout",
}


class PaymentShapeError(ValueError):
    """The body is not a payment event the hub can read; the text says what is missing."""


def event_type(body):
    """The canonical event type of a decoded webhook body, or None when it is none of ours."""
    return EVENT_TYPES.get(body.get("type")) if isinstance(body, dict) else None


def event_key(channel_code, document):
    """The idempotency key of a payment event: the gateway's event id, per channel, so that a
    redelivery under a new webhook-id is still recognised."""
    return f"{channel_code}:payment:{document['event_id']}"


def _data(body):
    data = body.get("data")
    if not isinstance(data, dict):
        raise PaymentShapeError("the webhook has no data object")
    return data


def _first(data, *names):
    for name in names:
        if data.get(name) not in (None, ""):
            return data[name]
    return None


def _payout(data, currency):
    payout = data.get("payout")
    if not isinstance(payout, dict):
        raise PaymentShapeError("a payout.paid webhook carries data.payout")
    payments = payout.get("payments")
    if not isinstance(payments, list):
        raise PaymentShapeError("data.payout.payments is not a list")
    return {
        "payout_id": _first(payout, "id", "payout_id"),
        "payout_date": _first(payout, "date", "arrival_date"),
        "fee_amount": payout.get("fee", "0"),
        "total": _first(payout, "amount", "total"),
        "bank_reference": payout.get("bank_reference"),
        "items": [
            {
                "payment_id": _first(item, "payment_id", "id"),
                "order_ref": item.get("order_ref"),
                "amount": item.get("amount"),
                "fee_amount": item.get("fee", "0"),
            }
            for item in payments
            if isinstance(item, dict)
        ],
    }, _first(payout, "currency") or currency


def to_document(body, delivery_id=None):
    """The canonical payment_event dict of a decoded webhook body.

    The event id is the gateway's (``data.event_id``), else the delivery's ``webhook-id``.
    Amounts stay as sent: the schema checks them (and says which one is wrong).
    """
    kind = event_type(body)
    if not kind:
        raise PaymentShapeError(f"type {body.get('type')!r} is not a payment event")
    data = _data(body)
    document = {
        "event_id": _first(data, "event_id") or delivery_id,
        "event_type": kind,
        "occurred_at": body.get("timestamp"),
        "currency": data.get("currency"),
    }
    if kind == "payout":
        document["payout"], document["currency"] = _payout(data, document["currency"])
        return document
    document.update(
        payment_id=_first(data, "payment_id", "id"),
        order_ref=_first(data, "order_ref", "order_id"),
        amount=data.get("amount"),
        fee_amount=data.get("fee", "0"),
        reason=_first(data, "reason", "failure_message"),
    )
    return {key: value for key, value in document.items() if value is not None}
