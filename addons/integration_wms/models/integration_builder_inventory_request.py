# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..schemas import InventoryRequest


class IntegrationBuilderInventoryRequest(models.AbstractModel):
    """A request for a full inventory snapshot of one managed warehouse."""

    _name = "integration.builder.inventory_request"
    _inherit = "integration.builder"
    _description = "Inventory request builder"

    def _covering_domain(self, flow, record, values):
        """A request is covered by a request of the flow for the warehouse not sent yet."""
        return [
            ("flow_id", "=", flow.id),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
            ("state", "=", "pending"),
        ]

    def _build(self, message, warehouse):
        return InventoryRequest(
            request_ref=message.name,
            warehouse_code=warehouse._wms_code(),
            requested_at=fields.Datetime.now(),
        )
