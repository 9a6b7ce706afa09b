# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    integration_gateway_ref = fields.Char(
        string="Gateway payment ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The payment gateway's id of this payment: its payout settles it by this id.",
    )
    integration_channel_id = fields.Many2one(
        "integration.channel", string="Payment channel", readonly=True, copy=False
    )
