# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import AttackMixin
from odoo.tests import HttpCase, tagged

from .common import CashCase


@tagged("post_install", "-at_install")
class TestCashAttacks(AttackMixin, CashCase, HttpCase):
    """Over JSON-RPC, as a script would call it: a portal user, a plain internal user and
    another company's integration manager neither accept nor dispute a customer's
    deduction, nor write what the pipeline writes; an integration user of the company who
    may edit invoices decides."""

    TABLES = (
        *AttackMixin.TABLES,
        "account_move",
        "account_payment",
        "integration_cash_deduction",
    )

    def test_only_the_company_s_integration_users_decide_a_deduction(self):
        invoice = self.invoice(300)
        self.receive_remittance(
            self.remittance(
                "ACH-SEC",
                {
                    "invoice_number": invoice.name,
                    "amount_paid": 270,
                    "adjustments": [{"reason_code": "damage", "amount": 30}],
                },
            )
        )
        exception = self.cash_exceptions(cash_invoice_id=invoice.id)
        deduction = exception.cash_deduction_ids
        self.assertEqual(len(deduction), 1)
        rows = self.row_counts()
        for user in (self.portal_user, self.internal_user, self.manager2):
            for method in ("action_cash_accept", "action_cash_dispute"):
                self.assertRefused(user, "integration.exception", method, exception.ids)
            self.assertRefused(
                user, "integration.exception", "write", exception.ids, {"cash_decision": "accepted"}
            )
            self.assertRefused(user, "integration.cash.deduction", "read", deduction.ids)
        for user in (self.integration_user, self.integration_manager):
            self.assertRefused(
                user, "integration.cash.deduction", "write", deduction.ids, {"amount": 1}
            )
            self.assertRefused(
                user, "integration.exception", "write", exception.ids, {"cash_decision": "accepted"}
            )
        # An integration user who may not edit invoices cannot credit one by accepting.
        self.assertRefused(
            self.integration_user, "integration.exception", "action_cash_accept", exception.ids
        )
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual((exception.state, invoice.amount_residual), ("new", 30.0))
        accountant = self._new_user(
            "atk_int_accountant", f"{self.USER},account.group_account_invoice"
        )
        self.rpc(accountant, "integration.exception", "action_cash_dispute", exception.ids)
        self.assertEqual((exception.state, exception.cash_decision), ("in_progress", "disputed"))
        self.rpc(accountant, "integration.exception", "action_cash_accept", exception.ids)
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(invoice.amount_residual, 0.0)

    def test_the_remittance_is_in_the_openapi_document(self):
        spec = self.url_open("/api/integration/v1/openapi.json").json()
        self.assertIn("Remittance", spec["components"]["schemas"])
        self.assertIn("RemittanceAdjustment", spec["components"]["schemas"])
