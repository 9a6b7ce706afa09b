"""Our answer to a customer's order: what we accept, change, back-order or reject (855, ORDRSP);
with ``purpose`` change, our answer to their change or cancellation of it (865, ORDRSP)."""

from datetime import date
from typing import Literal

from pydantic import field_validator

from .base import (
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    NonNegativeQuantity,
    check_unique,
)


class AckLine(CanonicalModel):
    """The fate of one ordered line, referred to by the customer's ``line_ref``."""

    line_ref: Code
    product_code: Code
    quantity_ordered: NonNegativeQuantity
    quantity_accepted: NonNegativeQuantity
    status: Literal["accepted", "changed", "backordered", "rejected"]
    unit_price: Amount | None = None
    scheduled_date: date | None = None
    substitute_product_code: str | None = None


class OrderAck(CanonicalDocument):
    """An order acknowledgement; a whole-order rejection may carry no lines."""

    doc_type = "order_ack"

    order_ref: Code
    ack_date: date
    status: Literal["accepted", "changed", "rejected", "partial"]
    purpose: Literal["original", "change"] = "original"
    lines: list[AckLine] = []
    seller_order_ref: str | None = None

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        return check_unique(lines, "line_ref")
