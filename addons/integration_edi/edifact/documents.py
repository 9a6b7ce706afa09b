"""The EDIFACT messages the hub reads and writes, as tables the codec dispatches on (the
same shape as ``x12.documents``): one module per message type holds its mapper.

Inbound mappers take a parsed ``Message`` and return a dict shaped like the canonical
document; outbound builders take such a dict (or a dumped model) and a message reference
and return an ``OutboundMessage`` for ``writer.write_interchange``.
"""

from typing import NamedTuple

from .desadv import desadv_message, shipment_notice_from_desadv
from .invoic import invoic_message, invoice_from_invoic
from .invrpt import inventory_from_invrpt, invrpt_message
from .ordchg import ordchg_message, order_from_ordchg
from .orders import order_from_orders, orders_message
from .ordrsp import order_ack_from_ordrsp, ordrsp_message
from .remadv import remittance_from_remadv

# The functional acknowledgement: read and answered by the codec itself (contrl.py).
CONTRL = "CONTRL"


class Outbound(NamedTuple):
    message_type: str  # UNH S009/0065
    builder: object
    # Another entry per canonical ``purpose`` of the document (an order's change or
    # cancellation goes out as an ORDCHG), unless the partner wants the document re-sent.
    by_purpose: dict = {}
    # Whether the partner option "Re-send changed orders" applies: to our orders only, a
    # customer's flag must not turn our answer to its change into a plain acknowledgment.
    resendable: bool = False

    def for_document(self, data, *, resend=False):
        """The entry that writes ``data``: the one of its purpose, or this one when the
        partner takes the same message again (``resend``: ORDERS with BGM 5 or 1)."""
        if resend and self.resendable:
            return self
        return self.by_purpose.get(data.get("purpose"), self)


class Inbound(NamedTuple):
    doc_type: str
    mapper: object


ORDER_CHANGE = Outbound("ORDCHG", ordchg_message)

OUTBOUND = {
    "order": Outbound(
        "ORDERS",
        orders_message,
        {"change": ORDER_CHANGE, "cancel": ORDER_CHANGE},
        resendable=True,
    ),
    "order_ack": Outbound("ORDRSP", ordrsp_message),
    "shipment_notice": Outbound("DESADV", desadv_message),
    "invoice": Outbound("INVOIC", invoic_message),
    "inventory_snapshot": Outbound("INVRPT", invrpt_message),
}

# A supplier's DESADV and a warehouse's share the document type: the processor of the flow
# (purchase, warehouse) tells them apart.
INBOUND = {
    "ORDERS": Inbound("order", order_from_orders),
    "ORDCHG": Inbound("order", order_from_ordchg),
    "ORDRSP": Inbound("order_ack", order_ack_from_ordrsp),
    "DESADV": Inbound("shipment_notice", shipment_notice_from_desadv),
    "INVOIC": Inbound("invoice", invoice_from_invoic),
    "INVRPT": Inbound("inventory_snapshot", inventory_from_invrpt),
    # integration_cash declares the remittance document type and handles it.
    "REMADV": Inbound("remittance", remittance_from_remadv),
}
