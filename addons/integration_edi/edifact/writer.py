"""Writing interchanges with the partner's separators, escaping and character set.

Control references are the caller's (the hub owns the counters, per partner); the writer only
computes what can be counted: UNT segment counts, UNE message counts and the UNZ count.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .envelope import MessageType, PartyId
from .errors import EdifactError
from .reader import CHARSETS, DEFAULT_SEPARATORS, Segment, Separators

# UNB0020, UNG0048 and UNH0062 are an..14.
_MAX_REFERENCE = 14


@dataclass(frozen=True)
class InterchangeHeader:
    """What goes into UNB, plus the separators to write with.

    ``force_una`` emits UNA even with the default separators, for partners who insist on it.
    """

    sender: PartyId
    recipient: PartyId
    control_ref: str
    prepared: datetime
    syntax_id: str = "UNOC"
    syntax_version: str = "3"
    separators: Separators = DEFAULT_SEPARATORS
    application_ref: str | None = None
    ack_request: bool = False
    test: bool = False
    force_una: bool = False


@dataclass(frozen=True)
class OutboundMessage:
    """A message to send: its reference, its UNH S009 and the segments between UNH and UNT."""

    ref: str
    message_type: MessageType
    body: list


@dataclass(frozen=True)
class OutboundGroup:
    """A functional group; the application parties default to the interchange's."""

    ref: str
    messages: list
    sender: PartyId | None = None
    recipient: PartyId | None = None


def write_interchange(header, content, *, line_end=""):
    """The bytes of an interchange holding ``content`` (messages, or groups of messages).

    ``line_end`` (e.g. "\\n") follows every segment for partners who want one per line.
    """
    segments = build_interchange(header, content)
    text = serialize(segments, header.separators, una=header.force_una, line_end=line_end)
    return encode(text, header.syntax_id)


def build_interchange(header, content):
    """The segments of an interchange, UNB to UNZ, with every count computed."""
    content = list(content)
    if not content:
        raise EdifactError(f"interchange {header.control_ref} has no message to send")
    groups = [item for item in content if isinstance(item, OutboundGroup)]
    if groups and len(groups) != len(content):
        raise EdifactError("an interchange holds either groups or messages, not both")
    _check_reference("UNB0020", header.control_ref)
    messages = [m for g in groups for m in g.messages] if groups else content
    _check_unique("message reference", [message.ref for message in messages])
    _check_unique("group reference", [group.ref for group in groups])
    segments = [_unb(header)]
    for item in content:
        if groups:
            segments.extend(_group_segments(item, header))
        else:
            segments.extend(message_segments(item))
    segments.append(Segment.build("UNZ", len(content), header.control_ref))
    return segments


def message_segments(message):
    """UNH, the body and a UNT counting them all."""
    _check_reference("UNH0062", message.ref)
    header = Segment.build("UNH", message.ref, message.message_type.components())
    trailer = Segment.build("UNT", len(message.body) + 2, message.ref)
    return [header, *message.body, trailer]


def serialize(segments, separators=DEFAULT_SEPARATORS, *, una=False, line_end=""):
    """The text of ``segments``; UNA comes first when asked or when separators are not default."""
    parts = []
    if una or separators != DEFAULT_SEPARATORS:
        parts.append(separators.una() + line_end)
    parts.extend(format_segment(s, separators) + separators.segment + line_end for s in segments)
    return "".join(parts)


def format_segment(segment, separators=DEFAULT_SEPARATORS):
    """One segment without its terminator, every service character in the data released."""
    escape = _escaper(separators)
    elements = [
        separators.component.join(escape(_text(value, separators)) for value in element)
        for element in segment.elements
    ]
    return separators.element.join([segment.tag, *elements])


def encode(text, syntax_id):
    """``text`` in the character set of ``syntax_id``; refuses what the partner cannot read."""
    charset = CHARSETS.get(syntax_id)
    if charset is None:
        raise EdifactError(f"syntax identifier {syntax_id} is not supported for writing")
    try:
        return text.encode(charset)
    except UnicodeEncodeError as exc:
        raise EdifactError(
            f"{exc.object[exc.start : exc.end]!r} cannot be written in {syntax_id} ({charset}): "
            "agree a wider syntax identifier (UNOC, UNOY) with the partner or clean the data"
        ) from exc


def _prepared(header):
    """UNB/UNG S004: syntax 4 writes the century, earlier versions do not."""
    date_format = "%Y%m%d" if header.syntax_version == "4" else "%y%m%d"
    return header.prepared.strftime(date_format), header.prepared.strftime("%H%M")


def _unb(header):
    return Segment.build(
        "UNB",
        (header.syntax_id, header.syntax_version),
        header.sender.components(),
        header.recipient.components(),
        _prepared(header),
        header.control_ref,
        None,
        header.application_ref,
        None,
        "1" if header.ack_request else None,
        None,
        "1" if header.test else None,
    )


def _group_segments(group, header):
    _check_reference("UNG0048", group.ref)
    if not group.messages:
        raise EdifactError(f"group {group.ref} has no message")
    message_type = group.messages[0].message_type
    if any(m.message_type.type != message_type.type for m in group.messages):
        raise EdifactError(f"group {group.ref} mixes message types; one type per group")
    ung = Segment.build(
        "UNG",
        message_type.type,
        (group.sender or header.sender).components()[:2],
        (group.recipient or header.recipient).components()[:2],
        _prepared(header),
        group.ref,
        message_type.agency,
        (message_type.version, message_type.release, message_type.association),
    )
    body = [segment for message in group.messages for segment in message_segments(message)]
    une = Segment.build("UNE", len(group.messages), group.ref)
    return [ung, *body, une]


def _text(value, separators):
    """A component as text: decimals take the partner's decimal mark."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", separators.decimal)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value
    raise EdifactError(f"cannot write {value!r} ({type(value).__name__}) as an EDIFACT value")


def _escaper(separators):
    specials = {separators.component, separators.element, separators.segment}
    release = separators.release_char
    if release is None:

        def refuse(text):
            if any(char in specials for char in text):
                raise EdifactError(f"{text!r} holds a separator and the UNA has no release")
            return text

        return refuse
    table = str.maketrans({char: release + char for char in {*specials, release}})
    return lambda text: text.translate(table)


def _check_reference(name, value):
    if not value or len(value) > _MAX_REFERENCE:
        raise EdifactError(f"{name} {value!r} must be 1 to {_MAX_REFERENCE} characters")


def _check_unique(name, values):
    seen = set()
    for value in values:
        if value in seen:
            raise EdifactError(f"{name} {value} is used twice in one interchange")
        seen.add(value)
