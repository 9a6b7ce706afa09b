# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields, models
from odoo.addons.integration_core.services.errors import (
    BusinessRuleError,
    IntegrationError,
    MappingError,
)
from odoo.addons.integration_core.services.plugins import ProcessResult

EXCEPTION_LABELS = {
    "payment_failed": "payment failed, order on hold",
    "refund_unmatched": "refund without a credit note",
}


class ChannelSetupError(IntegrationError):
    """The channel lacks a journal or account the event needs: set it, then Retry."""

    category = "configuration"


class IntegrationProcessorPaymentEvent(models.AbstractModel):
    """Payment events of a channel's gateway → Odoo's accounting.

    captured: a customer payment on the channel's payment journal, reconciled with the
    order's invoice (made and posted first when the channel says so); refunded: a refund
    payment reconciled with the order's credit note, or kept with an exception when there is
    none; failed: the order is put on hold, with an exception to release it; payout: the
    settled payments, the gateway's fees and the net amount in transit in one entry, matched
    with the bank statement line of the payout now or when it arrives.
    """

    _name = "integration.processor.payment_event"
    _inherit = "integration.processor"
    _description = "Payment event processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        channel = message.flow_id.channel_id
        if not channel:
            raise MappingError(self.env._("Flow %s belongs to no channel.", message.flow_id.name))
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", document.currency)], limit=1)
        )
        if not currency.active:
            raise MappingError(
                self.env._("Currency %s is not active in Odoo.", document.currency),
                hint=self.env._("Activate the currency, then Retry."),
            )
        mapped = {"currency_id": currency.id}
        if document.event_type == "payout":
            mapped["payments"] = self._map_payout_payments(message, channel, document.payout)
        else:
            mapped["order_id"] = self._map_order(message, channel, document.order_ref).id
        return mapped

    def _map_order(self, message, channel, reference):
        """The channel's order of ``reference``: the shop's order id or number, else the
        sale order's name in the message's company."""
        # sudo: a pipeline step (private): orders of the channel, then of the company
        Order = self.env["sale.order"].sudo()
        order = Order.search(
            [
                ("channel_id", "=", channel.id),
                "|",
                ("channel_order_id", "=", reference),
                ("client_order_ref", "=", reference),
            ],
            limit=1,
        ) or Order.search(
            [("name", "=", reference), ("company_id", "=", message.company_id.id)], limit=1
        )
        if not order:
            raise MappingError(
                self.env._(
                    "No sale order of %(channel)s is %(ref)s.", channel=channel.name, ref=reference
                ),
                hint=self.env._(
                    "Retry once the order has reached Odoo (its webhook may come later)."
                ),
            )
        return order

    def _gateway_payments(self, channel, references, payment_type="inbound"):
        # sudo: a pipeline step (private): the channel's payments by the gateway's ids
        return (
            self.env["account.payment"]
            .sudo()
            .search(
                [
                    ("integration_channel_id", "=", channel.id),
                    ("integration_gateway_ref", "in", references),
                    ("payment_type", "=", payment_type),
                    ("state", "not in", ("draft", "canceled")),
                ]
            )
        )

    def _map_payout_payments(self, message, channel, payout):
        payments = self._gateway_payments(channel, [item.payment_id for item in payout.items])
        by_ref = {payment.integration_gateway_ref: payment for payment in payments}
        missing = [item.payment_id for item in payout.items if item.payment_id not in by_ref]
        if missing:
            raise BusinessRuleError(
                self.env._(
                    "Payout %(payout)s settles payments Odoo has not received: %(missing)s.",
                    payout=payout.payout_id,
                    missing=", ".join(missing),
                ),
                hint=self.env._(
                    "Retry once their capture events are processed (see the channel's payment "
                    "events flow)."
                ),
            )
        for item in payout.items:
            payment = by_ref[item.payment_id]
            if payment.currency_id.compare_amounts(payment.amount, float(item.amount)):
                raise BusinessRuleError(
                    self.env._(
                        "Payout %(payout)s pays %(amount)s for payment %(ref)s, which Odoo "
                        "registered as %(payment)s of %(registered)s.",
                        payout=payout.payout_id,
                        amount=item.amount,
                        ref=item.payment_id,
                        payment=payment.name,
                        registered=payment.amount,
                    )
                )
        return {ref: payment.id for ref, payment in by_ref.items()}

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        channel = message.flow_id.channel_id.with_company(message.company_id)
        handler = getattr(self, f"_process_{document.event_type}")
        return handler(message, channel, document, mapped)

    def _process_captured(self, message, channel, document, mapped):
        order = self._event_order(message, mapped)
        earlier = self._earlier(channel, document, "inbound")
        if earlier:
            return earlier
        invoices = self._open_documents(order, "out_invoice")
        if not invoices and channel.payment_invoice_policy == "create":
            invoices = self._invoice(order)
        if not invoices:
            raise BusinessRuleError(
                self.env._("Order %s has no posted invoice left to pay.", order.name),
                hint=self.env._(
                    "Post the order's invoice (or set the channel's Captured payments to "
                    "create it), then Retry."
                ),
            )
        return self._settle(channel, invoices, document, mapped)

    def _process_refunded(self, message, channel, document, mapped):
        order = self._event_order(message, mapped)
        earlier = self._earlier(channel, document, "outbound")
        if earlier:
            return earlier
        credit_notes = self._open_documents(order, "out_refund")
        if credit_notes:
            return self._settle(channel, credit_notes, document, mapped)
        payment = self._refund_payment(channel, order, document, mapped)
        self._open_exception(
            message,
            order,
            "refund_unmatched",
            self.env._(
                "The gateway refunded %(amount)s %(currency)s of %(order)s (%(message)s); "
                "refund %(payment)s is recorded but the order has no credit note to "
                "reconcile it with.",
                amount=document.amount,
                currency=document.currency,
                order=order.name,
                message=message.name,
                payment=payment.name,
            ),
            self.env._(
                "Create the credit note of what was refunded (a return, a discount), post it "
                "and reconcile it with %s; then Ignore this exception, saying so.",
                payment.name,
            ),
        )
        return ProcessResult(record=payment)

    def _settle(self, channel, moves, document, mapped):
        """Register the event's payment (a capture, a refund) against ``moves``, reconciled,
        and the result that says so: captures and refunds settle the same way."""
        payments = self._register_payment(channel, moves, document, mapped)
        return ProcessResult(
            record=payments[:1],
            note=self.env._(
                "Payment %(payments)s registered and reconciled with %(moves)s.",
                payments=", ".join(payments.mapped("name")),
                moves=", ".join(moves.mapped("name")),
            ),
        )

    def _process_failed(self, message, channel, document, mapped):
        order = self._event_order(message, mapped)
        reason = self.env._(
            "payment %(payment)s of %(amount)s %(currency)s failed: %(reason)s",
            payment=document.payment_id or document.event_id,
            amount=document.amount,
            currency=document.currency,
            reason=document.reason or self.env._("no reason given"),
        )
        order._integration_put_on_hold(reason)
        self._open_exception(
            message,
            order,
            "payment_failed",
            self.env._(
                "%(order)s is on hold: %(reason)s (%(message)s).",
                order=order.name,
                reason=reason,
                message=message.name,
            ),
            self.env._(
                "Get paid another way (or cancel the order), then Release hold: the order "
                "may be confirmed and delivered again."
            ),
        )
        return ProcessResult(record=order, note=self.env._("%s put on hold.", order.name))

    def _process_payout(self, message, channel, document, mapped):
        payout = document.payout
        # sudo: a pipeline step (private): the channel's own payout entries
        earlier = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("integration_payout_channel_id", "=", channel.id),
                    ("integration_payout_ref", "=", payout.payout_id),
                    ("state", "=", "posted"),
                ],
                limit=1,
            )
        )
        if earlier:
            return self._duplicate(earlier)
        self._setting(channel, "fee_journal_id")
        if payout.fee_amount:
            self._setting(channel, "fee_account_id")
        payments = self.env["account.payment"].sudo().browse(mapped["payments"].values())
        self._check_company(message, payments)
        settled = payments.filtered(lambda p: p.is_matched)
        if settled:
            raise BusinessRuleError(
                self.env._(
                    "Payout %(payout)s settles %(payments)s, already matched with another "
                    "payout or statement line.",
                    payout=payout.payout_id,
                    payments=", ".join(settled.mapped("name")),
                )
            )
        entry = self._payout_entry(channel, document, mapped, payments)
        line = entry._integration_match_statement_line()
        note = (
            self.env._(
                "Payout entry %(entry)s matched with bank statement line %(line)s.",
                entry=entry.name,
                line=line.display_name,
            )
            if line
            else self.env._(
                "Payout entry %s posted; it is matched when its bank statement line arrives.",
                entry.name,
            )
        )
        return ProcessResult(record=entry, note=note)

    # ------------------------------------------------------------------ helpers
    def _event_order(self, message, mapped):
        order = self.env["sale.order"].sudo().browse(mapped["order_id"])
        self._check_company(message, order)
        return order

    def _earlier(self, channel, document, payment_type):
        """A payment already registered for this gateway payment: the event is a repeat."""
        payment = self._gateway_payments(
            channel, [document.payment_id or document.event_id], payment_type
        )[:1]
        return self._duplicate(payment) if payment else None

    def _duplicate(self, record):
        earlier = self.env["integration.message"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], limit=1
        )
        return ProcessResult(
            record=record,
            duplicate_of=earlier or None,
            note=self.env._("Already booked as %s: nothing done.", record.display_name),
        )

    def _open_documents(self, order, move_type):
        return order.invoice_ids.filtered(
            lambda m: (
                m.move_type == move_type
                and m.state == "posted"
                and m.payment_state not in ("paid", "in_payment", "reversed")
            )
        )

    def _invoice(self, order):
        invoices = order._create_invoices()
        invoices.action_post()
        return invoices

    def _setting(self, channel, field_name):
        """The channel's journal or account ``field_name``, which this event needs."""
        value = channel[field_name]
        if not value:
            raise ChannelSetupError(
                self.env._(
                    "Channel %(channel)s has no %(setting)s.",
                    channel=channel.name,
                    setting=channel._fields[field_name].string,
                ),
                hint=self.env._("Set it on the channel's Payments tab, then Retry."),
            )
        return value

    def _payment_date(self, document):
        return (document.occurred_at or fields.Datetime.now()).date()

    def _register_payment(self, channel, moves, document, mapped):
        """Odoo's Register Payment on ``moves``, on the channel's payment journal."""
        wizard = (
            self.env["account.payment.register"]
            .with_company(moves.company_id)
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(
                {
                    "journal_id": self._setting(channel, "payment_journal_id").id,
                    "amount": float(document.amount),
                    "currency_id": mapped["currency_id"],
                    "payment_date": self._payment_date(document),
                    "communication": document.payment_id or document.event_id,
                    "group_payment": True,
                }
            )
        )
        payments = wizard._create_payments()
        payments.write(self._gateway_values(channel, document))
        return payments

    def _gateway_values(self, channel, document):
        return {
            "integration_gateway_ref": document.payment_id or document.event_id,
            "integration_channel_id": channel.id,
        }

    def _refund_payment(self, channel, order, document, mapped):
        payment = (
            self.env["account.payment"]
            .with_company(order.company_id)
            .create(
                {
                    "payment_type": "outbound",
                    "partner_type": "customer",
                    "partner_id": order.partner_invoice_id.commercial_partner_id.id,
                    "amount": float(document.amount),
                    "currency_id": mapped["currency_id"],
                    "journal_id": self._setting(channel, "payment_journal_id").id,
                    "date": self._payment_date(document),
                    "memo": f"{order.name} {document.payment_id or document.event_id}",
                    **self._gateway_values(channel, document),
                }
            )
        )
        payment.action_post()
        return payment

    def _open_exception(self, message, order, cause, explanation, hint):
        """One open exception per order and cause (a repeat counts an occurrence). It is not
        the message's: the message is processed, the order still needs a person."""
        exceptions = self.env["integration.exception"].sudo()
        current = exceptions.search(
            [
                ("sale_order_id", "=", order.id),
                ("cause", "=", cause),
                ("state", "in", ("new", "in_progress")),
            ],
            limit=1,
        )
        if current:
            current.write({"explanation": explanation, "occurrences": current.occurrences + 1})
            return current
        return exceptions.create(
            exceptions._business_rule_values(
                message,
                explanation,
                name=f"{order.name}: {EXCEPTION_LABELS[cause]}",
                severity="high",
                cause=cause,
                fix_hint=hint,
                company_id=order.company_id.id,
                sale_order_id=order.id,
                user_id=message.partner_id.user_id.id,
            )
        )

    def _payout_entry(self, channel, document, mapped, payments):
        """The payout's entry: each settled payment's outstanding amount out (reconciled with
        the payment), the fees to the fee account, the net amount to the liquidity transfer
        account until the bank statement line takes it."""
        payout = document.payout
        company = channel.company_id
        currency = self.env["res.currency"].browse(mapped["currency_id"])
        day = payout.payout_date
        lines, outstanding = [], self.env["account.move.line"]
        by_ref = {p.integration_gateway_ref: p for p in payments}
        for item in payout.items:
            payment = by_ref[item.payment_id]
            liquidity = payment._seek_for_lines()[0]
            outstanding |= liquidity
            lines.append(
                {
                    "name": f"{payout.payout_id}: {payment.name}",
                    "account_id": liquidity.account_id.id,
                    "partner_id": payment.partner_id.id,
                    "currency_id": currency.id,
                    "amount_currency": -float(item.amount),
                    "balance": -liquidity.balance,
                }
            )
        fee = float(payout.fee_amount)
        fee_balance = currency._convert(fee, company.currency_id, company, day)
        if fee:
            lines.append(
                {
                    "name": self.env._("Fees of payout %s", payout.payout_id),
                    "account_id": channel.fee_account_id.id,
                    "currency_id": currency.id,
                    "amount_currency": fee,
                    "balance": fee_balance,
                }
            )
        lines.append(
            {
                "name": self.env._("Payout %s in transit", payout.payout_id),
                "account_id": company.transfer_account_id.id,
                "currency_id": currency.id,
                "amount_currency": float(payout.total),
                "balance": -sum(line["balance"] for line in lines),
            }
        )
        entry = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": channel.fee_journal_id.id,
                    "date": day,
                    "ref": " ".join(filter(None, [payout.payout_id, payout.bank_reference])),
                    "integration_payout_ref": payout.payout_id,
                    "integration_bank_reference": payout.bank_reference,
                    "integration_payout_channel_id": channel.id,
                    "line_ids": [Command.create(values) for values in lines],
                }
            )
        )
        entry.action_post()
        for line in outstanding:
            name = f"{payout.payout_id}: {line.payment_id.name}"
            (
                line | entry.line_ids.filtered(lambda entry_line, n=name: entry_line.name == n)
            ).reconcile()
        return entry
