"""INVRPT out: the stock on hand of a warehouse (canonical ``inventory_snapshot``).

The warehouse is NAD+WH (warehouse keeper); each item is a LIN with our item number, its
batch (PIA+1 NB), INV (accepted product inventory, book-keeping balance), QTY 145 (actual
stock) and its storage location (LOC 14).
"""

from .envelope import MessageType
from .mapping import as_date, as_decimal, document_data, dtm, item_segments
from .reader import Segment
from .writer import OutboundMessage

INVRPT_D96A = MessageType("INVRPT", "D", "96A", "UN")
ACTUAL_STOCK = "145"


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
