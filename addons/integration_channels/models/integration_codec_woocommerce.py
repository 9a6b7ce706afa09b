# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services import webhooks


class IntegrationCodecWoocommerce(models.AbstractModel):
    """WooCommerce-style shops: webhooks signed with X-WC-Webhook-Signature (base64
    HMAC-SHA256 of the body), the unsigned creation ping, REST API v3 order JSON."""

    _name = "integration.codec.woocommerce"
    _inherit = "integration.codec.channel"
    _description = "WooCommerce codec"

    _shop_kind = "woocommerce"
    _delivery_prefix = "wc-delivery"
    _handled_topics = frozenset({"order.created", "order.updated", "order.restored"})

    def _webhook_is_ping(self, headers, body):
        return webhooks.is_woocommerce_ping(body, headers.get("X-WC-Webhook-Signature"))

    def _webhook_verify(self, channel, headers, body, now):
        webhooks.verify_woocommerce(
            channel._webhook_secrets(), body, headers.get("X-WC-Webhook-Signature")
        )

    def _webhook_topic(self, headers, body):
        return headers.get("X-WC-Webhook-Topic")

    def _webhook_delivery(self, channel, headers, body):
        # WooCommerce gives each delivery attempt a new id: the order version is the key.
        delivery = super()._webhook_delivery(channel, headers, body)
        delivery.pop("partner_reference", None)
        return delivery

    def _webhook_headers(self):
        return (
            *super()._webhook_headers(),
            "X-WC-Webhook-Topic",
            "X-WC-Webhook-Resource",
            "X-WC-Webhook-Event",
            "X-WC-Webhook-ID",
            "X-WC-Webhook-Delivery-ID",
            "X-WC-Webhook-Source",
        )

    def _orders_query(self, since, page, limit):
        return {"modified_after": since, "page": page, "per_page": limit}

    def _inventory_body(self, levels):
        return {
            "update": [
                {"sku": sku, "stock_quantity": qty, "manage_stock": True} for sku, qty in levels
            ]
        }

    def _fulfilment_body(self, message, document):
        tracking = list(document.tracking_numbers)
        return {
            "tracking_provider": self._shop_carrier(message, document.carrier_code),
            "tracking_number": tracking[0] if tracking else None,
            "date_shipped": document.ship_date.date().isoformat(),
            "status_shipped": True,
            "line_items": [
                {"id": ref, "quantity": qty} for ref, qty in self._fulfilment_lines(document)
            ],
        }
