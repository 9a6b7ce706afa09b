"""856 Ship Notice/Manifest both ways: ours to a customer out, a supplier's advance ship
notice of our purchase order in.

Out, the hierarchy is Shipment -> Order -> Pack -> Item (BSN05 0001); lines given outside any
package hang directly under the order. Each lot of a line gets its own item level.
"""

from datetime import datetime

from odoo.addons.integration_core.services.gs1 import gs1_key_ok

from ...canonical import add_shipped
from ..mapping import (
    DEFAULT_PRODUCT_QUALIFIERS,
    INVALID_CODE,
    X12MappingError,
    ccyymmdd,
    check_count,
    decimal,
    first,
    hhmm,
    number,
    parties,
    party_segments,
    product_code,
    qualified_ids,
    sparse,
    text,
    to_decimal,
    x12_date,
    x12_time,
)

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
    if notice.get("expected_date"):
        details.append(("DTM", EXPECTED_QUALIFIERS[0], x12_date(notice["expected_date"])))
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
            if lot and lot.get("expiry_date"):
                segments.append(("DTM", EXPIRY, x12_date(lot["expiry_date"])))
    return segments


# -- in ----------------------------------------------------------------------------------

# HL03 levels read: shipment, order, pack or tare (pallet), item.
SHIPMENT, ORDER, ITEM = "S", "O", "I"
PACKAGE_LEVELS = ("P", "T")
# DTM qualifiers: estimated or scheduled delivery (the expected date), expiry of a lot.
EXPECTED_QUALIFIERS = ("017", "067", "002")
EXPIRY = "036"
# REF qualifiers of a tracking number: the carrier's reference (PRO), tracking number.
TRACKING = ("CN", "2I")
# LIN qualifiers: our PO line number, and the lot.
PO_LINE, LOT = "PL", "LT"
# MAN01 of a GS1 SSCC-18 label (sometimes sent with its application identifier 00).
SSCC_LABEL, SSCC_AI = "GM", "00"
_LIN_FIRST_ID, _LIN_LAST_ID = 2, 30


def shipment_notice_from_856(segments, *, product_qualifiers=DEFAULT_PRODUCT_QUALIFIERS):
    """The canonical shipment notice of a supplier's 856 body segments (between ST and SE).

    BSN02 is the shipment, PRF01 of the order level our PO number; the shipment level
    gives the ship date (DTM 011, else BSN03/04), the expected date (DTM 017), the carrier
    (TD503), tracking numbers (REF CN) and the ship-to. A pack or tare level is a package:
    its SSCC (MAN GM) or other mark (MAN). An item level is a line by our PO line number
    (LIN PL, else LIN01) with its lot (LIN LT) and expiry (DTM 036), SN102 shipped; items
    under a package are that package's lines, the others are shipped loose.
    """
    segments = list(segments)
    bsn = first(segments, "BSN")
    levels = _levels(segments)
    if not any(level.code == ITEM for level in levels.values()):
        raise X12MappingError("LIN", None, "a ship notice needs at least one item level (HL*I)")
    order_ref = _order_ref(levels)
    ctt = first(segments, "CTT", required=False)
    if ctt is not None:
        check_count(ctt, 1, len(levels), "HL levels")
    shipment = next((level for level in levels.values() if level.code == SHIPMENT), None)
    header = shipment.segments if shipment else segments
    notice = {
        "shipment_ref": text(bsn, 2, required=True),
        "order_ref": order_ref,
        "ship_date": _ship_date(header, bsn),
        "expected_date": _dated(header, EXPECTED_QUALIFIERS),
        "tracking_numbers": _references(header, TRACKING),
        "ship_to": parties(header).get("ST"),
    }
    notice["carrier_code"], notice["service_code"] = _carrier(header)
    loose, packages = {}, {}
    for level in levels.values():
        if level.code in PACKAGE_LEVELS:
            packages[level.number] = _package(level)
        elif level.code == ITEM:
            package = _package_of(level, levels)
            lines = packages[package.number]["lines"] if package else loose
            _add_item(lines, level, product_qualifiers)
    notice["lines"] = list(loose.values())
    notice["packages"] = [
        {**package, "lines": list(package["lines"].values())} for package in packages.values()
    ]
    return notice


class _Level:
    """One HL level: its id (HL01), parent (HL02), code (HL03) and segments."""

    def __init__(self, hl):
        self.hl = hl
        self.number = text(hl, 1, required=True)
        self.parent = text(hl, 2) or None
        self.code = text(hl, 3, required=True)
        self.segments = []


