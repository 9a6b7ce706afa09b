# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import json

from odoo import models
from odoo.addons.integration_core.services.errors import ParseError

from ..services import payments


class IntegrationCodecChannel(models.AbstractModel):
    """Payment events of a channel's gateway, whatever the shop's dialect: Standard Webhooks
    envelopes read into the canonical payment_event (services/payments.py)."""

    _inherit = "integration.codec.channel"

    def _decode(self, message, payload):
        if message.document_type != "payment_event":
            return super()._decode(message, payload)
        delivery_id = (message.headers or {}).get("webhook-id")
        try:
            return payments.to_document(self._load_json(payload), delivery_id)
        except payments.PaymentShapeError as err:
            raise ParseError(
                self.env._("This is not a readable payment event: %s", err),
                hint=self.env._("Ask the gateway to resend it, or Edit payload and Retry."),
            ) from err

    def _payment_delivery(self, channel, headers, body):
        """How to receive a verified payment webhook (see ``_webhook_delivery``): the key is
        the gateway's event id, the partner reference the webhook-id; other types are
        ignored."""
        data = None
        with contextlib.suppress(ValueError):
            data = json.loads(body)
        topic = data.get("type") if isinstance(data, dict) else None
        if data is not None and not payments.event_type(data):
            return {"process": False, "topic": topic}
        delivery_id = headers.get("webhook-id")
        key = None
        # An unreadable body is stored all the same: the parse step explains what is wrong.
        with contextlib.suppress(payments.PaymentShapeError, KeyError, TypeError):
            key = payments.event_key(channel.code, payments.to_document(data, delivery_id))
        return {
            "process": True,
            "topic": topic,
            "idempotency_key": key or f"{channel.code}:payment-webhook:{delivery_id}",
            "partner_reference": f"payment-webhook:{delivery_id}",
            "headers": {
                name: headers[name]
                for name in ("Content-Type", "User-Agent", "webhook-id", "webhook-timestamp")
                if name in headers
            },
        }
