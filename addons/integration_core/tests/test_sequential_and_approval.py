# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import IntegrationCase, age, order_payload


@tagged("post_install", "-at_install")
class TestSequentialFlow(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_flow.processing = "sequential"

    def test_messages_are_processed_in_order_of_arrival(self):
        first = self.receive(order_payload("PO-1"))
        second = self.receive(order_payload("PO-2"))
        third = self.receive(order_payload("PO-3"))
        self.run_jobs()
        orders = self.env["sale.order"].search(
            [("client_order_ref", "in", ("PO-1", "PO-2", "PO-3"))], order="id"
        )
        self.assertEqual(orders.mapped("client_order_ref"), ["PO-1", "PO-2", "PO-3"])
        self.assertEqual((first | second | third).mapped("state"), ["processed"] * 3)

    def test_a_failed_message_holds_the_queue_until_fixed(self):
        first = self.receive(order_payload("PO-1", product_code="UNKNOWN"))
        second = self.receive(order_payload("PO-2"))
        self.run_jobs()
        self.assertEqual(first.state, "failed")
        self.assertEqual(second.state, "received")
        self.assertTrue(second.waiting)
        self.assertLogged(second, "waiting")
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "UNKNOWN",
                "product_id": self.product.id,
            }
        )
        first.exception_ids.action_retry()
        self.run_jobs()
        self.assertEqual(first.state, "processed")
        self.assertEqual(second.state, "processed")
        self.assertLess(first._business_record().id, second._business_record().id)

    def test_ignoring_the_blocking_message_releases_the_next(self):
        first = self.receive(b"garbage")
        second = self.receive(order_payload("PO-2"))
        self.run_jobs()
        self.assertTrue(second.waiting)
        first.exception_ids._ignore("sent by mistake")
        self.run_jobs()
        self.assertEqual(second.state, "processed")

    def test_parallel_flow_does_not_wait(self):
        self.order_flow.processing = "parallel"
        first = self.receive(b"garbage")
        second = self.receive(order_payload("PO-2"))
        self.run_jobs()
        self.assertEqual((first.state, second.state), ("failed", "processed"))


@tagged("post_install", "-at_install")
class TestApproval(IntegrationCase):
    def test_flow_requiring_approval_waits_for_a_person(self):
        self.order_flow.approval_required = True
        message = self.receive(order_payload())
        self.run_jobs()
        self.assertEqual(message.state, "validated")
        approval = message.exception_ids
        self.assertEqual(approval.category, "approval")
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-1001")]))
        approval.action_approve()
        self.assertEqual(approval.state, "resolved")
        self.run_jobs()
        self.assertEqual(message.state, "processed")
        self.assertEqual(message.approved_by_id, self.env.user)

    def test_nothing_processes_a_message_waiting_for_approval(self):
        """Neither the stalled-message cron nor a Retry gets past the approval."""
        self.order_flow.approval_required = True
        message = self.receive(order_payload())
        self.run_jobs()
        self.assertEqual((message.state, message.next_step), ("validated", "map"))
        age(message, minutes=30)
        recovered = self.env["integration.message"]._cron_recover_stalled()
        self.assertNotIn(message, recovered, "no job is missing: a person has to approve")
        message.action_retry()
        self.run_jobs()
        self.assertEqual(message.state, "validated")
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-1001")]))
        self.assertEqual(message.exception_ids.category, "approval")
        message.exception_ids.action_approve()
        self.run_jobs()
        self.assertEqual(message.state, "processed")
