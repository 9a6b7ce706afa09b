"""Stock levels reported by a warehouse: full snapshots (846, INVRPT) and movements."""

from datetime import datetime

from pydantic import Field, field_validator

from .base import CanonicalDocument, CanonicalModel, Code, NonNegativeQuantity, SignedQuantity


class StockItem(CanonicalModel):
    """The quantity on hand of one product at one location and lot."""

    product_code: Code
    """Item number as the warehouse knows it."""
    location_code: str | None = None
    """Location within the warehouse."""
    lot_name: str | None = None
    """Lot or serial number."""
    quantity: NonNegativeQuantity
    """Quantity on hand."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""


class StockChange(CanonicalModel):
    """A signed change of stock (a receipt is positive, a count loss negative)."""

    product_code: Code
    """Item number as the warehouse knows it."""
    location_code: str | None = None
    """Location within the warehouse."""
    lot_name: str | None = None
    """Lot or serial number."""
    quantity_change: SignedQuantity
    """Change of stock: positive for a receipt, negative for a loss."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    reason: str | None = None
    """Why the stock changed."""


class InventorySnapshot(CanonicalDocument):
    """The quantities on hand at ``as_of`` as the warehouse counts them.

    At least one item is required, so that a broken feed cannot pass as an empty warehouse.
    """

    doc_type = "inventory_snapshot"

    warehouse_code: Code
    """Code of the warehouse counted."""
    as_of: datetime
    """When the quantities were counted."""
    items: list[StockItem] = Field(min_length=1)
    """Quantities on hand, one per product, location and lot; at least one."""

    @field_validator("items")
    @classmethod
    def _one_quantity_per_place(cls, items):
        # Two quantities for the same product, location and lot cannot both be the truth.
        seen = set()
        for item in items:
            key = (item.product_code, item.location_code, item.lot_name)
            if key in seen:
                raise ValueError(
                    f"product {item.product_code!r} is listed twice for location "
                    f"{item.location_code!r} and lot {item.lot_name!r}"
                )
            seen.add(key)
        return items


class InventoryDelta(CanonicalDocument):
    """Stock movements since the last report, applied on top of the current quantities."""

    doc_type = "inventory_delta"

    warehouse_code: Code
    """Code of the warehouse."""
    as_of: datetime
    """Time of the last movement reported."""
    changes: list[StockChange] = Field(min_length=1)
    """Movements since the last report; at least one."""
