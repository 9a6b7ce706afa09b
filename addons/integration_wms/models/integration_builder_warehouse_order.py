# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.schemas.warehouse_order import WarehouseOrder
from odoo.addons.integration_core.services.errors import BusinessRuleError


class IntegrationBuilderWarehouseOrder(models.AbstractModel):
    """Warehouse order from a delivery of an external warehouse: release, change or cancel.

    ``order_ref`` is the delivery's name when first released (its backorders keep it) and
    each line's ``line_ref`` the id of its move, which ship confirmations send back.
    """

    _name = "integration.builder.warehouse_order"
    _inherit = "integration.builder"
    _description = "Warehouse order builder"

    def _build(self, message, picking):
        action = message.wms_action or "create"
        if picking.picking_type_code != "outgoing":
            raise BusinessRuleError(self.env._("%s is not a delivery.", picking.name))
        if action != "cancel" and picking.state in ("done", "cancel"):
            raise BusinessRuleError(
                self.env._(
                    "%(picking)s is %(state)s: there is nothing to send to the warehouse.",
                    picking=picking.name,
                    state=dict(picking._fields["state"]._description_selection(self.env))[
                        picking.state
                    ],
                ),
                hint=self.env._("Ignore this message."),
            )
        if not picking.integration_wms_order_ref:
            # sudo: the build step names the order once, after the picking's own name
            picking.sudo().integration_wms_order_ref = picking.name
        warehouse = picking.picking_type_id.warehouse_id
        moves = picking.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.product_uom_qty > 0
        )
        if action != "cancel" and not moves:
            raise BusinessRuleError(
                self.env._("%s has no quantity left to ship.", picking.name),
                hint=self.env._("Cancel the delivery instead, or Ignore this message."),
            )
        ship_to = picking.partner_id or picking.company_id.partner_id
        return WarehouseOrder(
            order_ref=picking.integration_wms_order_ref,
            action=action,
            warehouse_code=warehouse._wms_code() if warehouse else picking.company_id.name,
            ship_to=self._address(ship_to),
            scheduled_date=picking.scheduled_date,
            origin=picking.origin or None,
            carrier_code=picking._integration_carrier_code(),
            lines=[] if action == "cancel" else [self._line(message, move) for move in moves],
        )

    def _line(self, message, move):
        return {
            "line_ref": move._integration_wms_line_ref(),
            "product_code": self._product_code(message, move.product_id),
            "quantity": move.product_uom_qty,
            "uom_code": self._uom_code(message, move.product_uom),
            "lot_required": move.product_id.tracking != "none",
        }
