"""A remittance advice: what a customer paid, for which of our invoices, and what it
deducted and why (X12 820, EDIFACT REMADV, a bank's or lockbox's CSV, canonical JSON).

Amounts are positive: ``amount_paid`` is the money sent for a line, ``discount_amount`` the
cash discount the payer took, and each adjustment the amount it deducted (X12 ADX01 is
signed the other way: a negative ADX01 reduces the payment; the mapper turns it round).
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from odoo.addons.integration_core.schemas.base import (
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    CurrencyCode,
    Party,
    SignedAmount,
)

# Rounding on the payer's side can leave a cent between a line's figures.
TOLERANCE = Decimal("0.01")
CODE_LISTS = Literal["x12", "edifact", "canonical"]


class RemittanceAdjustment(CanonicalModel):
    """One deduction (or, negative, an addition) the payer made on a line, with its reason:
    ``reason_code`` in ``code_list`` (X12 426, EDIFACT 4465, or the hub's own names such as
    shortage, damage, pricing, chargeback)."""

    reason_code: Code
    """Reason of the deduction, in code_list."""
    code_list: CODE_LISTS = "canonical"
    """Code list of reason_code: x12 (426), edifact (4465) or canonical."""
    amount: SignedAmount
    """Amount deducted (negative: added)."""
    description: str | None = None
    """Reason in words."""
    reference: str | None = None
    """The payer's reference of the deduction, e.g. a debit memo number."""


class RemittanceLine(CanonicalModel):
    """What was paid for one invoice; ``invoice_number`` is our invoice number or the
    customer's own reference for it (none: matched by amount)."""

    invoice_number: str | None = None
    """Our invoice number or the customer's reference of it."""
    invoice_date: date | None = None
    """Date of the invoice."""
    amount_invoiced: SignedAmount | None = None
    """Amount of the invoice."""
    amount_paid: SignedAmount
    """Amount paid for the invoice."""
    discount_amount: Amount = Decimal(0)
    """Cash discount taken."""
    adjustments: list[RemittanceAdjustment] = []
    """Deductions with their reasons."""

    @property
    def deducted(self):
        """The adjustments together (positive: taken off the invoice)."""
        return sum((adjustment.amount for adjustment in self.adjustments), Decimal(0))

    @model_validator(mode="after")
    def _line_adds_up(self):
        if self.amount_invoiced is None:
            return self
        expected = self.amount_invoiced - self.discount_amount - self.deducted
        if abs(expected - self.amount_paid) > TOLERANCE:
            raise ValueError(
                f"invoice {self.invoice_number or '?'}: amount_paid {self.amount_paid} is not "
                f"amount_invoiced {self.amount_invoiced} - discount {self.discount_amount} - "
                f"adjustments {self.deducted} = {expected}"
            )
        return self


class Remittance(CanonicalDocument):
    """A payment and its remittance lines; the lines add up to ``total_paid``."""

    doc_type = "remittance"

    payment_ref: Code
    """The payment's reference (check or transfer number)."""
    payment_date: date
    """Date of the payment."""
    currency: CurrencyCode
    """ISO 4217 currency code."""
    total_paid: SignedAmount
    """Amount of the payment: the sum of the lines' amount_paid."""
    method: str | None = None
    """Payment method, e.g. ACH, check."""
    payer: Party
    """The customer paying."""
    payee: Party | None = None
    """The party paid (us)."""
    lines: list[RemittanceLine] = Field(min_length=1)
    """What was paid per invoice; at least one."""

    @model_validator(mode="after")
    def _total_adds_up(self):
        paid = sum((line.amount_paid for line in self.lines), Decimal(0))
        if abs(paid - self.total_paid) > TOLERANCE:
            raise ValueError(
                f"total_paid {self.total_paid} is not the sum of the lines' amount_paid {paid}"
            )
        return self
