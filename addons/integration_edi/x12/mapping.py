"""What every transaction set mapper shares: element readers that fail with a located
X12MappingError, value formatting for outbound segments, and the N1 party loop."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from ..canonical import add_shipped
from .envelope import ElementError, SegmentError
from .reader import Segment

# AK3/IK3 segment codes (720) and AK4/IK4 element codes (723) used by the mappers.
SEGMENT_MISSING = "3"
SEGMENT_HAS_ELEMENT_ERRORS = "8"
ELEMENT_MISSING = "1"
INVALID_CHARACTER = "6"
INVALID_CODE = "7"
INVALID_DATE = "8"
INVALID_TIME = "9"

# Segments of the N1 loop after N1 itself.
_PARTY_DETAIL_TAGS = frozenset({"N2", "N3", "N4", "REF", "PER"})
# In a list of product id qualifiers, "any other qualifier" (235 has hundreds; the
# partner's cross-references say what its ids name).
ANY_QUALIFIER = "*"
# Which product id becomes product_code, first found wins: the partner's own numbers first,
# since canonical documents carry "the partner's own item number"; then any other.
DEFAULT_PRODUCT_QUALIFIERS = ("BP", "IN", "CB", "SK", "VP", "VN", "UP", "UK", "EN", ANY_QUALIFIER)
# N9 qualifier of our line reference inside an LX loop (sent back from a 940 or an 850).
LINE_ITEM = "LI"


class X12MappingError(ValueError):
    """A transaction set cannot be mapped: names the segment, the element (or None when
    the whole segment is missing or wrong) and the AK3/AK4 code to acknowledge it with."""

    def __init__(self, segment, element, message, *, code=None):
        self.source = segment if isinstance(segment, Segment) else None
        self.segment = segment.tag if isinstance(segment, Segment) else segment
        self.element = element
        self.code = code or (ELEMENT_MISSING if element else SEGMENT_MISSING)
        located = f" ({self.source.where()})" if self.source else ""
        name = f"{self.segment}{element:02d}" if element else self.segment
        super().__init__(f"{name}: {message}{located}")

    def segment_error(self, transaction_set):
        """The AK3 (and AK4) note that rejects ``transaction_set`` for this error."""
        if self.source is None:  # a missing segment: point at the set trailer
            position = max(transaction_set.segment_count, 1)
        else:
            position = self.source.number - transaction_set.segment_number + 1
        if self.element is None:
            return SegmentError(self.segment, position, self.code, message=str(self))
        bad_value = self.source.get(self.element) if self.source else ""
        element = ElementError(self.element, self.code, bad_value=bad_value)
        return SegmentError(
            self.segment,
            position,
            SEGMENT_HAS_ELEMENT_ERRORS,
            message=str(self),
            elements=[element],
        )


# -- reading ---------------------------------------------------------------------------


def text(segment, position, *, required=False):
    """Element ``position`` without padding; raises when required and empty."""
    value = segment.get(position).strip()
    if required and not value:
        raise X12MappingError(segment, position, "is required but empty", code=ELEMENT_MISSING)
    return value


def decimal(segment, position, *, required=False):
    """A numeric element as Decimal (None when empty and optional)."""
    value = text(segment, position, required=required)
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise X12MappingError(
            segment, position, f"{value!r} is not a number", code=INVALID_CHARACTER
        ) from None


def ccyymmdd(segment, position, *, required=False):
    """A CCYYMMDD date element as a date (None when empty and optional)."""
    value = text(segment, position, required=required)
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise X12MappingError(
            segment, position, f"{value!r} is not a CCYYMMDD date", code=INVALID_DATE
        ) from None


def hhmm(segment, position):
    """An HHMM[SS] time element as a time; midnight when empty."""
    value = text(segment, position)
    if not value:
        return time()
    try:
        return datetime.strptime(value[:6], "%H%M%S" if len(value) >= 6 else "%H%M").time()
    except ValueError:
        raise X12MappingError(
            segment, position, f"{value!r} is not an HHMM time", code=INVALID_TIME
        ) from None


def g62_datetime(segments, qualifier, fallback, position):
    """The date and time of the G62 of ``qualifier``, else the date element ``position`` of
    ``fallback`` at midnight (W0603 of a 945, W1702 of a 944)."""
    for g62 in segments:
        if g62.tag == "G62" and text(g62, 1) == qualifier:
            return datetime.combine(ccyymmdd(g62, 2, required=True), hhmm(g62, 4))
    return datetime.combine(ccyymmdd(fallback, position, required=True), time())


def first(segments, tag, *, required=True):
    """The first segment called ``tag``; raises when required and absent."""
    for segment in segments:
        if segment.tag == tag:
            return segment
    if required:
        raise X12MappingError(tag, None, "required segment is missing", code=SEGMENT_MISSING)
    return None


def loops(segments, start_tag, end_tags=("CTT",)):
    """(``start_tag`` segment, the segments after it up to the next one or an ``end_tags``
    segment) for each loop: PO1 of an 850/855, IT1 of an 810."""
    start, following = None, []
    for segment in segments:
        if segment.tag == start_tag or segment.tag in end_tags:
            if start is not None:
                yield start, following
            start, following = (segment, []) if segment.tag == start_tag else (None, [])
        elif start is not None:
            following.append(segment)
    if start is not None:
        yield start, following


def check_count(segment, position, counted, what):
    """Check a control total (CTT01, W0301...) against what the set really holds."""
    declared = decimal(segment, position)
    if declared is not None and declared != counted:
        raise X12MappingError(
            segment, position, f"{declared} declared, {counted} found ({what})", code=INVALID_CODE
        )


def qualified_ids(segment, first_position, last_position):
    """{qualifier: id} of the (qualifier, id) element pairs from ``first_position`` (PO106,
    LIN02...) to ``last_position``, the first pair of a qualifier winning."""
    ids = {}
    for position in range(first_position, last_position + 1, 2):
        qualifier, value = text(segment, position), text(segment, position + 1)
        if qualifier and value:
            ids.setdefault(qualifier, value)
    return ids


def product_code(segment, ids, qualifiers, position):
    """The id of the first of ``qualifiers`` found in ``ids`` (``ANY_QUALIFIER``: the first
    id of any qualifier); a mapping error at element ``position`` names what was there
    instead."""
    found = {**ids, ANY_QUALIFIER: next(iter(ids.values()), None)}
    code = next((found[q] for q in qualifiers if found.get(q)), None)
    if code is None:
        raise X12MappingError(
            segment,
            position,
            f"no product id qualified {'/'.join(qualifiers)} (found {'/'.join(ids) or 'none'})",
            code=INVALID_CODE,
        )
    return code


def lx_loops(segments, detail_tag):
    """(detail segment, its line reference) for each ``detail_tag`` (W12 of a 945, W07 of a
    944) of the LX loops: the reference is the N9*LI that follows it, else LX01."""
    lx_number, detail, line_ref = None, None, None
    for segment in segments:
        tag = segment.tag
        if tag in ("LX", detail_tag) and detail is not None:
            yield detail, line_ref
            detail = None
        if tag == "LX":
            lx_number, line_ref = text(segment, 1), None
        elif tag == detail_tag:
            detail, line_ref = segment, line_ref or lx_number
        elif tag == "N9" and text(segment, 1) == LINE_ITEM and detail is not None:
            line_ref = text(segment, 2)
    if detail is not None:
        yield detail, line_ref


def warehouse_lines(segments, detail_tag, read_row, total_tag, document):
    """(LX loops, lines) of a 945 (W12 lines, W03 total) or a 944 (W07, W14).

    ``read_row(detail, line_ref)`` reads a detail segment as (line_ref, product code,
    quantity, unit, lot). The details of one line reference (one per lot) add up; two
    products under one reference are an error, not one line. The total is checked when sent.
    """
    loops = list(lx_loops(segments, detail_tag))
    if not loops:
        raise X12MappingError(
            detail_tag, None, f"a {document} needs at least one {detail_tag} line"
        )
    lines = {}
    for detail, reference in loops:
        line_ref, code, quantity, uom_code, lot_name = read_row(detail, reference)
        line_ref = line_ref or str(len(lines) + 1)
        lot = {"lot_name": lot_name} if lot_name else None
        before = add_shipped(lines, line_ref, code, quantity, uom_code, lot)
        if before:
            raise X12MappingError(
                detail,
                None,
                f"line {line_ref} names product {code} after {before}: give "
                "each product its own LX loop or N9*LI line reference",
                code=INVALID_CODE,
            )
    total = first(segments, total_tag, required=False)
    if total is not None:
        units = sum(line["quantity_shipped"] for line in lines.values())
        check_count(total, 1, units, f"sum of the units of the {detail_tag} lines")
    return loops, list(lines.values())


def parties(segments):
    """The N1 loops as {entity code: address dict}, the first loop of each code winning."""
    found = {}
    current = None
    for segment in segments:
        tag = segment.tag
        if tag == "N1":
            current = _party(segment)
            found.setdefault(text(segment, 1), current)
        elif current is not None and tag in _PARTY_DETAIL_TAGS:
            _add_party_detail(current, segment)
        else:
            current = None
    return found


def _party(n1):
    name = text(n1, 2) or text(n1, 4)
    if not name:
        raise X12MappingError(n1, 2, "the party has neither a name (N102) nor an id (N104)")
    return {"name": name, "external_id": text(n1, 4) or None}


def _add_party_detail(address, segment):
    tag = segment.tag
    if tag == "N3":
        address["street"] = text(segment, 1) or None
        address["street2"] = text(segment, 2) or None
    elif tag == "N4":
        address["city"] = text(segment, 1) or None
        address["state_code"] = text(segment, 2) or None
        address["zip"] = text(segment, 3) or None
        address["country_code"] = text(segment, 4) or None
    elif tag == "PER":
        for position in (3, 5, 7):
            qualifier, number = text(segment, position), text(segment, position + 1)
            if qualifier == "TE" and number:
                address["phone"] = number
            elif qualifier == "EM" and number:
                address["email"] = number


# -- writing ---------------------------------------------------------------------------


def to_decimal(value):
    """A canonical amount (Decimal, int, str from JSON) as Decimal."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value):
    """An R (decimal) element: no exponent, no trailing zeros ('12.50' -> '12.5')."""
    normalized = to_decimal(value).normalize()
    return format(normalized, "f") if normalized else "0"


