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
    """Lot or serial number, as shipped."""
    quantity: Quantity
    """Quantity of this lot coming back."""


class ReturnLine(CanonicalModel):
    """One product coming back; ``quantity_received`` and ``amount_credited`` are set by our
    acknowledgement once the goods are in."""

    line_ref: Code
    """Line number within the return."""
    product_code: Code
    """Item number of the product coming back."""
    quantity: Quantity
    """Quantity coming back."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    lots: list[ReturnLot] = []
    """Lots or serial numbers of the quantity; they add up to it."""
    reason_code: str | None = None
    """Reason code of the line's return."""
    reason: str | None = None
    """Reason in words."""
    quantity_received: NonNegativeQuantity | None = None
    """Quantity we received (set by our acknowledgement)."""
    amount_credited: Amount | None = None
    """Amount credited for the line (set by our acknowledgement)."""

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
    """The return authorisation (RMA) number."""
    order_ref: str | None = None
    """The order the goods were sold on."""
    shipment_ref: str | None = None
    """The shipment the goods came in."""
    return_date: date | None = None
    """Date of the return request."""
    customer: Party | None = None  # a shop's refund names only the order
    """The customer returning the goods."""
    reason_code: str | None = None
    """Reason code of the whole return."""
    reason: str | None = None
    """Reason in words."""
    action: Literal["credit", "replace"] = "credit"
    """credit (refund) or replace the goods."""
    status: Literal["requested", "authorised", "received", "refused"] = "requested"
    """requested on the way in; authorised, received or refused in our answer."""
    lines: list[ReturnLine]
    """The products coming back; at least one."""
    refund_ref: str | None = None
    """The shop's refund id."""
    credit_note_ref: str | None = None
    """Our credit note number (received)."""
    currency: CurrencyCode | None = None
    """ISO 4217 currency code of the amounts."""
    amount_untaxed: Amount | None = None
    """Credited amount before taxes."""
    amount_tax: Amount | None = None
    """Taxes credited."""
    amount_total: Amount | None = None
    """Total credited."""
    notes: str | None = None
    """Free text."""

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
