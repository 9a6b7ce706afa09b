# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from ..services.masking import MASK
from .common import AttackMixin, IntegrationCase, order_payload, run_jobs

SECRET_COLUMNS = ("password_encrypted", "token_encrypted", "hmac_key_encrypted")
PRIVATE_CODE = "PRIVATE-7731"  # a masked value that must never reach an integration user


@tagged("post_install", "-at_install")
class TestAttacks(AttackMixin, HttpCase, IntegrationCase):
    """Each user's rights hold against a determined caller using JSON-RPC, not only through
    the buttons of the forms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.endpoint = env["integration.endpoint"].create(
            {
                "name": "Acme calls us",
                "partner_id": cls.partner.id,
                "password": "acme-password",
                "token": "acme-token",
                "hmac_key": "acme-hmac",
            }
        )
        cls.key, _plain = env["integration.api.key"]._issue(cls.endpoint, "Acme production")
        cls.masked_flow = env["integration.flow"].create(
            {
                "name": "Acme private orders",
                "code": "t-acme-private",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "masked_fields": "lines.product_code, ship_to.street",
            }
        )
        cls.approval_flow = env["integration.flow"].create(
            {
                "name": "Acme orders to approve",
                "code": "t-acme-approve",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "order",
                "approval_required": True,
            }
        )
        # Something of the database no integration user may read: a contract on a contact.
        cls.foreign = env["ir.attachment"].create(
            {
                "name": "contract.txt",
                "raw": b"TOP SECRET CONTRACT",
                "res_model": "res.partner",
                "res_id": cls.customer.id,
            }
        )
        cls.failed = cls.order_flow._receive(order_payload("PO-ATK-1", product_code="NOPE"))
        cls.processed = cls.order_flow._receive(order_payload("PO-ATK-2"))
        cls.private = cls.masked_flow._receive(order_payload("PO-ATK-3", product_code=PRIVATE_CODE))
        cls.other = cls.order_flow._receive(order_payload("PO-ATK-4"))
        run_jobs(cls.env, cls.since)

    def secrets(self):
        return self.stored(self.endpoint, *SECRET_COLUMNS)

    # ------------------------------------------------------------------ secrets and circuits
    def test_only_a_manager_of_its_company_clears_an_endpoint_s_secrets(self):
        self.assertTrue(self.portal_user.share, "signed up on the website: a portal user")
        secrets, rows = self.secrets(), self.row_counts()
        self.assertTrue(all(secrets))
        for user in (self.portal_user, self.internal_user, self.integration_user, self.manager2):
            for method in ("action_clear_secrets", "action_reset_circuit"):
                self.assertRefused(user, "integration.endpoint", method, [self.endpoint.id])
        self.assertEqual(self.secrets(), secrets)
        self.assertEqual(self.row_counts(), rows)
        # A manager may not open the circuit by hand either: the transport's state.
        self.assertRefused(
            self.integration_manager,
            "integration.endpoint",
            "write",
            [self.endpoint.id],
            {"circuit_state": "open"},
        )
        self.rpc(
            self.integration_manager,
            "integration.endpoint",
            "action_clear_secrets",
            [self.endpoint.id],
        )
        self.assertEqual(self.secrets(), (None, None, None))

    def test_a_revoked_key_stays_revoked_and_never_becomes_a_monitoring_key(self):
        rows = self.row_counts()
        for user in (self.integration_user, self.manager2, self.portal_user):
            self.assertRefused(user, "integration.api.key", "action_revoke", [self.key.id])
        self.assertFalse(self.key.revoked_at)
        manager = self.integration_manager
        self.assertRefused(
            manager, "integration.api.key", "write", [self.key.id], {"monitoring": True}
        )
        self.rpc(manager, "integration.api.key", "action_revoke", [self.key.id])
        self.assertTrue(self.key.revoked_at)
        self.assertRefused(
            manager, "integration.api.key", "write", [self.key.id], {"revoked_at": False}
        )
        self.assertRefused(
            manager,
            "integration.api.key",
            "create",
            {"name": "sneaky", "endpoint_id": self.endpoint.id, "monitoring": True},
        )
        self.assertEqual(self.key.state, "revoked")
        self.assertFalse(self.key.monitoring)
        self.assertEqual(self.row_counts(), rows)
        # What a manager may change: its name and expiry.
        self.rpc(manager, "integration.api.key", "write", [self.key.id], {"name": "Old key"})
        self.assertEqual(self.key.name, "Old key")

    # ------------------------------------------------------------------ the pipeline's fields
    def test_an_integration_user_cannot_rewrite_a_message_s_attachment_link(self):
        before = self.failed.read(["payload_attachment_id", "state", "next_step", "res_id"])
        rows = self.row_counts()
        forgeries = [
            {"payload_attachment_id": self.foreign.id},
            {"revision_ids": [Command.link(self.foreign.id)]},
            {"state": "mapped", "next_step": "process"},
            {"res_model": "res.partner", "res_id": self.customer.id},
            {"duplicate_of_id": self.other.id},
            {"approved_by_id": self.integration_manager.id},
            {"log_ids": [Command.create({"event": "forged", "description": "all good"})]},
        ]
        for user in (self.integration_user, self.integration_manager):
            for values in forgeries:
                self.assertRefused(user, "integration.message", "write", [self.failed.id], values)
        self.assertRefused(
            self.integration_manager,
            "integration.message",
            "create",
            {
                "flow_id": self.order_flow.id,
                "partner_id": self.partner.id,
                "company_id": self.main_company.id,
                "direction": "inbound",
                "document_type": "order",
                "state": "received",
                "payload_attachment_id": self.foreign.id,
            },
        )
        self.assertEqual(
            self.failed.read(["payload_attachment_id", "state", "next_step", "res_id"]), before
        )
        self.assertEqual(self.row_counts(), rows)
        # Even a link corrupted in the database serves nothing that is not the message's own.
        self.failed.sudo().payload_attachment_id = self.foreign
        for user in (self.integration_user, self.integration_manager):
            shown = self.rpc(
                user, "integration.message", "read", [self.failed.id], ["payload_display"]
            )
            self.assertNotIn("TOP SECRET", str(shown))
        self.assertRefused(
            self.integration_user,
            "integration.message",
            "read",
            [self.failed.id],
            ["payload_attachment_id"],
        )

    def test_a_cross_company_order_cannot_be_forged_through_mapped_values(self):
        orders = self.env["sale.order"].search_count([("company_id", "=", self.company2.id)])
        forged = {
            "company_id": self.company2.id,
            "partner_id": self.customer.id,
            "lines": [{"product_id": self.product.id, "quantity": 500, "price_unit": 0.01}],
        }
        for user in (self.integration_user, self.integration_manager, self.manager2):
            self.assertRefused(
                user,
                "integration.message",
                "write",
                [self.failed.id],
                {"mapped_values": forged, "state": "mapped", "next_step": "process"},
            )
        self.assertNotEqual(self.failed.sudo().mapped_values, forged)
        # Retrying (what a user may do) runs the steps again from the partner's document.
        self.rpc(self.integration_user, "integration.message", "action_retry", [self.failed.id])
        self.run_jobs()
        self.assertEqual(
            self.env["sale.order"].search_count([("company_id", "=", self.company2.id)]), orders
        )
        self.assertEqual(self.failed.state, "failed")

    def test_exceptions_are_worked_through_their_actions_only(self):
        exception = self.failed.exception_ids
        self.assertEqual(exception.category, "mapping")
        rows = self.row_counts()
        for values in (
            {"state": "resolved"},
            {"explanation": "nothing to see"},
            {"category": "duplicate"},
            {"severity": "low"},
            {"message_id": self.other.id},
        ):
            self.assertRefused(
                self.integration_user, "integration.exception", "write", [exception.id], values
            )
        self.assertRefused(
            self.integration_manager,
            "integration.exception",
            "create",
            {"name": "fake", "category": "sla", "company_id": self.main_company.id},
        )
        for user in (self.internal_user, self.portal_user, self.manager2):
            for method in ("action_take", "action_retry"):
                self.assertRefused(user, "integration.exception", method, [exception.id])
            self.assertRefused(user, "integration.message", "action_cancel", [self.failed.id])
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual((exception.state, exception.severity), ("new", "medium"))
        # What a user does: assign it, take it.
        user = self.integration_user
        self.rpc(
            user,
            "integration.exception",
            "write",
            [exception.id],
            {"user_id": self.integration_manager.id},
        )
        self.rpc(user, "integration.exception", "action_take", [exception.id])
        self.assertEqual((exception.user_id, exception.state), (user, "in_progress"))

    # ------------------------------------------------------------------ editing and approving
    def edit_payload(self, user, message, payload, note="fixed"):
        wizard = self.rpc(
            user,
            "integration.payload.edit.wizard",
            "create",
            {"message_id": message.id, "payload": payload.decode(), "note": note},
        )
        wizard_id = wizard[0] if isinstance(wizard, list) else wizard
        return self.rpc(user, "integration.payload.edit.wizard", "action_reprocess", [wizard_id])

    def test_the_editor_of_a_payload_cannot_approve_it_and_the_approver_is_the_server_s(self):
        message = self.approval_flow._receive(order_payload("PO-ATK-5", quantity=0))
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        editor, approver = self.integration_user, self.integration_manager
        self.edit_payload(editor, message, order_payload("PO-ATK-5", quantity=3))
        self.run_jobs()
        self.assertEqual(message.state, "validated")
        self.assertEqual(message._payload_editors(), editor)
        approval = message.exception_ids.filtered(lambda e: e.category == "approval")
        self.assertRefused(
            editor, "integration.exception", "action_approve", approval.ids, error="UserError"
        )
        self.assertRefused(
            editor,
            "integration.message",
            "write",
            [message.id],
            {"approved_by_id": approver.id},
        )
        self.assertFalse(message.approved_by_id)
        self.rpc(approver, "integration.exception", "action_approve", approval.ids)
        self.assertEqual(message.approved_by_id, approver)
        self.run_jobs()
        self.assertEqual(message.state, "processed")

    def test_the_payload_edit_wizard_refuses_processed_and_masked_messages(self):
        self.assertEqual(self.processed.state, "processed")
        self.assertEqual(self.private.state, "failed")
        revisions = (len(self.processed.revision_ids), len(self.private.revision_ids))
        user = self.integration_user
        self.assertRefused(
            user,
            "integration.payload.edit.wizard",
            "default_get",
            ["message_id", "payload"],
            context={"default_message_id": self.processed.id},
            error="UserError",
        )
        for message in (self.processed, self.private):
            with self.assertRaises(JsonRpcException) as caught:
                self.edit_payload(user, message, order_payload("PO-ATK-X", quantity=999))
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError")
        for user in (self.internal_user, self.portal_user):
            self.assertRefused(user, "integration.message", "action_edit_payload", [self.failed.id])
        self.assertEqual(
            (len(self.processed.revision_ids), len(self.private.revision_ids)), revisions
        )
        self.assertEqual(self.processed.state, "processed")

    # ------------------------------------------------------------------ masking
    def test_a_masked_flow_hides_its_values_from_users_over_rpc(self):
        user, message = self.integration_user, self.private
        exception = message.exception_ids
        raw_fields = ("canonical", "mapped_values", "headers", "payload_attachment_id")
        for name in (*raw_fields, "revision_ids"):
            self.assertRefused(user, "integration.message", "read", [message.id], [name])
        self.assertRefused(
            user, "integration.message", "search", [("canonical", "ilike", PRIVATE_CODE)]
        )
        self.assertRefused(user, "integration.message", "export_data", [message.id], ["canonical"])
        # No oracle either in the texts users may search: errors never quote masked values.
        self.assertFalse(
            self.rpc(user, "integration.message", "search", [("last_error", "ilike", PRIVATE_CODE)])
        )
        self.assertFalse(
            self.rpc(
                user,
                "integration.exception",
                "search",
                [("explanation", "ilike", PRIVATE_CODE)],
            )
        )
        shown = self.rpc(
            user,
            "integration.message",
            "read",
            [message.id],
            ["last_error", "canonical_display", "payload_display", "mapped_display"],
        )
        shown += self.rpc(
            user,
            "integration.exception",
            "read",
            exception.ids,
            ["explanation", "fix_hint", "external_code"],
        )
        shown += self.rpc(user, "integration.log", "search_read", [("message_id", "=", message.id)])
        self.assertNotIn(PRIVATE_CODE, json.dumps(shown, default=str))
        self.assertIn(MASK, shown[0]["canonical_display"])
        self.assertIn(MASK, shown[0]["last_error"])
        # Nor can the file be fetched, by its attachment or by the message's download.
        self.assertRefused(
            user, "integration.message", "action_download_payload", [message.id], error="UserError"
        )
        attachment = message.sudo().payload_attachment_id
        self.assertRefused(user, "ir.attachment", "read", attachment.ids, ["raw", "name"])
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(PRIVATE_CODE, response.text)
        response = self.url_open(f"/web/content/integration.message/{message.id}/payload_file")
        self.assertNotIn(PRIVATE_CODE, response.text)
        # Integration managers read it all.
        raw = self.rpc(
            self.integration_manager, "integration.message", "read", [message.id], ["canonical"]
        )
        self.assertIn(PRIVATE_CODE, json.dumps(raw))

    def test_users_download_the_payload_of_an_unmasked_flow(self):
        action = self.rpc(
            self.integration_user,
            "integration.message",
            "action_download_payload",
            [self.processed.id],
        )
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, order_payload("PO-ATK-2"))
        self.assertRefused(
            self.portal_user, "integration.message", "action_download_payload", [self.processed.id]
        )
