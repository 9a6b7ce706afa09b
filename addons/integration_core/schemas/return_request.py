"""A customer's return: the authorisation asked for (180, a shop refund, canonical JSON) and
our acknowledgement of it (authorised, received with its credit note, or refused)."""

from datetime import date
from typing import Literal

from pydantic import field_validator, model_validator

from .base import (
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    CurrencyCode,
    NonNegativeQuantity,
    Party,
    Quantity,
    check_unique,
)


class ReturnLot(CanonicalModel):
    """Part of a returned quantity that carries one lot or serial number, as shipped."""

    lot_name: Code
    quantity: Quantity


class ReturnLine(CanonicalModel):
    """One product coming back; ``quantity_received`` and ``amount_credited`` are set by our
    acknowledgement once the goods are in."""

    line_ref: Code
    product_code: Code
    quantity: Quantity
    uom_code: Code = "EA"
    lots: list[ReturnLot] = []
    reason_code: str | None = None
    reason: str | None = None
    quantity_received: NonNegativeQuantity | None = None
    amount_credited: Amount | None = None

    @model_validator(mode="after")
    def _lots_add_up(self):
        lot_total = sum(lot.quantity for lot in self.lots)
        if self.lots and lot_total != self.quantity:
            raise ValueError(
                f"lots of line {self.line_ref!r} add up to {lot_total}, "
                f"not to quantity {self.quantity}"
            )
        return self


class ReturnRequest(CanonicalDocument):
    """A return authorisation: what comes back from which order or shipment, why, and
    whether the customer wants a credit or a replacement.

    ``status`` is ``requested`` on the way in; our acknowledgement says ``authorised``,
    ``received`` (with the credit note and its amounts) or ``refused``.
    """

    doc_type = "return_request"

    rma_ref: Code
    order_ref: str | None = None
    shipment_ref: str | None = None
    return_date: date | None = None
    customer: Party | None = None  # a shop's refund names only the order
    reason_code: str | None = None
    reason: str | None = None
    action: Literal["credit", "replace"] = "credit"
    status: Literal["requested", "authorised", "received", "refused"] = "requested"
    lines: list[ReturnLine]
    refund_ref: str | None = None
    credit_note_ref: str | None = None
    currency: CurrencyCode | None = None
    amount_untaxed: Amount | None = None
    amount_tax: Amount | None = None
    amount_total: Amount | None = None
    notes: str | None = None

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        if not lines:
            raise ValueError("a return needs at least one line")
        return check_unique(lines, "line_ref")

    @model_validator(mode="after")
    def _names_what_was_shipped(self):
        if not self.order_ref and not self.shipment_ref:
            raise ValueError("a return names the order (order_ref) or the shipment (shipment_ref)")
        return self
