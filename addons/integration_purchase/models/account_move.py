# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.addons.integration_core.access import refuse_user_write


class AccountMove(models.Model):
    _inherit = "account.move"

    integration_match_state = fields.Selection(
        [("matched", "Matched"), ("mismatch", "Differences")],
        string="Three-way match",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A supplier's invoice read against the purchase order (price) and the "
        "receipts (quantity): matched within the supplier's tolerances, or differences a "
        "person has to decide.",
    )

    def write(self, vals):
        refuse_user_write(self, set(vals) & {"integration_match_state"})
        return super().write(vals)

    def _integration_parent(self):
        """A vendor bill belongs to the transaction of its purchase order."""
        return super()._integration_parent() or self.invoice_line_ids.purchase_order_id[:1]
