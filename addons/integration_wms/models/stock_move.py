# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .stock_picking import SILENT

# Move fields whose change alters what the warehouse must ship.
WATCHED_FIELDS = ("product_uom_qty", "picking_id", "product_id", "product_uom")


class StockMove(models.Model):
    _inherit = "stock.move"

    integration_wms_line_ref = fields.Char(
        string="Warehouse line",
        readonly=True,
        copy=True,
        help="The line reference sent to the external warehouse (the id of the move first "
        "released); the moves split from it for a backorder keep it, so the warehouse's "
        "confirmations always point at their line.",
    )

    def _integration_wms_line_ref(self):
        """The line reference the warehouse knows this move by, set on first use."""
        self.ensure_one()
        if not self.integration_wms_line_ref:
            # sudo: private: the line reference is the move's own id, set once
            self.sudo().with_context(**{SILENT: True}).integration_wms_line_ref = str(self.id)
        return self.integration_wms_line_ref

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        if not self.env.context.get(SILENT):
            moves.picking_id._wms_changed_quantities()
        return moves

    def write(self, vals):
        watched = not self.env.context.get(SILENT) and (
            any(name in vals for name in WATCHED_FIELDS) or vals.get("state") == "cancel"
        )
        before = self.picking_id if watched else None
        result = super().write(vals)
        if watched:
            (before | self.picking_id)._wms_changed_quantities()
        return result

    def _action_done(self, cancel_backorder=False):
        # Validating splits moves and moves them to backorders: that is not a change to send.
        return super(StockMove, self.with_context(**{SILENT: True}))._action_done(
            cancel_backorder=cancel_backorder
        )
