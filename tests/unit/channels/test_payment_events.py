from decimal import Decimal

import pytest

from odoo.addons.integration_channels.services import payments
from odoo.addons.integration_core import schemas as core_schemas


@pytest.fixture
def validate():
    """Validate as the pipeline does, with the channels' schema registered for the test only
    (the registry is shared with the hub's own schema tests)."""
    saved = dict(core_schemas.SCHEMAS)
    from odoo.addons.integration_channels.schemas import PaymentEvent

    core_schemas.SCHEMAS[PaymentEvent.doc_type] = PaymentEvent
    yield lambda data: core_schemas.validate_document("payment_event", data)
    core_schemas.SCHEMAS.clear()
    core_schemas.SCHEMAS.update(saved)


CAPTURED = {
    "type": "payment.captured",
    "timestamp": "2026-12-02T10:00:00Z",
    "data": {
        "event_id": "evt_1",
        "payment_id": "pay_1",
        "order_ref": "1001",
        "amount": "60.00",
        "fee": "1.80",
        "currency": "EUR",
    },
}
PAYOUT = {
    "type": "payout.paid",
    "data": {
        "event_id": "evt_2",
        "currency": "EUR",
        "payout": {
            "id": "po_1",
            "date": "2026-12-03",
            "amount": "174.60",
            "fee": "5.40",
            "bank_reference": "BANKREF-77",
            "payments": [
                {"payment_id": "pay_1", "amount": "60.00", "fee": "1.80"},
                {"payment_id": "pay_2", "amount": "120.00", "fee": "3.60"},
            ],
        },
    },
}


def test_a_capture_reads_into_the_canonical_event(validate):
    document = validate(payments.to_document(CAPTURED, "msg_1"))
    assert (document.event_type, document.event_id, document.order_ref) == (
        "captured",
        "evt_1",
        "1001",
    )
    assert (document.amount, document.fee_amount, document.net_amount) == (
        Decimal("60.00"),
        Decimal("1.80"),
        Decimal("58.20"),
    )
    assert payments.event_key("shop", payments.to_document(CAPTURED)) == "shop:payment:evt_1"


def test_the_webhook_id_is_the_event_id_when_the_gateway_gives_none():
    body = {**CAPTURED, "data": {**CAPTURED["data"], "event_id": None}}
    assert payments.to_document(body, "msg_9")["event_id"] == "msg_9"


def test_a_payout_must_add_up(validate):
    document = validate(payments.to_document(PAYOUT))
    assert document.payout.total == Decimal("174.60")
    assert [item.payment_id for item in document.payout.items] == ["pay_1", "pay_2"]
    wrong = {**PAYOUT["data"], "payout": {**PAYOUT["data"]["payout"], "amount": "180.00"}}
    with pytest.raises(core_schemas.SchemaError, match="less fees 174.60"):
        validate(payments.to_document({**PAYOUT, "data": wrong}))


def test_an_order_event_names_its_order_and_amount(validate):
    data = {k: v for k, v in CAPTURED["data"].items() if k != "order_ref"}
    with pytest.raises(core_schemas.SchemaError, match="order_ref"):
        validate(payments.to_document({**CAPTURED, "data": data}))


def test_other_types_are_not_payment_events():
    assert payments.event_type({"type": "order.created"}) is None
    with pytest.raises(payments.PaymentShapeError, match="not a payment event"):
        payments.to_document({"type": "order.created", "data": {}})
    with pytest.raises(payments.PaymentShapeError, match="data.payout"):
        payments.to_document({"type": "payout.paid", "data": {"currency": "EUR"}})
