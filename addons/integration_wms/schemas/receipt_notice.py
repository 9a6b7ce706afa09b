"""What an external warehouse received (944, a 3PL's receipt API): a receipt is validated
from it.

The shape is the shipment notice's, read from the receiving side: ``shipment_ref`` is the
warehouse's receipt reference, ``order_ref`` the receipt (picking) or its purchase/return
reference, ``ship_date`` the date received and ``quantity_shipped`` the quantity received.
"""

from odoo.addons.integration_core.schemas.shipment_notice import ShipmentNotice


class ReceiptNotice(ShipmentNotice):
    """A receipt confirmation; see the module docstring for how its fields read."""

    doc_type = "receipt_notice"
