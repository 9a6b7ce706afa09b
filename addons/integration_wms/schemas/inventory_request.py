"""A request to an external warehouse for a full inventory snapshot of one warehouse."""

from datetime import datetime

from odoo.addons.integration_core.schemas.base import CanonicalDocument, Code


class InventoryRequest(CanonicalDocument):
    """Ask the warehouse to send its stock on hand (answered by an inventory snapshot)."""

    doc_type = "inventory_request"

    request_ref: Code
    """Our reference of the request."""
    warehouse_code: Code
    """Code of the warehouse asked."""
    requested_at: datetime
    """When the request was made."""
    include_lots: bool = True
    """Report quantities per lot."""
    include_locations: bool = True
    """Report quantities per location."""
