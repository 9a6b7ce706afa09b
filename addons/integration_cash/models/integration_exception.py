# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError

CASH_KINDS = [
    ("short", "Short payment or deduction"),
    ("unmatched", "Remittance line not matched"),
]
DECISIONS = [("accepted", "Accepted: credit note"), ("disputed", "Disputed")]
# The documents a payer's claim is disputed with, first in the evidence table.
EVIDENCE_FIRST = ("shipment_notice", "functional_ack", "invoice")


class IntegrationException(models.Model):
    """A customer's remittance that did not settle an invoice as billed (a short payment,
    a coded deduction) or that names an invoice we cannot find: the invoice, what was kept
    back and why, and the messages of the order's transaction (the ship notice and when the
    customer acknowledged it) as evidence, with *Accept* and *Dispute*.

    These exceptions belong to the invoice, not to the remittance message: the message was
    processed (every matched line was paid), the decision is open.
    """

    _inherit = "integration.exception"

    cash_kind = fields.Selection(CASH_KINDS, readonly=True, index="btree_not_null")
    cash_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, index="btree_not_null"
    )
    cash_message_id = fields.Many2one(
        "integration.message", string="Remittance", readonly=True, index="btree_not_null"
    )
    cash_payment_id = fields.Many2one("account.payment", string="Payment", readonly=True)
    cash_deduction_ids = fields.One2many(
        "integration.cash.deduction", "exception_id", string="Deductions", readonly=True
    )
    cash_evidence_ids = fields.Many2many(
        "integration.message",
        "integration_exception_cash_evidence_rel",
        "exception_id",
        "message_id",
        string="Transaction messages",
        readonly=True,
        help="The messages of the invoiced order's transaction (its correlation id): the "
        "ship notice sent and its acknowledgement, to dispute a deduction with.",
    )
    cash_evidence = fields.Html(
        string="Evidence",
        readonly=True,
        sanitize=True,
        help="The order's messages with when they were sent and acknowledged.",
    )
    cash_decision = fields.Selection(DECISIONS, readonly=True, tracking=True)
    cash_credit_note_id = fields.Many2one("account.move", string="Credit note", readonly=True)

    # ------------------------------------------------------------------ opening
    def _open_cash(self, kind, message, cause, explanation, **values):
        """Open (or refresh) the one exception of ``kind`` for ``cause``. Private: called
        by the remittance processor within the pipeline."""
        invoice = self.env["account.move"].browse(values.get("cash_invoice_id"))
        evidence = self._cash_evidence_messages(invoice)
        values = self._business_rule_values(
            message,
            explanation,
            cash_kind=kind,
            cash_message_id=message.id,
            cash_evidence_ids=[Command.set(evidence.ids)],
            cash_evidence=self._cash_evidence_table(evidence),
            **values,
        )
        return self._open_by_cause(
            message, cause, invoice.name if invoice else message.name, values
        )

    def _cash_evidence_messages(self, invoice):
        """The messages of ``invoice``'s transaction: its order's correlation id, the ship
        notice and acknowledgements first."""
        if not invoice:
            return self.env["integration.message"]
        origin = invoice._integration_origin()
        correlation = origin.integration_correlation_id or invoice.integration_correlation_id
        if not correlation:
            return self.env["integration.message"]
        # sudo: private, the pipeline's: every message of the transaction, as evidence
        messages = (
            self.env["integration.message"].sudo().search([("correlation_id", "=", correlation)])
        )
        return messages.sorted(
            lambda m: (
                EVIDENCE_FIRST.index(m.document_type)
                if m.document_type in EVIDENCE_FIRST
                else len(EVIDENCE_FIRST),
                m.id,
            )
        )

    def _cash_evidence_table(self, messages):
        if not messages:
            return False
        headers = (
            self.env._("Message"),
            self.env._("Document"),
            self.env._("Direction"),
            self.env._("State"),
            self.env._("Sent or received"),
            self.env._("Acknowledged"),
            self.env._("Acknowledgement"),
        )
        labels = dict(messages._fields["document_type"]._description_selection(self.env))
        rows = [
            (
                message.name,
                labels.get(message.document_type, message.document_type),
                message.direction,
                message.state,
                message.sent_at or message.create_date,
                message.acknowledged_at or "",
                self._cash_ack_label(message),
            )
            for message in messages
        ]
        return self._html_table("o_cash_evidence", headers, rows)

    def _cash_ack_label(self, message):
        """The functional acknowledgement (997, CONTRL) and AS2 MDN of ``message``, when the
        EDI module says so."""
        parts = []
        if "edi_ack_label" in message._fields and message.edi_ack_label:
            parts.append(message.edi_ack_label)
        if "as2_message_ids" in message._fields:
            mdns = message.as2_message_ids.filtered("mdn_at")
            parts += [self.env._("MDN %s", mdn.mdn_at) for mdn in mdns]
        return ", ".join(parts)

    # ------------------------------------------------------------------ actions
    def action_cash_accept(self):
        """Accept what the customer kept back: a credit note of the deductions (at most
        what is still due) is posted and reconciled with the invoice."""
        exceptions = self._cash_checked(self.env._("Accepting a customer's deduction"))
        for exception in exceptions:
            exception._cash_credit_note()
        exceptions._cash_close("accepted", resolved=True)
        return True

    def action_cash_dispute(self):
        """Dispute the deduction: the invoice stays open for what was kept back, the
        exception stays in progress with the caller as assignee, and the invoice's chatter
        gets the deductions and the evidence to send the customer."""
        exceptions = self._cash_checked(self.env._("Disputing a customer's deduction"))
        exceptions.write({"user_id": self.env.uid})
        exceptions._cash_close("disputed", resolved=False)
        return True

    def _cash_checked(self, action):
        """These exceptions as the pipeline, once the caller may decide them: an integration
        user who may write them and the invoices they are about."""
        exceptions = self._checked_for(action)
        self._check_open()
        if exceptions.filtered(lambda e: e.cash_kind != "short"):
            raise UserError(self.env._("Accept and Dispute are for customers' deductions only."))
        self.cash_invoice_id.check_access("write")
        return exceptions

    def _cash_credit_note(self):
        invoice = self.cash_invoice_id
        amount = min(sum(self.cash_deduction_ids.mapped("amount")), invoice.amount_residual)
        if invoice.currency_id.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("%s has nothing left to credit.", invoice.name))
        account = invoice.invoice_line_ids.filtered("account_id")[:1].account_id
        refund = (
            self.env["account.move"]
            .with_company(invoice.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "journal_id": invoice.journal_id.id,
                    "currency_id": invoice.currency_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "ref": self.env._("Deduction on %s", invoice.name),
                    "reversed_entry_id": invoice.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": deduction.name,
                                "account_id": account.id,
                                "quantity": 1,
                                "price_unit": deduction.amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for deduction in self.cash_deduction_ids
                    ],
                }
            )
        )
        if refund.currency_id.compare_amounts(refund.amount_total, amount) > 0:
            refund.invoice_line_ids[-1:].price_unit -= refund.amount_total - amount
        refund.action_post()
        receivable = (refund | invoice).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        receivable.reconcile()
        self.cash_credit_note_id = refund

    def _cash_close(self, decision, resolved):
        values = {"cash_decision": decision}
        values.update(
            {"state": "resolved", "resolved_at": fields.Datetime.now()}
            if resolved
            else {"state": "in_progress"}
        )
        self.write(values)
        for exception in self:
            exception.cash_invoice_id.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._(
                        "%(user)s %(decision)s the deductions of remittance %(remittance)s: "
                        "%(deductions)s.",
                        user=self.env.user.name,
                        decision=dict(DECISIONS)[decision].lower(),
                        remittance=exception.cash_message_id.name,
                        deductions="; ".join(
                            f"{d.name}: {d.amount:.2f} {d.currency_id.name}"
                            for d in exception.cash_deduction_ids
                        ),
                    ),
                    exception.cash_evidence or "",
                )
            )
