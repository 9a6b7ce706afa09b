# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import fields, models


class IntegrationOnboarding(models.TransientModel):
    """The warehouse partner kind: a WMS or 3PL that runs one of our warehouses, receives its
    deliveries as warehouse orders and reports shipments, receipts and inventory."""

    _inherit = "integration.onboarding"

    kind = fields.Selection(
        selection_add=[("wms", "Warehouse partner")], ondelete={"wms": "cascade"}
    )
    wms_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse it runs",
        domain="[('company_id', '=', company_id)]",
        help="Its deliveries are released to the partner; its reports update this warehouse.",
    )

    def _onboarding_flow_values(self, partner, endpoint, document):
        values = super()._onboarding_flow_values(partner, endpoint, document)
        if self.kind == "wms" and document.document_type == "warehouse_order":
            values["scope"] = "warehouse"
        return values

    def _onboarding_done(self, partner, endpoint, flows):
        result = super()._onboarding_done(partner, endpoint, flows)
        if self.kind == "wms" and self.wms_warehouse_id:
            # sudo: who runs the warehouse; the caller is an integration manager (checked)
            self.wms_warehouse_id.sudo().integration_partner_id = partner
        return result

    def _onboarding_test_flow(self, flows):
        """An inventory snapshot: the one report a new warehouse can send before any order."""
        if self.kind == "wms":
            snapshot = flows.filtered(lambda f: f.document_type == "inventory_snapshot")
            if snapshot:
                return snapshot[:1]
        return super()._onboarding_test_flow(flows)

    def _onboarding_sample(self, flow):
        if self.kind != "wms" or flow.document_type != "inventory_snapshot":
            return super()._onboarding_sample(flow)
        product = self._onboarding_sample_product()
        document = {
            "warehouse_code": self.wms_warehouse_id.code or "WH",
            "as_of": fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "items": [{"product_code": product.default_code or "YOUR-SKU", "quantity": 1}],
        }
        return json.dumps(document, indent=2).encode()
