"""Interchange envelopes (UNB/UNZ, UNG/UNE, UNH/UNT), built and checked while streaming.

Problems are collected on the interchange, group or message they concern rather than raised,
so that one CONTRL can report every one of them; ``Interchange.raise_for_errors`` serves
callers that only want valid interchanges. Interchanges are yielded one at a time, so a file
of many interchanges is never held in memory at once.
"""

from dataclasses import dataclass, field

from .errors import EnvelopeError, InterchangeRejected
from .reader import CHARSETS, CHUNK_SIZE, EdifactReader, Segment, Separators

SYNTAX_VERSIONS = ("1", "2", "3", "4")

# (element, component or None for a simple data element, name) of what must be present.
_REQUIRED = {
    "UNB": (
        (0, 0, "0001 syntax identifier"),
        (0, 1, "0002 syntax version"),
        (1, 0, "0004 interchange sender"),
        (2, 0, "0010 interchange recipient"),
        (3, 0, "0017 preparation date"),
        (3, 1, "0019 preparation time"),
        (4, None, "0020 interchange control reference"),
    ),
    "UNG": ((4, None, "0048 group reference"),),
    "UNH": (
        (0, None, "0062 message reference"),
        (1, 0, "0065 message type"),
        (1, 1, "0052 message version"),
        (1, 2, "0054 message release"),
        (1, 3, "0051 controlling agency"),
    ),
    "UNT": ((0, None, "0074 segment count"), (1, None, "0062 message reference")),
    "UNE": ((0, None, "0060 message count"), (1, None, "0048 group reference")),
    "UNZ": ((0, None, "0036 control count"), (1, None, "0020 interchange control reference")),
}
# Data elements each service segment may have (syntax 4, the largest).
_MAX_ELEMENTS = {"UNB": 11, "UNG": 8, "UNH": 7, "UNT": 2, "UNE": 2, "UNZ": 2}


@dataclass(frozen=True)
class PartyId:
    """An interchange or application party: identification, qualifier, routing address."""

    id: str
    qualifier: str | None = None
    routing: str | None = None

    @classmethod
    def from_components(cls, components):
        values = [*components, "", "", ""]
        return cls(values[0], values[1] or None, values[2] or None)

    def components(self):
        return [self.id, self.qualifier, self.routing]


@dataclass(frozen=True)
class MessageType:
    """UNH S009: type, version, release, agency and association code (``ORDERS:D:96A:UN``)."""

    type: str
    version: str
    release: str
    agency: str = "UN"
    association: str | None = None

    @classmethod
    def from_components(cls, components):
        values = [*components, "", "", "", "", ""]
        return cls(values[0], values[1], values[2], values[3], values[4] or None)

    def components(self):
        return [self.type, self.version, self.release, self.agency, self.association]

    def __str__(self):
        return ":".join(c for c in self.components() if c)


@dataclass
class Message:
    """One message, UNH to UNT inclusive (the UNT is absent when the partner left it out)."""

    ref: str
    message_type: MessageType
    segments: list
    interchange_ref: str | None = None
    group_ref: str | None = None
    trailer: Segment | None = None
    errors: list = field(default_factory=list)

    @property
    def header(self):
        return self.segments[0]

    @property
    def body(self):
        """The user segments, between UNH and UNT."""
        return self.segments[1:-1] if self.trailer else self.segments[1:]

    def add_mapping_error(self, error):
        """Record why this message could not be mapped, so a CONTRL can reject it.

        An error located on a segment becomes a segment-level error (UCS/UCD); one about a
        segment that is missing stays at message level (UCM).
        """
        number = None
        if error.position is not None:
            number = error.position.segment - self.header.position.segment + 1
        self.errors.append(
            EnvelopeError(
                "segment" if number else "message",
                error.code,
                str(error),
                interchange_ref=self.interchange_ref,
                group_ref=self.group_ref,
                message_ref=self.ref,
                segment=error.segment,
                element=error.element_position,
                segment_number=number,
                position=error.position,
            )
        )


@dataclass
class Group:
    """A functional group, UNG to UNE."""

    ref: str
    header: Segment
    messages: list = field(default_factory=list)
    trailer: Segment | None = None
    errors: list = field(default_factory=list)


