# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationChannel(models.Model):
    """Where a channel's payment events are booked: captures and refunds on the payment
    journal, payouts (less the gateway's fees) on the fee journal, matched with the bank
    statement lines of the payout journal."""

    _inherit = "integration.channel"

    payment_journal_id = fields.Many2one(
        "account.journal",
        string="Payment journal",
        domain="[('type', 'in', ('bank', 'cash'))]",
        check_company=True,
        help="The gateway's journal: captured payments and refunds are registered on it and "
        "reconciled with the order's invoice or credit note.",
    )
    payment_invoice_policy = fields.Selection(
        [
            ("match", "Pay the posted invoice"),
            ("create", "Create and post the invoice if there is none"),
        ],
        string="Captured payments",
        required=True,
        default="match",
        help="What a capture pays when the order has no open posted invoice.",
    )
    fee_journal_id = fields.Many2one(
        "account.journal",
        string="Fee journal",
        domain="[('type', '=', 'general')]",
        check_company=True,
        help="Journal of the payout entries: the settled payments, the fees and the amount "
        "on its way to the bank.",
    )
    fee_account_id = fields.Many2one(
        "account.account",
        string="Fee account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        check_company=True,
        help="Expense account the gateway's fees are booked to.",
    )
    payout_journal_id = fields.Many2one(
        "account.journal",
        string="Payout bank journal",
        domain="[('type', '=', 'bank')]",
        check_company=True,
        help="The bank journal the payouts arrive in: its statement lines are matched with "
        "the payouts (by reference and amount). Empty: any bank journal of the company.",
    )
