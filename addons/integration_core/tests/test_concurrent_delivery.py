# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import OperationalError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommittedFlowCase, order_payload


@tagged("post_install", "-at_install")
class TestConcurrentDelivery(CommittedFlowCase):
    """Two deliveries of one idempotency key in two real transactions (two connections).

    The storm test on a live server finds this race only now and then; here it is forced:
    the late transaction took its snapshot before the first one committed the key.
    """

    FLOW_CODE = "t-race"

    def test_key_committed_after_the_snapshot_is_retried_then_a_duplicate(self):
        payload = order_payload(order_ref="PO-RACE")
        with self.registry.cursor() as late_cr:
            late_flow = self._flow_in(late_cr)
            self.assertEqual(late_flow.code, "t-race-orders")  # the late snapshot starts here
            with self.registry.cursor() as first_cr:
                first = self._flow_in(first_cr)._receive(payload, idempotency_key="race-1")
                first_id = first.id
            with self.assertRaises(OperationalError) as caught, mute_logger("odoo.sql_db"):
                late_flow._receive(payload, idempotency_key="race-1")
            self.assertEqual(
                caught.exception.pgcode,
                "40001",
                "a serialization failure: Odoo retries the request and queue_job the job",
            )
            late_cr.rollback()
            # The retry sees the first delivery: a duplicate pointing to it, nothing queued.
            again = late_flow._receive(payload, idempotency_key="race-1")
            self.assertEqual(again.state, "duplicate")
            self.assertEqual(again.duplicate_of_id.id, first_id)
            self.assertFalse(again.next_step)
            late_cr.rollback()