@dataclass
class Interchange:
    """One interchange with the separators it was written with and its envelope errors.

    ``messages`` holds every message in order, grouped or not; ``errors`` only the errors of
    the interchange level (``all_errors`` adds those of its groups and messages).
    """

    header: Segment
    separators: Separators
    una: bool
    messages: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    trailer: Segment | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # read leniently: never a rejection
    # The Python codec its text was read with, when not the one its syntax identifier says.
    read_charset: str | None = None

    @property
    def control_ref(self):
        return self.header.value(4)

    @property
    def syntax_id(self):
        return self.header.value(0, 0)

    @property
    def syntax_version(self):
        return self.header.value(0, 1)

    @property
    def sender(self):
        return PartyId.from_components(self.header.element(1))

    @property
    def recipient(self):
        return PartyId.from_components(self.header.element(2))

    @property
    def application_ref(self):
        return self.header.value(6) or None

    @property
    def test(self):
        """UNB0035 test indicator: a test interchange must never create business records."""
        return self.header.value(10) == "1"

    def all_errors(self):
        errors = list(self.errors)
        for group in self.groups:
            errors.extend(group.errors)
        for message in self.messages:
            errors.extend(message.errors)
        return errors

    @property
    def is_valid(self):
        return not self.all_errors()

    def raise_for_errors(self):
        errors = self.all_errors()
        if errors:
            raise InterchangeRejected(self.control_ref, errors)

    def segments(self):
        """Every envelope and message segment in order, as needed to write it back."""
        yield self.header
        if self.groups:
            for group in self.groups:
                yield group.header
                for message in group.messages:
                    yield from message.segments
                if group.trailer:
                    yield group.trailer
        else:
            for message in self.messages:
                yield from message.segments
        if self.trailer:
            yield self.trailer


def read_interchanges(source, chunk_size=CHUNK_SIZE, **reader_options):
    """The interchanges of ``source`` (bytes, str, path or stream), one at a time;
    ``reader_options`` go to the EdifactReader (``ebcdic``: the code page of EBCDIC files).

    A segment before any UNB cannot belong to an interchange, let alone be acknowledged,
    so it raises an EnvelopeError instead of being collected.
    """
    reader = EdifactReader(source, chunk_size, **reader_options)
    builder = None
    for segment in reader:
        if segment.tag == "UNB":
            if builder:
                yield builder.finish()
            builder = _InterchangeBuilder(segment, reader.separators, reader.una)
        elif builder is None:
            raise EnvelopeError(
                "interchange",
                "13",
                f"{segment.tag} at {segment.position} comes before any UNB",
                segment="UNB",
                position=segment.position,
            )
        elif builder.add(segment):
            builder.warn(reader)
            yield builder.interchange
            builder = None
            continue
        if reader.warnings:
            builder.warn(reader)
    if builder:
        yield builder.finish()


