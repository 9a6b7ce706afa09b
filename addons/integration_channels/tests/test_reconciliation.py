# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ChannelCase


@tagged("post_install", "-at_install")
class TestReconciliation(ChannelCase):
    """Orders whose webhook never arrived come in with the next pull, exactly once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.publication_policy = "none"

    def pull(self):
        return self.env["integration.channel.reconciliation"]._reconcile(self.channel)

    def test_orders_without_webhooks_arrive_once_at_the_next_pull(self):
        with self.shop(webhooks=False) as shop:
            first = shop.create_order([{"sku": "SKU-A", "quantity": 2, "price": "10.00"}])
            shop.create_order(
                [{"sku": "SKU-B", "quantity": 1, "price": "4.00"}],
                customer={"id": 77, "email": "pat@example.com", "first_name": "Pat"},
            )
            self.assertFalse(shop.webhooks)
            self.assertEqual(self.pull(), {"received": 2, "known": 0})
            self.run_jobs()
            orders = self.channel_orders()
            self.assertEqual(len(orders), 2)
            self.assertEqual(set(orders.mapped("state")), {"sale"})
            messages = self.messages(self.order_flow)
            self.assertEqual(
                messages.mapped("headers"), [{"X-Channel-Source": "reconciliation"}] * 2
            )
            checkpoint = self.channel.last_order_checkpoint
            self.assertTrue(checkpoint)

            # Pulled again: recognised, nothing stored, nothing created.
            self.assertEqual(self.pull(), {"received": 0, "known": 2})
            self.assertEqual(self.run_jobs(), 0)
            self.assertEqual(self.channel_orders(), orders)
            self.assertEqual(self.messages(self.order_flow), messages)

            # The pull asks for what changed since the checkpoint, less the overlap.
            request = shop.requests[-1]
            self.assertEqual(request["path"], "/orders")
            since = fields.Datetime.to_datetime(
                request["query"]["updated_at_min"].replace("T", " ").rstrip("Z")
            )
            self.assertEqual(since, checkpoint - timedelta(minutes=5))
            self.assertEqual(request["query"]["status"], "any")

            # An edit in the shop, without a webhook, is applied at the next pull.
            shop.update_order(first["id"], quantities={"SKU-A": 5})
            self.assertEqual(self.pull(), {"received": 1, "known": 1})
            self.run_jobs()
            order = orders.filtered(lambda o: o.channel_order_id == str(first["id"]))
            self.assertEqual(
                order.order_line.filtered("product_id").mapped("product_uom_qty")[0], 5
            )
            self.assertGreater(self.channel.last_order_checkpoint, checkpoint)

    def test_cron_queues_one_pull_per_channel(self):
        with self.shop(webhooks=False) as shop:
            shop.create_order([{"sku": "SKU-A", "quantity": 1, "price": "10.00"}])
            self.env["integration.channel.reconciliation"]._cron_reconcile_orders()
            self.env["integration.channel.reconciliation"]._cron_reconcile_orders()
            jobs = self.env["queue.job"].search(
                [
                    ("model_name", "=", "integration.channel.reconciliation"),
                    ("method_name", "=", "_reconcile_job"),
                    ("id", ">", self.since),
                ]
            )
            self.assertEqual(len(jobs.filtered(lambda j: j.args == [self.channel])), 1)
            self.run_jobs()
        self.assertEqual(len(self.channel_orders()), 1)

    def test_pages_are_followed(self):
        with self.shop(webhooks=False) as shop:
            for _index in range(3):
                shop.create_order([{"sku": "SKU-A", "quantity": 1, "price": "1.00"}])
            self.patch(
                type(self.env["integration.channel.reconciliation"]), "_page_size", lambda self: 2
            )
            self.assertEqual(self.pull(), {"received": 3, "known": 0})
            pages = [r["query"]["page"] for r in shop.requests if r["path"] == "/orders"]
            self.assertEqual(pages, ["1", "2"])

    def test_other_dialects_pull_with_their_parameters(self):
        for kind, parameter in (("woocommerce", "modified_after"), ("rest", "updated_since")):
            self.channel.kind = kind
            with self.shop(webhooks=False) as shop:
                shop.create_order([{"sku": "SKU-B", "quantity": 1, "price": "2.00"}])
                self.assertEqual(self.pull()["received"], 1)
                self.assertIn(parameter, shop.requests[-1]["query"])
                self.run_jobs()
        self.assertEqual(len(self.channel_orders()), 2)
        self.assertEqual(self.messages(self.order_flow).mapped("state"), ["processed"] * 2)
