"""X12 writer: envelopes with computed trailers, in the partner's own delimiters.

X12 has no release (escape) character, so data containing a delimiter cannot be sent:
the writer refuses it with the element it found it in instead of corrupting the file.
"""

import io
import re
from dataclasses import dataclass, field

from .envelope import GroupHeader
from .reader import ISA_WIDTHS

_FIRST_VERSION_WITH_REPETITION = "00402"
# ISA11 (from 00402) and ISA16 hold delimiters themselves.
_ISA_DELIMITER_POSITIONS = (11, 16)
# Authorization, security, sender and receiver IDs are padded with spaces to their width.
_PADDED_ISA_POSITIONS = (2, 4, 6, 8)
# ISA14 acknowledgment requested, ISA15 usage indicator (production, test, information).
_ISA_CODES = {14: ("0", "1"), 15: ("P", "T", "I")}


class X12WriteError(ValueError):
    """The interchange cannot be written as asked (data, delimiters, envelope order)."""


@dataclass(slots=True)
class OutgoingSet:
    """A transaction set to write: type (ST01), control number (ST02), body segments.

    Each body segment is a tuple ``(tag, element, ...)``; an element is a str (None is
    empty), a tuple of components, or a list of repeats.
    """

    type: str
    control_number: str | int
    segments: list
    implementation: str = ""


@dataclass(slots=True)
class OutgoingGroup:
    header: GroupHeader
    sets: list[OutgoingSet] = field(default_factory=list)


def render_interchange(delimiters, header, groups=(), *, ta1_segments=(), encoding="utf-8"):
    """The bytes of one whole interchange (TA1 segments go before the groups)."""
    buffer = io.BytesIO()
    writer = X12Writer(buffer, delimiters, encoding=encoding)
    writer.start_interchange(header)
    for segment in ta1_segments:
        writer.write_segment(*segment)
    for group in groups:
        writer.start_group(group.header)
        for outgoing in group.sets:
            writer.write_set(outgoing)
        writer.end_group()
    writer.end_interchange()
    return buffer.getvalue()


def rewrite_interchange(interchange):
    """An interchange read with ``validate(..., keep_segments=True)`` written back with its
    own delimiters and control numbers: the same segments and elements come out."""
    groups = [
        OutgoingGroup(
            group.header,
            [
                OutgoingSet(
                    transaction_set.type,
                    transaction_set.control_number,
                    [(segment.tag, *segment.values()) for segment in transaction_set.segments],
                    transaction_set.implementation,
                )
                for transaction_set in group.sets
            ],
        )
        for group in interchange.groups
    ]
    ta1_segments = [(segment.tag, *segment.values()) for segment in interchange.ta1_segments]
    return render_interchange(
        interchange.delimiters, interchange.header, groups, ta1_segments=ta1_segments
    )


