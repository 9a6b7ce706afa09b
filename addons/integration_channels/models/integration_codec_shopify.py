# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import json

from odoo import models
from odoo.addons.integration_core.services.errors import ParseError

from ..services import refunds, webhooks
from ..services.orders import OrderShapeError

REFUND_TOPIC = "refunds/create"


def _line_id(ref):
    return int(ref) if str(ref).isdigit() else ref


class IntegrationCodecShopify(models.AbstractModel):
    """Shopify-style shops: webhooks signed with X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256
    of the body), REST Admin API order JSON, fulfilments with tracking."""

    _name = "integration.codec.shopify"
    _inherit = "integration.codec.channel"
    _description = "Shopify codec"

    _shop_kind = "shopify"
    _delivery_prefix = "shopify-webhook"
    _handled_topics = frozenset(
        {
            "orders/create",
            "orders/updated",
            "orders/cancelled",
            "orders/paid",
            "orders/fulfilled",
            "orders/partially_fulfilled",
            REFUND_TOPIC,
        }
    )

    def _webhook_verify(self, channel, headers, body, now):
        webhooks.verify_shopify(
            channel._webhook_secrets(), body, headers.get("X-Shopify-Hmac-Sha256")
        )

    def _webhook_topic(self, headers, body):
        return headers.get("X-Shopify-Topic")

    def _webhook_role(self, headers, body):
        return "returns" if self._webhook_topic(headers, body) == REFUND_TOPIC else "orders"

    def _webhook_delivery(self, channel, headers, body):
        """A refund of money only brings nothing back: answered, not stored."""
        topic = self._webhook_topic(headers, body)
        if topic == REFUND_TOPIC:
            with contextlib.suppress(ValueError):
                if not refunds.returned_items(json.loads(body)):
                    return {"process": False, "topic": f"{topic} (no goods returned)"}
        return super()._webhook_delivery(channel, headers, body)

    def _read_return(self, message, payload):
        try:
            document = refunds.from_shopify_refund(self._load_json(payload))
        except OrderShapeError as err:
            raise ParseError(
                self.env._("This is not a readable Shopify refund: %s", err),
                hint=self.env._("Ask the shop to resend it, or Edit payload and Retry."),
            ) from err
        if document is None:
            raise ParseError(self.env._("This Shopify refund returns no goods."))
        return document

    def _webhook_delivery_id(self, headers):
        return headers.get("X-Shopify-Webhook-Id")

    def _webhook_headers(self):
        return (
            *super()._webhook_headers(),
            "X-Shopify-Topic",
            "X-Shopify-Webhook-Id",
            "X-Shopify-Event-Id",
            "X-Shopify-Triggered-At",
            "X-Shopify-Shop-Domain",
            "X-Shopify-API-Version",
        )

    def _orders_query(self, since, page, limit):
        return {"updated_at_min": since, "status": "any", "page": page, "limit": limit}

    def _inventory_body(self, levels):
        return {"inventory_levels": [{"sku": sku, "available": qty} for sku, qty in levels]}

    def _fulfilment_body(self, message, document):
        tracking = list(document.tracking_numbers)
        return {
            "fulfillment": {
                "tracking_company": self._shop_carrier(message, document.carrier_code),
                "tracking_number": tracking[0] if tracking else None,
                "tracking_numbers": tracking,
                "notify_customer": True,
                "line_items": [
                    {"id": _line_id(ref), "quantity": qty}
                    for ref, qty in self._fulfilment_lines(document)
                ],
            }
        }
