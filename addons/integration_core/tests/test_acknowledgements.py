# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import IntegrationCase, order_payload
from .partner_server import PartnerServer


@tagged("post_install", "-at_install")
class TestAcknowledgements(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.http_endpoint(backoff_base=1.0)
        cls.ack_out = cls.env["integration.flow"].create(
            {
                "name": "Receipts to Acme",
                "code": "t-acme-997-out",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "functional_ack",
                "endpoint_id": cls.endpoint.id,
            }
        )
        cls.order_flow.ack_flow_id = cls.ack_out
        cls.acks_in = cls.env["integration.flow"].create(
            {
                "name": "Receipts from Acme",
                "code": "t-acme-997-in",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "functional_ack",
            }
        )
        cls.asn_flow = cls.env["integration.flow"].create(
            {
                "name": "ASN to Acme",
                "code": "t-acme-asn",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "order_ack",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "order_confirmed",
                "expect_acknowledgement": True,
                "sla_minutes": 30,
            }
        )

    def test_processed_order_is_acknowledged_to_the_partner(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            message = self.receive(order_payload(), idempotency_key="ACME-ISA-000123")
            self.run_jobs()
        self.assertEqual(message.state, "acknowledged")
        receipts = [json.loads(r["body"]) for r in server.requests]
        receipt = next(r for r in receipts if "acknowledged_ref" in r)
        self.assertEqual(receipt["acknowledged_ref"], "ACME-ISA-000123")
        self.assertEqual(receipt["status"], "accepted")

    def test_partner_receipt_marks_what_we_sent_acknowledged(self):
        self.order_flow.ack_flow_id = False
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.receive(order_payload())
            self.run_jobs()
        sent = self.env["integration.message"].search([("flow_id", "=", self.asn_flow.id)])
        self.assertEqual(sent.state, "sent")
        self.assertTrue(sent.ack_due_at, "an acknowledgement is awaited within the SLA")
        receipt = self.receive(
            json.dumps({"ack_ref": "R-1", "acknowledged_ref": sent.name, "status": "accepted"}),
            flow=self.acks_in,
        )
        self.run_jobs()
        self.assertEqual(receipt.state, "processed")
        self.assertEqual(sent.state, "acknowledged")
        self.assertTrue(sent.acknowledged_at)

    def test_rejection_opens_an_exception_on_what_we_sent(self):
        self.order_flow.ack_flow_id = False
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.receive(order_payload())
            self.run_jobs()
        sent = self.env["integration.message"].search([("flow_id", "=", self.asn_flow.id)])
        self.receive(
            json.dumps(
                {
                    "ack_ref": "R-2",
                    "acknowledged_ref": sent.name,
                    "status": "rejected",
                    "errors": [
                        {
                            "segment": "BAK",
                            "element": "03",
                            "code": "7",
                            "description": "Invalid date",
                        }
                    ],
                }
            ),
            flow=self.acks_in,
        )
        self.run_jobs()
        self.assertEqual(sent.state, "failed")
        self.assertIn("BAK 03 7 Invalid date", sent.exception_ids.explanation)

    def test_receipt_for_an_unknown_message_is_a_mapping_exception(self):
        receipt = self.receive(
            json.dumps({"ack_ref": "R-3", "acknowledged_ref": "NOT-OURS", "status": "accepted"}),
            flow=self.acks_in,
        )
        self.run_jobs()
        self.assertEqual(receipt.state, "failed")
        self.assertIn("NOT-OURS", receipt.exception_ids.explanation)

    def test_retry_after_is_honoured(self):
        self.order_flow.ack_flow_id = False
        with PartnerServer(statuses=(429, 200), retry_after=120) as server:
            self.endpoint.url = server.url
            self.receive(order_payload())
            for _job in ("parse to process", "build to send"):
                self.assertTrue(self._run_one())
            sent = self.env["integration.message"].search([("flow_id", "=", self.asn_flow.id)])
            self.assertEqual(sent.state, "pending")
            delay = (sent.next_attempt_at - sent.write_date).total_seconds()
            self.assertAlmostEqual(delay, 120, delta=5)
            self.run_jobs()
        self.assertEqual(sent.state, "sent")

    def _run_one(self):
        from .common import run_next_job

        return run_next_job(self.env, self.since)
