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
    """The customer's line number of the ordered line."""
    product_code: Code
    """Item number of the line."""
    quantity_ordered: NonNegativeQuantity
    """Quantity the customer ordered."""
    quantity_accepted: NonNegativeQuantity
    """Quantity we accept to deliver."""
    status: Literal["accepted", "changed", "backordered", "rejected"]
    """What we do with the line: accepted, changed, backordered or rejected."""
    unit_price: Amount | None = None
    """Our unit price for the line, when it differs or is confirmed."""
    scheduled_date: date | None = None
    """Date we expect to ship the line."""
    substitute_product_code: str | None = None
    """Item we deliver instead of the ordered one."""


class OrderAck(CanonicalDocument):
    """An order acknowledgement; a whole-order rejection may carry no lines."""

    doc_type = "order_ack"

    order_ref: Code
    """The customer's purchase order number being acknowledged."""
    ack_date: date
    """Date of the acknowledgement."""
    status: Literal["accepted", "changed", "rejected", "partial"]
    """Answer to the whole order: accepted, changed, rejected or partial."""
    purpose: Literal["original", "change"] = "original"
    """original: answers a new order; change: answers a change or cancellation."""
    lines: list[AckLine] = []
    """The fate of each line; a whole-order rejection may list none."""
    seller_order_ref: str | None = None
    """Our own order number (the sale order)."""

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        return check_unique(lines, "line_ref")
