"""A ship or receipt confirmation read as quantities per line, split by lot and package.

A shipment notice (a 3PL's ship confirmation, a supplier's ASN) may give its lines flat
(the totals), per package (what each carton holds), or both; lots may be given on the flat
line or on the package lines. This module turns any of these into one ``ConfirmedLine`` per
line reference with the parts to book, so the ORM only has to find the move of each line and
write one move line per part.

Kept free of the ORM: it reads any object shaped like the canonical ShipmentNotice.
"""

from dataclasses import dataclass, field
from decimal import Decimal


class ConfirmationError(ValueError):
    """The lines, packages and lots of a confirmation contradict each other."""


@dataclass(frozen=True)
class Part:
    """A quantity to book on one move line: from one lot (or none), into one package (or none)."""

    quantity: Decimal
    lot_name: str | None = None
    package_ref: str | None = None


@dataclass
class ConfirmedLine:
    """Everything the warehouse reported for one line reference."""

    line_ref: str
    product_code: str
    uom_code: str
    quantity: Decimal
    parts: list[Part] = field(default_factory=list)

    @property
    def lot_names(self):
        return [part.lot_name for part in self.parts if part.lot_name]


def confirmed_lines(notice):
    """The confirmed lines of ``notice`` by line reference, in the order they first appear.

    Raise ConfirmationError when a line's packages hold more than the line says was shipped,
    or when a line reference names two different products.
    """
    flat = {line.line_ref: line for line in notice.lines}
    packaged = {}
    for package in notice.packages:
        for line in package.lines:
            packaged.setdefault(line.line_ref, []).append((package.package_ref, line))
    result = {}
    for line_ref in [*flat, *(ref for ref in packaged if ref not in flat)]:
        result[line_ref] = _confirm(line_ref, flat.get(line_ref), packaged.get(line_ref, []))
    return result


def _confirm(line_ref, flat_line, package_lines):
    first = flat_line or package_lines[0][1]
    for _ref, line in package_lines:
        if line.product_code != first.product_code:
            raise ConfirmationError(
                f"line {line_ref!r} is {first.product_code!r} but a package lists it as "
                f"{line.product_code!r}"
            )
    packaged_total = sum((line.quantity_shipped for _ref, line in package_lines), Decimal(0))
    total = flat_line.quantity_shipped if flat_line else packaged_total
    if packaged_total > total:
        raise ConfirmationError(
            f"the packages of line {line_ref!r} hold {packaged_total}, more than the {total} "
            "shipped"
        )
    # Lots given on the flat line form a pool that package lines without lots draw from.
    pool = _LotPool(flat_line.lots if flat_line else [])
    parts = []
    for package_ref, line in package_lines:
        if not line.quantity_shipped:
            continue
        if line.lots:
            for lot in line.lots:
                pool.take_named(lot.lot_name, lot.quantity)
                parts.append(Part(lot.quantity, lot.lot_name, package_ref))
        else:
            parts += [
                Part(quantity, lot_name, package_ref)
                for lot_name, quantity in pool.take(line.quantity_shipped)
            ]
    rest = total - packaged_total
    if rest > 0:
        parts += [Part(quantity, lot_name, None) for lot_name, quantity in pool.take(rest)]
    return ConfirmedLine(
        line_ref=line_ref,
        product_code=first.product_code,
        uom_code=first.uom_code,
        quantity=total,
        parts=parts,
    )


class _LotPool:
    """Lot quantities handed out first come, first served; without lots, parts have none."""

    def __init__(self, lots):
        self.lots = [[lot.lot_name, lot.quantity] for lot in lots]

    def take(self, quantity):
        """(lot name or None, quantity) pairs adding up to ``quantity``."""
        taken = []
        for entry in self.lots:
            if quantity <= 0:
                break
            share = min(entry[1], quantity)
            if share > 0:
                taken.append((entry[0], share))
                entry[1] -= share
                quantity -= share
        if quantity > 0:
            taken.append((None, quantity))
        return taken

    def take_named(self, lot_name, quantity):
        for entry in self.lots:
            if entry[0] == lot_name:
                entry[1] -= min(entry[1], quantity)
                return
