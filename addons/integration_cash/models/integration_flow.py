# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

REMITTANCE = "remittance"
DOCUMENT_TYPES = [(REMITTANCE, "Remittance advice")]
DOCUMENT_TYPES_ONDELETE = {REMITTANCE: "cascade"}


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    document_type = fields.Selection(selection_add=DOCUMENT_TYPES, ondelete=DOCUMENT_TYPES_ONDELETE)
    processor = fields.Selection(
        selection_add=[(REMITTANCE, "Remittance (payments and deductions)")],
        ondelete={REMITTANCE: "set null"},
    )
    cash_journal_id = fields.Many2one(
        "account.journal",
        string="Payment journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        tracking=True,
        help="Remittances: the bank journal the customer's payments are booked in. Empty: "
        "the company's first bank journal in the remittance's currency, else its first bank "
        "journal.",
    )
