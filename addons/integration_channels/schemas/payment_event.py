"""A payment gateway's or a shop's payment event: a capture, a refund, a failed payment, or a
payout of captured payments to the bank, less the gateway's fees."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import model_validator

from odoo.addons.integration_core.schemas.base import (
    Amount,
    CanonicalDocument,
    CanonicalModel,
    Code,
    CurrencyCode,
    SignedAmount,
    check_unique,
)

# The gateway rounds each fee: a cent between the payout's total and its items is tolerated.
TOTAL_TOLERANCE = Decimal("0.01")


class PayoutItem(CanonicalModel):
    """One captured payment a payout settles, with the fee the gateway kept on it."""

    payment_id: Code
    """The gateway's id of the captured payment."""
    order_ref: str | None = None
    """The order the payment was for."""
    amount: Amount
    """Amount captured."""
    fee_amount: Amount = Decimal(0)
    """Fee the gateway kept on it."""


class Payout(CanonicalModel):
    """Money the gateway paid to the bank: ``total`` = the items' amounts less all fees."""

    payout_id: Code
    """The gateway's id of the payout."""
    payout_date: date
    """Date the money was paid to the bank."""
    items: list[PayoutItem]
    """The captured payments settled; at least one."""
    fee_amount: Amount = Decimal(0)
    """All fees kept: the sum of the items' fees."""
    total: SignedAmount
    """Amount paid to the bank: the items' amounts less the fees."""
    bank_reference: str | None = None
    """Reference on the bank statement."""

    @model_validator(mode="after")
    def _adds_up(self):
        if not self.items:
            raise ValueError("a payout settles at least one payment")
        check_unique(self.items, "payment_id")
        item_fees = sum((item.fee_amount for item in self.items), Decimal(0))
        if abs(item_fees - self.fee_amount) > TOTAL_TOLERANCE:
            raise ValueError(
                f"fee_amount {self.fee_amount} is not the sum of the items' fees {item_fees}"
            )
        expected = sum((item.amount for item in self.items), Decimal(0)) - self.fee_amount
        if abs(expected - self.total) > TOTAL_TOLERANCE:
            raise ValueError(f"total {self.total} is not the items' amounts less fees {expected}")
        return self


class PaymentEvent(CanonicalDocument):
    """``captured``, ``refunded`` and ``failed`` concern one order (``order_ref``: the shop
    order id or number, or the sale order's name) and ``amount``; ``payout`` carries the
    payout. ``net_amount`` is the amount less ``fee_amount``."""

    doc_type = "payment_event"

    event_id: Code
    """The gateway's id of the event: a repeat is recognised by it."""
    event_type: Literal["captured", "refunded", "failed", "payout"]
    """captured, refunded, failed or payout."""
    occurred_at: datetime | None = None
    """When it happened."""
    currency: CurrencyCode
    """ISO 4217 currency code."""
    payment_id: str | None = None
    """The gateway's id of the payment."""
    order_ref: str | None = None
    """The shop order id or number, or the sale order's name."""
    amount: Amount | None = None
    """Amount captured, refunded or failed."""
    fee_amount: Amount = Decimal(0)
    """Fee the gateway kept."""
    net_amount: SignedAmount | None = None
    """amount less fee_amount (computed when absent)."""
    reason: str | None = None
    """Why a payment failed or was refunded."""
    payout: Payout | None = None
    """The payout (event_type payout)."""

    @model_validator(mode="after")
    def _complete(self):
        if self.event_type == "payout":
            if not self.payout:
                raise ValueError("a payout event carries its payout")
            return self
        if not self.order_ref:
            raise ValueError(f"a {self.event_type} event names its order (order_ref)")
        if self.amount is None:
            raise ValueError(f"a {self.event_type} event gives its amount")
        if self.net_amount is None:
            self.net_amount = self.amount - self.fee_amount
        elif abs(self.amount - self.fee_amount - self.net_amount) > TOTAL_TOLERANCE:
            raise ValueError(
                f"net_amount {self.net_amount} is not amount {self.amount} "
                f"less fee_amount {self.fee_amount}"
            )
        return self
