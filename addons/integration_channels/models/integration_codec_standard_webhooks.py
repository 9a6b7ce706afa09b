# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from ..services import webhooks
from ..services.orders import OrderShapeError, unwrap_event


class IntegrationCodecStandardWebhooks(models.AbstractModel):
    """Shops that follow the Standard Webhooks specification (webhook-id, webhook-timestamp,
    webhook-signature with whsec_ secrets and key rotation), with the generic JSON order."""

    _name = "integration.codec.standard_webhooks"
    _inherit = "integration.codec.channel"
    _description = "Standard Webhooks codec"

    _shop_kind = "standard_webhooks"
    _delivery_prefix = "webhook"
    _handled_topics = frozenset({"order.created", "order.updated", "order.cancelled"})

    def _shop_order(self, data):
        try:
            return unwrap_event(data)[1]
        except OrderShapeError:
            return data

    def _webhook_verify(self, channel, headers, body, now):
        webhooks.verify_standard(
            channel._webhook_secrets(),
            headers.get("webhook-id"),
            headers.get("webhook-timestamp"),
            body,
            headers.get("webhook-signature"),
            now,
        )

    def _webhook_topic(self, headers, body):
        try:
            data = json.loads(body)
        except ValueError:
            return None
        return data.get("type") if isinstance(data, dict) else None

    def _webhook_delivery_id(self, headers):
        return headers.get("webhook-id")

    def _webhook_headers(self):
        return (*super()._webhook_headers(), "webhook-id", "webhook-timestamp")