class X12Writer:
    """Writes interchanges to a binary stream, counting what the trailers must declare."""

    def __init__(self, stream, delimiters, *, encoding="utf-8"):
        _check_delimiters(delimiters)
        self.stream = stream
        self.delimiters = delimiters
        self.encoding = encoding
        self._forbidden = re.compile(
            "[" + re.escape("".join(_delimiter_chars(delimiters)) + "\r\n") + "]"
        )
        self._end = (delimiters.segment + delimiters.suffix).encode(encoding)
        self._interchange = None  # ISA13 of the open interchange
        self._group = None  # GS06 of the open group
        self._set = None  # ST02 of the open set
        self._groups = self._sets = self._segments = 0

    def start_interchange(self, header):
        if self._interchange is not None:
            raise X12WriteError("an interchange is already open: end it first")
        control = _control(header.control_number, 9)
        self._write_raw("ISA", self._isa_elements(header, control))
        self._interchange, self._groups = control, 0

    def start_group(self, header):
        self._require(
            self._interchange is not None and self._group is None,
            "GS",
            "inside an interchange and outside any group",
        )
        control = _control(header.control_number, 1)
        self.write_segment(
            "GS",
            header.functional_id,
            header.sender,
            header.receiver,
            header.date,
            header.time,
            control,
            header.agency,
            header.version,
        )
        self._group, self._sets = control, 0
        self._groups += 1

    def start_set(self, set_type, control_number, implementation=""):
        self._require(
            self._group is not None and self._set is None,
            "ST",
            "inside a group and outside any set",
        )
        control = _control(control_number, 4)
        self.write_segment("ST", set_type, control, implementation)
        self._set, self._segments = control, 1
        self._sets += 1

    def write_segment(self, tag, *elements):
        """Write one segment; trailing empty elements are dropped, as X12 requires."""
        fields = [self._element(tag, position, value) for position, value in enumerate(elements, 1)]
        while fields and not fields[-1]:
            fields.pop()
        self._write_raw(tag, fields)
        if self._set is not None:
            self._segments += 1

    def write_set(self, outgoing):
        self.start_set(outgoing.type, outgoing.control_number, outgoing.implementation)
        for segment in outgoing.segments:
            self.write_segment(*segment)
        self.end_set()

    def end_set(self):
        self._require(self._set is not None, "SE", "after an ST")
        self.write_segment("SE", str(self._segments + 1), self._set)
        self._set = None

    def end_group(self):
        self._require(
            self._group is not None and self._set is None, "GE", "after the group's last SE"
        )
        self.write_segment("GE", str(self._sets), self._group)
        self._group = None

    def end_interchange(self):
        self._require(
            self._interchange is not None and self._group is None,
            "IEA",
            "after the interchange's last GE",
        )
        self.write_segment("IEA", str(self._groups), self._interchange)
        self._interchange = None

    def _isa_elements(self, header, control):
        repetition = self.delimiters.repetition
        if header.version >= _FIRST_VERSION_WITH_REPETITION:
            # A partner may keep ISA11 'U' from 00402 on (no repetitions): written back so.
            isa11 = repetition or header.standards_id
            if not isa11:
                raise X12WriteError(f"ISA12={header.version} needs a repetition separator (ISA11)")
        elif repetition is not None:
            raise X12WriteError(
                f"ISA12={header.version} has no repetition separator: ISA11 is "
                f"{header.standards_id!r}; drop the repetition separator or use 00402+"
            )
        else:
            isa11 = header.standards_id
        values = (
            header.authorization_qualifier,
            header.authorization,
            header.security_qualifier,
            header.security,
            header.sender_qualifier,
            header.sender_id,
            header.receiver_qualifier,
            header.receiver_id,
            header.date,
            header.time,
            isa11,
            header.version,
            control,
            header.ack_requested,
            header.usage,
            self.delimiters.component,
        )
        elements = []
        for index, (value, width) in enumerate(zip(values, ISA_WIDTHS, strict=True), 1):
            if index not in _ISA_DELIMITER_POSITIONS:
                self._checked("ISA", index, str(value))
            elements.append(_isa_field(index, str(value), width))
        return elements

    def _element(self, tag, position, value):
        if value is None:
            return ""
        if isinstance(value, str):
            return self._checked(tag, position, value)
        if isinstance(value, tuple):
            return self._composite(tag, position, value)
        if isinstance(value, list):
            return self._repeated(tag, position, value)
        raise X12WriteError(
            f"{tag}{position:02d}: {value!r} is a {type(value).__name__}; format it as text"
        )

    def _composite(self, tag, position, components):
        parts = [self._checked(tag, position, part or "") for part in components]
        while parts and not parts[-1]:
            parts.pop()
        return self.delimiters.component.join(parts)

    def _repeated(self, tag, position, repeats):
        separator = self.delimiters.repetition
        if separator is None:
            raise X12WriteError(
                f"{tag}{position:02d} repeats but the interchange has no repetition separator"
            )
        return separator.join(
            self._composite(tag, position, repeat)
            if isinstance(repeat, tuple)
            else self._checked(tag, position, repeat)
            for repeat in repeats
        )

    def _checked(self, tag, position, text):
        found = self._forbidden.search(text)
        if found:
            raise X12WriteError(
                f"{tag}{position:02d} value {text!r} contains {found.group()!r}, a delimiter "
                f"of this interchange; X12 has no escape character: change the data or the "
                f"partner's delimiters"
            )
        return text

    def _write_raw(self, tag, fields):
        separator = self.delimiters.element
        line = separator.join([tag, *fields]) if fields else tag
        self.stream.write(line.encode(self.encoding) + self._end)

    def _require(self, condition, tag, where):
        if not condition:
            raise X12WriteError(f"{tag} can only be written {where}")


def _check_delimiters(delimiters):
    chars = _delimiter_chars(delimiters)
    if any(len(char) != 1 or char.isalnum() or char == " " for char in chars):
        raise X12WriteError(f"delimiters must be single non-alphanumeric characters: {chars}")
    if len(set(chars)) != len(chars):
        raise X12WriteError(f"delimiters must all differ: {chars}")


def _delimiter_chars(delimiters):
    chars = [delimiters.element, delimiters.component, delimiters.segment]
    if delimiters.repetition is not None:
        chars.append(delimiters.repetition)
    return chars


def _control(value, width):
    """A control number: an int is zero-padded to ``width``, a str is kept as given."""
    return str(value).zfill(width) if isinstance(value, int) else value


def _isa_field(index, value, width):
    """An ISA value at its fixed width: IDs are padded, the other values must fit exactly."""
    if index in _PADDED_ISA_POSITIONS:
        if len(value) > width:
            raise X12WriteError(f"ISA{index:02d} {value!r} is longer than {width} characters")
        return value.ljust(width)
    if len(value) != width:
        raise X12WriteError(f"ISA{index:02d} {value!r} must be {width} characters long")
    if index in _ISA_CODES and value not in _ISA_CODES[index]:
        raise X12WriteError(
            f"ISA{index:02d} {value!r} is not one of {', '.join(_ISA_CODES[index])}"
        )
    return value
