"""Envelope validation: ISA/IEA, GS/GE and ST/SE checked while the segments stream by.

The result is a tree Interchange -> FunctionalGroup -> TransactionSet where each node
carries its own errors, coded the way TA1 (interchange) and 997/999 (group, set) report
them, so acknowledgements are generated straight from it. Only the open transaction set's
segments are held, so a file of any size validates in flat memory.
"""

import re
from dataclasses import dataclass, field

from .reader import ISA_WIDTHS, Delimiters, iter_batches

INTERCHANGE, GROUP, SET = "interchange", "group", "set"
_TAG = re.compile(r"[A-Z][A-Z0-9]{1,2}")
# From this GS08 version on, 716 code 19 says "group control number not unique".
_FIRST_VERSION_WITH_CODE_19 = "005010"


@dataclass(frozen=True, slots=True)
class EnvelopeError:
    """One envelope problem. ``code`` is a TA1 note code (I18) at interchange level, an AK9
    code (716) at group level, an AK5/IK5 code (718) at set level; warnings have none."""

    level: str
    code: str
    message: str
    interchange_control: str | None = None
    group_control: str | None = None
    set_control: str | None = None
    segment_number: int | None = None
    offset: int | None = None


@dataclass(slots=True)
class ElementError:
    """An AK4/IK4 note: element ``position`` (and ``component``) of a segment in error."""

    position: int
    code: str
    component: int | None = None
    reference: str = ""
    bad_value: str = ""


@dataclass(slots=True)
class SegmentError:
    """An AK3/IK3 note: the segment at ``position`` in its set (ST is 1) is in error."""

    tag: str
    position: int
    code: str
    loop_id: str = ""
    message: str = ""
    elements: list[ElementError] = field(default_factory=list)


