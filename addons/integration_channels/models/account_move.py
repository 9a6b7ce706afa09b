# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    channel_refund_id = fields.Char(
        string="Shop refund ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The shop's refund this credit note records.",
    )
