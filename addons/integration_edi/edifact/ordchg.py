"""ORDCHG out: a change or cancellation of our purchase order (canonical ``order`` with
purpose change or cancel) to a supplier that received it as ORDERS."""

from .envelope import MessageType
from .mapping import code_for, document_data
from .orders import order_header, order_line, order_summary
from .reader import Segment
from .writer import OutboundMessage

ORDCHG_D96A = MessageType("ORDCHG", "D", "96A", "UN")
ORDER_CHANGE = "230"
# BGM 1225 by purpose: change, cancellation.
CHANGE_FUNCTIONS = {"change": "4", "cancel": "1"}
# LIN 1229: changed. The canonical change is the whole order as it now stands, so every
# line is restated with its quantity and price.
CHANGED = "3"


def ordchg_message(order, ref, *, message_type=ORDCHG_D96A, item_type="SA"):
    """The ORDCHG of ``order``: the ORDERS header (BGM 230, RFF+ON naming the order),
    every line as LIN action 3; a cancellation (BGM 1225 1) restates no lines."""
    order = document_data(order)
    function = code_for(CHANGE_FUNCTIONS, order.get("purpose"), "BGM", "1225")
    references = [Segment.build("RFF", ("ON", order["order_ref"]))]
    body = order_header(order, ORDER_CHANGE, function, references)
    lines = order["lines"] if function == CHANGE_FUNCTIONS["change"] else []
    for line in lines:
        body.extend(order_line(line, item_type, action=CHANGED))
    body.extend(order_summary(lines))
    return OutboundMessage(ref, message_type, body)
