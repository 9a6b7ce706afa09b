# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..services.reason_codes import KINDS, LIST_LABELS


class IntegrationCashDeduction(models.Model):
    """One amount a customer kept back from an invoice in a remittance, with its reason
    code: what a person disputes or accepts, through the exception that lists it."""

    _name = "integration.cash.deduction"
    _inherit = "integration.pipeline.mixin"
    _description = "Remittance deduction"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reason", required=True, readonly=True)
    exception_id = fields.Many2one(
        "integration.exception", readonly=True, index=True, ondelete="cascade"
    )
    invoice_id = fields.Many2one(
        "account.move", readonly=True, index=True, check_company=True, ondelete="cascade"
    )
    message_id = fields.Many2one(
        "integration.message", string="Remittance", readonly=True, ondelete="set null"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True, index=True)
    payment_ref = fields.Char(string="Payment reference", readonly=True)
    code_list = fields.Selection(list(LIST_LABELS.items()), readonly=True)
    reason_code = fields.Char(readonly=True)
    kind = fields.Selection(list(KINDS.items()), readonly=True, index=True)
    description = fields.Char(readonly=True, help="The payer's own words, when it sent any.")
    reference = fields.Char(readonly=True, help="The payer's reference of its claim or debit memo.")
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)
    decision = fields.Selection(related="exception_id.cash_decision")
