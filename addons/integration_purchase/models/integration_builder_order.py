# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.addons.integration_core.schemas.order import Order
from odoo.addons.integration_core.services.errors import BusinessRuleError
from odoo.tools import html2plaintext


class IntegrationBuilderOrder(models.AbstractModel):
    """Our purchase order to a supplier: the order, a change of it, or its cancellation.

    ``order_ref`` is the purchase order's name, each line's ``line_ref`` its stable number
    (kept on the line) and ``product_code`` the supplier's item code: its vendor pricelist
    (``product.supplierinfo``), else the partner's cross-reference, else our reference.
    """

    _name = "integration.builder.order"
    _inherit = "integration.builder"
    _description = "Purchase order builder"

    # ------------------------------------------------------------------ flow hooks
    def _select_records(self, flow, records):
        """Confirmed purchase orders of the flow's supplier (its contact, in its scope)."""
        if records._name != "purchase.order":
            return records.browse()
        records = super()._select_records(flow, records)
        return records.filtered(lambda order: order.state == "purchase")

    def _outbound_values(self, flow, record):
        """A confirmation sends the order itself."""
        return {"purchase_purpose": "original"}

    def _covering_domain(self, flow, record, values):
        """An order is sent once (unless cancelled); a change is covered by an order or
        change not built yet (it reads the current lines when built); a cancel by a cancel
        still under way."""
        purpose = (values or {}).get("purchase_purpose") or "original"
        same_record = [
            ("flow_id", "=", flow.id),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ]
        if purpose == "original":
            return [
                *same_record,
                ("purchase_purpose", "=", "original"),
                ("state", "!=", "cancelled"),
            ]
        if purpose == "change":
            return [
                *same_record,
                ("purchase_purpose", "in", ("original", "change")),
                ("state", "=", "pending"),
                ("next_step", "=", "build"),
            ]
        return [
            *same_record,
            ("purchase_purpose", "=", "cancel"),
            ("state", "not in", ("cancelled", "failed", "dead")),
        ]

    # ------------------------------------------------------------------ build
    def _build(self, message, order):
        purpose = message.purchase_purpose or "original"
        if purpose != "cancel" and order.state != "purchase":
            raise BusinessRuleError(
                self.env._("%s is not a confirmed purchase order: nothing to send.", order.name),
                hint=self.env._("Ignore this message."),
            )
        lines = order.order_line.filtered(lambda line: not line.display_type and line.product_id)
        if purpose != "cancel":
            lines = lines.filtered("product_qty")
        if not lines:
            raise BusinessRuleError(
                self.env._("%s has no line to send.", order.name),
                hint=self.env._("Cancel the purchase order instead, or Ignore this message."),
            )
        company = order.company_id
        ship_to = order.picking_type_id.warehouse_id.partner_id or company.partner_id
        return Order(
            order_ref=order.name,
            order_date=fields.Date.to_date(order.date_approve or order.date_order),
            currency=order.currency_id.name,
            customer=self._us(message, company),
            supplier=self._supplier(order.partner_id),
            purpose=purpose,
            ship_to=self._address(ship_to),
            bill_to=self._address(company.partner_id),
            requested_delivery_date=fields.Date.to_date(order.date_planned),
            notes=html2plaintext(order.notes or "").strip() or None,
            lines=[self._line(message, line) for line in lines],
        )

    def _us(self, message, company):
        partner = message.partner_id
        return {
            "external_id": partner.purchase_account_number
            or company.partner_id.ref
            or company.name,
            "name": company.name,
            "vat": company.vat or None,
            "address": self._address(company.partner_id),
        }

    def _supplier(self, vendor):
        vendor = vendor.commercial_partner_id
        return {
            "external_id": vendor.ref or str(vendor.id),
            "name": vendor.name,
            "vat": vendor.vat or None,
            "address": self._address(vendor),
        }

    def _line(self, message, line):
        product = line.product_id
        return {
            "line_ref": line._integration_line_ref(),
            "product_code": self._supplier_code(message, line),
            "buyer_product_code": product.default_code or None,
            "gtin": product.barcode or None,
            "description": line.name or None,
            "quantity": line.product_qty,
            "uom_code": self._uom_code(message, line.product_uom),
            "unit_price": line.price_unit,
            "discount_percent": line.discount or None,
        }

    def _supplier_code(self, message, line):
        """The supplier's item code: its vendor pricelist's, else the cross-reference, else
        ours (``_product_code``)."""
        info = line.product_id._select_seller(
            partner_id=line.order_id.partner_id,
            quantity=line.product_qty,
            date=fields.Date.to_date(line.order_id.date_order),
            uom_id=line.product_uom,
        )
        return info.product_code or self._product_code(message, line.product_id)

    # ------------------------------------------------------------------ send hooks
    def _on_sent(self, message):
        """The supplier has the order or its change: its acknowledgement is now due."""
        order = message._business_record()
        if order and order._name == "purchase.order" and message.purchase_purpose != "cancel":
            order._purchase_set_sent(message)
