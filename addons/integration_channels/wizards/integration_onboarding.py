# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import fields, models

from ..models.integration_channel import CHANNEL_KINDS


class IntegrationOnboarding(models.TransientModel):
    """The sales channel kind: a web shop or marketplace; the channel it creates makes its
    flows (orders, available to sell, fulfilments, payments, returns), unchecked ones
    archived."""

    _inherit = "integration.onboarding"

    kind = fields.Selection(
        selection_add=[("channel", "Sales channel")], ondelete={"channel": "cascade"}
    )
    channel_kind = fields.Selection(CHANNEL_KINDS, string="Shop", default="shopify")
    channel_webhook_secret = fields.Char(
        string="Webhook secret",
        help="What the shop signs its webhooks with; stored encrypted on the channel.",
    )

    def _onboarding_flows(self, partner, endpoint):
        if self.kind != "channel":
            return super()._onboarding_flows(partner, endpoint)
        channel = self.env["integration.channel"].create(
            {
                "name": self.name,
                "code": self.code,
                "partner_id": partner.id,
                "endpoint_id": endpoint.id,
                "kind": self.channel_kind,
                "webhook_secret": self.channel_webhook_secret,
            }
        )
        self.channel_webhook_secret = False
        checked = {(doc.direction, doc.document_type) for doc in self.document_ids}
        flows = channel.flow_ids
        # sudo: the channel's own flows (created by it as superuser); the caller was checked
        flows.filtered(
            lambda f: (f.direction, f.document_type) not in checked
        ).sudo().active = False
        flows = flows.filtered("active")
        # Its orders may also be posted to the API with the partner's key (the checklist).
        flows.filtered(lambda f: f.direction == "inbound").sudo().endpoint_id = endpoint
        return flows

    def _onboarding_test_flow(self, flows):
        if self.kind == "channel":
            return flows.filtered(lambda f: f.document_type == "order")[:1]
        return super()._onboarding_test_flow(flows)

    def _onboarding_sample(self, flow):
        if self.kind != "channel" or self.channel_kind != "shopify":
            return super()._onboarding_sample(flow)
        product = self._onboarding_sample_product()
        now = fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        address = {
            "first_name": "Test",
            "last_name": "Buyer",
            "address1": "1 Market Street",
            "city": "Springfield",
            "zip": "62701",
            "country_code": "US",
        }
        order = {
            "id": 1001,
            "name": f"#TEST-{self.code.upper()}-1",
            "created_at": now,
            "updated_at": now,
            "currency": self.company_id.currency_id.name,
            "email": "test.buyer@example.com",
            "taxes_included": False,
            "customer": {"id": 1, "first_name": "Test", "last_name": "Buyer"},
            "billing_address": address,
            "shipping_address": address,
            "line_items": [
                {
                    "id": 1,
                    "sku": product.default_code or "YOUR-SKU",
                    "name": product.name or "Your product",
                    "quantity": 1,
                    "price": f"{product.list_price or 1.0:.2f}",
                }
            ],
        }
        return json.dumps(order, indent=2).encode()
