# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "integration.record.mixin"]

    integration_carrier_code = fields.Char(string="Carrier code", copy=False)
    integration_tracking_ref = fields.Char(string="Tracking number", copy=False)
    integration_milestone_ids = fields.One2many(
        "integration.delivery.milestone",
        "picking_id",
        string="Carrier milestones",
        groups="integration_core.group_integration_user",
    )

    def _integration_parent(self):
        return self.sale_id

    def _integration_tracking_ref(self):
        self.ensure_one()
        if "carrier_tracking_ref" in self._fields and self.carrier_tracking_ref:
            return self.carrier_tracking_ref
        return self.integration_tracking_ref or None

    def _integration_carrier_code(self):
        self.ensure_one()
        if self.integration_carrier_code:
            return self.integration_carrier_code
        carrier = self["carrier_id"] if "carrier_id" in self._fields else None
        return carrier.name if carrier else None

    def _action_done(self):
        result = super()._action_done()
        self.filtered(lambda p: p.state == "done")._integration_publish("picking_done")
        return result


class StockMove(models.Model):
    _inherit = "stock.move"

    integration_return_line_ref = fields.Char(
        string="Return line",
        copy=False,
        help="The lines of the customer's return authorisation this move takes back.",
    )

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        self.picking_id.filtered(lambda p: p.state == "assigned")._integration_publish(
            "picking_ready"
        )
        return result

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        self.env["integration.flow"]._publish_event("stock_changed", moves.product_id)
        return moves
