# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import AttackMixin
from odoo.tests import HttpCase, tagged

SECRET_COLUMNS = ("webhook_secret_encrypted", "webhook_secret_previous_encrypted")


@tagged("post_install", "-at_install")
class TestChannelAttacks(AttackMixin, HttpCase):
    """A sales channel's secrets and set-up hold against callers using JSON-RPC."""

    TABLES = (*AttackMixin.TABLES, "integration_channel", "product_product")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        partner = env["integration.partner"].create(
            {"name": "Attack shop", "code": "t-atk-shop", "kind": "channel"}
        )
        endpoint = env["integration.endpoint"].create(
            {"name": "Attack shop API", "partner_id": partner.id, "url": "http://127.0.0.1:9"}
        )
        cls.channel = env["integration.channel"].create(
            {
                "name": "Attack shop",
                "code": "t-atk-shop",
                "kind": "shopify",
                "partner_id": partner.id,
                "endpoint_id": endpoint.id,
                "webhook_secret": "shpss_current",
                "webhook_secret_previous": "shpss_previous",
            }
        )

    def test_only_a_manager_of_its_company_forgets_the_previous_webhook_secret(self):
        secrets, rows = self.stored(self.channel, *SECRET_COLUMNS), self.row_counts()
        self.assertTrue(all(secrets))
        channel = [self.channel.id]
        for user in (self.portal_user, self.internal_user, self.integration_user, self.manager2):
            for method in ("action_forget_previous_secret", "action_setup", "action_publish_full"):
                self.assertRefused(user, "integration.channel", method, channel)
            self.assertRefused(
                user,
                "integration.channel",
                "write",
                channel,
                {"webhook_secret_previous_encrypted": False},
            )
        for user in (self.portal_user, self.internal_user, self.manager2):
            for method in ("action_publish_now", "action_pull_orders"):
                self.assertRefused(user, "integration.channel", method, channel)
        self.assertEqual(self.stored(self.channel, *SECRET_COLUMNS), secrets)
        self.assertEqual(self.row_counts(), rows)
        self.rpc(
            self.integration_manager,
            "integration.channel",
            "action_forget_previous_secret",
            channel,
        )
        self.assertEqual(self.stored(self.channel, *SECRET_COLUMNS), (secrets[0], None))
