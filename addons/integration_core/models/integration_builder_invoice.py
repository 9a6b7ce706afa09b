# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..schemas.invoice import Invoice
from ..services.errors import BusinessRuleError


class IntegrationBuilderInvoice(models.AbstractModel):
    """Invoice from a posted customer invoice, with its taxes per line."""

    _name = "integration.builder.invoice"
    _inherit = "integration.builder"
    _description = "Invoice builder"

    def _build(self, message, move):
        if move.state != "posted" or move.move_type not in ("out_invoice", "out_refund"):
            raise BusinessRuleError(self.env._("%s is not a posted customer invoice.", move.name))
        lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        orders = lines.sale_line_ids.order_id
        return Invoice(
            invoice_number=move.name,
            invoice_date=move.invoice_date,
            due_date=move.invoice_date_due,
            order_ref=orders[:1].client_order_ref or move.ref or None,
            currency=move.currency_id.name,
            seller=self._party(move.company_id.partner_id),
            buyer=self._party(move.commercial_partner_id),
            bill_to=self._address(move.partner_id),
            lines=[self._line(message, line, index) for index, line in enumerate(lines, 1)],
            allowances_charges=[],
            amount_untaxed=move.amount_untaxed,
            amount_tax=move.amount_tax,
            amount_total=move.amount_total,
        )

    def _party(self, partner):
        return {
            "external_id": partner.ref or str(partner.id),
            "name": partner.name,
            "vat": partner.vat or None,
            "address": self._address(partner),
        }

    def _line(self, message, line, index):
        sale_line = line.sale_line_ids[:1]
        taxes = line.tax_ids.compute_all(
            line.price_unit * (1 - (line.discount or 0.0) / 100.0),
            currency=line.currency_id,
            quantity=line.quantity,
            product=line.product_id,
            partner=line.partner_id,
        )["taxes"]
        return {
            "line_ref": sale_line.integration_line_ref or str(index),
            "product_code": self._product_code(message, line.product_id),
            "description": line.name,
            "quantity": line.quantity,
            "uom_code": self._uom_code(message, line.product_uom_id),
            "unit_price": line.price_unit,
            "discount_percent": line.discount or None,
            "taxes": [
                {
                    "name": tax["name"],
                    "rate": self.env["account.tax"].browse(tax["id"]).amount,
                    "amount": tax["amount"],
                }
                for tax in taxes
            ],
            "subtotal": line.price_subtotal,
        }
