# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

WMS_DOCUMENT_TYPES = [
    ("receipt_notice", "Receipt notice"),
    ("inventory_request", "Inventory request"),
]
WMS_DOCUMENT_TYPES_ONDELETE = {code: "cascade" for code, _label in WMS_DOCUMENT_TYPES}
WMS_PROCESSORS = [
    ("shipment_notice", "Shipment confirmation of a warehouse"),
    ("receipt_notice", "Receipt notice"),
    ("inventory_snapshot", "Inventory snapshot of a warehouse"),
]
WMS_BUILDERS = [
    ("warehouse_order", "Warehouse order"),
    ("inventory_request", "Inventory request"),
]


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    document_type = fields.Selection(
        selection_add=WMS_DOCUMENT_TYPES, ondelete=WMS_DOCUMENT_TYPES_ONDELETE
    )
    scope = fields.Selection(
        selection_add=[("warehouse", "The deliveries of the warehouses it runs")],
        ondelete={"warehouse": lambda flows: flows.write({"scope": "partner"})},
    )
    processor = fields.Selection(
        selection_add=WMS_PROCESSORS,
        ondelete={value: "set null" for value, _label in WMS_PROCESSORS},
    )
    builder = fields.Selection(
        selection_add=WMS_BUILDERS,
        ondelete={value: "set null" for value, _label in WMS_BUILDERS},
    )
