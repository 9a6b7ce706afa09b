"""INVRPT both ways: the stock on hand of a warehouse (canonical ``inventory_snapshot``),
sent to partners or received from a 3PL.

The warehouse is NAD+WH (warehouse keeper); each item is a LIN with the item number (PIA+5,
or LIN C212), its batch (PIA+1 NB), INV (accepted product inventory, book-keeping balance),
QTY 145 (actual stock) and its storage location (LOC 14).
"""

from .envelope import MessageType
from .errors import EdifactMappingError
from .mapping import (
    LineItem,
    as_date,
    as_decimal,
    check_message_type,
    decimal_value,
    document_data,
    dtm,
    dtm_value,
    item_segments,
    required,
)
from .reader import Segment
from .writer import OutboundMessage

INVRPT_D96A = MessageType("INVRPT", "D", "96A", "UN")
ACTUAL_STOCK = "145"
STORAGE_PLACE = "14"


def invrpt_message(
    snapshot, ref, *, document_number=None, message_type=INVRPT_D96A, item_type="SA"
):
    """The INVRPT of ``snapshot`` (an InventorySnapshot model or its dict).

    ``document_number`` (BGM 1004) defaults to the warehouse code and the snapshot time,
    which names the same snapshot the same way if it is ever sent again.
    """
    snapshot = document_data(snapshot)
    as_of = as_date(snapshot["as_of"])
    number = document_number or f"{snapshot['warehouse_code']}-{as_of:%Y%m%d%H%M%S}"
    body = [
        Segment.build("BGM", "35", number, "9"),
        dtm("137", as_of),
        Segment.build("NAD", "WH", snapshot["warehouse_code"]),
    ]
    for index, item in enumerate(snapshot["items"], start=1):
        body.append(Segment.build("LIN", index))
        body.extend(item_segments(item["product_code"], item_type, item.get("lot_name")))
        body.append(Segment.build("INV", None, "1", None, "1"))
        quantity = as_decimal(item["quantity"])
        body.append(Segment.build("QTY", (ACTUAL_STOCK, quantity, item.get("uom_code"))))
        if item.get("location_code"):
            body.append(Segment.build("LOC", "14", item["location_code"]))
    return OutboundMessage(ref, message_type, body)


def inventory_from_invrpt(message):
    """The canonical inventory snapshot dict of a received INVRPT (validate it with the
    inventory_snapshot schema): NAD+WH and DTM+137 of the header, one item a LIN group."""
    check_message_type(message, "INVRPT")
    header, items = {}, []
    for segment in message.body:
        if segment.tag == "LIN":
            items.append(_Item(segment))
        elif items:
            items[-1].take(segment)
        elif segment.tag == "DTM" and segment.value(0) == "137":
            header["as_of"] = dtm_value(segment)
        elif segment.tag == "NAD" and segment.value(0) == "WH":
            header["warehouse_code"] = required(segment, 1, 0, "C082/3039")
    for key, tag, what in (
        ("warehouse_code", "NAD", "warehouse (NAD+WH)"),
        ("as_of", "DTM", "date of the count (DTM+137)"),
    ):
        if key not in header:
            raise EdifactMappingError(tag, None, f"INVRPT {message.ref} has no {what}", code="13")
    if not items:
        raise EdifactMappingError("LIN", None, f"INVRPT {message.ref} has no item", code="13")
    return {**header, "items": [item.as_dict() for item in items]}


class _Item(LineItem):
    """One LIN group of an INVRPT, read segment by segment."""

    def __init__(self, lin):
        super().__init__(lin)
        self.values = {}

    def take(self, segment):
        if segment.tag == "PIA":
            self.add_pia(segment)
        elif segment.tag == "QTY" and segment.value(0) == ACTUAL_STOCK:
            self.values["quantity"] = decimal_value(segment, 0, 1, "C186/6060")
            self.values["uom_code"] = segment.value(0, 2) or None
        elif segment.tag == "LOC" and segment.value(0) == STORAGE_PLACE:
            self.values["location_code"] = required(segment, 1, 0, "C517/3225")

    def as_dict(self):
        item = {"product_code": self.product_code("item"), "lot_name": self.lot_name}
        if self.values.get("quantity") is None:
            raise self.missing(
                "QTY", "C186/6060", f"item {self.number} has no actual stock (QTY+145)"
            )
        item.update(self.values)
        return {key: value for key, value in item.items() if value is not None}
