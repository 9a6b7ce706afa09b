# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import Command, fields
from odoo.addons.integration_core.tests.common import IntegrationCase


class CashCase(IntegrationCase):
    """Acme, a customer with posted invoices, and its inbound remittance flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.remittance_flow = cls.env["integration.flow"].create(
            {
                "name": "Acme remittances",
                "code": "t-acme-remittances",
                "partner_id": cls.partner.id,
                "direction": "inbound",
                "document_type": "remittance",
            }
        )

    @classmethod
    def invoice(cls, amount, ref=None, customer=None, company=None):
        """A posted customer invoice of one untaxed line of ``amount``."""
        company = company or cls.env.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (customer or cls.customer).id,
                    "invoice_date": fields.Date.today(),
                    "currency_id": company.currency_id.id,
                    "ref": ref,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def remittance(self, payment_ref, *lines, total=None, payer="ACME01"):
        """A canonical remittance of ``lines`` (dicts with amount_paid and the rest), in
        the company's currency."""
        return {
            "payment_ref": payment_ref,
            "payment_date": fields.Date.today().isoformat(),
            "currency": self.env.company.currency_id.name,
            "total_paid": total if total is not None else sum(x["amount_paid"] for x in lines),
            "method": "ACH",
            "payer": {"external_id": payer, "name": "Acme Retail"},
            "lines": list(lines),
        }

    def receive_remittance(self, document, flow=None, payload=None):
        """The remittance received on ``flow`` and run through the pipeline: its message
        (the document's own when its file was split)."""
        flow = flow or self.remittance_flow
        message = flow._receive(payload or json.dumps(document, default=str).encode())
        self.run_jobs()
        return message.child_ids[:1] or message

    def cash_exceptions(self, **domain):
        return self.env["integration.exception"].search(
            [("cash_kind", "!=", False), ("state", "in", ("new", "in_progress"))]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def assertPaid(self, *invoices):
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)
            self.assertEqual(invoice.amount_residual, 0.0, invoice.name)
