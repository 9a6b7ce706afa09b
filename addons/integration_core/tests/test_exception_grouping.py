# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import IntegrationCase, order_payload
from .partner_server import PartnerServer


@tagged("post_install", "-at_install")
class TestExceptionGrouping(IntegrationCase):
    """One open exception per cause and flow; Edit payload checks and compares."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.http_endpoint(max_attempts=1, failure_threshold=50)
        cls.ack_flow = cls.order_ack_flow(
            cls.endpoint, event_domain=f"[('partner_id', '=', {cls.customer.id})]"
        )

    def confirm_orders(self, count):
        for number in range(count):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "client_order_ref": f"PO-G{number}",
                    "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
                }
            )
            order.action_confirm()

    def open_exceptions(self, flow):
        return self.env["integration.exception"].search(
            [("flow_id", "=", flow.id), ("state", "in", ("new", "in_progress"))]
        )

    def test_one_outage_is_one_exception_until_resolved(self):
        with PartnerServer(statuses=(500,)) as server:
            self.endpoint.url = server.url
            self.confirm_orders(3)
            self.run_jobs()
        messages = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        self.assertEqual(messages.mapped("state"), ["dead"] * 3)
        outage = self.open_exceptions(self.ack_flow)
        self.assertEqual(len(outage), 1, "one outage, one exception")
        self.assertEqual((outage.category, outage.occurrences), ("transport", 3))
        self.assertEqual(outage.message_ids, messages)
        last_failed = messages.sorted(lambda m: m.log_ids.sorted("id")[-1].id)[-1]
        self.assertEqual(outage.message_id, last_failed, "it names the latest message")
        self.assertEqual(messages.exception_ids, outage)
        self.assertEqual(messages.mapped("open_exception_count"), [1, 1, 1])

        # The partner is back: Retry on the exception sends all three; it is resolved.
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            outage.action_retry()
            self.run_jobs()
        self.assertEqual(len(server.requests), 3)
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(outage.state, "resolved")

        # The next failure opens a new exception.
        with PartnerServer(statuses=(500,)) as server:
            self.endpoint.url = server.url
            self.confirm_orders(1)
            self.run_jobs()
        again = self.open_exceptions(self.ack_flow)
        self.assertEqual(len(again), 1)
        self.assertNotEqual(again, outage)
        self.assertEqual(again.occurrences, 1)

    def test_a_different_cause_opens_its_own_exception(self):
        unmapped = [
            self.receive(order_payload(f"PO-U{number}", product_code="NOPE-A"))
            for number in range(2)
        ]
        other_code = self.receive(order_payload("PO-U9", product_code="NOPE-B"))
        unreadable = self.receive(b"{not json")
        self.run_jobs()
        exceptions = self.open_exceptions(self.order_flow)
        self.assertEqual(len(exceptions), 3, exceptions.mapped("explanation"))
        same = unmapped[0].exception_ids
        self.assertEqual(unmapped[1].exception_ids, same)
        self.assertEqual(
            (same.category, same.occurrences, same.external_code), ("mapping", 2, "NOPE-A")
        )
        self.assertEqual(other_code.exception_ids.external_code, "NOPE-B")
        self.assertNotEqual(other_code.exception_ids, same)
        self.assertEqual(unreadable.exception_ids.category, "parsing")

    def edit_form(self, message):
        return Form(
            self.env["integration.payload.edit.wizard"].with_context(default_message_id=message.id)
        )

    def test_edit_payload_refuses_what_the_codec_cannot_read(self):
        message = self.receive(b"not json")
        self.run_jobs()
        form = self.edit_form(message)
        form.payload = '{\n  "order_ref": "PO-E1",,\n}'
        form.note = "fixed"
        wizard = form.save()
        with self.assertRaises(UserError) as caught:
            wizard.action_reprocess()
        self.assertIn("line 2, column", str(caught.exception))
        self.assertEqual(message.revision_count, 1, "nothing saved")
        self.assertEqual(message.state, "failed")

    def test_edit_payload_shows_the_changes_and_saves_a_revision(self):
        message = self.receive(order_payload("PO-E2", product_code="NOPE-C"))
        self.run_jobs()
        form = self.edit_form(message)
        self.assertFalse(form.payload_diff, "no change yet")
        form.payload = order_payload("PO-E2").decode()
        changed = form.payload_diff.splitlines()
        self.assertEqual(changed[:2], ["--- current revision", "+++ edited"])
        self.assertIn('"product_code": "NOPE-C"', next(ln for ln in changed[2:] if ln[0] == "-"))
        self.assertIn('"product_code": "WIDGET-1"', next(ln for ln in changed[2:] if ln[0] == "+"))
        form.note = "mapped the product"
        form.save().action_reprocess()
        self.run_jobs()
        self.assertEqual(message.revision_count, 2)
        self.assertEqual(message.state, "processed")
        self.assertEqual(message.exception_ids.state, "resolved")
