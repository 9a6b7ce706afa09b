# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import IntegrationCase, age, order_payload


@tagged("post_install", "-at_install")
class TestOperations(IntegrationCase):
    def test_retention_purges_payloads_and_keeps_metadata(self):
        self.order_flow.retention_days = 30
        message = self.receive(order_payload())
        self.run_jobs()
        recent = self.receive(order_payload("PO-2"))
        self.run_jobs()
        age(message, days=31)
        self.env["integration.message"]._cron_purge_payloads()
        self.assertTrue(message.payload_purged)
        self.assertIsNone(message._payload())
        self.assertEqual(message.state, "processed")
        self.assertTrue(message.canonical, "metadata and the canonical document stay")
        self.assertLogged(message, "purge")
        self.assertFalse(recent.payload_purged)

    def test_sla_watch_opens_an_exception_and_an_activity(self):
        self.order_flow.sla_minutes = 30
        message = self.receive(order_payload(product_code="UNKNOWN"))
        self.run_jobs()
        age(message, hours=1)
        self.env["integration.exception"]._cron_watch_sla()
        sla = message.exception_ids.filtered(lambda e: e.category == "sla")
        self.assertEqual(len(sla), 1)
        self.assertIn("SLA", sla.explanation)
        self.assertEqual(sla.activity_ids.user_id, self.partner.user_id)
        self.env["integration.exception"]._cron_watch_sla()
        self.assertEqual(
            len(message.exception_ids.filtered(lambda e: e.category == "sla")),
            1,
            "one SLA exception, not one per run",
        )

    def test_missing_acknowledgement_is_an_sla_breach(self):
        flow = self.order_ack_flow(expect_acknowledgement=True, sla_minutes=60)
        message = self.env["integration.message"]._create_outbound(flow, self.customer)
        message.write(
            {
                "state": "sent",
                "next_step": False,
                "ack_due_at": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        self.env["integration.exception"]._cron_watch_sla()
        self.assertIn("No acknowledgement", message.exception_ids.explanation)

    def test_stalled_message_is_requeued(self):
        message = self.receive(order_payload())
        self.env["queue.job"].search([("id", ">", self.since)]).unlink()  # a lost job
        age(message, minutes=15)
        recovered = self.env["integration.message"]._cron_recover_stalled()
        self.assertEqual(recovered, message)
        self.run_jobs()
        self.assertEqual(message.state, "processed")

    def test_open_circuit_half_opens_after_cooldown(self):
        endpoint = self.env["integration.endpoint"].create(
            {
                "name": "down",
                "partner_id": self.partner.id,
                "url": "http://127.0.0.1:9/",
                "circuit_state": "open",
                "cooldown_seconds": 60,
            }
        )
        endpoint.circuit_opened_at = endpoint._now() - 30
        self.env["integration.endpoint"]._cron_check_circuits()
        self.assertEqual(endpoint.circuit_state, "open")
        endpoint.circuit_opened_at = endpoint._now() - 61
        self.env["integration.endpoint"]._cron_check_circuits()
        self.assertEqual(endpoint.circuit_state, "half_open")

    def test_alert_when_failure_rate_crossed(self):
        self.partner.alert_failure_rate = 10
        for index in range(3):
            self.receive(f"broken {index}")
        self.run_jobs()
        self.env["integration.partner"]._cron_alerts()
        alert = self.partner.activity_ids.filtered(lambda a: "alert" in (a.summary or ""))
        self.assertEqual(len(alert), 1)
        self.assertIn("failed", alert.note)
        self.env["integration.partner"]._cron_alerts()
        self.assertEqual(
            len(self.partner.activity_ids.filtered(lambda a: "alert" in (a.summary or ""))), 1
        )

    def test_masked_fields_are_hidden_from_users_not_managers(self):
        self.order_flow.masked_fields = "customer.email, ship_to.street"
        payload = json.loads(order_payload())
        payload["customer"]["email"] = "buyer@acme.example"
        message = self.receive(json.dumps(payload))
        self.run_jobs()
        user = new_test_user(
            self.env, "masked_user", groups="integration_core.group_integration_user"
        )
        shown = message.with_user(user).canonical_display
        self.assertNotIn("buyer@acme.example", shown)
        self.assertNotIn("1 Dock Road", shown)
        self.assertIn("Reno", shown)
        self.assertNotIn("buyer@acme.example", message.with_user(user).payload_display)
        self.assertIn("buyer@acme.example", message.canonical_display, "managers see it")
        # Nor does the raw payload reach the user another way: not in the chatter's
        # attachments, not through Edit payload or Download.
        as_user = message.with_user(user)
        self.assertTrue(as_user.payload_masked)
        chatter = (
            self.env["ir.attachment"]
            .with_user(user)
            .search([("res_model", "=", "integration.message"), ("res_id", "=", message.id)])
        )
        self.assertFalse(chatter)
        with self.assertRaises(UserError):
            as_user.action_edit_payload()
        with self.assertRaises(UserError):
            self.env["integration.payload.edit.wizard"].with_user(user).with_context(
                default_message_id=message.id
            ).default_get(["message_id", "payload"])
        with self.assertRaises(UserError):
            as_user.action_download_payload()
        self.assertFalse(message.payload_masked, "managers edit and download it")

    def test_dashboard_figures_open_their_records(self):
        self.receive(order_payload(product_code="UNKNOWN"))
        self.run_jobs()
        dashboard = self.env["integration.dashboard"].create({})
        self.assertGreaterEqual(dashboard.orders_not_in_odoo, 1)
        self.assertGreater(dashboard.failure_rate, 0)
        action = dashboard.with_context(figure="orders_not_in_odoo").action_open_figure()
        opened = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(len(opened), dashboard.orders_not_in_odoo)
        self.assertGreaterEqual(dashboard.backlog_hour, 1)
