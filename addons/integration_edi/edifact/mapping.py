"""What the message mappers share: typed reads whose errors name segment and element, and the
small segment builders every outbound message uses.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from odoo.addons.integration_core.services.gs1 import gs1_key_ok

from .errors import EdifactMappingError
from .reader import Segment

# DTM C507/2379 -> strptime pattern; 718 (a CCYYMMDD-CCYYMMDD range) is read as its start.
_DATE_FORMATS = {
    "101": "%y%m%d",
    "102": "%Y%m%d",
    "203": "%Y%m%d%H%M",
    "204": "%Y%m%d%H%M%S",
}
GLN_AGENCY = "9"
# Format 102 sent with the time as well (CCYYMMDDHHMM[SS]): the date is unambiguous, the
# value is read with the format its length says.
_DATE_WITH_TIME = {12: "203", 14: "204"}


def check_message_type(message, expected):
    """Refuse a message of another type before reading a single segment of it."""
    actual = message.message_type.type
    if actual != expected:
        raise EdifactMappingError(
            "UNH",
            "S009/0065",
            f"message {message.ref} is {actual or 'untyped'}, expected {expected}",
            position=message.header.position,
            element_position=(2, 1),
        )


class SegmentReader:
    """Reads a message's body in order, each segment by the handler its tag names in
    ``handlers`` (other tags are skipped), then ``document`` makes the canonical dict of
    what was read: what every EDIFACT reader does, so that one only names its handlers."""

    handlers = None  # {tag: bound method}, set by each reader's __init__

    def parse(self, message, message_type):
        check_message_type(message, message_type)
        for segment in message.body:
            self.take(segment)
        return self.document(message)

    def take(self, segment):
        handler = self.handlers.get(segment.tag)
        if handler is not None:
            handler(segment)

    def document(self, message):
        raise NotImplementedError


def required(segment, index, component, name):
    """A value the document cannot do without; ``name`` is the data element, e.g. 'C506/1154'."""
    value = segment.value(index, component)
    if not value:
        raise _error(segment, index, component, name, "is missing", code="13")
    return value


def decimal_value(segment, index, component, name):
    """A number, reading either decimal mark (EDIFACT allows no thousands separator)."""
    value = segment.value(index, component)
    if not value:
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise _error(segment, index, component, name, f"{value!r} is not a number") from None


def dtm_value(segment):
    """The date/time of a DTM segment (C507: qualifier, value, format code)."""
    value = required(segment, 0, 1, "C507/2380")
    format_code = segment.value(0, 2) or "102"
    if format_code == "718":
        value, format_code = value.split("-")[0], "102"
    if format_code == "102" and value.isdigit():
        format_code = _DATE_WITH_TIME.get(len(value), format_code)
    pattern = _DATE_FORMATS.get(format_code)
    if pattern is None:
        raise _error(segment, 0, 2, "C507/2379", f"date format {format_code} is not supported")
    try:
        return datetime.strptime(value, pattern)
    except ValueError:
        raise _error(
            segment, 0, 1, "C507/2380", f"{value!r} is not a date in format {format_code}"
        ) from None


def check_gs1(segment, index, component, name, digits, length):
    """A GLN or GTIN must be all digits with a valid GS1 check digit: a typo would route
    goods to the wrong place or product."""
    if not gs1_key_ok(digits, length):
        raise _error(segment, index, component, name, f"{digits!r} is not a valid GS1 key")


def check_count(segment, declared, found, what):
    """A CNT control total (C270/6066) against what the message holds (UCD 29 if not)."""
    if declared != found:
        raise EdifactMappingError(
            "CNT",
            "C270/6066",
            f"CNT+{segment.value(0, 0)} says {declared} {what}, found {found}",
            code="29",
            position=segment.position,
            element_position=(1, 2),
        )


def outside_line(segment):
    """The error for a line segment (PIA, QTY...) met before any LIN."""
    return EdifactMappingError(
        segment.tag, None, "comes before any LIN", code="15", position=segment.position
    )


def nad_party(segment):
    """(party id, name, address dict) of a received NAD; a GLN (agency 9) is checked."""
    party_id, agency = segment.value(1, 0), segment.value(1, 2)
    if party_id and agency == GLN_AGENCY:
        check_gs1(segment, 1, 0, "C082/3039", party_id, 13)
    name = " ".join(p for p in segment.element(3)[:5] if p)
    name = name or " ".join(p for p in segment.element(2) if p)
    street = [s for s in segment.element(4) if s]
    address = {
        "name": name or party_id,
        "street": street[0] if street else None,
        "street2": " ".join(street[1:]) or None,
        "city": segment.value(5) or None,
        "state_code": segment.value(6) or None,
        "zip": segment.value(7) or None,
        "country_code": segment.value(8) or None,
        "external_id": party_id or None,
    }
    return party_id, name, {key: value for key, value in address.items() if value}


def _error(segment, index, component, name, message, code="12"):
    return EdifactMappingError(
        segment.tag,
        name,
        message,
        code=code,
        position=segment.position,
        element_position=(index + 1, component + 1),
    )


def document_data(document):
    """A canonical document as a dict, from its pydantic model or from a dict already."""
    return document.model_dump() if hasattr(document, "model_dump") else dict(document)


def as_decimal(value):
    """Decimal from a model value or from its JSON form (a string)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def as_date(value):
    """A date or datetime, from the model's objects or from ISO strings."""
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def dtm(qualifier, value):
    """DTM with format 203 (CCYYMMDDHHMM) for a datetime, 102 (CCYYMMDD) for a date."""
    value = as_date(value)
    if isinstance(value, datetime):
        return Segment.build("DTM", (qualifier, value.strftime("%Y%m%d%H%M"), "203"))
    return Segment.build("DTM", (qualifier, value.strftime("%Y%m%d"), "102"))


