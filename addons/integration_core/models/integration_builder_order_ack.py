# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..schemas.order_ack import OrderAck


class IntegrationBuilderOrderAck(models.AbstractModel):
    """Order acknowledgement from a confirmed sale order: every line accepted as confirmed."""

    _name = "integration.builder.order_ack"
    _inherit = "integration.builder"
    _description = "Order acknowledgement builder"

    def _build(self, message, order):
        lines = order.order_line.filtered(lambda line: not line.display_type)
        return OrderAck(
            order_ref=order.client_order_ref or order.name,
            seller_order_ref=order.name,
            ack_date=fields.Date.context_today(order),
            status="accepted" if order.state == "sale" else "rejected",
            lines=[self._line(message, line, index) for index, line in enumerate(lines, 1)],
        )

    def _line(self, message, line, index):
        return {
            "line_ref": line.integration_line_ref or str(index),
            "product_code": self._product_code(message, line.product_id),
            "quantity_ordered": line.product_uom_qty,
            "quantity_accepted": line.product_uom_qty if line.order_id.state == "sale" else 0,
            "status": "accepted" if line.order_id.state == "sale" else "rejected",
            "unit_price": line.price_unit,
            "scheduled_date": fields.Date.to_date(
                line.order_id.commitment_date or line.order_id.expected_date
            ),
        }
