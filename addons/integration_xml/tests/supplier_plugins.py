# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test-only plug-ins standing in for the business module of the supplier side
(integration_purchase, written separately): a builder of orders from purchase orders and a
processor that keeps inbound supplier documents without acting on them."""

from odoo import fields, models
from odoo.addons.integration_core.schemas.order import Order
from odoo.addons.integration_core.services.plugins import ProcessResult


class IntegrationBuilderTestPurchase(models.AbstractModel):
    """A purchase order → canonical order: a line's reference is its sequence, the
    supplier's item code from its pricelist; a purchase order sent before is a change, a
    cancelled one a cancellation."""

    _name = "integration.builder.test_purchase"
    _inherit = ["integration.builder"]
    _description = "Order from a purchase order (test)"
    _module = "integration_xml"
    _register = False

    def _default_scope(self, flow):
        return "company"

    def _covering_domain(self, flow, record, values):
        return [("id", "=", 0)]  # every change is sent

    def _build(self, message, purchase):
        earlier = self.env["integration.message"].search_count(
            [
                ("flow_id", "=", message.flow_id.id),
                ("res_id", "=", purchase.id),
                ("res_model", "=", purchase._name),
                ("id", "<", message.id),
            ]
        )
        purpose = "cancel" if purchase.state == "cancel" else "change" if earlier else "original"
        lines = purchase.order_line.filtered(lambda line: not line.display_type)
        return Order(
            order_ref=purchase.name,
            order_date=purchase.date_order.date(),
            currency=purchase.currency_id.name,
            purpose=purpose,
            customer={"external_id": purchase.company_id.vat or "US", "name": "Us"},
            supplier={"external_id": "SUP", "name": purchase.partner_id.name},
            lines=[
                {
                    "line_ref": str(line.sequence),
                    "product_code": line.product_id.seller_ids[:1].product_code
                    or line.product_id.default_code,
                    "buyer_product_code": line.product_id.default_code,
                    "quantity": line.product_qty,
                    "uom_code": "C62",
                    "unit_price": line.price_unit,
                }
                for line in lines
            ],
        )


class IntegrationProcessorTestKeep(models.AbstractModel):
    """Keeps a supplier's document: the message's canonical document is what is checked."""

    _name = "integration.processor.test_keep"
    _inherit = ["integration.processor"]
    _description = "Keep the document (test)"
    _module = "integration_xml"
    _register = False

    def _map(self, message, document):
        return {}

    def _process(self, message, document, mapped):
        return ProcessResult(note="Kept.")


class IntegrationFlow(models.Model):
    _inherit = ["integration.flow"]
    _name = "integration.flow"
    _module = "integration_xml"
    _register = False

    processor = fields.Selection(
        selection_add=[("test_keep", "Keep (test)")], ondelete={"test_keep": "set null"}
    )
    builder = fields.Selection(
        selection_add=[("test_purchase", "Order from a purchase order (test)")],
        ondelete={"test_purchase": "set null"},
    )


PLUGINS = (IntegrationBuilderTestPurchase, IntegrationProcessorTestKeep, IntegrationFlow)
