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
    amount: Amount
    carrier_code: str | None = None


class OrderLine(CanonicalModel):
    """One ordered item, in the partner's own item number and line numbering."""

    line_ref: Code
    product_code: Code
    gtin: str | None = None
    buyer_product_code: str | None = None
    description: str | None = None
    quantity: NonNegativeQuantity  # 0 only in a change: the line is cancelled
    uom_code: Code = "EA"
    unit_price: Amount | None = None
    discount_percent: Percent | None = None


class OriginalOrderLine(OrderLine):
    """A line of a new order, or one a change adds: something is ordered."""

    quantity: Quantity


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
    order_date: date
    currency: CurrencyCode = "USD"
    customer: Party
    supplier: Party | None = None
    purpose: Literal["original", "change", "cancel"] = "original"
    ship_to: Address | None = None
    bill_to: Address | None = None
    requested_delivery_date: date | None = None
    lines: list[OrderLine]
    lines_complete: bool = False
    notes: str | None = None
    prices_include_tax: bool = False
    shipping: ShippingCharge | None = None
    discount_amount: Amount | None = None

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
