"""What a warehouse or carrier actually shipped (856, DESADV); a picking is validated from it."""

import re
from datetime import date, datetime

from pydantic import field_validator, model_validator

from ..services.gs1 import gs1_key_ok
from .base import (
    Address,
    CanonicalDocument,
    CanonicalModel,
    Code,
    NonNegativeQuantity,
    Quantity,
    check_unique,
)

SSCC_FORMAT = re.compile(r"[0-9]{18}")


class LotQty(CanonicalModel):
    """Part of a shipped quantity that came from one lot or serial number."""

    lot_name: Code
    """Lot or serial number."""
    quantity: Quantity
    """Quantity shipped from this lot."""
    expiry_date: date | None = None
    """Expiry date of the lot."""


class ShippedLine(CanonicalModel):
    """The quantity shipped for one order line; 0 says explicitly that nothing was shipped."""

    line_ref: Code
    """The order's line number."""
    product_code: Code
    """Item number."""
    quantity_shipped: NonNegativeQuantity
    """Quantity shipped; 0 says nothing was shipped."""
    uom_code: Code = "EA"
    """Unit of measure code, e.g. EA."""
    lots: list[LotQty] = []
    """Lots or serial numbers of the quantity; they add up to it."""

    @model_validator(mode="after")
    def _lots_add_up(self):
        # Lots split the shipped quantity; a mismatch would book stock against the wrong lot.
        lot_total = sum(lot.quantity for lot in self.lots)
        if self.lots and lot_total != self.quantity_shipped:
            raise ValueError(
                f"lots of line {self.line_ref!r} add up to {lot_total}, "
                f"not to quantity_shipped {self.quantity_shipped}"
            )
        return self


class Package(CanonicalModel):
    """A carton or pallet, identified by its SSCC label when the shipper has one."""

    package_ref: Code
    """The shipper's package reference."""
    sscc: str | None = None
    """18-digit SSCC of the package label (GS1 check digit)."""
    weight: NonNegativeQuantity | None = None
    """Weight of the package."""
    tracking_number: str | None = None
    """The carrier's tracking number of the package."""
    lines: list[ShippedLine] = []
    """Lines packed in the package."""

    @field_validator("sscc")
    @classmethod
    def _valid_sscc(cls, sscc):
        if sscc is None:
            return sscc
        if not SSCC_FORMAT.fullmatch(sscc):
            raise ValueError(f"SSCC {sscc!r} must be 18 digits")
        if not gs1_key_ok(sscc):
            raise ValueError(f"SSCC {sscc!r} has a wrong check digit (GS1 mod 10)")
        return sscc


class ShipmentNotice(CanonicalDocument):
    """An advance ship notice; lines may be given flat, per package, or both.

    ``complete`` says the order is fully shipped, so no back-order should stay open.
    """

    doc_type = "shipment_notice"

    shipment_ref: Code
    """The shipper's shipment (ASN) number."""
    order_ref: Code
    """The order (or picking) shipped."""
    ship_date: datetime
    """When the goods left."""
    expected_date: date | None = None
    """Expected delivery date."""
    carrier_code: str | None = None
    """Code of the carrier."""
    service_code: str | None = None
    """The carrier's service level, e.g. GROUND."""
    tracking_numbers: list[str] = []
    """The carrier's tracking numbers."""
    ship_to: Address | None = None
    """Where the goods go."""
    packages: list[Package] = []
    """Packages shipped, with their lines."""
    lines: list[ShippedLine] = []
    """Lines shipped, flat (packed lines may be listed here too)."""
    complete: bool = False
    """The order is fully shipped: no back-order stays open."""

    @field_validator("lines")
    @classmethod
    def _unique_line_refs(cls, lines):
        return check_unique(lines, "line_ref")

    @model_validator(mode="after")
    def _ships_something(self):
        if not self.lines and not any(package.lines for package in self.packages):
            raise ValueError("a shipment notice needs lines, at top level or in its packages")
        return self


def loose_lines(notice):
    """The top-level lines of a (dumped) shipment notice less what its packages already hold:
    the builder lists packed lines at top level as well, formats that nest them (856, DESADV)
    write each quantity once."""
    packed = {}
    for package in notice.get("packages") or []:
        for line in package.get("lines") or []:
            for key in (("ref", line["line_ref"]), ("code", line["product_code"])):
                packed[key] = packed.get(key, 0) + float(line["quantity_shipped"])
    loose = []
    for line in notice.get("lines") or []:
        quantity = float(line["quantity_shipped"])
        inside = packed.get(("ref", line["line_ref"])) or packed.get(
            ("code", line["product_code"]), 0
        )
        if not inside:
            loose.append(line)
        elif quantity > inside:
            loose.append({**line, "quantity_shipped": str(quantity - inside), "lots": []})
    return loose
