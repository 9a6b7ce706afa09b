# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockMove(models.Model):
    """Reservations change the free quantity a channel may sell: they republish it, like the
    moves done that the core announces as stock_changed."""

    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        self.env["integration.builder.available_to_sell"]._stock_changed(self.product_id)
        return result

    def _do_unreserve(self):
        result = super()._do_unreserve()
        self.env["integration.builder.available_to_sell"]._stock_changed(self.product_id)
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self.env["integration.builder.available_to_sell"]._stock_changed(self.product_id)
        return result
