# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import ChannelHttpCase

CUSTOMER = {"id": 5151, "email": "li.wu@example.com", "first_name": "Li", "last_name": "Wu"}


def shopify_refund(placed, quantity, refund_id=777001, restock_type="return"):
    """A Shopify ``refunds/create`` body refunding ``quantity`` of the order's first line."""
    item = placed["line_items"][0]
    return {
        "id": refund_id,
        "order_id": placed["id"],
        "created_at": "2026-11-25T10:00:00-05:00",
        "note": "Too small",
        "refund_line_items": [
            {
                "id": refund_id + 1,
                "line_item_id": item["id"],
                "quantity": quantity,
                "restock_type": restock_type,
                "line_item": item,
            }
        ],
        "transactions": [{"kind": "refund", "amount": "20.00"}],
    }


@tagged("post_install", "-at_install")
class TestShopReturns(ChannelHttpCase):
    """A shop's refund webhook with goods coming back: the return picking of that shop
    order, and once received, the credit note recording the shop's refund."""

    def shipped_and_invoiced(self, shop):
        placed = shop.create_order(
            [{"sku": "SKU-A", "quantity": 3, "price": "10.00"}], customer=CUSTOMER
        )
        self.run_jobs()
        order = self.channel_orders()
        delivery = self.deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        return placed, order, delivery, invoice

    def post_refund(self, shop, refund):
        body = json.dumps(refund).encode()
        with self.odoo_request():
            return self.post_webhook(body, shop.sign(body, "refunds/create"))

    def test_refund_webhook_returns_the_goods_and_records_the_refund(self):
        self.set_stock(self.product_a, 10)
        with self.shop() as shop:
            placed, order, delivery, invoice = self.shipped_and_invoiced(shop)
            response = self.post_refund(shop, shopify_refund(placed, 2))
            self.assertEqual(response.status_code, 202, response.text)
            self.run_jobs()
            (message,) = self.messages(self.channel._flow("returns"))
            self.assertEqual(message.state, "processed", message.last_error)
            picking = message._business_record()
            self.assertEqual(picking.return_id, delivery)
            self.assertEqual(picking.sale_id, order)
            self.assertEqual(picking.integration_refund_ref, "777001")
            self.assertEqual(picking.move_ids.product_uom_qty, 2)

            picking.button_validate()
            self.run_jobs()
        credit = picking.integration_credit_note_id
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(credit.channel_refund_id, "777001")
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertIn(credit, order.invoice_ids)
        self.assertAlmostEqual(credit.amount_untaxed, 20.0, places=2)
        self.assertIn("Shop refund 777001", order.message_ids[:1].body)

    def test_money_only_forged_and_unknown_order_refunds(self):
        self.set_stock(self.product_a, 10)
        with self.shop() as shop:
            placed, _order, _delivery, _invoice = self.shipped_and_invoiced(shop)
            before = self.counts()
            money_only = self.post_refund(
                shop, shopify_refund(placed, 1, restock_type="no_restock")
            )
            self.assertEqual(money_only.status_code, 200, money_only.text)
            self.assertEqual(json.loads(money_only.text)["status"], "ignored")
            self.assertEqual(self.counts(), before, "nothing stored")

            body = json.dumps(shopify_refund(placed, 1)).encode()
            forged = dict(shop.sign(body, "refunds/create"), **{"X-Shopify-Hmac-Sha256": "AAAA"})
            with self.odoo_request():
                self.assertEqual(self.post_webhook(body, forged).status_code, 401)
            self.assertEqual(self.counts(), before, "a forged refund stores nothing")

            unknown = self.post_refund(shop, {**shopify_refund(placed, 1), "order_id": 99})
            self.assertEqual(unknown.status_code, 202, unknown.text)
            self.run_jobs()
        (message,) = self.messages(self.channel._flow("returns"))
        self.assertEqual(message.state, "failed")
        self.assertIn("Shop order 99", message.exception_ids.explanation)
        self.assertFalse(
            self.env["stock.picking"].search([("integration_refund_ref", "!=", False)])
        )
