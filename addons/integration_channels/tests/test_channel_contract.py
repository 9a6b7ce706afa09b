# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import inspect
from unittest.mock import patch

from odoo import Command
from odoo.addons.integration_core.models import integration_endpoint
from odoo.addons.integration_core.services.errors import CircuitOpenError, ConfigurationError
from odoo.addons.integration_core.tests.common import run_next_job
from odoo.tests import tagged
from odoo.tools import config

from .common import ChannelCase

KEYS_LOGGER = "odoo.addons.integration_core.models.integration_endpoint"


@tagged("post_install", "-at_install")
class TestChannelContract(ChannelCase):
    """The channel is configuration and set-up: its available to sell is a builder, its pull
    of missed orders goes through the endpoint's transport, its secrets through the mixin
    the endpoints use, and its flows speak its kind."""

    def pull(self):
        return self.env["integration.channel.reconciliation"]._reconcile(self.channel)

    def sell(self, product, quantity):
        buyer = self.env["res.partner"].create({"name": "Contract buyer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": buyer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": quantity})
                ],
            }
        )
        order.action_confirm()
        return order

    # ------------------------------------------------------------------ plug-in contract
    def test_the_spoke_overrides_no_method_of_the_message_or_the_flow(self):
        for model in ("integration.message", "integration.flow"):
            classes = inspect.getmro(type(self.env[model]))
            core = {
                name
                for cls in classes
                if cls.__module__.startswith("odoo.addons.integration_core.")
                for name in vars(cls)
            }
            for cls in classes:
                if cls.__module__.startswith("odoo.addons.integration_channels."):
                    methods = {name for name, value in vars(cls).items() if callable(value)}
                    self.assertFalse(methods & core, f"{cls.__module__} overrides {model}")

    def test_stock_flow_publishes_through_the_available_to_sell_builder(self):
        flow = self.stock_flow
        self.assertEqual(flow.builder, "available_to_sell")
        builder = flow._builder()
        self.assertEqual(builder._name, "integration.builder.available_to_sell")
        self.assertEqual(builder._select_records(flow, self.product_a), self.channel)
        not_sold = self.env["product.product"].create(
            {"name": "Not on the shop", "type": "consu", "is_storable": True}
        )
        self.assertFalse(builder._select_records(flow, not_sold))
        self.assertFalse(builder._select_records(flow, self.warehouse))
        self.assertIsNone(builder._outbound_values(flow, self.channel), "the job writes them")
        job = self.env["queue.job"].search(
            [("identity_key", "=", f"integration.channel:{self.channel.id}:publish")]
        )
        self.assertEqual(
            (job.state, job.method_name, job.args), ("pending", "_publish", [self.channel])
        )

    def test_batches_are_built_by_the_pipeline_lowered_before_send_and_recorded_after(self):
        self.set_stock(self.product_a, 5)
        with self.shop() as shop:
            run_next_job(self.env, self.since)  # the publication job: one batch
            message = self.messages(self.stock_flow)
            self.assertEqual(message.next_step, "build")
            self.assertIn([self.product_a.id, "SKU-A", 5], message.mapped_values["items"])
            self.sell(self.product_a, 2)  # reserved before the batch is sent
            self.run_jobs()
        self.assertEqual(message.state, "sent")
        self.assertTrue(message.log_ids.filtered(lambda log: log.event == "build"))
        self.assertEqual(shop.inventory["SKU-A"], 3, "never sent above what is free")
        sent = {item["product_code"]: item["quantity"] for item in message.canonical["items"]}
        self.assertEqual(int(sent["SKU-A"]), 3)
        self.assertIn([self.product_a.id, "SKU-A", 5], message.mapped_values["items"])
        stock = self.channel.stock_ids.filtered(lambda line: line.product_id == self.product_a)
        self.assertEqual(stock.published_qty, 3, "what the shop took is what was sent")

    def test_a_batch_whose_send_fails_keeps_the_lowered_figures_it_encoded(self):
        self.set_stock(self.product_a, 5)
        with self.shop(rate_limit=(0, 60)) as shop:  # every request refused: 429
            run_next_job(self.env, self.since)  # the publication job: one batch
            message = self.messages(self.stock_flow)
            self.sell(self.product_a, 2)  # reserved before the batch is sent
            run_next_job(self.env, self.since)  # build, encode and send: refused
        self.assertTrue(shop.requests, "the send was tried")
        self.assertEqual((message.state, message.next_step), ("pending", "send"))
        self.assertTrue(message.last_error, "it waits for its next attempt")
        sent = {item["product_code"]: item["quantity"] for item in message.canonical["items"]}
        self.assertEqual(int(sent["SKU-A"]), 3, "the document is what the payload says")

    # ------------------------------------------------------------------ one transport
    def test_missed_order_pull_uses_the_endpoint_transport_and_its_circuit(self):
        transport = type(self.env["integration.transport.http"])
        calls = []
        request = transport._request

        def spy(self, endpoint, method, url_or_path, **kwargs):
            calls.append((endpoint, method, url_or_path))
            return request(self, endpoint, method, url_or_path, **kwargs)

        with self.shop(webhooks=False) as shop, patch.object(transport, "_request", spy):
            shop.create_order([{"sku": "SKU-A", "quantity": 1, "price": "10.00"}])
            self.assertEqual(self.pull(), {"received": 1, "known": 0})
            self.assertEqual(calls, [(self.endpoint, "GET", "/orders")])
            self.endpoint.write(
                {"circuit_state": "open", "circuit_opened_at": self.endpoint._now()}
            )
            asked = len(shop.requests)
            with self.assertRaises(CircuitOpenError):
                self.pull()
            self.assertEqual(len(shop.requests), asked, "nothing asked while the circuit is open")

    def test_resource_url_joins_a_path_to_the_endpoint_url(self):
        transport = self.endpoint._transport()
        self.endpoint.url = "https://shop.example.com/api/"
        self.assertEqual(
            transport._resource_url(self.endpoint, "/orders"), "https://shop.example.com/api/orders"
        )
        self.assertEqual(
            transport._resource_url(self.endpoint, "https://other.example.com/x"),
            "https://other.example.com/x",
        )

    # ------------------------------------------------------------------ one secret mixin
    def test_channel_secrets_use_the_endpoint_secret_mixin(self):
        for model in ("integration.channel", "integration.endpoint"):
            names = {getattr(cls, "_name", None) for cls in type(self.env[model]).__mro__}
            self.assertIn("integration.secret.mixin", names)
        self.channel.webhook_secret_previous = "shpss_old"
        self.assertEqual(self.channel.secrets_set, "webhook secret, previous webhook secret")
        self.assertEqual(self.channel._webhook_secrets(), ["shpss_test_secret", "shpss_old"])
        self.channel.action_forget_previous_secret()
        self.assertEqual(self.channel._webhook_secrets(), ["shpss_test_secret"])
        # Keys that cannot read the secret: the configuration error the endpoints raise.
        with (
            patch.dict(config.options, {"integration_encryption_keys": "not-a-key"}),
            patch.dict(integration_endpoint._key_checks, {}, clear=True),
            self.assertLogs(KEYS_LOGGER, "CRITICAL"),
            self.assertRaises(ConfigurationError),
        ):
            self.channel._webhook_secrets()

    # ------------------------------------------------------------------ one source of kind
    def test_the_flows_codec_follows_the_channel_kind(self):
        self.stock_flow.active = False
        self.channel.kind = "woocommerce"
        flows = self.channel.with_context(active_test=False).flow_ids
        self.assertEqual(set(flows.mapped("codec")), {"woocommerce"})
        other = self.env["integration.flow"].create(
            {
                "name": "Returns in",
                "code": "t-shop-returns",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "codec": "canonical_json",
            }
        )
        other.channel_id = self.channel
        self.assertEqual(other.codec, "woocommerce")
