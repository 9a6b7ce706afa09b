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
    rate: Amount
    amount: SignedAmount


class InvoiceLine(CanonicalModel):
    """One invoiced item; ``subtotal`` is the line amount before taxes."""

    line_ref: Code
    product_code: Code
    description: str | None = None
    quantity: NonNegativeQuantity
    uom_code: Code = "EA"
    unit_price: Amount
    discount_percent: Percent | None = None
    taxes: list[TaxAmount] = []
    subtotal: SignedAmount


class AllowanceCharge(CanonicalModel):
    """A document-level discount (allowance) or surcharge (charge) such as freight."""

    kind: Literal["allowance", "charge"]
    code: str | None = None
    description: str | None = None
    amount: Amount


class Invoice(CanonicalDocument):
    """An invoice whose totals must add up: untaxed + tax = total, within a cent."""

    doc_type = "invoice"

    invoice_number: Code
    invoice_date: date
    due_date: date | None = None
    order_ref: str | None = None
    currency: CurrencyCode
    seller: Party | None = None
    buyer: Party
    bill_to: Address | None = None
    lines: list[InvoiceLine] = Field(min_length=1)
    allowances_charges: list[AllowanceCharge] = []
    amount_untaxed: SignedAmount
    amount_tax: SignedAmount
    amount_total: SignedAmount

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
