# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import OperationalError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommittedFlowCase, IntegrationCase, order_payload


@tagged("post_install", "-at_install")
class TestRejectedAtReceipt(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_flow.processing = "sequential"

    def test_a_payload_the_api_refused_does_not_hold_the_queue(self):
        """The sender heard 400 and will send it again: the next order must not wait for it."""
        refused = self.receive(b"{not json")
        self.assertTrue(refused._preflight(), "the pre-check refuses it, as the API answers 400")
        self.assertEqual(refused.state, "failed")
        following = self.receive(order_payload("PO-NEXT"))
        self.run_jobs()
        self.assertFalse(following.waiting)
        self.assertEqual(following.state, "processed")
        self.assertEqual(refused.state, "failed", "still in the queue for a person to see")

    def test_a_message_failing_later_still_holds_the_queue(self):
        first = self.receive(order_payload("PO-1", product_code="UNKNOWN"))
        self.assertFalse(first._preflight(), "a good payload passes the pre-check")
        second = self.receive(order_payload("PO-2"))
        self.run_jobs()
        self.assertEqual((first.state, second.state), ("failed", "received"))
        self.assertTrue(second.waiting)


@tagged("post_install", "-at_install")
class TestSequentialReceiptLock(CommittedFlowCase):
    """Two receipts on one sequential flow in two real transactions: the later one waits for
    the earlier one to commit, so it can never get an earlier place in the queue."""

    FLOW_CODE = "t-turn"
    FLOW_VALUES = {"processing": "sequential"}

    def test_a_later_receipt_waits_for_the_earlier_one(self):
        with self.registry.cursor() as first_cr, self.registry.cursor() as late_cr:
            self._flow_in(first_cr)._receive(order_payload("PO-FIRST"))
            late_cr.execute("SET LOCAL lock_timeout = '300ms'")
            with self.assertRaises(OperationalError) as caught, mute_logger("odoo.sql_db"):
                self._flow_in(late_cr)._receive(order_payload("PO-LATE"))
            self.assertEqual(caught.exception.pgcode, "55P03", "it waited for the flow's turn")
            late_cr.rollback()
            first_cr.rollback()
