# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_id = fields.Many2one(
        "integration.channel",
        string="Sales channel",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    channel_order_id = fields.Char(string="Shop order ID", readonly=True, copy=False)
    channel_version = fields.Char(
        string="Shop version",
        readonly=True,
        copy=False,
        help="The shop's update time (UTC) of the version of the order applied last; older "
        "versions arriving later are ignored.",
    )
    channel_updated_at = fields.Datetime(string="Updated in the shop", readonly=True, copy=False)

    _sql_constraints = [
        (
            "channel_order_unique",
            "unique(channel_id, channel_order_id)",
            "This shop order already has a sale order.",
        ),
    ]
