# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..schemas.shipment_notice import ShipmentNotice
from ..services.errors import BusinessRuleError
from ..services.gs1 import gs1_key_ok


class IntegrationBuilderShipmentNotice(models.AbstractModel):
    """Shipment notice from a done outgoing picking: lines, lots, packages and tracking."""

    _name = "integration.builder.shipment_notice"
    _inherit = "integration.builder"
    _description = "Shipment notice builder"

    def _build(self, message, picking):
        if picking.state != "done" or picking.picking_type_code != "outgoing":
            raise BusinessRuleError(self.env._("%s is not a done delivery.", picking.name))
        tracking = picking._integration_tracking_ref()
        moves = picking.move_ids.filtered(lambda m: m.state == "done" and m.quantity)
        return ShipmentNotice(
            shipment_ref=picking.name,
            order_ref=picking.sale_id.client_order_ref
            or picking.sale_id.name
            or picking.origin
            or picking.name,
            ship_date=picking.date_done,
            carrier_code=picking._integration_carrier_code(),
            tracking_numbers=[tracking] if tracking else [],
            ship_to=self._address(picking.partner_id) if picking.partner_id else None,
            lines=[self._line(message, move, index) for index, move in enumerate(moves, 1)],
            packages=self._packages(message, picking),
            complete=not picking.backorder_ids,
        )

    def _line(self, message, move, index):
        return {
            "line_ref": move.sale_line_id.integration_line_ref or str(index),
            "product_code": self._product_code(message, move.product_id),
            "quantity_shipped": move.quantity,
            "uom_code": self._uom_code(message, move.product_uom),
            "lots": [
                {"lot_name": ml.lot_id.name, "quantity": ml.quantity}
                for ml in move.move_line_ids
                if ml.lot_id
            ],
        }

    def _packages(self, message, picking):
        packages = []
        for package in picking.move_line_ids.result_package_id:
            move_lines = picking.move_line_ids.filtered(
                lambda ml, p=package: ml.result_package_id == p
            )
            packages.append(
                {
                    "package_ref": package.name,
                    "sscc": package.name if gs1_key_ok(package.name, 18) else None,
                    "lines": [
                        {
                            "line_ref": ml.move_id.sale_line_id.integration_line_ref or str(ml.id),
                            "product_code": self._product_code(message, ml.product_id),
                            "quantity_shipped": ml.quantity,
                            "uom_code": self._uom_code(message, ml.product_uom_id),
                        }
                        for ml in move_lines
                    ],
                }
            )
        return packages