@dataclass(slots=True)
class InterchangeHeader:
    """ISA values; IDs are kept unpadded and padded again by the writer."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    date: str
    time: str
    control_number: str | int
    version: str = "00401"
    usage: str = "P"
    ack_requested: str = "0"
    authorization_qualifier: str = "00"
    authorization: str = ""
    security_qualifier: str = "00"
    security: str = ""
    standards_id: str = "U"

    @classmethod
    def from_isa(cls, segment):
        value = [element.strip() for element in segment.elements]
        return cls(
            authorization_qualifier=value[0],
            authorization=value[1],
            security_qualifier=value[2],
            security=value[3],
            sender_qualifier=value[4],
            sender_id=value[5],
            receiver_qualifier=value[6],
            receiver_id=value[7],
            date=value[8],
            time=value[9],
            standards_id=value[10] if segment.delimiters.repetition is None else "U",
            version=value[11],
            control_number=value[12],
            ack_requested=value[13],
            usage=value[14],
        )

    def reply(self, control_number, date, time):
        """The header of an interchange answering this one (sender and receiver swapped)."""
        return InterchangeHeader(
            sender_qualifier=self.receiver_qualifier,
            sender_id=self.receiver_id,
            receiver_qualifier=self.sender_qualifier,
            receiver_id=self.sender_id,
            date=date,
            time=time,
            control_number=control_number,
            version=self.version,
            usage=self.usage,
            standards_id=self.standards_id,
        )


@dataclass(slots=True)
class GroupHeader:
    """GS values: functional id code (GS01), application sender/receiver, control, version."""

    functional_id: str
    sender: str
    receiver: str
    date: str
    time: str
    control_number: str | int
    version: str = "004010"
    agency: str = "X"

    @classmethod
    def from_gs(cls, segment):
        get = segment.get
        return cls(
            functional_id=get(1),
            sender=get(2),
            receiver=get(3),
            date=get(4),
            time=get(5),
            control_number=get(6),
            agency=get(7),
            version=get(8),
        )


@dataclass(eq=False, slots=True)
class TransactionSet:
    """ST..SE. ``segments`` is the body between ST and SE when the caller keeps it."""

    type: str
    control_number: str
    implementation: str
    group: "FunctionalGroup" = field(repr=False)
    segment_number: int
    offset: int
    segment_count: int = 0
    declared_count: str | None = None
    trailer_control: str | None = None
    errors: list[EnvelopeError] = field(default_factory=list)
    segment_errors: list[SegmentError] = field(default_factory=list)
    segments: list | None = field(default=None, repr=False)

    @property
    def accepted(self):
        return not self.errors and not self.segment_errors

    @property
    def reference(self):
        """``<GS06>:<ST02>``, the reference a functional acknowledgement answers."""
        return f"{self.group.header.control_number}:{self.control_number}"


@dataclass(eq=False, slots=True)
class FunctionalGroup:
    """GS..GE: what a 997/999 acknowledges, set by set."""

    header: GroupHeader
    interchange: "Interchange" = field(repr=False)
    segment_number: int
    offset: int
    sets: list[TransactionSet] = field(default_factory=list)
    errors: list[EnvelopeError] = field(default_factory=list)
    declared_count: str | None = None
    trailer_control: str | None = None
    set_controls: set = field(default_factory=set, repr=False)


@dataclass(eq=False, slots=True)
class Interchange:
    """ISA..IEA, with its delimiters so that replies and rewrites can use them."""

    header: InterchangeHeader
    delimiters: Delimiters
    index: int
    segment_number: int
    offset: int
    groups: list[FunctionalGroup] = field(default_factory=list)
    errors: list[EnvelopeError] = field(default_factory=list)
    declared_count: str | None = None
    trailer_control: str | None = None
    ta1_segments: list = field(default_factory=list, repr=False)
    group_controls: set = field(default_factory=set, repr=False)
    warnings: list[EnvelopeError] = field(default_factory=list)  # read leniently

    @property
    def accepted(self):
        return not self.errors


@dataclass(slots=True)
class ValidationResult:
    """Every interchange of a file; ``errors`` holds what lies outside any interchange."""

    interchanges: list[Interchange] = field(default_factory=list)
    errors: list[EnvelopeError] = field(default_factory=list)
    warnings: list[EnvelopeError] = field(default_factory=list)

    @property
    def ok(self):
        """Nothing to reject: no envelope error and no segment error in any set."""
        no_errors = next(self.all_errors(), None) is None
        return no_errors and all(t.accepted for t in self.transaction_sets())

    def all_errors(self):
        """Every envelope error: outside interchanges, then each interchange, outer levels
        first."""
        yield from self.errors
        for interchange in self.interchanges:
            yield from interchange.errors
            for group in interchange.groups:
                yield from group.errors
                for transaction_set in group.sets:
                    yield from transaction_set.errors

    def transaction_sets(self):
        for interchange in self.interchanges:
            for group in interchange.groups:
                yield from group.sets


def validate(stream, *, keep_segments=False, strict_isa=False, **reader_options):
    """Validate every envelope of a binary stream; ``keep_segments`` stores each set's body
    on it (for small files: round trips, tests), otherwise only counts are kept."""
    validator = EnvelopeValidator(collect_segments=keep_segments, strict_isa=strict_isa)
    batches = iter_batches(stream, warn=validator.warn, **reader_options)
    for transaction_set, body in validator.run(batches):
        transaction_set.segments = body
    return validator.result


def iter_transaction_sets(stream, validator=None, **reader_options):
    """Yield ``(transaction set, body segments)`` as each set closes, for mapping a large
    file set by set; ``validator.result`` holds the envelope results afterwards."""
    validator = validator or EnvelopeValidator(collect_segments=True)
    yield from validator.run(iter_batches(stream, warn=validator.warn, **reader_options))


class EnvelopeValidator:
    """Checks the envelopes of a stream of segments; ``run`` yields ``(set, body)`` as each
    transaction set ends (body is None unless ``collect_segments``).

    ``strict_isa`` rejects an ISA whose fields are not padded to their fixed width (TA1
    022); without it such an ISA, common from small partners' gateways, is read with a
    warning.
    """

    def __init__(self, *, collect_segments=False, strict_isa=False):
        self.result = ValidationResult()
        self.collect_segments = collect_segments
        self.strict_isa = strict_isa
        self._interchange = None
        self._group = None
        self._set = None
        self._body = None
        self._straying = False
        self._isa_controls = set()
        self._pending_warnings = []
        self._valid_tags = set()
        self._handlers = {
            "ISA": self._isa,
            "IEA": self._iea,
            "GS": self._gs,
            "GE": self._ge,
            "ST": self._st,
            "SE": self._se,
        }

    def run(self, batches):
        """Check the segments of reader batches (``reader.iter_batches``).

        Only envelope segments (ISA, GS, ST and their trailers) are split and checked one by
        one. The body segments between two of them are checked as one run: their tags in
        bulk (a set comparison), their elements not at all unless held
        (``collect_segments``) or wrong; a set's segment count comes from segment numbers.
        """
        handlers, last_number = self._handlers, 0
        for batch in batches:
            separator = batch.delimiters.element
            tags = [text.partition(separator)[0] for text in batch.texts]
            start = 0
            for index in [index for index, tag in enumerate(tags) if tag in handlers]:
                self._body_run(batch, tags, start, index)
                self._straying = False
                closed = handlers[tags[index]](batch.segment(index))
                if closed is not None:
                    yield closed
                start = index + 1
            self._body_run(batch, tags, start, len(tags))
            last_number = batch.number + len(tags) - 1
        closed = self._finish(last_number + 1)
        if closed is not None:
            yield closed

    def _body_run(self, batch, tags, start, stop):
        """Segments ``start`` to ``stop`` (excluded) of a batch, none of them an envelope
        segment: held when asked, their tags checked, wrapped lines warned of; outside a
        set, strays."""
        if start == stop:
            return
        if self._set is None:
            for index in range(start, stop):
                self._stray(batch.segment(index))
            return
        if self._body is not None:
            self._body.extend(map(batch.segment, range(start, stop)))
        if not self._valid_tags.issuperset(tags[start:stop]):
            for index in range(start, stop):
                if tags[index] not in self._valid_tags:
                    self._check_tag(batch.segment(index))
        if batch.merged:
            for index in sorted(i for i in batch.merged if start <= i < stop):
                self._warn_merged(batch.segment(index))

    def _finish(self, next_number):
        """Close whatever is still open before segment ``next_number``; returns an open set."""
        closed = self._close_group(next_number) if self._group else None
        if self._interchange is not None:
            interchange = self._interchange
            self._interchange_error("023", f"no IEA for ISA13={interchange.header.control_number}")
            self._interchange = None
        return closed

    # -- interchange ------------------------------------------------------------------

    def _isa(self, segment):
        closed = self._finish(segment.number) if self._interchange else None
        interchange = Interchange(
            header=InterchangeHeader.from_isa(segment),
            delimiters=segment.delimiters,
            index=segment.interchange,
            segment_number=segment.number,
            offset=segment.offset,
        )
        self.result.interchanges.append(interchange)
        self._interchange = interchange
        interchange.warnings += self._pending_warnings
        self._pending_warnings.clear()
        self._check_isa(segment, interchange)
        return closed

    def _check_isa(self, segment, interchange):
        elements = segment.elements
        control = interchange.header.control_number
        wrong = [
            f"ISA{index:02d} has {len(value)} {_plural('characters', len(value))}, not {width}"
            for index, (value, width) in enumerate(zip(elements, ISA_WIDTHS, strict=True), 1)
            if len(value) != width
        ]
        if wrong:
            message = f"ISA is not fixed width (ISA13={control}): {'; '.join(wrong)}"
            if self.strict_isa:
                self._interchange_error("022", message, segment)
            else:
                self.warn(f"{message}: read as the partner meant it", segment.offset)
        if not (len(elements[12]) == 9 and elements[12].isdigit()):
            self._interchange_error("018", f"ISA13={elements[12]!r} is not 9 digits", segment)
        if elements[13] not in ("0", "1"):
            self._interchange_error("019", f"ISA14={elements[13]!r} is not 0 or 1", segment)
        if elements[14] not in ("P", "T", "I"):
            self._interchange_error("020", f"ISA15={elements[14]!r} is not P, T or I", segment)
        if control in self._isa_controls:
            self._interchange_error("025", f"ISA13={control} appears twice in the file", segment)
        self._isa_controls.add(control)

    def _iea(self, segment):
        closed = self._close_group(segment.number) if self._group else None
        interchange = self._interchange
        if interchange is None:
            self._stray(segment)
            return closed
        self._check_trailer(
            segment,
            interchange,
            self._interchange_error,
            (len(interchange.groups), "functional groups"),
            ("ISA13", interchange.header.control_number),
            {"control": "001", "count": "021"},
        )
        self._interchange = None
        return closed

    # -- functional group ---------------------------------------------------------------

    def _gs(self, segment):
        if self._interchange is None:
            self._stray(segment)
            return None
        closed = self._close_group(segment.number) if self._group else None
        interchange = self._interchange
        group = FunctionalGroup(
            header=GroupHeader.from_gs(segment),
            interchange=interchange,
            segment_number=segment.number,
            offset=segment.offset,
        )
        interchange.groups.append(group)
        self._group = group
        control = group.header.control_number
        if not control.isdigit():
            self._group_error("6", f"GS06={control!r} is not a number", segment)
        if control in interchange.group_controls:
            code = "19" if group.header.version >= _FIRST_VERSION_WITH_CODE_19 else "6"
            self._group_error(
                code,
                f"GS06={control} is used twice in interchange "
                f"ISA13={interchange.header.control_number}",
                segment,
            )
        interchange.group_controls.add(control)
        return closed

    def _ge(self, segment):
        closed = self._close_set(segment.number) if self._set else None
        group = self._group
        if group is None:
            self._stray(segment)
            return closed
        self._check_trailer(
            segment,
            group,
            self._group_error,
            (len(group.sets), "transaction sets"),
            ("GS06", group.header.control_number),
            {"count": "5", "control": "4"},
        )
        self._group = None
        return closed

    def _close_group(self, next_number):
        """Close a group that has no GE, and its open set."""
        closed = self._close_set(next_number) if self._set else None
        self._group_error("3", f"no GE for GS06={self._group.header.control_number}")
        self._group = None
        return closed

    # -- transaction set ------------------------------------------------------------------

    def _st(self, segment):
        closed = self._close_set(segment.number) if self._set else None
        group = self._group
        if group is None:
            self._stray(segment)
            return closed
        transaction_set = TransactionSet(
            type=segment.get(1),
            control_number=segment.get(2),
            implementation=segment.get(3),
            group=group,
            segment_number=segment.number,
            offset=segment.offset,
        )
        group.sets.append(transaction_set)
        self._set = transaction_set
        self._body = [] if self.collect_segments else None
        control = transaction_set.control_number
        if not transaction_set.type:
            self._set_error("6", f"ST01 is empty (ST02={control})", segment)
        if not control:
            self._set_error("7", "ST02 is empty", segment)
        elif control in group.set_controls:
            self._set_error(
                "23",
                f"ST02={control} is used twice in group GS06={group.header.control_number}",
                segment,
            )
        group.set_controls.add(control)
        return closed

    def _se(self, segment):
        transaction_set = self._set
        if transaction_set is None:
            self._stray(segment)
            return None
        transaction_set.segment_count = segment.number - transaction_set.segment_number + 1
        self._check_trailer(
            segment,
            transaction_set,
            self._set_error,
            (transaction_set.segment_count, "segments"),
            ("ST02", transaction_set.control_number),
            {"count": "4", "control": "3"},
        )
        closed = (self._set, self._body)
        self._set = self._body = None
        return closed

    def _close_set(self, next_number):
        """Close a set that has no SE: segment ``next_number`` is already outside it."""
        transaction_set = self._set
        transaction_set.segment_count = next_number - transaction_set.segment_number
        self._set_error("2", f"no SE for ST02={transaction_set.control_number}")
        closed = (self._set, self._body)
        self._set = self._body = None
        return closed

    def _check_tag(self, segment):
        if _TAG.fullmatch(segment.tag):
            self._valid_tags.add(segment.tag)
            return
        transaction_set = self._set
        transaction_set.segment_errors.append(
            SegmentError(
                tag=segment.tag[:3],
                code="1",
                position=segment.number - transaction_set.segment_number + 1,
                message=f"{segment.tag!r} is not a segment ID ({segment.where()})",
            )
        )

    def warn(self, message, offset=None):
        """Note what was read leniently (the reader's and the envelope's own findings)."""
        interchange = self._interchange
        warning = EnvelopeError(
            INTERCHANGE,
            "",
            message,
            interchange_control=interchange.header.control_number if interchange else None,
            offset=offset,
        )
        self.result.warnings.append(warning)
        # Before any ISA (an EBCDIC file): the next interchange's, as it is the file's.
        (interchange.warnings if interchange else self._pending_warnings).append(warning)

    def _warn_merged(self, segment):
        warning = self._error(
            SET,
            "",
            f"{segment.where()} continues on the next line with "
            f"'{segment.merged}{segment.delimiters.element}': a segment terminator "
            f"is probably missing there",
            segment,
        )
        self.result.warnings.append(warning)
        self._interchange.warnings.append(warning)

    # -- shared -------------------------------------------------------------------------

    def _check_trailer(self, segment, level, report, counted, header, codes):
        """A trailer (IEA, GE, SE) closing ``level`` counts what it holds (``counted``:
        number, noun) and repeats its header's control number (``header``: name, value);
        ``codes`` gives the error code of each mismatch, "count" and "control", in the
        order reported."""
        level.declared_count, level.trailer_control = segment.get(1), segment.get(2)
        tag, (number, what), (header_name, control) = segment.tag, counted, header
        problems = {
            "count": self._count_mismatch(
                f"{tag}01", segment.get(1), number, what, f"{header_name}={control}"
            ),
            "control": self._control_mismatch(f"{tag}02", segment.get(2), header_name, control),
        }
        for check, code in codes.items():
            if problems[check]:
                report(code, problems[check], segment)

    def _control_mismatch(self, name, value, header_name, header_value):
        """The message when a trailer's control number is not its header's, else None."""
        if value == header_value:
            return None
        return f"{name}={value!r} != {header_name}={header_value!r}" + self._separator_hint(value)

    def _count_mismatch(self, name, value, counted, what, context):
        """The message when a trailer's count is not what was counted, else None."""
        if not value.isdigit():
            return (
                f"{name}={value!r} is not a number, counted {counted} {_plural(what, counted)} "
                f"({context})" + self._separator_hint(value)
            )
        if int(value) != counted:
            return f"{name}={value}, counted {counted} {_plural(what, counted)} ({context})"
        return None

    def _separator_hint(self, value):
        """Why a trailer value ends with ISA16: the ISA lacks ISA16, so what was read as the
        component separator is really every segment's terminator."""
        delimiters = self._interchange.delimiters
        if len(value) > 1 and value.endswith(delimiters.component):
            return (
                f"; it ends with the component separator {delimiters.component!r} "
                f"(ISA16): the ISA probably lacks ISA16 and {delimiters.component!r} "
                f"terminates every segment"
            )
        return ""

    def _stray(self, segment):
        """A segment outside the envelope that should hold it; reported once per run."""
        interchange = self._interchange
        if segment.tag == "TA1" and interchange is not None and self._group is None:
            interchange.ta1_segments.append(segment)
            return
        if self._straying:
            return
        self._straying = True
        if interchange is None:
            where = "outside any interchange"
        elif self._group is None:
            where = f"outside any functional group of ISA13={interchange.header.control_number}"
        else:
            where = f"outside any transaction set of GS06={self._group.header.control_number}"
        error = self._error(INTERCHANGE, "024", f"{segment.where()} is {where}", segment)
        (interchange.errors if interchange else self.result.errors).append(error)

    def _interchange_error(self, code, message, segment=None):
        self._interchange.errors.append(self._error(INTERCHANGE, code, message, segment))

    def _group_error(self, code, message, segment=None):
        self._group.errors.append(self._error(GROUP, code, message, segment))

    def _set_error(self, code, message, segment=None):
        self._set.errors.append(self._error(SET, code, message, segment))

    def _error(self, level, code, message, segment):
        interchange, group, transaction_set = self._interchange, self._group, self._set
        return EnvelopeError(
            level=level,
            code=code,
            message=message,
            interchange_control=interchange.header.control_number if interchange else None,
            group_control=group.header.control_number if group else None,
            set_control=transaction_set.control_number if transaction_set else None,
            segment_number=segment.number if segment else None,
            offset=segment.offset if segment else None,
        )


def _plural(noun, count):
    """'segments' for any count but one, where it is 'segment'."""
    return noun if count != 1 else noun.removesuffix("s")
