# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import float_compare

from .. import schemas
from ..schemas.order_ack import OrderAck


class IntegrationBuilderOrderAck(models.AbstractModel):
    """Order acknowledgement from a confirmed sale order: every line accepted as confirmed;
    and the answer to a customer's change or cancellation of it (``order_change_id``)."""

    _name = "integration.builder.order_ack"
    _inherit = "integration.builder"
    _description = "Order acknowledgement builder"

    def _covering_domain(self, flow, record, values):
        """An order is acknowledged once, and each change of it answered once."""
        change = (values or {}).get("order_change_id") or False
        return [*super()._covering_domain(flow, record, values), ("order_change_id", "=", change)]

    def _build(self, message, order):
        if message.order_change_id:
            return self._build_change_answer(message, order)
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

    def _build_change_answer(self, message, order):
        """What became of each line the customer's change asked for, as the order now
        stands: accepted when it has the quantity (and price) asked for, else rejected with
        the quantity that stands. A cancellation is accepted when the order is cancelled."""
        # sudo: the change's canonical document, for the answer the pipeline builds
        change = schemas.validate_document("order", message.order_change_id.sudo().canonical)
        values = {
            "order_ref": change.order_ref,
            "seller_order_ref": order.name,
            "ack_date": fields.Date.context_today(order),
            "purpose": "change",
        }
        if change.purpose == "cancel":
            cancelled = order.state == "cancel"
            return OrderAck(**values, status="accepted" if cancelled else "rejected", lines=[])
        current = {line.integration_line_ref: line for line in order.order_line}
        lines = [
            self._change_line(message, current.get(line.line_ref), line) for line in change.lines
        ]
        statuses = {line["status"] for line in lines}
        status = statuses.pop() if len(statuses) == 1 else "partial"
        return OrderAck(**values, status=status, lines=lines)

    def _change_line(self, message, line, asked):
        """The answer to one line of a change: ``line`` the order's line now (or None)."""
        if not line:
            return {
                "line_ref": asked.line_ref,
                "product_code": asked.product_code,
                "quantity_ordered": asked.quantity,
                "quantity_accepted": 0,
                "status": "accepted" if not asked.quantity else "rejected",
            }
        # The customer's quantity in the line's unit, as the change was applied.
        unit = (
            self.env["integration.xref"]._resolve_uom(message.partner_id, asked.uom_code)
            or line.product_id.uom_id
        )
        wanted = unit._compute_quantity(float(asked.quantity), line.product_uom)
        standing = line.product_uom_qty
        done = not float_compare(wanted, standing, precision_rounding=line.product_uom.rounding)
        if done and asked.quantity and asked.unit_price is not None:
            done = not float_compare(
                float(asked.unit_price),
                line.price_unit,
                precision_digits=line.currency_id.decimal_places,
            )
        return {
            "line_ref": asked.line_ref,
            "product_code": self._product_code(message, line.product_id),
            "quantity_ordered": asked.quantity,
            "quantity_accepted": line.product_uom._compute_quantity(standing, unit),
            "status": "accepted" if done else "rejected",
            "unit_price": line.price_unit,
        }
