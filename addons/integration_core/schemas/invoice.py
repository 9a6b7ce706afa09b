"""An invoice exchanged with a trading partner (810, INVOIC, e-invoicing networks)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

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
    SignedAmount,
    check_unique,
)

# Rounding each line and tax can leave a cent between the totals and their sum.
TOTAL_TOLERANCE = Decimal("0.01")


class TaxAmount(CanonicalModel):
    """One tax on a line; ``rate`` is a percentage."""

    name: Code
    """Name of the tax, e.g. VAT 20%."""
    rate: Amount
    """Rate in percent."""
    amount: SignedAmount
    """Tax amount on the line."""


class InvoiceLine(CanonicalModel):
    """One invoiced item; ``subtotal`` is the line amount before taxes."""

    line_ref: Code
    """Line number, as on the order when it bills one."""
    product_code: Code
    """Item number."""
    description: str | None = None
    """Description of the item."""
    quantity: NonNegativeQuantity
    """Invoiced quantity."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    unit_price: Amount
    """Price per unit before discount."""
    discount_percent: Percent | None = None
    """Discount on the line, in percent (0-100)."""
    taxes: list[TaxAmount] = []
    """Taxes on the line."""
    subtotal: SignedAmount
    """Line amount before taxes."""


class AllowanceCharge(CanonicalModel):
    """A document-level discount (allowance) or surcharge (charge) such as freight."""

    kind: Literal["allowance", "charge"]
    """allowance (a discount) or charge (a surcharge such as freight)."""
    code: str | None = None
    """The standard's allowance or charge code."""
    description: str | None = None
    """What it is for."""
    amount: Amount
    """Amount of the allowance or charge."""


class Invoice(CanonicalDocument):
    """An invoice whose totals must add up: untaxed + tax = total, within a cent."""

    doc_type = "invoice"

    invoice_number: Code
    """The invoice number."""
    invoice_date: date
    """Date of the invoice."""
    due_date: date | None = None
    """Date the payment is due."""
    order_ref: str | None = None
    """The customer's purchase order number the invoice bills."""
    currency: CurrencyCode
    """ISO 4217 currency code."""
    seller: Party | None = None
    """The party invoicing."""
    buyer: Party
    """The party invoiced."""
    bill_to: Address | None = None
    """Billing address."""
    lines: list[InvoiceLine] = Field(min_length=1)
    """Invoiced items; at least one."""
    allowances_charges: list[AllowanceCharge] = []
    """Document-level discounts and surcharges."""
    amount_untaxed: SignedAmount
    """Total before taxes."""
    amount_tax: SignedAmount
    """Total of the taxes."""
    amount_total: SignedAmount
    """Total to pay: amount_untaxed + amount_tax, within a cent."""

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        return check_unique(lines, "line_ref")

    @model_validator(mode="after")
    def _totals_add_up(self):
        expected = self.amount_untaxed + self.amount_tax
        if abs(self.amount_total - expected) > TOTAL_TOLERANCE:
            raise ValueError(
                f"amount_total {self.amount_total} is not amount_untaxed {self.amount_untaxed} "
                f"+ amount_tax {self.amount_tax} = {expected}"
            )
        return self
