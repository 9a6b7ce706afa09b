"""An order: a customer's to us (850 in, ORDERS, a web shop's order) or ours to a supplier
(850 out); ``purpose`` says whether it is new, changes one sent before (860, ORDCHG, a cXML
update) or cancels it (a whole-order cancel may list no line).

A change lists the lines it changes, each restated as it now stands: a new ``line_ref``
adds a line, quantity 0 cancels one, lines not listed stay as they are, unless
``lines_complete`` says the change restates the whole order (a cXML update): then a line it
does not list is cancelled."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationInfo, field_validator

from .base import (
    Address,
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    CurrencyCode,
    NonNegativeQuantity,
    Party,
    Percent,
    Quantity,
    check_unique,
)


class ShippingCharge(CanonicalModel):
    """Freight the customer is charged on the order."""

    description: str | None = None
    """What the freight is for, e.g. Ground shipping."""
    amount: Amount
    """Freight amount charged, in the order's currency."""
    carrier_code: str | None = None
    """Code of the carrier the freight is for."""


class OrderLine(CanonicalModel):
    """One ordered item, in the partner's own item number and line numbering."""

    line_ref: Code
    """The partner's line number; acknowledgements and shipments refer to it."""
    product_code: Code
    """The partner's item number (cross-referenced to our product)."""
    gtin: str | None = None
    """GTIN (UPC/EAN) of the item, when the partner sends it."""
    buyer_product_code: str | None = None
    """The buyer's own item number, when it differs from product_code."""
    description: str | None = None
    """The partner's description of the item."""
    quantity: NonNegativeQuantity  # 0 only in a change: the line is cancelled
    """Ordered quantity; 0 only in a change, where it cancels the line."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA, CS."""
    unit_price: Amount | None = None
    """Price per unit before discount, in the order's currency."""
    discount_percent: Percent | None = None
    """Discount on the line, in percent (0-100)."""


class OriginalOrderLine(OrderLine):
    """A line of a new order, or one a change adds: something is ordered."""

    quantity: Quantity
    """Ordered quantity, above 0."""


# The lines each purpose accepts: a new order orders something on every line, a change
# changes at least one line, a cancellation may list none.
_LINES_BY_PURPOSE = {
    "original": TypeAdapter(Annotated[list[OriginalOrderLine], Field(min_length=1)]),
    "change": TypeAdapter(Annotated[list[OrderLine], Field(min_length=1)]),
}


class Order(CanonicalDocument):
    """A purchase order from a customer; ``order_ref`` is their PO number."""

    doc_type = "order"

    order_ref: Code
    """The customer's purchase order number."""
    order_date: date
    """Date of the order."""
    currency: CurrencyCode = "USD"
    """ISO 4217 currency code of the prices."""
    customer: Party
    """The customer ordering (sold-to party)."""
    supplier: Party | None = None
    """The supplier the order is sent to (us, inbound)."""
    purpose: Literal["original", "change", "cancel"] = "original"
    """original: a new order; change: changes an order sent before; cancel: cancels it."""
    ship_to: Address | None = None
    """Where to deliver."""
    bill_to: Address | None = None
    """Where to send the invoice."""
    requested_delivery_date: date | None = None
    """Date the customer wants the goods delivered."""
    lines: list[OrderLine]
    """The ordered items; a change lists only the lines it changes."""
    lines_complete: bool = False
    """A change restates the whole order: lines it does not list are cancelled."""
    notes: str | None = None
    """Free text from the customer."""
    prices_include_tax: bool = False
    """The unit prices include taxes."""
    shipping: ShippingCharge | None = None
    """Freight charged on the order."""
    discount_amount: Amount | None = None
    """Discount on the whole order, in the order's currency."""

    @field_validator("lines", mode="wrap")
    @classmethod
    def _lines_of_purpose(cls, lines, handler, info: ValidationInfo):
        adapter = _LINES_BY_PURPOSE.get(info.data.get("purpose", "original"))
        if adapter is not None:
            adapter.validate_python(lines)  # its errors name the line and field
        return handler(lines)

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        # Acknowledgements and shipments refer back to lines by line_ref.
        return check_unique(lines, "line_ref")
