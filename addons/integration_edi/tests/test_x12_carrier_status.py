# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import datetime

from odoo.addons.integration_core.tests.carrier_cases import CarrierMixin
from odoo.addons.integration_core.tests.common import IntegrationCase
from odoo.addons.integration_core.tests.partner_server import PartnerServer
from odoo.tests import tagged

from .common import x12_file, x12_profile

OURS, CARRIER = "HUBDISTRIB", "ODFLFREIGHT"
TRACKING = "PRO-88231"


def status_214(control, *body):
    """A carrier's interchange with one 214 about our shipment PRO-88231."""
    return x12_file(
        CARRIER, OURS, control, "QM", [("214", 1, [("B10", TRACKING, "", "ODFL"), *body])]
    )


@tagged("post_install", "-at_install")
class TestX12CarrierStatus(CarrierMixin, IntegrationCase):
    """A carrier's 214s: milestones on the delivery, forwarded to the customer's flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_carrier(
            codec="x12", code="t-odfl", **x12_profile(OURS, CARRIER, edi_send_ack=False)
        )

    def test_214_delayed_then_delivered_are_two_milestones_sent_on(self):
        picking = self.shipped_delivery(TRACKING, order_ref="NW-45001")
        delayed_214 = status_214(
            101,
            ("LX", "1"),
            ("AT7", "SD", "AO", None, None, "20261123", "0905", "UT"),
            ("MS1", "DENVER", "CO", "US"),
            ("AT7", "AG", "NS", None, None, "20261125", "1700", "UT"),
        )
        delivered_214 = status_214(102, *delivered_214_body())
        with PartnerServer(statuses=(200,)) as server:
            self.forward_flow(server.url)
            self.receive(delayed_214, self.status_flow)
            self.run_jobs()
            self.receive(delivered_214, self.status_flow)
            self.run_jobs()
            # The carrier sends its delivery again: nothing new is stored or sent.
            self.receive(status_214(103, *delivered_214_body()), self.status_flow)
            self.run_jobs()
        delayed, delivered = picking.integration_milestone_ids.sorted("event_time")
        self.assertEqual(
            (delayed.status, delayed.reason_code, delayed.reason, delayed.location),
            ("delayed", "AO", "Weather or Natural Disaster Related", "DENVER CO US"),
        )
        self.assertEqual(delayed.estimated_delivery, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(delayed.carrier_code, "ODFL")
        self.assertEqual(delivered.status, "delivered")
        self.assertEqual(delivered.pod_name, "J SMITH")
        self.assertEqual(delivered.pod_time, datetime(2026, 11, 25, 15, 42))
        self.assertEqual(delivered.message_id.partner_id, self.carrier)
        self.assertEqual(picking.sale_id.integration_milestone_ids, delayed | delivered)
        sent = [json.loads(request["body"]) for request in server.requests]
        self.assertEqual([doc["events"][0]["status"] for doc in sent], ["delayed", "delivered"])
        self.assertEqual(sent[0]["events"][0]["estimated_delivery"], "2026-11-25T17:00:00")
        self.assertEqual(sent[1]["order_ref"], "NW-45001")

    def test_214_for_an_unknown_shipment_opens_an_exception(self):
        message = self.receive(
            status_214(104, *delivered_214_body()).replace(b"PRO-88231", b"PRO-99999"),
            self.status_flow,
        )
        self.run_jobs()
        failed = self.env["integration.message"].search(
            [("flow_id", "=", self.status_flow.id), ("state", "=", "failed")]
        )
        self.assertTrue(failed, message.state)
        self.assertIn("PRO-99999", failed.exception_ids.explanation)


def delivered_214_body():
    return (
        ("LX", "1"),
        ("AT7", "X1", "NS", None, None, "20261125", "1542", "UT"),
        ("MS1", "COLUMBUS", "OH", "US"),
        ("K1", "SIGNED BY", "J SMITH"),
    )
