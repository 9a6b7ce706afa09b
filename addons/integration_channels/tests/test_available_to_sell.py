# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
import random
import time

from odoo import Command, fields
from odoo.addons.integration_core.tests.common import run_next_job
from odoo.tests import tagged

from .common import ChannelCase


@tagged("post_install", "-at_install")
class TestAvailableToSell(ChannelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env["res.partner"].create({"name": "Counter buyer"})

    def sell(self, product, quantity, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.buyer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": quantity})
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def publication_products(self):
        return self.env["integration.channel.stock"]._publication_products(self.channel)

    def free(self, product):
        return sum(
            product.with_context(warehouse_id=warehouse.id).free_qty
            for warehouse in self.channel.warehouse_ids
        )

    def ats(self, product):
        return max(0, math.floor(self.free(product) - self.channel.safety_stock + 1e-6))

    def inventory_requests(self, shop):
        return [r for r in shop.requests if r["path"] == "/inventory_levels"]

    def publication_jobs(self):
        return self.env["queue.job"].search(
            [
                ("id", ">", self.since),
                ("model_name", "=", "integration.builder.available_to_sell"),
                ("method_name", "=", "_publish"),
                ("state", "=", "pending"),
            ]
        )

    def run_jobs_when_due(self, timeout=30):
        """Run jobs as the runner would: each once its eta has come."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = self.env["queue.job"].search(
                [
                    ("id", ">", self.since),
                    ("state", "=", "pending"),
                    ("model_name", "like", "integration."),
                ]
            )
            if not pending:
                return
            due = pending.filtered(lambda j: not j.eta or j.eta <= fields.Datetime.now())
            if due:
                run_next_job(self.env, due[0].id - 1)
            else:
                time.sleep(0.2)
        self.fail(f"jobs still pending after {timeout} s")

    # ------------------------------------------------------------------ figures and deltas
    def test_free_minus_safety_over_warehouses_in_batches_then_deltas(self):
        self.channel.write(
            {
                "warehouse_ids": [Command.set((self.warehouse | self.warehouse2).ids)],
                "safety_stock": 2,
                "batch_size": 2,
            }
        )
        self.set_stock(self.product_a, 10)
        self.set_stock(self.product_a, 5, self.warehouse2)
        self.set_stock(self.product_b, 1)
        self.sell(self.product_a, 4)  # reserves 4 of the 15 on hand
        self.assertEqual(len(self.publication_jobs()), 1, "one pending publication at a time")
        with self.shop() as shop:
            self.run_jobs()
            self.assertEqual(shop.inventory, {"SKU-A": 15 - 4 - 2, "SKU-B": 0, "SKU-C": 0})
            self.assertEqual(len(self.inventory_requests(shop)), 2, "3 items in batches of 2")
            stock = self.channel.stock_ids
            self.assertEqual({line.sku: line.published_qty for line in stock}, shop.inventory)
            self.assertTrue(self.channel.last_publication_at)
            messages = self.messages(self.stock_flow)
            self.assertEqual(messages.mapped("state"), ["sent", "sent"])
            self.assertEqual(len(set(messages.mapped("correlation_id"))), 1)

            # Nothing changed: a publication sends nothing.
            self.channel._schedule_publication()
            self.run_jobs()
            self.assertEqual(len(self.inventory_requests(shop)), 2)

            # One figure changed: only that item is sent.
            self.set_stock(self.product_b, 6)
            self.run_jobs()
            self.assertEqual(len(self.inventory_requests(shop)), 3)
            self.assertEqual(shop.inventory_updates[-1], {"sku": "SKU-B", "available": 4})

            # The scheduled full reconciliation sends every item again.
            self.env["integration.builder.available_to_sell"]._cron_publish_full()
            self.run_jobs()
            self.assertEqual(len(self.inventory_requests(shop)), 5)
            self.assertEqual(shop.inventory, {"SKU-A": 9, "SKU-B": 4, "SKU-C": 0})
            self.assertFalse(self.channel.full_publication_due)

    def test_oversold_warehouse_publishes_zero(self):
        self.set_stock(self.product_c, -3)
        with self.shop() as shop:
            self.channel._schedule_publication()
            self.run_jobs()
        self.assertEqual(shop.inventory["SKU-C"], 0)

    def test_stock_changes_are_debounced_into_one_publication(self):
        for quantity in (3, 4, 5):
            self.set_stock(self.product_a, quantity)
        self.sell(self.product_a, 1)
        self.assertEqual(len(self.publication_jobs()), 1)
        unrelated = self.env["product.product"].create(
            {"name": "Not sold online", "type": "consu", "is_storable": True}
        )
        with self.shop() as shop:
            self.run_jobs()
            self.set_stock(unrelated, 8)
            self.assertFalse(self.publication_jobs(), "products the channel does not sell")
        self.assertEqual(len(self.inventory_requests(shop)), 1)
        self.assertEqual(shop.inventory["SKU-A"], 4)

    def test_policies(self):
        self.set_stock(self.product_a, 2)
        self.channel.publication_policy = "none"
        self.assertEqual(self.publication_products(), {})
        self.channel.publication_policy = "all"
        products = self.publication_products()
        self.assertEqual(products[self.product_a.id], "SKU-A", "the cross-reference is the SKU")
        other = self.env["product.product"].create(
            {"name": "No xref", "default_code": "CHT-NOXREF", "type": "consu", "is_storable": True}
        )
        self.assertEqual(self.publication_products()[other.id], "CHT-NOXREF")
        self.channel.publication_policy = "mapped"
        self.assertNotIn(other.id, self.publication_products())

    # ------------------------------------------------------------------ rate limit
    def test_rate_limit_429_and_retry_after_are_honoured(self):
        self.channel.batch_size = 1
        for product, quantity in ((self.product_a, 3), (self.product_b, 4), (self.product_c, 5)):
            self.set_stock(product, quantity)
        with self.shop(rate_limit=(1, 1.0), retry_after=1) as shop:
            self.run_jobs_when_due()
            self.assertEqual(shop.inventory, {"SKU-A": 3, "SKU-B": 4, "SKU-C": 5})
            refused = [r for r in self.inventory_requests(shop) if r["status"] == 429]
            self.assertTrue(refused, "the burst met the shop's rate limit")
        messages = self.messages(self.stock_flow)
        self.assertEqual(messages.mapped("state"), ["sent"] * 3)
        retried = messages.log_ids.filtered(lambda log: log.http_status == 429)
        self.assertTrue(retried)
        self.assertTrue(all("next attempt in 1" in log.description for log in retried))

    def test_batches_are_paced_to_the_endpoint_rate_limit(self):
        self.channel.batch_size = 1
        self.endpoint.rate_limit = 30  # one request every 2 s
        self.set_stock(self.product_a, 1)
        self.set_stock(self.product_b, 1)
        self.set_stock(self.product_c, 1)
        with self.shop():
            run_next_job(self.env, self.since)  # the publication job: writes 3 messages
            jobs = self.env["queue.job"].search(
                [
                    ("id", ">", self.since),
                    ("state", "=", "pending"),
                    ("model_name", "=", "integration.message"),
                ],
                order="id",
            )
            self.assertEqual(len(jobs), 3)
            etas = [job.eta for job in jobs]
            self.assertFalse(etas[0])
            self.assertAlmostEqual((etas[2] - etas[1]).total_seconds(), 2, delta=1)

    # ------------------------------------------------------------------ oversell
    def test_interleaved_orders_and_publications_never_oversell(self):
        """Orders reserve stock between the computation of a batch and its sending; whatever
        the interleaving, every figure the shop receives is at most free - safety at the
        moment it receives it, and the last one is exact."""
        self.channel.write(
            {
                "warehouse_ids": [Command.set((self.warehouse | self.warehouse2).ids)],
                "safety_stock": 3,
            }
        )
        self.set_stock(self.product_a, 12)
        self.set_stock(self.product_a, 8, self.warehouse2)
        self.set_stock(self.product_b, 9)
        products = {"SKU-A": self.product_a, "SKU-B": self.product_b, "SKU-C": self.product_c}
        rng = random.Random(20261123)
        orders = []
        with self.shop() as shop:
            seen = 0
            for _step in range(60):
                action = rng.choice(["sell", "sell", "cancel", "job", "job", "job", "publish"])
                if action == "sell":
                    orders.append(
                        self.sell(products[rng.choice(list(products))], rng.randint(1, 4))
                    )
                elif action == "cancel" and orders:
                    orders.pop(rng.randrange(len(orders))).with_context(
                        disable_cancel_warning=True
                    ).action_cancel()
                elif action == "publish":
                    self.channel._schedule_publication()
                else:
                    run_next_job(self.env, self.since)
                for update in shop.inventory_updates[seen:]:
                    self.assertLessEqual(update["available"], self.ats(products[update["sku"]]))
                seen = len(shop.inventory_updates)
            self.run_jobs()
            self.channel._schedule_publication()
            self.run_jobs()
            for sku, product in products.items():
                self.assertEqual(shop.inventory[sku], self.ats(product))
        self.assertTrue(orders)
        lowered = self.messages(self.stock_flow).log_ids.filtered(
            lambda log: "lowered" in (log.description or "")
        )
        self.assertTrue(lowered, "some batches were lowered before they were sent")
