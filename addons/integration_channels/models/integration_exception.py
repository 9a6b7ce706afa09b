# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.addons.integration_core.access import checked_for


class IntegrationException(models.Model):
    _inherit = "integration.exception"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale order",
        readonly=True,
        index="btree_not_null",
        help="The order a payment event is about (a failed payment put it on hold, a refund "
        "found no credit note).",
    )
    sale_order_on_hold = fields.Boolean(related="sale_order_id.integration_hold")

    def action_release_hold(self):
        """Release the hold of the exceptions' orders; closes the exceptions."""
        exceptions = checked_for(self, self.env._("Releasing an order's hold"))
        self._check_open()
        return exceptions.sale_order_id._integration_release_hold()
