"""A picking handed to a third-party warehouse to ship (940, a 3PL's order API)."""

from datetime import datetime
from typing import Literal

from pydantic import field_validator, model_validator

from .base import (
    Address,
    CanonicalDocument,
    CanonicalModel,
    Code,
    Quantity,
    check_unique,
)


class WarehouseOrderLine(CanonicalModel):
    """One item to pick; ``lot_required`` tells the warehouse to report the lots it ships."""

    line_ref: Code
    product_code: Code
    quantity: Quantity
    uom_code: Code = "EA"
    lot_required: bool = False


class WarehouseOrder(CanonicalDocument):
    """Create, change or cancel a shipping order at the warehouse; ``order_ref`` is the picking."""

    doc_type = "warehouse_order"

    order_ref: Code
    action: Literal["create", "change", "cancel"] = "create"
    warehouse_code: Code
    ship_to: Address
    scheduled_date: datetime | None = None
    origin: str | None = None
    carrier_code: str | None = None
    lines: list[WarehouseOrderLine] = []

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        return check_unique(lines, "line_ref")

    @model_validator(mode="after")
    def _lines_unless_cancel(self):
        # A cancellation only names the order; anything else must say what to ship.
        if self.action != "cancel" and not self.lines:
            raise ValueError(f"lines: a {self.action} warehouse order needs at least one line")
        return self