def cents(value):
    """An N2 element (implied two decimals, no separator): 1234.5 -> '123450'."""
    return str(int((to_decimal(value) * 100).quantize(Decimal(1))))


def to_date(value):
    """A canonical date (date, datetime or ISO text) as date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def to_datetime(value):
    """A canonical datetime (datetime, date or ISO text) as datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return datetime.fromisoformat(str(value))


def x12_date(value):
    return to_date(value).strftime("%Y%m%d")


def x12_time(value):
    return to_datetime(value).strftime("%H%M")


def party_segments(entity_code, address, *, id_qualifier="92"):
    """N1 (with N104 when the address has an external id), N3 and N4 for an address."""
    external_id = address.get("external_id")
    segments = [
        ("N1", entity_code, address.get("name"), id_qualifier if external_id else None, external_id)
    ]
    if address.get("street"):
        segments.append(("N3", address["street"], address.get("street2")))
    if address.get("city") or address.get("zip"):
        segments.append(
            (
                "N4",
                address.get("city"),
                address.get("state_code"),
                address.get("zip"),
                address.get("country_code"),
            )
        )
    return segments


def party_address(party):
    """A canonical Party as the address ``party_segments`` writes: its own id and name
    first."""
    address = dict(party.get("address") or {})
    address["external_id"] = party["external_id"]
    address["name"] = party.get("name") or address.get("name")
    return address


def coded(table, value, tag, position):
    """The X12 code a canonical value maps to, or a mapping error naming the element."""
    try:
        return table[value]
    except KeyError:
        raise X12MappingError(
            tag,
            position,
            f"no code for {value!r}; known: {', '.join(map(str, table))}",
            code=INVALID_CODE,
        ) from None


def sparse(tag, values):
    """A segment tuple from {element position: value}, for segments with far-apart
    elements (SAC15, TD512, W6610) that are error-prone to count by hand."""
    elements = [None] * max(values, default=0)
    for position, value in values.items():
        elements[position - 1] = value
    return (tag, *elements)
