# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class AccountMove(models.Model):
    """A payout entry (made by the payment_event processor): the payments a gateway paid
    out, its fees, and the net amount on its way to the bank, matched with the bank
    statement line of the payout when it exists or arrives; a credit note of a shop's
    refund carries the refund's id."""

    _inherit = "account.move"

    channel_refund_id = fields.Char(
        string="Shop refund ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The shop's refund this credit note records.",
    )

    integration_payout_ref = fields.Char(
        string="Payout ID", readonly=True, copy=False, index="btree_not_null"
    )
    integration_bank_reference = fields.Char(
        string="Payout bank reference",
        readonly=True,
        copy=False,
        help="What the bank statement line of the payout says, to find it.",
    )
    integration_payout_channel_id = fields.Many2one(
        "integration.channel", string="Payout channel", readonly=True, copy=False
    )
    integration_payout_matched = fields.Boolean(
        string="Payout matched",
        compute="_compute_integration_payout_matched",
        store=True,
        help="The payout's amount in transit is reconciled with its bank statement line.",
    )

    def _integration_transit_line(self):
        """The payout's line on the company's liquidity transfer account (money in transit)."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.account_id == self.company_id.transfer_account_id
        )[:1]

    @api.depends("integration_payout_ref", "line_ids.reconciled", "line_ids.account_id")
    def _compute_integration_payout_matched(self):
        for move in self:
            move.integration_payout_matched = bool(
                move.integration_payout_ref and move._integration_transit_line().reconciled
            )

    def action_integration_match_payout(self):
        """Look for the bank statement line of these payouts again (a button)."""
        self.check_access("write")
        # sudo: matching writes the statement line's move, which the caller may not see
        unmatched = self.sudo().filtered(
            lambda m: m.integration_payout_ref and not m.integration_payout_matched
        )
        matched = unmatched.filtered(lambda m: m._integration_match_statement_line())
        if not matched:
            raise UserError(
                self.env._(
                    "No bank statement line has the reference and amount of %s yet.",
                    ", ".join(unmatched.mapped("integration_payout_ref"))
                    or ", ".join(self.mapped("name")),
                )
            )
        return True

    def _integration_payout_candidates(self, st_lines=None):
        """Unreconciled bank statement lines that name the payout (its bank reference or its
        id, in the label) for its net amount, in the bank's currency."""
        self.ensure_one()
        transit = self._integration_transit_line()
        journal = self.integration_payout_channel_id.payout_journal_id
        references = [
            ref for ref in (self.integration_bank_reference, self.integration_payout_ref) if ref
        ]
        domain = [
            ("company_id", "=", self.company_id.id),
            ("is_reconciled", "=", False),
            ("journal_id.type", "=", "bank"),
            *expression.OR([[("payment_ref", "ilike", ref)] for ref in references]),
        ]
        if journal:
            domain.append(("journal_id", "=", journal.id))
        if st_lines is not None:
            domain.append(("id", "in", st_lines.ids))

        def is_net_amount(line):
            net = (
                transit.amount_currency
                if line.currency_id == transit.currency_id
                else transit.balance
            )
            return not line.currency_id.compare_amounts(line.amount, net)

        lines = self.env["account.bank.statement.line"].search(domain, order="date, id")
        return lines.filtered(is_net_amount)

    def _integration_match_statement_line(self, st_lines=None):
        """Reconcile the payout's amount in transit with its bank statement line: the line's
        suspense part goes to the transfer account and is reconciled with the payout.
        Returns the statement line, or nothing when none fits (yet)."""
        self.ensure_one()
        transit = self._integration_transit_line()
        if not transit or transit.reconciled:
            return self.env["account.bank.statement.line"]
        st_line = self._integration_payout_candidates(st_lines)[:1]
        if not st_line:
            return st_line
        _liquidity, suspense, _other = st_line._seek_for_lines()
        st_line.move_id.with_context(skip_readonly_check=True).write(
            {
                "line_ids": [
                    Command.update(
                        suspense.id,
                        {"account_id": transit.account_id.id, "name": self.integration_payout_ref},
                    )
                ]
            }
        )
        (suspense | transit).reconcile()
        self.message_post(
            body=self.env._(
                "Payout matched with bank statement line %(line)s.", line=st_line.display_name
            )
        )
        return st_line
