# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationBuilder(models.AbstractModel):
    _inherit = "integration.builder"

    def _scope_records(self, flow, records):
        """The warehouse scope this module adds to flows: a WMS or 3PL owns the deliveries
        of the warehouses it runs, whoever the customer."""
        if flow.scope != "warehouse":
            return super()._scope_records(flow, records)
        if records._name != "stock.picking":
            return records.browse()
        return records.filtered(
            lambda p: p.picking_type_id.warehouse_id.integration_partner_id == flow.partner_id
        )
