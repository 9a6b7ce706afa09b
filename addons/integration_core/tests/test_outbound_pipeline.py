# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import IntegrationCase, run_next_job
from .partner_server import PartnerServer


@tagged("post_install", "-at_install")
class TestOutboundPipeline(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Acme inbox",
                "partner_id": cls.partner.id,
                "url": "http://127.0.0.1:9/unused",
                "max_attempts": 5,
                "backoff_base": 1.0,
                "failure_threshold": 5,
                "cooldown_seconds": 60,
                "timeout_connect": 1.0,
                "timeout_read": 0.5,
            }
        )
        cls.ack_flow = cls.order_ack_flow(
            cls.endpoint, event_domain=f"[('partner_id', '=', {cls.customer.id})]"
        )

    def confirm_order(self, partner=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "client_order_ref": "PO-77",
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 3})],
            }
        )
        order.action_confirm()
        return order

    def ack_messages(self):
        return self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])

    def test_503_three_times_then_200_ends_sent_after_four_attempts(self):
        with PartnerServer(statuses=(503, 503, 503, 200)) as server:
            self.endpoint.url = server.url
            order = self.confirm_order()
            message = self.ack_messages()
            self.assertEqual(message.state, "pending")
            self.assertEqual(message.correlation_id, order.integration_correlation_id)
            self.run_jobs()
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(server.requests), 4)
        attempts = self.assertLogged(message, "send", count=4).sorted("id")
        self.assertEqual(attempts.mapped("attempt"), [1, 2, 3, 4])
        self.assertEqual(attempts.mapped("http_status"), [503, 503, 503, 200])
        self.assertEqual(attempts.mapped("level"), ["warning", "warning", "warning", "info"])
        sent = json.loads(server.requests[-1]["body"])
        self.assertEqual(sent["order_ref"], "PO-77")
        self.assertEqual(sent["lines"][0]["product_code"], "WIDGET-1")
        self.assertEqual(server.requests[-1]["headers"]["Idempotency-Key"], message.name)
        self.assertEqual(self.endpoint.circuit_state, "closed")

    def test_retries_exhausted_make_the_message_dead_with_an_exception(self):
        self.endpoint.max_attempts = 2
        with PartnerServer(statuses=(500,)) as server:
            self.endpoint.url = server.url
            self.confirm_order()
            self.run_jobs()
        message = self.ack_messages()
        self.assertEqual(message.state, "dead")
        self.assertEqual(len(server.requests), 2)
        self.assertEqual(message.exception_ids.category, "transport")
        self.assertIn("Gave up after 2 attempts", message.exception_ids.explanation)

    def test_client_error_is_permanent(self):
        with PartnerServer(statuses=(422,)) as server:
            self.endpoint.url = server.url
            self.confirm_order()
            self.run_jobs()
        message = self.ack_messages()
        self.assertEqual(message.state, "failed")
        self.assertEqual(len(server.requests), 1, "a refused document is not sent again")
        self.assertEqual(message.exception_ids.category, "transport")

    def test_circuit_opens_sends_nothing_while_open_and_resumes_after_cooldown(self):
        self.endpoint.write({"max_attempts": 20, "failure_threshold": 3})
        with PartnerServer(hang=True) as server:
            self.endpoint.url = server.url
            self.confirm_order()
            message = self.ack_messages()
            for _attempt in range(3):  # build, encode and a first send; then two more sends
                self._run_next_job()
            self.assertEqual(len(server.requests), 3)
            self.assertEqual(self.endpoint.circuit_state, "open")
            # While open: the job runs but sends nothing and spends no attempt.
            self._run_next_job()
            self._run_next_job()
            self.assertEqual(len(server.requests), 3, "no request while the circuit is open")
            self.assertEqual(message.attempts, 3)
            self.assertLogged(message, "send")
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.endpoint.circuit_opened_at -= 61  # the cool-down has passed
            self.run_jobs()
            self.assertEqual(len(server.requests), 1, "one trial request, half-open")
        self.assertEqual(message.state, "sent")
        self.assertEqual(self.endpoint.circuit_state, "closed")

    def _run_next_job(self):
        self.assertTrue(run_next_job(self.env, self.since), "a job should be queued")

    def test_event_fans_out_to_every_subscribed_flow(self):
        second_endpoint = self.endpoint.copy({"name": "Archive"})
        archive_flow = self.ack_flow.copy(
            {"code": "t-acme-acks-archive", "endpoint_id": second_endpoint.id}
        )
        order = self.confirm_order()
        self.assertEqual(len(self.ack_messages()), 1)
        archive = self.env["integration.message"].search([("flow_id", "=", archive_flow.id)])
        self.assertEqual(archive.res_id, order.id)
        other = self.env["res.partner"].create({"name": "Walk-in"})
        self.confirm_order(partner=other)
        self.assertEqual(len(self.ack_messages()), 1, "the event domain filters records")

    def test_batch_flow_waits_for_its_schedule(self):
        self.ack_flow.mode = "batch"
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.confirm_order()
            self.assertEqual(self.run_jobs(), 0, "nothing is sent before the batch")
            self.env["integration.flow"]._cron_send_batches()
            self.run_jobs()
        self.assertEqual(self.ack_messages().state, "sent")
        self.assertEqual(len(server.requests), 1)
        self.assertTrue(self.ack_flow.next_batch_at)

    def test_manual_transport_waits_for_a_download(self):
        self.endpoint.transport = "manual"
        self.confirm_order()
        self.run_jobs()
        message = self.ack_messages()
        self.assertEqual(message.state, "pending")
        self.assertFalse(message.next_step)
        self.assertTrue(message.payload_attachment_id)
        message.action_mark_downloaded()
        self.assertEqual(message.state, "sent")

    def test_bearer_token_is_sent_and_never_readable(self):
        self.endpoint.write({"auth_type": "bearer", "token": "s3cr3t-token"})
        self.endpoint.invalidate_recordset()
        self.assertFalse(self.endpoint.token, "a secret is write-only")
        self.assertEqual(self.endpoint.secrets_set, "token")
        self.assertNotIn("s3cr3t", self.endpoint.sudo().token_encrypted)
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self.confirm_order()
            self.run_jobs()
        self.assertEqual(server.requests[0]["headers"]["Authorization"], "Bearer s3cr3t-token")

    def test_stock_changed_reaches_products_shared_by_all_companies(self):
        flow = self.env["integration.flow"].create(
            {
                "name": "stock",
                "code": "t-stock",
                "partner_id": self.partner.id,
                "direction": "outbound",
                "document_type": "inventory_snapshot",
                "endpoint_id": self.endpoint.id,
                "mode": "batch",
                "event": "stock_changed",
            }
        )
        self.assertFalse(self.product.company_id)
        messages = self.env["integration.flow"]._publish_event("stock_changed", self.product)
        self.assertEqual(messages.flow_id, flow)
        again = self.env["integration.flow"]._publish_event("stock_changed", self.product)
        self.assertFalse(again, "one pending snapshot per warehouse: later events are folded")
