# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy

from odoo.tests import tagged
from odoo.tools import float_compare

from .common import ChannelCase

ANA = {"id": 901, "email": "ana@example.com", "first_name": "Ana", "last_name": "Diaz"}
ELSEWHERE = {
    "first_name": "Ana",
    "last_name": "Diaz",
    "street": "9 Harbour Road",
    "city": "Portland",
    "zip": "97201",
    "state": "OR",
    "country": "US",
}


@tagged("post_install", "-at_install")
class TestChannelOrders(ChannelCase):
    """Shop orders → sale orders: customers, taxes, discounts, shipping, currency, and the
    life of the order (updates, stale versions, cancellations)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.publication_policy = "none"
        location = cls.warehouse.lot_stock_id
        for product in (cls.product_a, cls.product_b, cls.product_c):
            cls.env["stock.quant"].with_context(inventory_mode=True).create(
                {"product_id": product.id, "location_id": location.id, "inventory_quantity": 100}
            ).action_apply_inventory()

    def process(self, order, **kwargs):
        message = self.receive_order(order, **kwargs)
        self.run_jobs()
        return message

    def assertMoney(self, value, expected):
        self.assertEqual(
            float_compare(value, expected, precision_digits=2), 0, f"{value} != {expected}"
        )

    def lines(self, order, kind="product"):
        return order.order_line.filtered(lambda line: line.channel_line_kind == kind)

    # ------------------------------------------------------------------ money
    def test_prices_without_tax_shipping_and_a_new_customer(self):
        with self.shop() as shop:
            placed = shop.create_order(
                [
                    {"sku": "SKU-A", "quantity": 2, "price": "10.00"},
                    {"sku": "SKU-B", "quantity": 1, "price": "5.50"},
                ],
                customer=ANA,
                shipping={"title": "Express", "price": "4.50", "code": "EXP"},
            )
        message = self.process(placed)
        self.assertEqual(message.state, "processed", message.last_error)
        order = message._business_record()
        self.assertEqual(order.state, "sale")
        self.assertMoney(order.amount_untaxed, 30.00)
        self.assertMoney(order.amount_tax, 6.00)
        self.assertMoney(order.amount_total, 36.00)
        self.assertEqual(self.lines(order).tax_id, self.tax)
        shipping = self.lines(order, "shipping")
        self.assertEqual(shipping.name, "Express")
        self.assertEqual(shipping.tax_id, self.tax)
        self.assertEqual(order.currency_id, self.company.currency_id)
        self.assertEqual(order.partner_id.email, "ana@example.com")
        self.assertEqual(order.partner_id.city, "Springfield")
        self.assertEqual(order.channel_version, placed["updated_at"] and order.channel_version)
        self.assertTrue(
            self.env["integration.xref"]._resolve(self.partner, "customer", "901"), order.partner_id
        )

    def test_prices_including_tax_keep_the_customer_total(self):
        with self.shop(prices_include_tax=True) as shop:
            first = shop.create_order(
                [{"sku": "SKU-A", "quantity": 3, "price": "19.99"}],
                customer=ANA,
                shipping={"title": "Standard", "price": "4.90"},
            )
            second = shop.create_order([{"sku": "SKU-B", "quantity": 1, "price": "7.00"}])
        order = self.process(first)._business_record()
        self.assertMoney(order.amount_total, 3 * 19.99 + 4.90)
        self.assertMoney(order.amount_untaxed + order.amount_tax, order.amount_total)
        twin = self.lines(order).tax_id
        self.assertTrue(twin.price_include)
        self.assertEqual(twin.amount, 20.0)
        self.assertEqual(twin.tax_group_id, self.tax.tax_group_id)
        self.assertIn("tax included", twin.name)
        self.assertEqual(self.lines(order, "shipping").tax_id, twin)
        self.assertMoney(self.lines(order).price_unit, 19.99)
        other = self.process(second)._business_record()
        self.assertEqual(self.lines(other).tax_id, twin, "the twin is found, not created again")
        self.assertMoney(other.amount_total, 7.00)

    def test_line_discounts_are_booked_to_the_cent(self):
        with self.shop() as shop:
            placed = shop.create_order(
                [
                    {"sku": "SKU-A", "quantity": 2, "price": "50.00", "discount": "10.00"},
                    {"sku": "SKU-B", "quantity": 1, "price": "1799.00", "discount": "3.00"},
                ]
            )
        order = self.process(placed)._business_record()
        line_a = self.lines(order).filtered(lambda line: line.product_id == self.product_a)
        line_b = self.lines(order) - line_a
        self.assertEqual(line_a.discount, 10.0)
        self.assertEqual(line_b.discount, 0.0, "0.17 % would not give 3.00 off 1799.00")
        discount = self.lines(order, "discount")
        self.assertMoney(discount.price_unit, -3.00)
        self.assertEqual(discount.tax_id, self.tax)
        self.assertEqual(discount.product_id, self.channel.discount_product_id)
        self.assertMoney(order.amount_untaxed, 100 - 10 + 1799 - 3)

    def test_order_discount_is_shared_over_the_tax_sets(self):
        self.channel.kind = "standard_webhooks"
        reduced = self.tax.copy({"name": "CH-T VAT 10%", "amount": 10.0})
        self.product_c.taxes_id = reduced
        with self.shop() as shop:
            placed = shop.create_order(
                [
                    {"sku": "SKU-A", "quantity": 1, "price": "100.00"},
                    {"sku": "SKU-C", "quantity": 3, "price": "10.00"},
                ],
                discount_amount="13.00",
                notify=False,
            )
        order = self.process(placed)._business_record()
        discounts = self.lines(order, "discount")
        self.assertEqual(
            sorted((line.tax_id.name, round(line.price_unit, 2)) for line in discounts),
            [("CH-T VAT 10%", -3.0), ("CH-T VAT 20%", -10.0)],
        )
        self.assertMoney(order.amount_untaxed, 130 - 13)
        self.assertMoney(order.amount_tax, 90 * 0.2 + 27 * 0.1)

    def test_order_currency_gets_a_pricelist_in_that_currency(self):
        with self.shop() as shop:
            first = shop.create_order(
                [{"sku": "SKU-A", "quantity": 1, "price": "9.00"}], currency="EUR"
            )
            second = shop.create_order(
                [{"sku": "SKU-B", "quantity": 1, "price": "8.00"}], currency="EUR"
            )
        order = self.process(first)._business_record()
        euro = self.env.ref("base.EUR")
        self.assertTrue(euro.active)
        self.assertEqual(order.currency_id, euro)
        self.assertEqual(order.pricelist_id.currency_id, euro)
        self.assertEqual(order.pricelist_id.name, "Test shop (EUR)")
        self.assertMoney(self.lines(order).price_unit, 9.00)
        self.assertEqual(self.process(second)._business_record().pricelist_id, order.pricelist_id)

    # ------------------------------------------------------------------ customers
    def test_customer_by_shop_id_then_email_else_created(self):
        Partner = self.env["res.partner"]
        by_id = Partner.create({"name": "Known by id", "email": "old-address@example.com"})
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "customer",
                "external_code": "501",
                "res_partner_id": by_id.id,
            }
        )
        by_email = Partner.create({"name": "Known by e-mail", "email": "known@example.com"})
        with self.shop() as shop:
            orders = [
                shop.create_order(
                    [{"sku": "SKU-A", "quantity": 1}],
                    customer={"id": 501, "email": "new-address@example.com"},
                ),
                shop.create_order(
                    [{"sku": "SKU-A", "quantity": 1}],
                    customer={"id": 502, "email": "KNOWN@example.com"},
                ),
                shop.create_order(
                    [{"sku": "SKU-A", "quantity": 1}], customer={"email": "guest@example.com"}
                ),
            ]
        customers = [self.process(order)._business_record().partner_id for order in orders]
        self.assertEqual(customers[0], by_id)
        self.assertEqual(customers[1], by_email)
        self.assertEqual(
            self.env["integration.xref"]._resolve(self.partner, "customer", "502"), by_email
        )
        self.assertNotIn(customers[2], by_id | by_email)
        self.assertEqual(customers[2].email, "guest@example.com")
        self.assertFalse(
            self.env["integration.xref"].search(
                [("partner_id", "=", self.partner.id), ("external_code", "like", "email:%")]
            ),
            "guests get no cross-reference",
        )

    # ------------------------------------------------------------------ life of the order
    def test_update_applies_lines_quantities_and_address_while_not_shipped(self):
        with self.shop() as shop:
            placed = shop.create_order(
                [
                    {"sku": "SKU-A", "quantity": 2, "price": "10.00"},
                    {"sku": "SKU-B", "quantity": 1, "price": "5.00"},
                ],
                customer=ANA,
            )
            order = self.process(placed)._business_record()
            updated = shop.update_order(
                placed["id"],
                quantities={"SKU-A": 5, "SKU-B": 0},
                add_lines=[{"sku": "SKU-C", "quantity": 1, "price": "7.00"}],
                shipping_address=ELSEWHERE,
            )
        message = self.process(updated)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message._business_record(), order)
        self.assertEqual(self.channel_orders(), order, "an update creates no second order")
        quantities = {line.product_id: line.product_uom_qty for line in self.lines(order)}
        self.assertEqual(quantities, {self.product_a: 5, self.product_b: 0, self.product_c: 1})
        self.assertEqual(order.partner_shipping_id.city, "Portland")
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertEqual(picking.partner_id, order.partner_shipping_id)
        planned = {}
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            planned[move.product_id] = planned.get(move.product_id, 0) + move.product_uom_qty
        self.assertEqual(planned, {self.product_a: 5, self.product_c: 1})
        self.assertMoney(order.amount_untaxed, 57.00)
        self.assertIn(
            "line", message.log_ids.filtered(lambda log: log.event == "update").description
        )

    def test_older_version_arriving_late_is_ignored_and_logged(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-A", "quantity": 2}], customer=ANA)
            first_version = copy.deepcopy(placed)
            newer = shop.update_order(placed["id"], quantities={"SKU-A": 4})
        order = self.process(newer)._business_record()  # the newer version arrives first
        late = self.process(first_version)
        self.assertEqual(late.state, "processed")
        self.assertEqual(late._business_record(), order)
        stale = late.log_ids.filtered(lambda log: log.event == "stale")
        self.assertTrue(stale)
        self.assertEqual(stale.level, "warning")
        self.assertEqual(self.lines(order).product_uom_qty, 4)

    def test_cancellation_cancels_the_order(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-A", "quantity": 2}], customer=ANA)
            order = self.process(placed)._business_record()
            cancelled = shop.cancel_order(placed["id"])
        message = self.process(cancelled)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(set(order.picking_ids.mapped("state")), {"cancel"})

    def test_cancellation_after_shipping_opens_an_exception(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-A", "quantity": 2}], customer=ANA)
            order = self.process(placed)._business_record()
            self.deliver(order)
            cancelled = shop.cancel_order(placed["id"])
        message = self.process(cancelled)
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "business_rule")
        self.assertIn("already shipped", exception.explanation)
        self.assertIn("return", exception.fix_hint)
        self.assertEqual(order.state, "sale")

    def test_after_shipping_a_change_opens_an_exception_a_mere_new_version_does_not(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-A", "quantity": 2}], customer=ANA)
            order = self.process(placed)._business_record()
            self.deliver(order)
            paid = shop.update_order(placed["id"])  # a new version, same content
            changed = shop.update_order(placed["id"], quantities={"SKU-A": 3})
        self.assertEqual(self.process(paid).state, "processed")
        message = self.process(changed)
        self.assertEqual(message.state, "failed")
        self.assertIn("already shipped", message.exception_ids.explanation)
        self.assertEqual(self.lines(order).product_uom_qty, 2)

    def test_order_cancelled_before_it_reached_odoo_creates_nothing(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-A", "quantity": 1}], customer=ANA)
            cancelled = shop.cancel_order(placed["id"])
        message = self.process(cancelled)
        self.assertEqual(message.state, "processed")
        self.assertFalse(self.channel_orders())

    def test_unknown_sku_is_a_mapping_exception(self):
        with self.shop() as shop:
            placed = shop.create_order([{"sku": "SKU-UNKNOWN", "quantity": 1}], customer=ANA)
        message = self.process(placed)
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.exception_ids.xref_kind, "product")
        self.assertEqual(message.exception_ids.external_code, "SKU-UNKNOWN")

    # ------------------------------------------------------------------ other dialects
    def test_woocommerce_order_with_taxes_included(self):
        self.channel.kind = "woocommerce"
        with self.shop(prices_include_tax=True, tax_rate="0.20") as shop:
            placed = shop.create_order(
                [{"sku": "SKU-A", "quantity": 2, "price": "12.00", "discount": "2.40"}],
                customer=ANA,
                shipping={"title": "Flat rate", "price": "6.00", "code": "flat_rate"},
                notify=False,
            )
        self.assertEqual(placed["line_items"][0]["subtotal"], "20.00", "WooCommerce: without tax")
        order = self.process(placed)._business_record()
        self.assertMoney(order.amount_total, 24.00 - 2.40 + 6.00)
        self.assertEqual(self.lines(order).discount, 10.0)

    def test_fulfilment_of_a_standard_webhooks_channel(self):
        self.channel.kind = "standard_webhooks"
        with self.shop() as shop:
            placed = shop.create_order(
                [{"sku": "SKU-B", "quantity": 2, "price": "3.00"}], customer=ANA, notify=False
            )
            order = self.process(placed)._business_record()
            self.deliver(order, tracking="TRK-42", carrier="dhl")
            self.run_jobs()
        (fulfilment,) = shop.fulfilments
        self.assertEqual(fulfilment["order_id"], int(placed["id"]))
        self.assertEqual(fulfilment["tracking_number"], "TRK-42")
        self.assertEqual(fulfilment["carrier"], "dhl")
        self.assertEqual(
            fulfilment["lines"], [{"line_id": placed["lines"][0]["id"], "quantity": 2}]
        )
        request = [r for r in shop.requests if r["path"].endswith("/fulfillments")][0]
        self.assertEqual(request["path"], f"/orders/{placed['id']}/fulfillments")
