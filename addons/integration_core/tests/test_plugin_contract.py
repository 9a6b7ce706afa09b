# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..services.errors import PermanentTransportError, TransportError
from .fake_plugins import FAILURES, OUTBOX, PluginLoader

PIPE_ORDER = (
    b"ORDER|PO-7|2026-11-20|EUR|C-9|Corner Shop\nLINE|1|NUT-1|4|0.25\nLINE|2|BOLT-2|6|0.5\n"
)


class PluginCase(TransactionCase):
    """A partner whose flows run on the test plug-ins of fake_plugins: the pipe-separated
    codec, the contact processor and builder, the memory transport."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        loader = PluginLoader(cls.registry)
        loader.load(cls.cr)
        cls.addClassCleanup(loader.unload, cls.cr)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.partner = cls.env["integration.partner"].create(
            {"name": "Pipe Supplies", "code": "t-pipe", "kind": "other"}
        )
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Pipe inbox",
                "partner_id": cls.partner.id,
                "transport": "test_memory",
                "max_attempts": 3,
                "backoff_base": 1.0,
            }
        )
        cls.inbound = cls.env["integration.flow"].create(
            {
                "name": "Pipe orders in",
                "code": "t-pipe-in",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "codec": "test_pipe",
                "processor": "test_note",  # not the default: the hub's sale order processor
            }
        )
        cls.outbound = cls.env["integration.flow"].create(
            {
                "name": "Pipe orders out",
                "code": "t-pipe-out",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "order",
                "codec": "test_pipe",
                "endpoint_id": cls.endpoint.id,
            }
        )

    def setUp(self):
        super().setUp()
        OUTBOX.clear()
        FAILURES.clear()

    def run_pipeline(self, start):
        """Call ``start`` with queue_job's jobs trapped, then run them (and those they queue)
        until none is left, whatever their eta; returns what ``start`` returned."""
        with trap_jobs() as trap:
            result = start()
            for _round in range(20):
                if not trap.enqueued_jobs:
                    return result
                trap.perform_enqueued_jobs()
        raise AssertionError("the pipeline keeps queueing jobs")

    def assertException(self, message, category, text):
        exception = message.exception_ids.filtered(lambda e: e.state == "new")
        self.assertEqual(exception.category, category)
        self.assertIn(text, exception.explanation)


@tagged("post_install", "-at_install")
class TestPluginContract(PluginCase):
    def test_inbound_pipe_order_is_processed_by_the_test_processor(self):
        message = self.run_pipeline(lambda: self.inbound._receive(PIPE_ORDER))
        self.assertEqual(message.state, "processed")
        self.assertEqual(message.canonical["order_ref"], "PO-7")
        self.assertEqual(message.canonical["customer"]["name"], "Corner Shop")
        self.assertEqual([float(line["quantity"]) for line in message.canonical["lines"]], [4, 6])
        contact = message._business_record()
        self.assertEqual((contact._name, contact.ref), ("res.partner", "PO-7"))
        self.assertEqual(message.mapped_values, {"units": 10.0})
        events = message.log_ids.mapped("event")
        for step in ("parse", "validate", "map", "process"):
            self.assertIn(step, events)
        self.assertIn("10 units filed.", message.log_ids.mapped("description"))

    def test_unreadable_pipe_file_is_a_parsing_exception(self):
        payload = b"ORDER|PO-8|2026-11-20|EUR|C-9|Corner Shop\nLINE|1|NUT-1\n"
        message = self.run_pipeline(lambda: self.inbound._receive(payload))
        self.assertEqual(message.state, "failed")
        self.assertException(message, "parsing", "Line 2 must be LINE|ref|product|quantity|price.")

    def test_processor_refusal_is_a_business_exception(self):
        payload = PIPE_ORDER.replace(b"PO-7", b"REFUSE-1")
        message = self.run_pipeline(lambda: self.inbound._receive(payload))
        self.assertEqual(message.state, "failed")
        self.assertException(message, "business_rule", "Order REFUSE-1 is refused.")
        self.assertFalse(message._business_record())

    def test_outbound_order_is_built_encoded_and_sent(self):
        contact = self.env["res.partner"].create({"name": "Bolt Works", "ref": "PO-OUT-1"})
        message = self.run_pipeline(lambda: self.outbound._queue_outbound(contact))
        self.assertEqual(message.state, "sent")
        self.assertEqual(
            OUTBOX,
            [
                f"ORDER|PO-OUT-1|2026-11-20|USD|{contact.id}|Bolt Works\n"
                "LINE|1|PIPE-1|2|3.5\n".encode()
            ],
        )
        self.assertEqual(message._payload(), OUTBOX[0], "the payload sent is the one stored")
        self.assertTrue(message.sent_at)

    def test_builder_queues_nothing_when_its_outbound_values_say_none(self):
        contact = self.env["res.partner"].create({"name": "No reference"})
        self.assertFalse(self.outbound._queue_outbound(contact))
        self.assertFalse(self.outbound._queue_event(contact))

    def test_transport_errors_are_retried_until_delivered(self):
        FAILURES.extend([TransportError("busy"), TransportError("still busy")])
        contact = self.env["res.partner"].create({"name": "Bolt Works", "ref": "PO-OUT-2"})
        message = self.run_pipeline(lambda: self.outbound._queue_outbound(contact))
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 3)
        self.assertEqual(len(OUTBOX), 1)
        warnings = message.log_ids.filtered(lambda log: log.level == "warning")
        self.assertEqual(len(warnings), 2, "each failed attempt is in the timeline")
        self.assertFalse(message.exception_ids.filtered(lambda e: e.state == "new"))

    def test_retries_exhausted_make_the_message_dead(self):
        FAILURES.extend(TransportError("busy") for _attempt in range(5))
        contact = self.env["res.partner"].create({"name": "Bolt Works", "ref": "PO-OUT-3"})
        message = self.run_pipeline(lambda: self.outbound._queue_outbound(contact))
        self.assertEqual(message.state, "dead")
        self.assertEqual(message.attempts, 3, "the endpoint allows three attempts")
        self.assertException(message, "transport", "Gave up after 3 attempts: busy")
        self.assertFalse(OUTBOX)

    def test_permanent_transport_error_fails_at_once(self):
        FAILURES.append(PermanentTransportError("unknown recipient"))
        contact = self.env["res.partner"].create({"name": "Bolt Works", "ref": "PO-OUT-4"})
        message = self.run_pipeline(lambda: self.outbound._queue_outbound(contact))
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 1)
        self.assertException(message, "transport", "unknown recipient")


@tagged("post_install", "-at_install")
class TestFlowPlugins(PluginCase):
    def test_defaults_follow_the_document_type_and_claims(self):
        flow = self.env["integration.flow"].create(
            {
                "name": "Orders in",
                "code": "t-pipe-in-2",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        self.assertEqual((flow.processor, flow.builder), ("order", False))
        self.assertEqual(self.outbound.builder, "test_order", "the test builder claims it")
        self.assertEqual(self.outbound.scope, "company", "the scope its builder starts with")
        self.assertFalse(self.outbound.processor)
        self.assertEqual(self.inbound.processor, "test_note", "as the flow was created")
        self.assertEqual(self.inbound._processor()._name, "integration.processor.test_note")

    def test_flow_without_a_processor_cannot_be_saved(self):
        # No module reads customers in (invoices in have a processor once the supplier side
        # is installed).
        with self.assertRaisesRegex(ValidationError, "has no processor.*inbound customer"):
            self.env["integration.flow"].create(
                {
                    "name": "Customers in",
                    "code": "t-pipe-customers",
                    "partner_id": self.partner.id,
                    "direction": "inbound",
                    "document_type": "customer",
                }
            )

    def test_flow_whose_processor_is_not_installed_cannot_be_saved(self):
        with self.assertRaisesRegex(ValidationError, "test_missing"):
            self.inbound.processor = "test_missing"

    def test_outbound_flow_without_a_builder_cannot_be_saved(self):
        with self.assertRaisesRegex(ValidationError, "has no builder"):
            self.outbound.builder = False


@tagged("post_install", "-at_install")
class TestInventorySnapshotBuilder(PluginCase):
    def test_stock_change_sends_a_snapshot_of_each_warehouse_once(self):
        product = self.env["product.product"].create(
            {"name": "Nut", "default_code": "NUT-1", "type": "consu", "is_storable": True}
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 7)
        flow = self.env["integration.flow"].create(
            {
                "name": "Stock out",
                "code": "t-pipe-stock",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "inventory_snapshot",
                "endpoint_id": self.endpoint.id,
                "mode": "batch",
                "event": "stock_changed",
            }
        )
        self.assertEqual(flow.builder, "inventory_snapshot")
        Flow = self.env["integration.flow"]
        messages = Flow._publish_event("stock_changed", product)
        self.assertEqual(messages.flow_id, flow)
        self.assertEqual(
            set(messages.mapped("res_id")),
            set(self.env["stock.warehouse"].search([("company_id", "=", flow.company_id.id)]).ids),
        )
        self.assertFalse(
            Flow._publish_event("stock_changed", product),
            "later changes fold into the snapshots not built yet",
        )
        message = messages.filtered(lambda m: m.res_id == warehouse.id)
        self.run_pipeline(message._enqueue)
        self.assertEqual(message.state, "sent")
        snapshot = json.loads(OUTBOX[0])
        self.assertEqual(snapshot["warehouse_code"], warehouse.code)
        (item,) = [item for item in snapshot["items"] if item["product_code"] == "NUT-1"]
        self.assertEqual((float(item["quantity"]), item["uom_code"]), (7.0, "EA"))


@tagged("post_install", "-at_install")
class TestSpokePluginDefaults(TransactionCase):
    """The plug-ins the spokes' flows start with, where those spokes are installed."""

    def setUp(self):
        super().setUp()
        self.partner = self.env["integration.partner"].create(
            {"name": "Spoke partner", "code": "t-spoke", "kind": "other"}
        )
        self.endpoint = self.env["integration.endpoint"].create(
            {"name": "Spoke inbox", "partner_id": self.partner.id, "url": "http://127.0.0.1:9"}
        )

    def test_warehouse_order_flow_sends_the_deliveries_of_its_warehouses(self):
        if "integration.builder.warehouse_order" not in self.env:
            self.skipTest("integration_wms is not installed")
        flow = self.env["integration.flow"].create(
            {
                "name": "Releases",
                "code": "t-spoke-releases",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "warehouse_order",
                "endpoint_id": self.endpoint.id,
            }
        )
        self.assertEqual((flow.builder, flow.scope), ("warehouse_order", "warehouse"))

    def test_channel_flows_run_on_the_channel_plugins(self):
        if "integration.channel" not in self.env:
            self.skipTest("integration_channels is not installed")
        channel = self.env["integration.channel"].create(
            {
                "name": "Spoke shop",
                "code": "t-spoke-shop",
                "kind": "shopify",
                "partner_id": self.partner.id,
                "endpoint_id": self.endpoint.id,
            }
        )
        self.assertEqual(channel._flow("orders").processor, "channel_order")
        self.assertEqual(channel._flow("stock").builder, "available_to_sell")
        self.assertEqual(channel._flow("fulfilment").builder, "channel_fulfilment")
        other = self.env["integration.flow"].create(
            {
                "name": "Orders in",
                "code": "t-spoke-orders",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        self.assertEqual(other.processor, "order", "a flow of no channel keeps the hub's")
