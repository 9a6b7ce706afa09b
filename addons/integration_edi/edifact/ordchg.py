"""ORDCHG both ways: a customer's change or cancellation of its order in, and ours of the
purchase order we sent a supplier out (canonical ``order`` with purpose change or cancel)."""

from decimal import Decimal

from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import check_message_type, code_for, document_data, required
from .orders import PRODUCT_CODE_TYPES, _OrderReader, order_header, order_line, order_summary
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


# -- in ----------------------------------------------------------------------------------

# BGM 1225 read: cancellation, change, replace (the whole order restated: lines it does not
# list are cancelled).
CHANGE_FUNCTIONS_READ = {"1": "cancel", "4": "change", "5": "change"}
REPLACE = "5"
# LIN 1229 of a deleted line (read as quantity 0); added (1), changed (3) or unchanged
# lines are restated with QTY+21.
DELETED = "2"


def order_from_ordchg(message, *, product_types=PRODUCT_CODE_TYPES):
    """The canonical order (purpose change or cancel) of a customer's ORDCHG: read as an
    ORDERS, the order number from RFF+ON (else BGM 1004), a deleted line (LIN 1229 2) with
    quantity 0; a cancellation (BGM 1225 1) may list no line."""
    check_message_type(message, "ORDCHG")
    reader = _ChangeReader(product_types)
    for segment in message.body:
        reader.read(segment)
    document = reader.document(message)
    if reader.order_number:
        document["order_ref"] = reader.order_number
    return document


class _ChangeReader(_OrderReader):
    """An ORDERS reader that takes the change's function, order reference and deletions."""

    def __init__(self, product_types):
        super().__init__(product_types)
        self.order_number = None
        self.deleted = set()

    def _bgm(self, segment):
        function = segment.value(2)
        if function not in CHANGE_FUNCTIONS_READ:
            raise EdifactMappingError(
                "BGM",
                "1225",
                f"message function {function!r} is not a change the hub reads (1, 4, 5)",
                code="12",
                position=segment.position,
                element_position=(3, 1),
            )
        self.order["order_ref"] = required(segment, 1, 0, "C106/1004")
        self.order["purpose"] = CHANGE_FUNCTIONS_READ[function]
        if function == REPLACE:
            self.order["lines_complete"] = True

    def _rff(self, segment):
        if not self.party and not self.line and segment.value(0, 0) == "ON":
            self.order_number = segment.value(0, 1) or None
            return None
        return super()._rff(segment)

    def _lin(self, segment):
        result = super()._lin(segment)
        if segment.value(1) == DELETED:
            self.deleted.add(self.line.line_ref)
        return result

    def _close_line(self):
        if self.line and self.line.line_ref in self.deleted:
            self.line.quantity = Decimal(0)
            self.line.prices = {}
        return super()._close_line()
