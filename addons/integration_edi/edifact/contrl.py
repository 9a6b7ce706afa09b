"""CONTRL, the syntax and service report: generated from an interchange's errors, and read
back into canonical functional acknowledgements.

References in the acknowledgements: an interchange is named by its control reference
(UNB0020, e.g. ``807``), a message by ``<UNB0020>:<UNH0062>`` (e.g. ``807:1``). Message
references are unique within an interchange (the envelope checks it), so the pair names one
message whether or not it sits in a group. ``ack_ref`` is the CONTRL's own
``<UNB0020>:<UNH0062>``. A group verdict (UCF) is folded into the interchange's ack.
"""

from itertools import groupby

from .envelope import SYNTAX_VERSIONS, MessageType, read_interchanges
from .errors import EdifactMappingError, describe_code
from .reader import CHARSETS, Segment
from .writer import InterchangeHeader, OutboundMessage, write_interchange

# UNH S009 of CONTRL per syntax version of the interchange it reports on.
CONTRL_VERSIONS = {"1": ("2", "2"), "2": ("2", "2"), "3": ("D", "3"), "4": ("4", "1")}

# 0083 action codes.
REJECTED = "4"
ACKNOWLEDGED = "7"
RECEIVED = "8"
_STATUS = {REJECTED: "rejected", ACKNOWLEDGED: "accepted", RECEIVED: "accepted"}


def contrl_message(interchange, ref="1", *, received_only=False):
    """The CONTRL message reporting on ``interchange``.

    UCI 4 when the interchange itself is in error, else 7 (or 8 with ``received_only``, which
    confirms receipt without a verdict per message). Each message gets a UCM: 4 when it, its
    group or the interchange is rejected, else 7; segment and element errors follow as UCS/UCD.
    """
    rejected = bool(interchange.errors)
    action = REJECTED if rejected else RECEIVED if received_only else ACKNOWLEDGED
    header = interchange.header
    body = [
        Segment.build(
            "UCI",
            interchange.control_ref,
            header.element(1),
            header.element(2),
            action,
            *_error_detail(interchange.errors),
        )
    ]
    if rejected or not received_only:
        body.extend(_group_reports(interchange, rejected))
    version, release = CONTRL_VERSIONS.get(interchange.syntax_version, ("D", "3"))
    return OutboundMessage(ref, MessageType("CONTRL", version, release, "UN"), body)


def reply_header(interchange, control_ref, prepared):
    """The UNB of our answer: parties swapped, the partner's syntax, separators, test flag."""
    syntax_id = interchange.syntax_id if interchange.syntax_id in CHARSETS else "UNOA"
    version = interchange.syntax_version
    return InterchangeHeader(
        sender=interchange.recipient,
        recipient=interchange.sender,
        control_ref=control_ref,
        prepared=prepared,
        syntax_id=syntax_id,
        syntax_version=version if version in SYNTAX_VERSIONS else "3",
        separators=interchange.separators,
        test=interchange.test,
    )


def write_contrl(
    interchange, control_ref, prepared, *, message_ref="1", received_only=False, line_end=""
):
    """The bytes of a whole CONTRL interchange answering ``interchange``."""
    message = contrl_message(interchange, message_ref, received_only=received_only)
    header = reply_header(interchange, control_ref, prepared)
    return write_interchange(header, [message], line_end=line_end)


def read_contrl(source):
    """The functional acknowledgements (canonical dicts) of every CONTRL in ``source``.

    One for each interchange reported on (UCI), then one for each message (UCM). A CONTRL
    whose own envelope is broken is refused: its verdicts cannot be trusted.
    """
    acks = []
    for interchange in read_interchanges(source):
        interchange.raise_for_errors()
        for message in interchange.messages:
            if message.message_type.type != "CONTRL":
                raise EdifactMappingError(
                    "UNH",
                    "0065",
                    f"message {message.ref} is {message.message_type.type}, not CONTRL",
                    position=message.header.position,
                )
            acks.extend(_acks(message, f"{interchange.control_ref}:{message.ref}"))
    return acks


def _group_reports(interchange, interchange_rejected):
    """UCM of messages outside groups (segment group 1), then UCF and UCM per group."""
    segments = []
    for message in interchange.messages:
        if message.group_ref is None:
            segments.extend(_message_report(message, interchange_rejected))
    for group in interchange.groups:
        rejected = interchange_rejected or bool(group.errors)
        segments.append(
            Segment.build(
                "UCF",
                group.ref,
                group.header.element(1),
                group.header.element(2),
                REJECTED if rejected else ACKNOWLEDGED,
                *_error_detail(group.errors),
            )
        )
        for message in group.messages:
            segments.extend(_message_report(message, rejected))
    return segments


