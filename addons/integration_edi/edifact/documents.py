"""The EDIFACT messages the hub reads and writes, as tables the codec dispatches on (the
same shape as ``x12.documents``): one module per message type holds its mapper.

Inbound mappers take a parsed ``Message`` and return a dict shaped like the canonical
document; outbound builders take such a dict (or a dumped model) and a message reference
and return an ``OutboundMessage`` for ``writer.write_interchange``.
"""

from typing import NamedTuple

from .desadv import desadv_message, shipment_notice_from_desadv
from .invoic import invoic_message
from .invrpt import inventory_from_invrpt, invrpt_message
from .orders import order_from_orders
from .ordrsp import ordrsp_message

# The functional acknowledgement: read and answered by the codec itself (contrl.py).
CONTRL = "CONTRL"


class Outbound(NamedTuple):
    message_type: str  # UNH S009/0065
    builder: object


class Inbound(NamedTuple):
    doc_type: str
    mapper: object


OUTBOUND = {
    "order_ack": Outbound("ORDRSP", ordrsp_message),
    "shipment_notice": Outbound("DESADV", desadv_message),
    "invoice": Outbound("INVOIC", invoic_message),
    "inventory_snapshot": Outbound("INVRPT", invrpt_message),
}

INBOUND = {
    "ORDERS": Inbound("order", order_from_orders),
    "DESADV": Inbound("shipment_notice", shipment_notice_from_desadv),
    "INVRPT": Inbound("inventory_snapshot", inventory_from_invrpt),
}
