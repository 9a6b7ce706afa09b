# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    integration_deduction_ids = fields.One2many(
        "integration.cash.deduction",
        "invoice_id",
        string="Remittance deductions",
        readonly=True,
        groups="integration_core.group_integration_user",
        help="What customers kept back from this invoice in their remittances, and why.",
    )
