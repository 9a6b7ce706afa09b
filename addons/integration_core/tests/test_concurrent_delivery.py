# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import order_payload

CONTEXT = {"tracking_disable": True}


@tagged("post_install", "-at_install")
class TestConcurrentDelivery(TransactionCase):
    """Two deliveries of one idempotency key in two real transactions (two connections).

    The storm test on a live server finds this race only now and then; here it is forced:
    the late transaction took its snapshot before the first one committed the key.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            partner = env["integration.partner"].create(
                {"name": "Race partner", "code": "t-race", "kind": "other"}
            )
            cls.flow_id = (
                env["integration.flow"]
                .create(
                    {
                        "name": "Race orders in",
                        "code": "t-race-orders",
                        "partner_id": partner.id,
                        "direction": "inbound",
                        "document_type": "order",
                    }
                )
                .id
            )
            cls.partner_id = partner.id
        cls.addClassCleanup(cls._purge_committed_rows)

    @classmethod
    def _purge_committed_rows(cls):
        """This test commits on purpose: take its rows away again."""
        with cls.registry.cursor() as cr:
            cr.execute("SELECT id FROM integration_message WHERE flow_id = %s", (cls.flow_id,))
            ids = [row[0] for row in cr.fetchall()] or [0]
            cr.execute(
                "DELETE FROM queue_job WHERE model_name = 'integration.message'"
                " AND split_part(identity_key, ':', 2)::int = ANY(%s)",
                (ids,),
            )
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = 'integration.message'"
                " AND res_id = ANY(%s)",
                (ids,),
            )
            cr.execute("DELETE FROM integration_message WHERE id = ANY(%s)", (ids,))
            cr.execute("DELETE FROM integration_partner WHERE id = %s", (cls.partner_id,))

    def _flow_in(self, cr):
        return api.Environment(cr, SUPERUSER_ID, CONTEXT)["integration.flow"].browse(self.flow_id)

    def test_key_committed_after_the_snapshot_is_retried_then_a_duplicate(self):
        payload = order_payload(order_ref="PO-RACE")
        with self.registry.cursor() as late_cr:
            late_flow = self._flow_in(late_cr)
            self.assertEqual(late_flow.code, "t-race-orders")  # the late snapshot starts here
            with self.registry.cursor() as first_cr:
                first = self._flow_in(first_cr).receive(payload, idempotency_key="race-1")
                first_id = first.id
            with self.assertRaises(OperationalError) as caught, mute_logger("odoo.sql_db"):
                late_flow.receive(payload, idempotency_key="race-1")
            self.assertEqual(
                caught.exception.pgcode,
                "40001",
                "a serialization failure: Odoo retries the request and queue_job the job",
            )
            late_cr.rollback()
            # The retry sees the first delivery: a duplicate pointing to it, nothing queued.
            again = late_flow.receive(payload, idempotency_key="race-1")
            self.assertEqual(again.state, "duplicate")
            self.assertEqual(again.duplicate_of_id.id, first_id)
            self.assertFalse(again.next_step)
            late_cr.rollback()
