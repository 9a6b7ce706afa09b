# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..schemas.inventory import InventorySnapshot
from ..services.errors import BusinessRuleError


class IntegrationBuilderInventorySnapshot(models.AbstractModel):
    """Inventory snapshot of a warehouse: what its stock locations hold, by product and lot
    (X12 846, EDIFACT INVRPT).

    A stock change of products the flow sends queues one snapshot of each warehouse of the
    flow's company; while a snapshot is not built yet, later changes fold into it.
    """

    _name = "integration.builder.inventory_snapshot"
    _inherit = "integration.builder"
    _description = "Inventory snapshot builder"

    def _select_records(self, flow, records):
        """A stock change (products) becomes the warehouses of the flow's company."""
        selected = super()._select_records(flow, records)
        if selected._name != "product.product":
            return selected
        if not selected.filtered("is_storable"):
            return self.env["stock.warehouse"]
        return (
            self.env["stock.warehouse"]
            # sudo: event plumbing: the warehouses of the flow's own company
            .sudo()
            .search([("company_id", "=", flow.company_id.id)])
        )

    def _build(self, message, warehouse):
        if warehouse._name != "stock.warehouse":
            raise BusinessRuleError(
                self.env._(
                    "An inventory snapshot is made of a warehouse, not of %s.",
                    warehouse.display_name,
                )
            )
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "child_of", warehouse.lot_stock_id.id),
                ("location_id.usage", "=", "internal"),
                ("quantity", ">", 0),
            ],
            ["product_id", "lot_id"],
            ["quantity:sum"],
        )
        if not groups:
            raise BusinessRuleError(
                self.env._("%s has nothing on hand: there is no snapshot to send.", warehouse.name),
                hint=self.env._("Ignore this message, or Retry once the warehouse holds stock."),
            )
        return InventorySnapshot(
            warehouse_code=self.env["integration.xref"]._external_code(
                message.partner_id, "warehouse", warehouse
            )
            or warehouse.code,
            as_of=fields.Datetime.now(),
            items=[
                {
                    "product_code": self._product_code(message, product),
                    "lot_name": lot.name or None,
                    "quantity": quantity,
                    "uom_code": self._uom_code(message, product.uom_id),
                }
                for product, lot, quantity in groups
            ],
        )
