"""Stock levels reported by a warehouse: full snapshots (846, INVRPT) and movements."""

from datetime import datetime

from pydantic import Field, field_validator

from .base import CanonicalDocument, CanonicalModel, Code, NonNegativeQuantity, SignedQuantity


class StockItem(CanonicalModel):
    """The quantity on hand of one product at one location and lot."""

    product_code: Code
    location_code: str | None = None
    lot_name: str | None = None
    quantity: NonNegativeQuantity
    uom_code: Code = "EA"


class StockChange(CanonicalModel):
    """A signed change of stock (a receipt is positive, a count loss negative)."""

    product_code: Code
    location_code: str | None = None
    lot_name: str | None = None
    quantity_change: SignedQuantity
    uom_code: Code = "EA"
    reason: str | None = None


class InventorySnapshot(CanonicalDocument):
    """The quantities on hand at ``as_of`` as the warehouse counts them.

    At least one item is required, so that a broken feed cannot pass as an empty warehouse.
    """

    doc_type = "inventory_snapshot"

    warehouse_code: Code
    as_of: datetime
    items: list[StockItem] = Field(min_length=1)

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
    as_of: datetime
    changes: list[StockChange] = Field(min_length=1)
