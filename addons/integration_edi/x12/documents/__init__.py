"""Mappers between X12 transaction sets and canonical document dicts, one module per set.

Inbound mappers take a set's body segments and return a dict shaped like the canonical
document; outbound mappers take such a dict (or a dumped model) and return body segments
for ``writer.OutgoingSet``. The tables below let the hub dispatch without an if/elif.
"""

from typing import NamedTuple

from ..mapping import DEFAULT_PRODUCT_QUALIFIERS
from .carrier_status_214 import carrier_status_from_214
from .inventory_846 import inventory_from_846, inventory_to_846
from .invoice_810 import invoice_from_810, invoice_to_810
from .order_850 import order_from_850, order_to_850
from .order_ack_855 import order_ack_from_855, order_ack_to_855
from .order_change_860 import order_change_from_860, order_change_to_860
from .order_change_ack_865 import order_change_ack_to_865
from .remittance_820 import remittance_from_820
from .return_180 import return_request_from_180, return_request_to_180
from .ship_notice_856 import shipment_notice_from_856, shipment_notice_to_856
from .warehouse_order_940 import warehouse_order_to_940
from .warehouse_receipt_944 import receipt_notice_from_944
from .warehouse_shipping_945 import shipment_notice_from_945


class Outbound(NamedTuple):
    set_type: str  # ST01
    functional_id: str  # GS01
    mapper: object
    # Another entry per canonical ``purpose`` of the document (an order's change or
    # cancellation goes out as an 860), unless the partner wants the document re-sent.
    by_purpose: dict = {}
    # Whether the partner option "Re-send changed orders" applies: to our orders only, a
    # customer's flag must not turn our answer to its change into a plain acknowledgment.
    resendable: bool = False

    def for_document(self, data, *, resend=False):
        """The entry that writes ``data``: the one of its purpose, or this one when the
        partner takes the same set again (``resend``: an 850 with BEG01 05 or 01)."""
        if resend and self.resendable:
            return self
        return self.by_purpose.get(data.get("purpose"), self)


class Inbound(NamedTuple):
    doc_type: str
    mapper: object
    options: tuple = ()  # the keyword arguments the mapper takes from the partner's profile


# Our purchase order's changes and cancellation: 860 (BCH01 04, 01), a Purchase Order
# Change Request - Buyer Initiated (group PC), as retailers send them to their vendors.
ORDER_CHANGE = Outbound("860", "PC", order_change_to_860)
# Our answer to a customer's 860: 865, Purchase Order Change Acknowledgment/Request - Seller
# Initiated (group CA).
ORDER_CHANGE_ACK = Outbound("865", "CA", order_change_ack_to_865)

OUTBOUND = {
    "order": Outbound(
        "850",
        "PO",
        order_to_850,
        {"change": ORDER_CHANGE, "cancel": ORDER_CHANGE},
        resendable=True,
    ),
    "order_ack": Outbound("855", "PR", order_ack_to_855, {"change": ORDER_CHANGE_ACK}),
    "shipment_notice": Outbound("856", "SH", shipment_notice_to_856),
    "invoice": Outbound("810", "IN", invoice_to_810),
    "inventory_snapshot": Outbound("846", "IB", inventory_to_846),
    "warehouse_order": Outbound("940", "OW", warehouse_order_to_940),
    "return_request": Outbound("180", "AN", return_request_to_180),
}

# A 944 is a receipt notice: integration_wms declares that document type and handles it.
# Suppliers' 855/856/810 and 3PLs' 945 share document types: dispatch is by ST01, the
# processor of the flow (purchase, warehouse) tells them apart.
INBOUND = {
    "850": Inbound("order", order_from_850, ("sender_id", "product_qualifiers")),
    "860": Inbound("order", order_change_from_860, ("sender_id", "product_qualifiers")),
    "855": Inbound("order_ack", order_ack_from_855, ("product_qualifiers", "sent_on")),
    "856": Inbound("shipment_notice", shipment_notice_from_856, ("product_qualifiers",)),
    "810": Inbound("invoice", invoice_from_810, ("product_qualifiers",)),
    "846": Inbound("inventory_snapshot", inventory_from_846, ("product_qualifiers",)),
    "944": Inbound("receipt_notice", receipt_notice_from_944),
    "945": Inbound("shipment_notice", shipment_notice_from_945),
    # integration_cash declares the remittance document type and handles it.
    "820": Inbound("remittance", remittance_from_820),
    "214": Inbound("carrier_status", carrier_status_from_214),
    "180": Inbound("return_request", return_request_from_180, ("sender_id", "product_qualifiers")),
}

__all__ = [
    "DEFAULT_PRODUCT_QUALIFIERS",
    "INBOUND",
    "OUTBOUND",
    "Inbound",
    "Outbound",
    "carrier_status_from_214",
    "inventory_from_846",
    "inventory_to_846",
    "invoice_from_810",
    "invoice_to_810",
    "order_ack_from_855",
    "order_ack_to_855",
    "order_change_ack_to_865",
    "order_change_from_860",
    "order_change_to_860",
    "order_from_850",
    "order_to_850",
    "receipt_notice_from_944",
    "remittance_from_820",
    "return_request_from_180",
    "return_request_to_180",
    "shipment_notice_from_856",
    "shipment_notice_from_945",
    "shipment_notice_to_856",
    "warehouse_order_to_940",
]
