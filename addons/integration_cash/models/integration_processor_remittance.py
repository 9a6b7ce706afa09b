# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import models
from odoo.addons.integration_core.services.errors import (
    BusinessRuleError,
    DuplicateError,
    MappingError,
)
from odoo.addons.integration_core.services.plugins import ProcessResult

from ..services.matching import Claim, OpenItem, match_lines
from ..services.reason_codes import reason

# An invoice's money still due after the payment, read as due when above this.
OPEN_STATES = ("not_paid", "partial")


class IntegrationProcessorRemittance(models.AbstractModel):
    """A customer's remittance advice (820, REMADV, a lockbox CSV, canonical JSON) → one
    payment per line in the flow's bank journal, registered against the invoice it pays
    through Odoo's own payment registration (``account.payment.register``).

    Each line is matched to an open posted invoice of the payer by number (ours or the
    customer's reference), then by amount. A line paying less than due (deductions with
    their reason codes, or nothing said) leaves the invoice partially paid with an
    exception listing the deductions and the order's messages as evidence; a line matching
    no invoice is booked on account with an exception naming it. The same remittance
    received again is refused as a duplicate.
    """

    _name = "integration.processor.remittance"
    _inherit = "integration.processor"
    _description = "Remittance processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        payer = self._map_payer(message, document.payer)
        currency = self._map_currency(document.currency)
        journal = self._journal(message, currency)
        self._check_duplicate(message, document, payer)
        invoices = self._open_invoices(message, payer, currency)
        matches = match_lines(
            [Claim(line.invoice_number, self._claimed(line)) for line in document.lines],
            [
                OpenItem(
                    invoice.id,
                    (invoice.name, invoice.ref, invoice.payment_reference),
                    Decimal(str(invoice.amount_residual)),
                )
                for invoice in invoices
            ],
        )
        return {
            "payer_id": payer.id,
            "currency_id": currency.id,
            "journal_id": journal.id,
            "lines": [{"invoice_id": m.item_id, "matched_by": m.by} for m in matches],
        }

    @staticmethod
    def _claimed(line):
        """The invoice amount a line settles: as invoiced, else paid plus kept back."""
        if line.amount_invoiced is not None:
            return line.amount_invoiced
        return line.amount_paid + line.discount_amount + line.deducted

    def _map_payer(self, message, party):
        payer = self.env["integration.xref"]._resolve(
            message.partner_id, "customer", party.external_id
        )
        payer = payer or message.partner_id.partner_id
        if not payer:
            raise MappingError(
                self.env._(
                    "Payer %(code)s (%(name)s) is not known.",
                    code=party.external_id,
                    name=party.name or "?",
                ),
                hint=self.env._(
                    "Map the payer's code to the customer (Fix cross-reference), or set the "
                    "partner's contact, then Retry."
                ),
                xref_kind="customer",
                external_code=party.external_id,
            )
        return payer.commercial_partner_id

    def _map_currency(self, code):
        currency = self.env["res.currency"].search([("name", "=", code)], limit=1)
        if not currency:
            raise MappingError(
                self.env._("Currency %s is not known.", code),
                hint=self.env._("Activate the currency in Accounting, then Retry."),
            )
        return currency

    def _journal(self, message, currency):
        """The flow's journal, else the company's bank journal in ``currency``, else its
        first bank journal."""
        if message.flow_id.cash_journal_id:
            return message.flow_id.cash_journal_id
        # sudo: a pipeline step (private): the company's bank journals
        journals = (
            self.env["account.journal"]
            .sudo()
            .search([("type", "=", "bank"), ("company_id", "=", message.company_id.id)])
        )
        company_currency = message.company_id.currency_id
        journal = (
            journals.filtered(lambda j: (j.currency_id or company_currency) == currency)[:1]
            or journals[:1]
        )
        if not journal:
            raise BusinessRuleError(
                self.env._(
                    "%s has no bank journal to book the payments in.", message.company_id.name
                ),
                hint=self.env._("Set the flow's payment journal, then Retry."),
            )
        return journal

    def _check_duplicate(self, message, document, payer):
        # sudo: a pipeline step (private): was this remittance booked already
        earlier = (
            self.env["account.payment"]
            .sudo()
            .search(
                [
                    ("integration_remittance_ref", "=", document.payment_ref),
                    ("partner_id", "child_of", payer.id),
                    ("company_id", "=", message.company_id.id),
                    ("state", "!=", "canceled"),
                ]
            )
        )
        if earlier:
            raise DuplicateError(
                self.env._(
                    "Remittance %(ref)s of %(payer)s was already received: %(payments)s.",
                    ref=document.payment_ref,
                    payer=payer.name,
                    payments=", ".join(earlier.mapped("name")),
                ),
                hint=self.env._(
                    "Ignore it unless the customer really paid twice with the same reference."
                ),
            )

    def _open_invoices(self, message, payer, currency):
        # sudo: a pipeline step (private): the payer's open invoices
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", OPEN_STATES),
                    ("commercial_partner_id", "=", payer.id),
                    ("company_id", "=", message.company_id.id),
                    ("currency_id", "=", currency.id),
                ],
                order="invoice_date, id",
            )
        )

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        # sudo: the process step (private): payments of what the map step found for this payer
        return self.sudo().with_company(message.company_id)._pay_lines(message, document, mapped)

    def _pay_lines(self, message, document, mapped):
        env = self.env
        journal = env["account.journal"].browse(mapped["journal_id"])
        payer = env["res.partner"].browse(mapped["payer_id"])
        self._check_company(message, journal)
        payments = env["account.payment"]
        counts = {"paid": 0, "short": 0, "unmatched": 0}
        for index, (line, values) in enumerate(
            zip(document.lines, mapped["lines"], strict=True), start=1
        ):
            invoice = env["account.move"].browse(values["invoice_id"])
            if invoice:
                self._check_company(message, invoice)
                payment = self._pay_invoice(document, line, invoice, journal)
                short = invoice.currency_id.compare_amounts(invoice.amount_residual, 0) > 0
                if short:
                    self._open_short(message, document, line, invoice, payment)
                counts["short" if short else "paid"] += 1
            else:
                payment = self._pay_on_account(document, line, payer, journal)
                self._open_unmatched(message, document, index, line, payer, payment)
                counts["unmatched"] += 1
            payments |= payment
        payments.integration_remittance_ref = document.payment_ref
        return ProcessResult(
            record=payments[:1] or None,
            note=self.env._(
                "Remittance %(ref)s of %(payer)s: %(paid)s invoice(s) paid in full, %(short)s "
                "short, %(unmatched)s line(s) not matched; payments %(payments)s.",
                ref=document.payment_ref,
                payer=payer.name,
                payments=", ".join(payments.mapped("name")) or "-",
                **counts,
            ),
        )

    def _pay_invoice(self, document, line, invoice, journal):
        """The line's payment registered against ``invoice``; a cash discount that settles
        the rest is written off when the company has a cash discount account."""
        if line.amount_paid <= 0:
            return self.env["account.payment"]
        values = {
            "amount": float(line.amount_paid),
            "payment_date": document.payment_date,
            "journal_id": journal.id,
            "currency_id": invoice.currency_id.id,
            "communication": f"{document.payment_ref} {invoice.name}",
            "payment_difference_handling": "open",
        }
        discount_account = invoice.company_id.account_journal_early_pay_discount_loss_account_id
        settles = (
            invoice.currency_id.compare_amounts(
                float(line.amount_paid + line.discount_amount), invoice.amount_residual
            )
            >= 0
        )
        if line.discount_amount and not line.adjustments and settles and discount_account:
            values.update(
                payment_difference_handling="reconcile",
                writeoff_account_id=discount_account.id,
                writeoff_label=self.env._("Cash discount taken (%s)", document.payment_ref),
            )
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
        )
        return wizard._create_payments()

    def _pay_on_account(self, document, line, payer, journal):
        """The money of a line no invoice matches, booked on the payer's account."""
        if line.amount_paid <= 0:
            return self.env["account.payment"]
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": payer.id,
                "amount": float(line.amount_paid),
                "date": document.payment_date,
                "journal_id": journal.id,
                "currency_id": self._map_currency(document.currency).id,
                "memo": f"{document.payment_ref} {line.invoice_number or ''}".strip(),
            }
        )
        payment.action_post()
        return payment

    # ------------------------------------------------------------------ exceptions
    def _deductions(self, document, line, invoice, written_off):
        """(reason, amount, description, reference) of what the line kept back: its coded
        adjustments and cash discount, else the shortfall without a reason."""
        deductions = [
            (reason(a.code_list, a.reason_code), a.amount, a.description, a.reference)
            for a in line.adjustments
        ]
        if line.discount_amount and not written_off:
            deductions.append((reason("canonical", "discount"), line.discount_amount, None, None))
        if not deductions:
            deductions.append(
                (
                    reason("canonical", "other"),
                    Decimal(str(invoice.amount_residual)),
                    self.env._("Short payment without a reason"),
                    None,
                )
            )
        return deductions

    def _open_short(self, message, document, line, invoice, payment):
        discount_account = invoice.company_id.account_journal_early_pay_discount_loss_account_id
        written_off = bool(
            discount_account
            and payment.move_id.line_ids.filtered(lambda item: item.account_id == discount_account)
        )
        deductions = self._deductions(document, line, invoice, written_off)
        currency = invoice.currency_id
        listed = "; ".join(
            f"{why.label} {amount:.2f}" + (f" ({text})" if text else "")
            for why, amount, text, _ref in deductions
        )
        explanation = self.env._(
            "%(invoice)s of %(payer)s (%(total).2f %(currency)s) was paid %(paid).2f by "
            "remittance %(ref)s of %(date)s; kept back: %(deductions)s. %(due).2f stays due.",
            invoice=invoice.name,
            payer=invoice.commercial_partner_id.name,
            total=invoice.amount_total,
            currency=currency.name,
            paid=line.amount_paid,
            ref=document.payment_ref,
            date=document.payment_date,
            deductions=listed,
            due=invoice.amount_residual,
        )
        exception = self.env["integration.exception"]._open_cash(
            "short",
            message,
            f"cash:short:{invoice.id}",
            explanation,
            cash_invoice_id=invoice.id,
            cash_payment_id=payment[:1].id,
            fix_hint=self.env._(
                "Dispute: the invoice stays open; send the customer the ship notice and its "
                "acknowledgement listed below. Accept: a credit note of the deductions settles "
                "the invoice."
            ),
        )
        # sudo: private, the pipeline's: the deductions of the exception
        self.env["integration.cash.deduction"].sudo().create(
            [
                {
                    "name": why.label,
                    "exception_id": exception.id,
                    "invoice_id": invoice.id,
                    "message_id": message.id,
                    "company_id": invoice.company_id.id,
                    "partner_id": invoice.commercial_partner_id.id,
                    "payment_ref": document.payment_ref,
                    "code_list": why.code_list,
                    "reason_code": why.code,
                    "kind": why.kind,
                    "description": text,
                    "reference": ref,
                    "amount": float(amount),
                    "currency_id": currency.id,
                }
                for why, amount, text, ref in deductions
            ]
        )
        return exception

    def _open_unmatched(self, message, document, index, line, payer, payment):
        explanation = self.env._(
            "Line %(index)s of remittance %(ref)s pays %(paid).2f %(currency)s for invoice "
            "%(number)s, and no open invoice of %(payer)s matches it by number or amount. "
            "%(booked)s",
            index=index,
            ref=document.payment_ref,
            paid=line.amount_paid,
            currency=document.currency,
            number=line.invoice_number or self.env._("(none given)"),
            payer=payer.name,
            booked=self.env._("The money is booked on the customer's account: %s.", payment.name)
            if payment
            else "",
        )
        return self.env["integration.exception"]._open_cash(
            "unmatched",
            message,
            f"cash:unmatched:{message.id}:{index}",
            explanation,
            cash_payment_id=payment.id,
            fix_hint=self.env._(
                "Find the invoice (or ask the customer which one it pays), reconcile the "
                "payment with it, then Ignore this exception saying which."
            ),
        )