class _InterchangeBuilder:
    """Assembles one interchange segment by segment and records what is wrong with it."""

    def __init__(self, header, separators, una):
        self.interchange = Interchange(header, separators, una)
        self.group = None
        self.message = None
        # References seen per noun, so that a large interchange checks each in constant time.
        self._refs = {"group": set(), "message": set()}
        self._handlers = {
            "UNG": self._open_group,
            "UNE": self._close_group,
            "UNH": self._open_message,
            "UNT": self._close_message,
        }
        self._check_service_segment(header)
        self._check_syntax(header)

    def warn(self, reader):
        """Take the reader's notes of what it read leniently (emptying its list), and the
        character set it fell back on."""
        warnings = reader.warnings
        if reader.charset != CHARSETS.get(self.interchange.syntax_id):
            self.interchange.read_charset = reader.charset
        self.interchange.warnings += [
            EnvelopeError(
                "interchange",
                "",
                text,
                interchange_ref=self.interchange.control_ref,
                position=position,
            )
            for text, position in warnings
        ]
        warnings.clear()

    def add(self, segment):
        """Take the next segment; True once the UNZ closed the interchange."""
        tag = segment.tag
        if tag in self._handlers:
            self._handlers[tag](segment)
        elif tag == "UNZ":
            self._close(segment)
            return True
        elif self.message:
            self.message.segments.append(segment)
        else:
            self._report(
                "33",
                f"{segment.tag} at {segment.position} is outside a message",
                group=self.group,
                position=segment.position,
            )
        return False

    def finish(self):
        """The interchange when the stream (or the next UNB) came before its UNZ."""
        self._close_open_levels()
        self._report("13", f"no UNZ for UNB {self.interchange.control_ref}", segment="UNZ")
        return self.interchange

    def _open_group(self, segment):
        self._close_open_levels()
        interchange = self.interchange
        if any(message.group_ref is None for message in interchange.messages):
            self._report("30", "UNG after messages that are outside any group", segment="UNG")
        group = Group(segment.value(4), segment)
        self._check_unique("group", group, (5, None), group=group)
        interchange.groups.append(group)
        self.group = group
        self._check_service_segment(segment, group=group)

    def _close_group(self, segment):
        self._close_message_without_trailer()
        group = self.group
        if group is None:
            self._report("33", f"UNE at {segment.position} without UNG", segment="UNE")
            return
        group.trailer = segment
        self._check_service_segment(segment, group=group)
        self._check_reference(segment, group.header, 4, group=group)
        self._check_count(
            segment, len(group.messages), "messages", f"group {group.ref}", group=group
        )
        self.group = None

    def _open_message(self, segment):
        self._close_message_without_trailer()
        interchange = self.interchange
        if interchange.groups and self.group is None:
            self._report("30", "UNH outside a group in an interchange with groups", segment="UNH")
        message = Message(
            segment.value(0),
            MessageType.from_components(segment.element(1)),
            [segment],
            interchange_ref=interchange.control_ref,
            group_ref=self.group.ref if self.group else None,
        )
        self._check_unique("message", message, (1, None), message=message)
        interchange.messages.append(message)
        if self.group:
            self.group.messages.append(message)
        self.message = message
        self._check_service_segment(segment, message=message)

    def _close_message(self, segment):
        message = self.message
        if message is None:
            self._report(
                "33", f"UNT at {segment.position} without UNH", group=self.group, segment="UNT"
            )
            return
        message.segments.append(segment)
        message.trailer = segment
        self._check_service_segment(segment, message=message)
        self._check_reference(segment, message.header, 0, message=message)
        self._check_count(
            segment,
            len(message.segments),
            "segments",
            f"message {message.ref} (UNH to UNT)",
            message=message,
        )
        self.message = None

    def _close(self, segment):
        self._close_open_levels()
        interchange = self.interchange
        interchange.trailer = segment
        self._check_service_segment(segment)
        self._check_reference(segment, interchange.header, 4)
        if interchange.groups:
            expected, noun = len(interchange.groups), "groups"
        else:
            expected, noun = len(interchange.messages), "messages"
        self._check_count(segment, expected, noun, f"interchange {interchange.control_ref}")

    def _close_open_levels(self):
        self._close_message_without_trailer()
        if self.group:
            group = self.group
            self._report("13", f"no UNE for UNG {group.ref}", group=group, segment="UNE")
            self.group = None

    def _close_message_without_trailer(self):
        if self.message:
            message = self.message
            self._report("13", f"no UNT for UNH {message.ref}", message=message, segment="UNT")
            self.message = None

    def _check_syntax(self, header):
        syntax_id, version = header.value(0, 0), header.value(0, 1)
        if syntax_id and syntax_id not in CHARSETS:
            self._report(
                "2",
                f"syntax identifier {syntax_id} is not supported",
                segment="UNB",
                element=(1, 1),
            )
        if version and version not in SYNTAX_VERSIONS:
            self._report(
                "2", f"syntax version {version} is not supported", segment="UNB", element=(1, 2)
            )

    def _check_service_segment(self, segment, **owner):
        """Too many data elements, then each mandatory value, of a service segment."""
        limit = _MAX_ELEMENTS[segment.tag]
        if len(segment.elements) > limit:
            self._report(
                "16",
                f"{segment.tag} has {len(segment.elements)} data elements, at most {limit}",
                segment=segment.tag,
                element=(limit + 1, None),
                **owner,
            )
        for element, component, name in _REQUIRED[segment.tag]:
            if not segment.value(element, component or 0):
                self._report(
                    "13",
                    f"{segment.tag} {name} is missing",
                    segment=segment.tag,
                    element=(element + 1, None if component is None else component + 1),
                    **owner,
                )

    def _check_unique(self, noun, item, element, **owner):
        """A group or message reference is used once in its interchange."""
        seen = self._refs[noun]
        if item.ref in seen:
            self._report(
                "26",
                f"{noun} reference {item.ref} appears twice in interchange "
                f"{self.interchange.control_ref}",
                segment=item.header.tag,
                element=element,
                **owner,
            )
        seen.add(item.ref)

    def _check_reference(self, trailer, header, header_index, **owner):
        expected, found = header.value(header_index), trailer.value(1)
        if expected and found and expected != found:
            self._report(
                "28",
                f"{trailer.tag} reference {found} does not match {header.tag} reference {expected}",
                segment=trailer.tag,
                element=(2, None),
                **owner,
            )

    def _check_count(self, trailer, expected, noun, owner_name, **owner):
        declared = trailer.value(0)
        if not declared:
            return
        if not declared.isdigit():
            self._report(
                "12",
                f"{trailer.tag} count {declared!r} is not a number",
                segment=trailer.tag,
                element=(1, None),
                **owner,
            )
        elif int(declared) != expected:
            self._report(
                "29",
                f"{trailer.tag} counts {int(declared)} {noun}, {owner_name} has {expected}",
                segment=trailer.tag,
                element=(1, None),
                **owner,
            )

    def _report(
        self, code, text, *, group=None, message=None, segment=None, element=None, position=None
    ):
        """Record an error on the message, else the group, else the interchange it concerns."""
        target = message or group or self.interchange
        level = "message" if message else "group" if group else "interchange"
        group_ref = message.group_ref if message else group.ref if group else None
        target.errors.append(
            EnvelopeError(
                level,
                code,
                text,
                interchange_ref=self.interchange.control_ref,
                group_ref=group_ref,
                message_ref=message.ref if message else None,
                segment=segment,
                element=element,
                position=position,
            )
        )
