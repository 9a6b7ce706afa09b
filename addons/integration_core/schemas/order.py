"""An order: a customer's to us (850 in, ORDERS, a web shop's order) or ours to a supplier
(850 out); ``purpose`` says whether it is new, changes one sent before (860, ORDCHG) or
cancels it."""

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from .base import (
    Address,
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    CurrencyCode,
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
    quantity: Quantity
    uom_code: Code = "EA"
    unit_price: Amount | None = None
    discount_percent: Percent | None = None


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
    lines: list[OrderLine] = Field(min_length=1)
    notes: str | None = None
    prices_include_tax: bool = False
    shipping: ShippingCharge | None = None
    discount_amount: Amount | None = None

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        # Acknowledgements and shipments refer back to lines by line_ref.
        return check_unique(lines, "line_ref")