def nad(qualifier, party_id=None, address=None, agency=None):
    """NAD with the party id (C082) and, when given, structured name and address."""
    address = address or {}
    return Segment.build(
        "NAD",
        qualifier,
        (party_id, None, agency),
        None,
        address.get("name"),
        (address.get("street"), address.get("street2")),
        address.get("city"),
        address.get("state_code"),
        address.get("zip"),
        address.get("country_code"),
    )


def item_segments(product_code, item_type, lot_name=None):
    """PIA+5 with our item number, and PIA+1 with the batch number (NB) when there is one."""
    segments = [Segment.build("PIA", "5", (product_code, item_type))]
    if lot_name:
        segments.append(Segment.build("PIA", "1", (lot_name, "NB")))
    return segments


def code_for(table, value, segment, element):
    """The EDIFACT code of a canonical value; a value without one cannot be sent."""
    if value not in table:
        raise EdifactMappingError(segment, element, f"{value!r} has no code here", code="12")
    return table[value]


class LineItem:
    """The item numbers and batch of one LIN group of a warehouse's message (INVRPT,
    DESADV): the product code is the first number of ``ITEM_TYPES`` found in the LIN
    (C212) or its PIA segments."""

    # The numbers a warehouse keeps for its depositor (ours: SA, as we send them), then
    # the GTIN.
    ITEM_TYPES = ("SA", "IN", "BP", "EN", "SRV")
    BATCH = "NB"

    def __init__(self, lin):
        self.lin = lin
        self.number = lin.value(0)
        self.codes = {}
        self.lot_name = None
        if lin.value(2, 0):
            self.codes[lin.value(2, 1) or "EN"] = lin.value(2, 0)

    def add_pia(self, segment):
        for index in range(1, 6):
            code, kind = segment.value(index, 0), segment.value(index, 1)
            if code and kind == self.BATCH:
                self.lot_name = code
            elif code:
                self.codes.setdefault(kind, code)

    def product_code(self, what):
        code = next((self.codes[kind] for kind in self.ITEM_TYPES if kind in self.codes), None)
        # Any other item number type (7143) next: the cross-references say what it names.
        code = code or next(iter(self.codes.values()), None)
        if not code:
            raise self.missing("LIN", "C212/7140", f"{what} {self.number} has no item number")
        return code

    def missing(self, tag, element, message):
        """The error naming this LIN group's position for what it lacks."""
        return EdifactMappingError(tag, element, message, code="13", position=self.lin.position)
