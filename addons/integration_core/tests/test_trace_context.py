# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from ..services import trace
from .common import LocalPartnerMixin, job_watermark, order_payload, run_jobs
from .otlp_receiver import OtlpReceiver
from .partner_server import PartnerServer

API = "/api/integration/v1"
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
RECEIVED = f"00-{TRACE}-00f067aa0ba902b7-01"


@tagged("post_install", "-at_install")
class TestTraceContext(LocalPartnerMixin, HttpCase):
    """One trace from the partner's post to the acknowledgement we send back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        customer = env["res.partner"].create({"name": "Trace Retail", "is_company": True})
        env["product.product"].create(
            {"name": "Widget", "default_code": "WIDGET-1", "type": "consu"}
        )
        partner = env["integration.partner"].create(
            {"name": "Trace partner", "code": "t-trace", "partner_id": customer.id}
        )
        calls_us = env["integration.endpoint"].create(
            {"name": "Calls us", "partner_id": partner.id}
        )
        cls.partner_api = env["integration.endpoint"].create(
            {"name": "Partner API", "partner_id": partner.id, "url": "http://127.0.0.1:9/x"}
        )
        Flow = env["integration.flow"]
        cls.orders = Flow.create(
            {
                "name": "Trace orders",
                "code": "t-trace-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": calls_us.id,
            }
        )
        cls.acks = Flow.create(
            {
                "name": "Trace acks",
                "code": "t-trace-acks",
                "partner_id": partner.id,
                "direction": "outbound",
                "document_type": "order_ack",
                "endpoint_id": cls.partner_api.id,
                "mode": "event",
                "event": "order_confirmed",
                "event_domain": f"[('partner_id', '=', {customer.id})]",
            }
        )
        _key, cls.plain_key = env["integration.api.key"]._issue(calls_us, "test")

    def test_one_trace_from_receipt_through_jobs_to_the_partner(self):
        since = job_watermark(self.env)
        with OtlpReceiver() as collector, PartnerServer() as partner:
            self.env["ir.config_parameter"].set_param("integration.otlp_endpoint", collector.url)
            self.partner_api.url = partner.url
            answer = self.url_open(
                f"{API}/flows/t-trace-orders/messages",
                data=order_payload(order_ref="PO-TRACE"),
                headers={"Authorization": f"Bearer {self.plain_key}", "traceparent": RECEIVED},
                timeout=30,
            )
            self.assertEqual(answer.status_code, 202, answer.text)
            run_jobs(self.env, since)
            trace.flush()
        Message = self.env["integration.message"]
        order = Message.search([("flow_id", "=", self.orders.id)])
        ack = Message.search([("flow_id", "=", self.acks.id)])
        self.assertEqual((order.state, ack.state), ("processed", "sent"))
        # Kept on the messages, the acknowledgement caused by the order included.
        self.assertEqual(trace.trace_id(order.traceparent), TRACE)
        self.assertEqual(trace.trace_id(ack.traceparent), TRACE)
        # The partner received the trace with the acknowledgement.
        [request] = partner.requests
        header = {k.lower(): v for k, v in request["headers"].items()}["traceparent"]
        self.assertEqual(trace.trace_id(header), TRACE)
        # Spans of the receipt, each step (the jobs) and the send: all of the one trace.
        names = [name for name, *_ids in collector.spans]
        for step in ("receive", "parse", "validate", "map", "process", "build", "encode", "send"):
            self.assertIn(f"integration.{step}", names)
        self.assertEqual({trace_id for _name, trace_id, *_ids in collector.spans}, {TRACE})
        receive = next(span for span in collector.spans if span[0] == "integration.receive")
        self.assertEqual(receive[3], "00f067aa0ba902b7", "the receipt is a child of the caller")
        send = next(span for span in collector.spans if span[0] == "integration.send")
        self.assertEqual(header.split("-")[2], send[2], "the partner's parent is the send span")

    def test_a_new_trace_without_traceparent(self):
        message = self.orders._receive(order_payload(order_ref="PO-NEW"))
        self.assertTrue(trace.parse(message.traceparent))
        self.assertNotEqual(trace.trace_id(message.traceparent), TRACE)
