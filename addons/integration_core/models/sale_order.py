# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "integration.record.mixin"]

    def action_confirm(self):
        result = super().action_confirm()
        self.filtered(lambda order: order.state == "sale")._integration_publish("order_confirmed")
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    integration_line_ref = fields.Char(
        string="Partner line number", copy=False, help="Echoed in acknowledgements and ASNs."
    )
