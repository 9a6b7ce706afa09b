# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    channel_line_kind = fields.Selection(
        [("product", "Product"), ("shipping", "Shipping"), ("discount", "Discount")],
        readonly=True,
        copy=False,
        help="What this line stands for in the shop's order; empty on orders of other origins.",
    )