def _message_report(message, parent_rejected):
    """UCM, then UCS per erroneous segment with a UCD per erroneous element."""
    own = [error for error in message.errors if error.segment_number is None]
    located = sorted(
        (error for error in message.errors if error.segment_number is not None),
        key=lambda error: error.segment_number,
    )
    action = REJECTED if parent_rejected or message.errors else ACKNOWLEDGED
    segments = [
        Segment.build(
            "UCM", message.ref, message.message_type.components(), action, *_error_detail(own)
        )
    ]
    for number, errors in groupby(  # pylint: disable=W8155
        located, key=lambda error: error.segment_number
    ):
        errors = list(errors)
        whole = [error.code for error in errors if error.element is None]
        segments.append(Segment.build("UCS", number, whole[0] if whole else None))
        segments.extend(
            Segment.build("UCD", error.code, error.element) for error in errors if error.element
        )
    return segments


def _error_detail(errors):
    """0085, 0013 and S011 of the first error; 0013 only names service segments."""
    if not errors:
        return ()
    error = errors[0]
    if not (error.segment or "").startswith("UN"):
        return (error.code,)
    return error.code, error.segment, error.element


def _acks(message, ack_ref):
    """The acks of one CONTRL message: the interchange's first, then each message's."""
    interchange_ack = None
    acks = []
    current, segment_number = None, None
    for segment in message.body:
        tag = segment.tag
        if tag == "UCI":
            subject = segment.value(0)
            interchange_ack = current = _ack(ack_ref, subject, segment, 3)
            acks.append(interchange_ack)
        elif interchange_ack is None:
            raise EdifactMappingError(
                "UCI",
                None,
                f"CONTRL {ack_ref} does not start with UCI",
                code="13",
                position=segment.position,
            )
        elif tag == "UCF":
            _fold_group(interchange_ack, segment)
        elif tag == "UCM":
            current = _ack(ack_ref, f"{subject}:{segment.value(0)}", segment, 2)
            acks.append(current)
        elif tag == "UCS":
            segment_number = segment.value(0)
            if segment.value(1):
                current["errors"].append(_ack_error(segment.value(1), segment=segment_number))
        elif tag == "UCD":
            current["errors"].append(
                _ack_error(segment.value(0), segment=segment_number, element=segment.element(1))
            )
        else:
            raise EdifactMappingError(
                tag, None, "is not a CONTRL segment", code="15", position=segment.position
            )
    if interchange_ack is None:
        raise EdifactMappingError("UCI", None, f"CONTRL {ack_ref} has no UCI", code="13")
    if interchange_ack["status"] == "accepted" and any(a["status"] != "accepted" for a in acks):
        interchange_ack["status"] = "accepted_with_errors"
    return acks


def _ack(ack_ref, acknowledged_ref, segment, action_index):
    """An ack from UCI or UCM: action code, then the optional 0085, 0013 and S011."""
    action = segment.value(action_index)
    if action not in _STATUS:
        raise EdifactMappingError(
            segment.tag, "0083", f"action code {action!r} is unknown", position=segment.position
        )
    errors = []
    code = segment.value(action_index + 1)
    if code:
        errors.append(
            _ack_error(
                code,
                segment=segment.value(action_index + 2) or None,
                element=segment.element(action_index + 3),
            )
        )
    status = _STATUS[action]
    if status == "accepted" and errors:
        status = "accepted_with_errors"
    return {
        "ack_ref": ack_ref,
        "acknowledged_ref": acknowledged_ref,
        "status": status,
        "errors": errors,
    }


def _fold_group(interchange_ack, segment):
    """A group verdict becomes an error of the interchange's ack when it is not plain OK."""
    action, code = segment.value(3), segment.value(4)
    if action == ACKNOWLEDGED and not code:
        return
    verdict = "rejected" if action == REJECTED else "acknowledged"
    detail = f": {describe_code(code)}" if code else ""
    interchange_ack["errors"].append(
        {
            "segment": "UNG",
            "code": code or None,
            "description": f"group {segment.value(0)} {verdict}{detail}",
        }
    )
    if interchange_ack["status"] == "accepted":
        interchange_ack["status"] = "accepted_with_errors"


def _ack_error(code, *, segment=None, element=()):
    """An AckError dict naming the segment (tag or position in the message) and S011."""
    element = ":".join(c for c in element if c) or None
    where = ""
    if segment:
        where = f" in segment {segment}" if segment.isdigit() else f" in {segment}"
    if element:
        where += f" element {element}"
    return {
        "segment": segment,
        "element": element,
        "code": code,
        "description": f"{describe_code(code)}{where}",
    }
