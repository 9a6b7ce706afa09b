# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    integration_asn_ref = fields.Char(
        string="Supplier ship notice",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The supplier's advance ship notice this receipt was prepared from.",
    )

    def _integration_parent(self):
        """A receipt belongs to the transaction of its purchase order."""
        return super()._integration_parent() or self.purchase_id
