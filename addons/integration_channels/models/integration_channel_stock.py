# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationChannelStock(models.Model):
    """The available-to-sell figure a channel last acknowledged for one product.

    Publications send only the products whose figure differs from this one, so the shop is
    not flooded with unchanged levels.
    """

    _name = "integration.channel.stock"
    _description = "Published available to sell"
    _order = "channel_id, sku"
    _rec_name = "sku"

    channel_id = fields.Many2one(
        "integration.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True, readonly=True
    )
    sku = fields.Char(string="SKU", readonly=True)
    published_qty = fields.Integer(string="Published", readonly=True)
    published_at = fields.Datetime(readonly=True)
    message_id = fields.Many2one("integration.message", ondelete="set null", readonly=True)
    current_qty = fields.Integer(
        compute="_compute_current_qty",
        string="Available now",
        help="What the channel may sell now; it differs from the published figure until the "
        "next publication.",
    )

    _sql_constraints = [
        (
            "channel_product_unique",
            "unique(channel_id, product_id)",
            "One published figure per channel and product.",
        ),
    ]

    @api.depends_context("uid")
    def _compute_current_qty(self):
        for channel in self.channel_id:
            lines = self.filtered(lambda line, c=channel: line.channel_id == c)
            figures = channel._available_figures({line.product_id.id: line.sku for line in lines})
            for line in lines:
                line.current_qty = figures.get(line.product_id.id, ("", 0))[1]
        for line in self.filtered(lambda line: not line.channel_id):
            line.current_qty = 0
