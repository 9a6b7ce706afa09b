# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..schemas.return_request import ReturnRequest
from ..services.errors import BusinessRuleError


class IntegrationBuilderReturnRequest(models.AbstractModel):
    """The acknowledgement of a customer's return from its received return picking: what
    came back (lots included) and the credit note with its amounts."""

    _name = "integration.builder.return_request"
    _inherit = "integration.builder"
    _description = "Return acknowledgement builder"

    def _build(self, message, picking):
        if picking.state != "done" or not picking.integration_rma_ref:
            raise BusinessRuleError(
                self.env._("%s is not a received return of a customer.", picking.name)
            )
        credit = picking.integration_credit_note_id
        order = picking.sale_id
        customer = picking.partner_id.commercial_partner_id
        moves = picking.move_ids.filtered(lambda m: m.state == "done" and m.quantity)
        return ReturnRequest(
            rma_ref=picking.integration_rma_ref,
            order_ref=order.client_order_ref or order.name or None,
            shipment_ref=picking.return_id.name or None,
            return_date=picking.date_done.date(),
            customer={
                "external_id": self.env["integration.xref"]._external_code(
                    message.partner_id, "customer", customer
                )
                or customer.ref
                or str(customer.id),
                "name": customer.name,
            },
            action=picking.integration_return_action or "credit",
            status="received",
            refund_ref=picking.integration_refund_ref or None,
            credit_note_ref=credit.name or None,
            currency=(credit.currency_id or order.currency_id).name or None,
            amount_untaxed=credit.amount_untaxed if credit else None,
            amount_tax=credit.amount_tax if credit else None,
            amount_total=credit.amount_total if credit else None,
            lines=[self._line(message, move, credit, index) for index, move in enumerate(moves, 1)],
        )

    def _line(self, message, move, credit, index):
        credited = credit.invoice_line_ids.filtered(
            lambda line: move.sale_line_id in line.sale_line_ids
        )
        return {
            "line_ref": move.integration_return_line_ref
            or move.sale_line_id.integration_line_ref
            or str(index),
            "product_code": self._product_code(message, move.product_id),
            "quantity": move.quantity,
            "uom_code": self._uom_code(message, move.product_uom),
            "lots": [
                {"lot_name": ml.lot_id.name, "quantity": ml.quantity}
                for ml in move.move_line_ids
                if ml.lot_id
            ],
            "quantity_received": move.quantity,
            "amount_credited": sum(credited.mapped("price_subtotal")) if credit else None,
        }
