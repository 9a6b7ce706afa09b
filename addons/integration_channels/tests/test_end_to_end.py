# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import ChannelHttpCase

CUSTOMER = {"id": 4242, "email": "ana.ng@example.com", "first_name": "Ana", "last_name": "Ng"}


@tagged("post_install", "-at_install")
class TestEndToEnd(ChannelHttpCase):
    """The shop simulator and Odoo, each on its own HTTP server, through the whole cycle."""

    def test_order_update_fulfilment_and_available_to_sell(self):
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "carrier",
                "external_code": "UPS",
                "internal_code": "ups",
            }
        )
        self.set_stock(self.product_a, 10)
        self.set_stock(self.product_b, 5)
        with self.shop() as shop:
            self.run_jobs()
            self.assertEqual(shop.inventory, {"SKU-A": 10, "SKU-B": 5, "SKU-C": 0})

            # A signed order webhook becomes a confirmed sale order.
            placed = shop.create_order(
                [
                    {"sku": "SKU-A", "quantity": 2, "price": "19.99"},
                    {"sku": "SKU-B", "quantity": 1, "price": "5.00"},
                ],
                customer=CUSTOMER,
                shipping={"title": "Standard", "price": "4.90", "code": "STD"},
            )
            self.assertEqual(shop.webhooks[-1]["status"], 202)
            self.run_jobs()
            order = self.channel_orders()
            self.assertEqual(len(order), 1)
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.channel_order_id, str(placed["id"]))
            self.assertEqual(order.client_order_ref, placed["name"])
            self.assertEqual(order.partner_id.email, CUSTOMER["email"])
            self.assertAlmostEqual(order.amount_untaxed, 49.88, places=2)
            product_lines = order.order_line.filtered(
                lambda line: line.channel_line_kind == "product"
            )
            self.assertEqual(product_lines.mapped("product_id"), self.product_a | self.product_b)
            shipping = order.order_line.filtered(lambda line: line.channel_line_kind == "shipping")
            self.assertEqual(shipping.product_id, self.channel.shipping_product_id)
            self.assertEqual(shipping.price_unit, 4.90)
            xref = self.env["integration.xref"].search(
                [("partner_id", "=", self.partner.id), ("kind", "=", "customer")]
            )
            self.assertEqual(xref.external_code, "4242")
            self.assertEqual(xref.res_partner_id, order.partner_id)
            # The reservation is published within the same cycle.
            self.assertEqual(shop.inventory["SKU-A"], 8)
            self.assertEqual(shop.inventory["SKU-B"], 4)

            # The same webhook again: nothing new.
            before = self.counts()
            again = shop.redeliver()
            self.assertEqual(again["status"], 200)
            self.assertTrue(json.loads(again["answer"])["duplicate"])
            self.run_jobs()
            self.assertEqual(self.channel_orders(), order)
            after = self.counts()
            self.assertEqual(after["sale_order"], before["sale_order"])
            self.assertEqual(after["integration_message"], before["integration_message"] + 1)

            # An update in the shop: the order follows.
            shop.update_order(placed["id"], quantities={"SKU-A": 3})
            self.assertEqual(shop.webhooks[-1]["status"], 202)
            self.run_jobs()
            line_a = order.order_line.filtered(lambda line: line.product_id == self.product_a)
            self.assertEqual(line_a.product_uom_qty, 3)
            self.assertAlmostEqual(order.amount_untaxed, 69.87, places=2)
            delivery = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
            move_a = delivery.move_ids.filtered(lambda m: m.product_id == self.product_a)
            self.assertEqual(sum(move_a.mapped("product_uom_qty")), 3)
            self.assertEqual(shop.inventory["SKU-A"], 7)

            # The delivery is done: the shop gets the fulfilment with carrier and tracking.
            self.deliver(order, tracking="1ZE2E0000000000001", carrier="ups")
            self.run_jobs()
            self.assertEqual(len(shop.fulfilments), 1)
            fulfilment = shop.fulfilments[0]
            self.assertEqual(fulfilment["order_id"], placed["id"])
            self.assertEqual(fulfilment["tracking_number"], "1ZE2E0000000000001")
            self.assertEqual(fulfilment["carrier"], "UPS")
            shipped = {line["id"]: line["quantity"] for line in fulfilment["lines"]}
            self.assertEqual(
                shipped,
                {
                    item["id"]: item["quantity"]
                    for item in shop.render(shop.order(placed["id"]))["line_items"]
                },
            )
            sent = self.messages(self.fulfilment_flow)
            self.assertEqual(sent.state, "sent")
            self.assertEqual(sent.correlation_id, order.integration_correlation_id)

            # A sale elsewhere: the channel's figure drops within one publication cycle.
            walk_in = self.env["res.partner"].create({"name": "Counter sale"})
            other = self.env["sale.order"].create(
                {
                    "partner_id": walk_in.id,
                    "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": 4})],
                }
            )
            other.action_confirm()
            self.deliver(other)
            self.run_jobs()
            self.assertEqual(shop.inventory["SKU-A"], 10 - 3 - 4)
            self.assertEqual(
                self.product_a.with_context(warehouse_id=self.warehouse.id).free_qty, 3
            )

    def test_webhook_after_the_reconciliation_pull_is_a_duplicate(self):
        self.channel.publication_policy = "none"
        with self.shop(webhooks=False) as shop:
            placed = shop.create_order([{"sku": "SKU-C", "quantity": 1, "price": "3.00"}])
            self.assertEqual(
                self.env["integration.channel.reconciliation"]._reconcile(self.channel),
                {"received": 1, "known": 0},
            )
            self.run_jobs()
            self.assertEqual(len(self.channel_orders()), 1)
            # The shop's late webhook of the same version changes nothing.
            body, headers = shop.webhook_request(placed["id"], "created")
            response = self.post_webhook(body, headers)
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.json()["duplicate"])
            self.run_jobs()
            self.assertEqual(len(self.channel_orders()), 1)
