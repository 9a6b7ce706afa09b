"""The canonical documents this module adds, registered in the hub's SCHEMAS registry so the
pipeline validates them like its own."""

from odoo.addons.integration_core import schemas as core_schemas

from .inventory_request import InventoryRequest
from .receipt_notice import ReceiptNotice

for _schema in (ReceiptNotice, InventoryRequest):
    core_schemas.SCHEMAS.setdefault(_schema.doc_type, _schema)

__all__ = ["InventoryRequest", "ReceiptNotice"]
