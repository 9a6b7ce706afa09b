"""A request to an external warehouse for a full inventory snapshot of one warehouse."""

from datetime import datetime

from odoo.addons.integration_core.schemas.base import CanonicalDocument, Code


class InventoryRequest(CanonicalDocument):
    """Ask the warehouse to send its stock on hand (answered by an inventory snapshot)."""

    doc_type = "inventory_request"

    request_ref: Code
    warehouse_code: Code
    requested_at: datetime
    include_lots: bool = True
    include_locations: bool = True
