# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    integration_remittance_ref = fields.Char(
        string="Remittance",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The payer's payment reference (TRN, check or transfer number) of the remittance "
        "this payment was created from: the same remittance received again is recognised.",
    )
