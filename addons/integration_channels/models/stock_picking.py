# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        """A delivery of an order on hold (failed payment) is not validated."""
        self.filtered(lambda p: p.picking_type_code == "outgoing").sale_id._integration_check_hold(
            self.env._("Validating the delivery")
        )
        return super().button_validate()