def _levels(segments):
    """The HL levels by id, in order; every parent must be a level before its child."""
    levels, current = {}, None
    for segment in segments:
        if segment.tag == "HL":
            current = _Level(segment)
            if current.number in levels:
                raise X12MappingError(
                    segment, 1, f"HL {current.number} appears twice", code=INVALID_CODE
                )
            if current.parent and current.parent not in levels:
                raise X12MappingError(
                    segment,
                    2,
                    f"parent {current.parent} is no HL level before HL {current.number}",
                    code=INVALID_CODE,
                )
            levels[current.number] = current
        elif current is not None and segment.tag != "CTT":
            current.segments.append(segment)
    if not levels:
        raise X12MappingError("HL", None, "a ship notice needs its HL levels")
    return levels


def _order_ref(levels):
    """The one PO number (PRF01) of the order levels: the hub takes one order per notice."""
    refs = {}
    for level in levels.values():
        prf = first(level.segments, "PRF", required=False) if level.code == ORDER else None
        if prf is not None:
            refs.setdefault(text(prf, 1, required=True), prf)
    if not refs:
        raise X12MappingError("PRF", None, "no purchase order number (PRF01 of an HL*O level)")
    if len(refs) > 1:
        raise X12MappingError(
            list(refs.values())[1],
            1,
            f"the notice ships several purchase orders ({', '.join(refs)}): send one 856 per "
            "purchase order",
            code=INVALID_CODE,
        )
    return next(iter(refs))


def _ship_date(header, bsn):
    for dtm in header:
        if dtm.tag == "DTM" and text(dtm, 1) == SHIPPED:
            return datetime.combine(ccyymmdd(dtm, 2, required=True), hhmm(dtm, 3))
    return datetime.combine(ccyymmdd(bsn, 3, required=True), hhmm(bsn, 4))


def _dated(segments, qualifiers):
    """The date of the first DTM of ``qualifiers`` (in their order) among ``segments``."""
    dates = {text(dtm, 1): dtm for dtm in segments if dtm.tag == "DTM"}
    found = next((dates[q] for q in qualifiers if q in dates), None)
    return ccyymmdd(found, 2, required=True) if found is not None else None


def _carrier(header):
    """(carrier TD503, service level TD512) of the shipment level."""
    td5 = first(header, "TD5", required=False)
    if td5 is None:
        return None, None
    return text(td5, 3) or None, text(td5, 12) or None


def _references(segments, qualifiers):
    return [text(ref, 2) for ref in segments if ref.tag == "REF" and text(ref, 1) in qualifiers]


def _package(level):
    """A pack or tare level as a package: its SSCC (MAN GM, checked), else its first mark."""
    package = {"package_ref": level.number, "lines": {}}
    for man in (s for s in level.segments if s.tag == "MAN"):
        mark = text(man, 2, required=True)
        if text(man, 1) == SSCC_LABEL:
            package["sscc"] = _sscc(man, mark)
            package["package_ref"] = package["sscc"]
            break
        package["package_ref"] = mark
    tracking = _references(level.segments, TRACKING)
    if tracking:
        package["tracking_number"] = tracking[0]
    td1 = first(level.segments, "TD1", required=False)
    if td1 is not None and decimal(td1, 7) is not None:
        package["weight"] = decimal(td1, 7)
    return package


def _sscc(man, mark):
    sscc = mark[len(SSCC_AI) :] if len(mark) == 20 and mark.startswith(SSCC_AI) else mark
    if len(sscc) != 18 or not gs1_key_ok(sscc):
        raise X12MappingError(
            man, 2, f"{mark!r} is not an SSCC (18 digits, GS1 check digit)", code=INVALID_CODE
        )
    return sscc


def _package_of(level, levels):
    """The pack or tare level an item is in, or None (shipped loose under its order)."""
    parent = levels.get(level.parent)
    while parent is not None:
        if parent.code in PACKAGE_LEVELS:
            return parent
        parent = levels.get(parent.parent)
    return None


def _add_item(lines, level, product_qualifiers):
    lin = first(level.segments, "LIN", required=False)
    sn1 = first(level.segments, "SN1", required=False)
    if lin is None or sn1 is None:
        raise X12MappingError(
            level.hl, None, f"item level HL {level.number} needs a LIN and an SN1"
        )
    ids = qualified_ids(lin, _LIN_FIRST_ID, _LIN_LAST_ID)
    lot_name = ids.pop(LOT, None)
    line_ref = ids.pop(PO_LINE, None) or text(lin, 1) or text(sn1, 1)
    if not line_ref:
        raise X12MappingError(lin, 1, "the item names no PO line (LIN01 or a LIN PL id)")
    code = product_code(lin, ids, product_qualifiers, _LIN_FIRST_ID + 1)
    lot = None
    if lot_name:
        lot = {"lot_name": lot_name}
        expiry = _dated(level.segments, (EXPIRY,))
        if expiry:
            lot["expiry_date"] = expiry
    quantity = decimal(sn1, 2, required=True)
    before = add_shipped(lines, line_ref, code, quantity, text(sn1, 3), lot)
    if before:
        raise X12MappingError(
            lin,
            None,
            f"PO line {line_ref} names product {code} after {before}: one PO line, one product",
            code=INVALID_CODE,
        )
