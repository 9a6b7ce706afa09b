"""Pure-Python UN/EDIFACT codec: read, check and write interchanges, CONTRL, and the mappers
between EDIFACT messages and the hub's canonical documents (``documents`` tables them).
No ORM here: it uses only the hub's pure helpers (the GS1 check digit).
"""

from .contrl import contrl_message, read_contrl, reply_header, write_contrl
from .desadv import DESADV_D96A, desadv_message, shipment_notice_from_desadv
from .documents import CONTRL, INBOUND, OUTBOUND
from .envelope import Group, Interchange, Message, MessageType, PartyId, read_interchanges
from .errors import (
    SYNTAX_ERRORS,
    EdifactError,
    EdifactMappingError,
    EdifactSyntaxError,
    EnvelopeError,
    InterchangeRejected,
)
from .invoic import INVOIC_D96A, invoic_message, invoice_from_invoic
from .invrpt import INVRPT_D96A, inventory_from_invrpt, invrpt_message
from .ordchg import ORDCHG_D96A, order_from_ordchg, ordchg_message
from .orders import ORDERS_D96A, order_from_orders, orders_message
from .ordrsp import ORDRSP_D96A, order_ack_from_ordrsp, ordrsp_message
from .reader import (
    CHARSETS,
    DEFAULT_SEPARATORS,
    EdifactReader,
    Position,
    Segment,
    Separators,
    read_segments,
)
from .writer import (
    InterchangeHeader,
    OutboundGroup,
    OutboundMessage,
    build_interchange,
    serialize,
    write_interchange,
)

__all__ = [
    "CHARSETS",
    "CONTRL",
    "DEFAULT_SEPARATORS",
    "DESADV_D96A",
    "INBOUND",
    "INVOIC_D96A",
    "INVRPT_D96A",
    "ORDCHG_D96A",
    "ORDERS_D96A",
    "ORDRSP_D96A",
    "OUTBOUND",
    "SYNTAX_ERRORS",
    "EdifactError",
    "EdifactMappingError",
    "EdifactReader",
    "EdifactSyntaxError",
    "EnvelopeError",
    "Group",
    "Interchange",
    "InterchangeHeader",
    "InterchangeRejected",
    "Message",
    "MessageType",
    "OutboundGroup",
    "OutboundMessage",
    "PartyId",
    "Position",
    "Segment",
    "Separators",
    "build_interchange",
    "contrl_message",
    "desadv_message",
    "invoic_message",
    "invoice_from_invoic",
    "inventory_from_invrpt",
    "invrpt_message",
    "order_ack_from_ordrsp",
    "order_from_ordchg",
    "order_from_orders",
    "ordchg_message",
    "orders_message",
    "ordrsp_message",
    "read_contrl",
    "read_interchanges",
    "read_segments",
    "reply_header",
    "serialize",
    "shipment_notice_from_desadv",
    "write_contrl",
    "write_interchange",
]
