# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import time
from types import SimpleNamespace

from odoo import fields
from odoo.addons.integration_core.services import trace
from odoo.addons.integration_core.tests.common import IntegrationCase, order_payload
from odoo.tests import tagged

from .rabbitmq import RabbitMQ

EXCHANGE = "hub.events"
QUEUE = "partner.acks"
OUTAGE_SECONDS = 30


@tagged("post_install", "-at_install")
class TestAmqpTransport(IntegrationCase):
    """Against a real RabbitMQ started for the class (about 10-20 s to start)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.broker = RabbitMQ().start()
        cls.addClassCleanup(cls.broker.__exit__)
        channel = cls.broker.channel()
        channel.exchange_declare(EXCHANGE, "topic", durable=True)
        channel.queue_declare(QUEUE, durable=True)
        channel.queue_bind(QUEUE, EXCHANGE, "acme.#")
        channel.connection.close()
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Event bus",
                "partner_id": cls.partner.id,
                "transport": "amqp",
                "url": f"amqp://127.0.0.1:{cls.broker.port}/%2F",
                "auth_type": "basic",
                "username": "guest",
                "password": "guest",
                "timeout_connect": 1.0,
                "max_attempts": 1000,
                "backoff_base": 2.0,
                "backoff_max": 10.0,
                "failure_threshold": 3,
                "cooldown_seconds": 10,
            }
        )
        cls.ack_flow = cls.order_ack_flow(
            cls.endpoint,
            amqp_exchange=EXCHANGE,
            amqp_routing_key="acme.order_ack",
            event_domain=f"[('partner_id', '=', {cls.customer.id})]",
        )

    def delivered(self):
        """Every message in the queue, taken off it: (properties, CloudEvent as a dict)."""
        channel = self.broker.channel()
        found = []
        try:
            while True:
                method, properties, body = channel.basic_get(QUEUE, auto_ack=True)
                if method is None:
                    return found
                found.append((properties, json.loads(body)))
        finally:
            channel.connection.close()

    def test_confirmed_order_published_as_cloudevent(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "client_order_ref": "PO-88",
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
            }
        )
        with trace.activated("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"):
            order.action_confirm()
        message = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        self.run_jobs()
        self.assertEqual(message.state, "sent")
        [(properties, event)] = self.delivered()
        self.assertEqual(properties.delivery_mode, 2)
        self.assertEqual(properties.message_id, message.name)
        self.assertEqual(properties.content_type, "application/cloudevents+json")
        self.assertEqual(event["specversion"], "1.0")
        self.assertEqual(event["id"], message.name)
        self.assertEqual(event["type"], "odoo.integration.order_ack")
        self.assertIn(f"flow:{self.ack_flow.code}", event["source"])
        self.assertEqual(event["correlationid"], order.integration_correlation_id)
        self.assertEqual(event["integrationevent"], "order_confirmed")
        self.assertEqual(event["datacontenttype"], "application/json")
        self.assertEqual(event["data"]["order_ref"], "PO-88")
        self.assertTrue(fields.Datetime.to_datetime(event["time"][:19].replace("T", " ")))
        # The event's trace is the one the order was confirmed in.
        self.assertEqual(trace.trace_id(event["traceparent"]), "0af7651916cd43dd8448eb211c80319c")
        self.assertEqual(trace.trace_id(message.traceparent), "0af7651916cd43dd8448eb211c80319c")

    def test_unroutable_event_fails_naming_the_binding(self):
        self.ack_flow.amqp_routing_key = "nobody.listens"
        message = self.env["integration.message"]._queue_payload(self.ack_flow, b'{"a": 1}')
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        self.assertIn("No queue is bound to exchange 'hub.events'", message.last_error)
        self.assertIn("nobody.listens", message.last_error)

    def test_redelivered_event_recorded_as_duplicate(self):
        """The consumer's receipt: a second delivery of one event id is a duplicate."""
        endpoint = self.endpoint.copy({"name": "Bus in"})
        flow = self.order_flow.copy(
            {"code": "t-acme-bus", "endpoint_id": endpoint.id, "amqp_queue": "orders"}
        )
        body = json.dumps(
            {
                "specversion": "1.0",
                "id": "evt-1",
                "type": "com.acme.order",
                "source": "/acme",
                "datacontenttype": "application/json",
                "correlationid": "corr-1",
                "traceparent": "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "data": json.loads(order_payload()),
            }
        ).encode()
        delivery = SimpleNamespace(
            content_type="application/cloudevents+json",
            headers=None,
            message_id=None,
            correlation_id=None,
        )
        Amqp = self.env["integration.transport.amqp"]
        first = Amqp._receive_delivery(flow, body, delivery, routing_key="orders")
        again = Amqp._receive_delivery(flow, body, delivery, routing_key="orders")
        self.assertEqual(first.state, "received")
        self.assertEqual(first.correlation_id, "corr-1")
        self.assertEqual(trace.trace_id(first.traceparent), "1af7651916cd43dd8448eb211c80319c")
        self.assertEqual(json.loads(first._payload())["order_ref"], "PO-1001")
        self.assertEqual(again.state, "duplicate")
        self.assertEqual(again.duplicate_of_id, first)

    def test_thousand_events_survive_a_broker_outage(self):
        """1,000 events; the broker stopped for 30 s after the first 300 sends: the sends are
        retried, the circuit opens, and once the broker is back every event is delivered,
        each once. Lasts 85-115 s here (the 30 s outage, a broker restart, 1,000 sends)."""
        Message = self.env["integration.message"]
        messages = Message.browse(
            [
                Message._queue_payload(self.ack_flow, b'{"n": %d}' % n, correlation_id=f"c{n}").id
                for n in range(1000)
            ]
        )
        self.send_due(messages[:300])
        self.assertEqual(messages.filtered(lambda m: m.state == "sent"), messages[:300])
        self.broker.stop()
        stopped = time.monotonic()
        circuit_states = set()
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            if not self.send_due(messages):
                time.sleep(0.2)
            circuit_states.add(self.endpoint.circuit_state)
        self.assertIn("open", circuit_states)
        self.assertFalse(messages.filtered(lambda m: m.state in ("dead", "failed")))
        self.broker.start()
        deadline = time.monotonic() + 120
        while messages.filtered(lambda m: m.state != "sent") and time.monotonic() < deadline:
            if not self.send_due(messages):
                time.sleep(0.2)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        ids = [event["id"] for _properties, event in self.delivered()]
        self.assertEqual(len(ids), 1000, "each event delivered once")
        self.assertEqual(set(ids), set(messages.mapped("name")))

    def send_due(self, messages):
        """Run the send step of ``messages`` whose time has come, as their jobs would (the
        job runner's own machinery left out: 1,000 sends stay quick)."""
        now = fields.Datetime.now()
        due = messages.filtered(
            lambda m: m.state == "pending" and (not m.next_attempt_at or m.next_attempt_at <= now)
        )
        for message in due:
            message._run_step("send")
        return due
