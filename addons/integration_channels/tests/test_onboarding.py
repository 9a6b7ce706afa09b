# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import job_watermark, run_jobs
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOnboardingChannelTour(HttpCase):
    """A shop onboarded in one screen gets its channel and flows; the shop order its
    checklist's curl posts becomes a test quotation of the channel."""

    def test_shop_onboarded_and_its_sample_order_quoted(self):
        new_test_user(
            self.env,
            "onb_channel_manager",
            password="onb_channel_manager",
            groups="integration_core.group_integration_manager",
        )
        product = self.env["product.product"].create(
            {"name": "Harbor mug", "default_code": "HARBOR-MUG", "list_price": 9.0}
        )
        since = job_watermark(self.env)
        self.start_tour(
            "/odoo/action-integration_core.action_integration_partner",
            "integration_onboarding_channel_tour",
            login="onb_channel_manager",
        )
        channel = self.env["integration.channel"].search([("code", "=", "harbor-shop")])
        self.assertEqual((channel.kind, channel.partner_id.kind), ("shopify", "channel"))
        self.assertTrue(channel._webhook_secrets(), "the secret, stored encrypted")
        self.assertEqual(
            sorted(channel.flow_ids.filtered("active").mapped("document_type")),
            ["inventory_snapshot", "order", "shipment_notice"],
            "payments and returns were left unchecked",
        )
        run_jobs(self.env, since)
        orders = channel.flow_ids.filtered(lambda f: f.document_type == "order")
        message = orders.integration_message_ids
        self.assertEqual(message.state, "processed", message.last_error)
        order = message._business_record()
        self.assertEqual((order.state, order.tag_ids.name), ("draft", "Test"))
        self.assertIn(product, order.order_line.product_id)
