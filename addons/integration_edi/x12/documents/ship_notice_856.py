"""Canonical shipment notice -> 856 Ship Notice/Manifest.

The hierarchy is Shipment -> Order -> Pack -> Item (BSN05 0001); lines given outside any
package hang directly under the order. Each lot of a line gets its own item level.
"""

from ..mapping import number, party_segments, sparse, to_decimal, x12_date, x12_time

# BSN05: Shipment, Order, Packaging, Item.
HIERARCHY_STRUCTURE = "0001"
# TD5 id code qualifier: the carrier is given by its SCAC.
SCAC_QUALIFIER = "2"
# TD1 packaging code for cartons, and G for gross weight.
CARTON, GROSS_WEIGHT = "CTN25", "G"
# DTM qualifier of the ship date.
SHIPPED = "011"
# MAN01 for our own package reference when the package has no SSCC label.
MUTUALLY_DEFINED = "ZZ"


class _Hierarchy:
    """Numbers HL segments (HL01) and counts them for CTT01."""

    def __init__(self):
        self.count = 0

    def level(self, parent, code, has_children):
        self.count += 1
        return self.count, (
            "HL",
            str(self.count),
            str(parent) if parent else None,
            code,
            "1" if has_children else "0",
        )


def shipment_notice_to_856(notice, *, product_qualifier="VP", weight_unit="LB"):
    """The 856 body segments of a canonical shipment notice; ``product_qualifier`` names
    what product_code is to the partner (VP vendor part, BP buyer part, UP UPC...)."""
    hierarchy = _Hierarchy()
    packages = notice.get("packages") or []
    shipment_id, shipment_hl = hierarchy.level(None, "S", True)
    segments = [
        (
            "BSN",
            "00",
            notice["shipment_ref"],
            x12_date(notice["ship_date"]),
            x12_time(notice["ship_date"]),
            HIERARCHY_STRUCTURE,
        ),
        shipment_hl,
        *_shipment_details(notice, packages, weight_unit),
    ]
    order_id, order_hl = hierarchy.level(shipment_id, "O", True)
    segments += [order_hl, ("PRF", notice["order_ref"])]
    for package in packages:
        pack_id, pack_hl = hierarchy.level(order_id, "P", bool(package.get("lines")))
        segments += [pack_hl, *_package_details(package, weight_unit)]
        segments += _items(package.get("lines") or [], pack_id, hierarchy, product_qualifier)
    segments += _items(notice.get("lines") or [], order_id, hierarchy, product_qualifier)
    # CTT02 is the hash total of the units shipped (SN102).
    shipped = sum(to_decimal(segment[2]) for segment in segments if segment[0] == "SN1")
    segments.append(("CTT", str(hierarchy.count), number(shipped)))
    return segments


def _shipment_details(notice, packages, weight_unit):
    details = []
    if packages:
        weights = [to_decimal(p["weight"]) for p in packages if p.get("weight") is not None]
        details.append(_td1(len(packages), sum(weights) if weights else None, weight_unit))
    if notice.get("carrier_code") or notice.get("service_code"):
        details.append(
            sparse(
                "TD5",
                {
                    2: SCAC_QUALIFIER if notice.get("carrier_code") else None,
                    3: notice.get("carrier_code"),
                    12: notice.get("service_code"),
                },
            )
        )
    details += [("REF", "CN", tracking) for tracking in notice.get("tracking_numbers") or []]
    details.append(("DTM", SHIPPED, x12_date(notice["ship_date"]), x12_time(notice["ship_date"])))
    if notice.get("ship_to"):
        details += party_segments("ST", notice["ship_to"])
    return details


def _package_details(package, weight_unit):
    details = []
    if package.get("weight") is not None:
        details.append(_td1(1, package["weight"], weight_unit))
    if package.get("tracking_number"):
        details.append(("REF", "CN", package["tracking_number"]))
    details.append(
        ("MAN", "GM", package["sscc"])
        if package.get("sscc")
        else ("MAN", MUTUALLY_DEFINED, package["package_ref"])
    )
    return details


def _td1(cartons, weight, weight_unit):
    """TD1: how many cartons, and their gross weight when known."""
    td1 = {1: CARTON, 2: str(cartons)}
    if weight is not None:
        td1.update({6: GROSS_WEIGHT, 7: number(weight), 8: weight_unit})
    return sparse("TD1", td1)


def _items(lines, parent_id, hierarchy, product_qualifier):
    """One item level per line, or per lot of a line shipped from several lots."""
    segments = []
    for line in lines:
        uom = line.get("uom_code") or "EA"
        lots = line.get("lots") or [None]
        for lot in lots:
            _, item_hl = hierarchy.level(parent_id, "I", False)
            quantity = lot["quantity"] if lot else line["quantity_shipped"]
            lin = ("LIN", line["line_ref"], product_qualifier, line["product_code"])
            if lot:
                lin += ("LT", lot["lot_name"])
            segments += [item_hl, lin, ("SN1", line["line_ref"], number(quantity), uom)]
    return segments
