# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import contextlib
import json

from odoo import Command
from odoo.addons.integration_core.tests.common import LocalPartnerMixin, job_watermark, run_jobs
from odoo.tests import HttpCase, TransactionCase
from odoo.tools import SQL

from .shop_simulator import ShopSimulator

WEBHOOK = "/api/integration/v1/channels/{code}/webhooks"
STANDARD_SECRET = "whsec_" + base64.b64encode(b"channel-test-key-0123456789abcdef").decode()
SECRETS = {
    "shopify": "shpss_test_secret",
    "woocommerce": "wc_test_secret",
    "standard_webhooks": STANDARD_SECRET,
    "rest": None,
}
TABLES = ("integration_message", "sale_order", "integration_exception", "integration_log")


class ChannelSetupMixin(LocalPartnerMixin):
    """A shop on an integration partner: three products it sells under its own SKUs, two
    warehouses, a 20 % sales tax and the channel with its flows."""

    channel_kind = "shopify"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.since = job_watermark(env)
        cls.company = env.company
        cls.tax = env["account.tax"].create(
            {
                "name": "CH-T VAT 20%",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "company_id": cls.company.id,
            }
        )
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.warehouse2 = env["stock.warehouse"].create(
            {"name": "Channel test WH 2", "code": "CHT2", "company_id": cls.company.id}
        )
        products = env["product.product"].create(
            [
                {
                    "name": f"Channel test {letter}",
                    "default_code": f"CHT-{letter}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": [Command.set(cls.tax.ids)],
                }
                for letter in "ABC"
            ]
        )
        cls.product_a, cls.product_b, cls.product_c = products
        cls.partner = env["integration.partner"].create(
            {"name": "Test shop", "code": "t-shop", "kind": "channel"}
        )
        cls.endpoint = env["integration.endpoint"].create(
            {
                "name": "Test shop API",
                "partner_id": cls.partner.id,
                "url": "http://127.0.0.1:9",
                "timeout_connect": 2.0,
                "timeout_read": 10.0,
                "backoff_base": 1.0,
                "max_attempts": 5,
            }
        )
        env["integration.xref"].create(
            [
                {
                    "partner_id": cls.partner.id,
                    "kind": "product",
                    "external_code": f"SKU-{letter}",
                    "product_id": product.id,
                }
                for letter, product in zip("ABC", products, strict=True)
            ]
        )
        cls.channel = env["integration.channel"].create(
            {
                "name": "Test shop",
                "code": "t-shop",
                "kind": cls.channel_kind,
                "partner_id": cls.partner.id,
                "endpoint_id": cls.endpoint.id,
                "warehouse_ids": [Command.set(cls.warehouse.ids)],
                "webhook_secret": SECRETS[cls.channel_kind],
            }
        )
        (cls.channel.shipping_product_id | cls.channel.discount_product_id).taxes_id = cls.tax
        # Other channels (demo data) stay out of the crons and events of these tests.
        env["integration.channel"].search([("id", "!=", cls.channel.id)]).active = False
        cls.order_flow = cls.channel._flow("orders")
        cls.stock_flow = cls.channel._flow("stock")
        cls.fulfilment_flow = cls.channel._flow("fulfilment")

    # ------------------------------------------------------------------ helpers
    def run_jobs(self):
        return run_jobs(self.env, self.since, limit=1000)

    @contextlib.contextmanager
    def odoo_request(self):
        """Around a request to Odoo's test server from outside the test opener."""
        self.env.cr.flush()
        self.env.cr.clear()
        yield
        self.env.cr.clear()

    def webhook_url(self):
        return None

    @contextlib.contextmanager
    def shop(self, **kwargs):
        kind = kwargs.setdefault("kind", self.channel.kind)
        kwargs.setdefault("secrets", [SECRETS[kind]] if SECRETS[kind] else [])
        kwargs.setdefault("webhook_url", self.webhook_url())
        with ShopSimulator(**kwargs) as shop:
            shop.delivery_hook = self.odoo_request
            self.endpoint.url = shop.url
            yield shop

    def set_stock(self, product, quantity, warehouse=None):
        location = (warehouse or self.warehouse).lot_stock_id
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {"product_id": product.id, "location_id": location.id, "inventory_quantity": quantity}
        ).action_apply_inventory()

    def deliver(self, order, tracking="1Z999AA10123456784", carrier="ups"):
        """Ship the open delivery of ``order`` in full, with carrier and tracking."""
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
        picking.write({"integration_tracking_ref": tracking, "integration_carrier_code": carrier})
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def channel_orders(self):
        return self.env["sale.order"].search([("channel_id", "=", self.channel.id)])

    def messages(self, flow):
        return self.env["integration.message"].search([("flow_id", "=", flow.id)], order="id")

    def counts(self):
        result = {}
        for table in TABLES:
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            result[table] = self.env.cr.fetchone()[0]
        return result

    def receive_order(self, order, **kwargs):
        """Feed a shop order (dict) to the channel's orders flow as its webhook would."""
        codec = self.channel._codec()
        key = codec._version_key(self.channel, codec._map_shop_order(self.channel, order))
        return self.order_flow._receive(json.dumps(order).encode(), idempotency_key=key, **kwargs)


class ChannelCase(ChannelSetupMixin, TransactionCase):
    """Channel tests that need no request into Odoo."""


class ChannelHttpCase(ChannelSetupMixin, HttpCase):
    """Channel tests whose shop calls Odoo's webhook route."""

    def webhook_url(self):
        return self.base_url() + WEBHOOK.format(code=self.channel.code)

    def post_webhook(self, body, headers, code=None):
        return self.url_open(
            WEBHOOK.format(code=code or self.channel.code), data=body, headers=headers, timeout=60
        )
