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
    """Line number within the order."""
    product_code: Code
    """Item number as the warehouse knows it."""
    quantity: Quantity
    """Quantity to ship."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    lot_required: bool = False
    """The warehouse reports the lots it ships for this line."""


class WarehouseOrder(CanonicalDocument):
    """Create, change or cancel a shipping order at the warehouse; ``order_ref`` is the picking."""

    doc_type = "warehouse_order"

    order_ref: Code
    """Our picking (delivery order) reference."""
    action: Literal["create", "change", "cancel"] = "create"
    """create, change or cancel the shipping order."""
    warehouse_code: Code
    """Code of the warehouse that ships."""
    ship_to: Address
    """Where to deliver."""
    scheduled_date: datetime | None = None
    """When the goods should leave."""
    origin: str | None = None
    """The source document, e.g. the sale order number."""
    carrier_code: str | None = None
    """Carrier to ship with."""
    lines: list[WarehouseOrderLine] = []
    """Items to pick; a cancellation may list none."""

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
