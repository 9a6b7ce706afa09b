"""Acknowledgements: TA1, 997 and 999 built from envelope validation results, and
incoming 997/999 read into canonical functional acknowledgements.

References follow one convention both ways: a transaction set is ``<GS06>:<ST02>``
(``TransactionSet.reference``), a functional group is its ``<GS06>``, an interchange is
``ISA:<ISA13>``.
"""

from .codes import (
    ELEMENT_ERRORS,
    GROUP_ERRORS,
    INTERCHANGE_NOTES,
    SEGMENT_ERRORS,
    SET_ERRORS,
    describe,
)
from .envelope import GroupHeader
from .mapping import INVALID_CODE, X12MappingError, first, text
from .writer import OutgoingSet

FUNCTIONAL_ACK_ID = "FA"
IMPLEMENTATION_999 = "005010X231A1"
# GS08 versions from which a 999 (implementation acknowledgement) answers by default.
_FIRST_999_VERSION = "005"
# GS08 "004010VICS" or "005010X221A1": the X12 release is the first six characters.
_RELEASE_LENGTH = 6
# AK502..AK506 and AK905..AK909: at most five codes each.
_MAX_CODES = 5
_SEGMENTS_IN_ERROR = "5"
_STATUSES = {
    "A": "accepted",
    "E": "accepted_with_errors",
    "P": "accepted_with_errors",
    "R": "rejected",
    "M": "rejected",
    "W": "rejected",
    "X": "rejected",
}
# Segment tags of each acknowledgement type: set response, segment note, element note.
_TAGS = {"997": ("AK3", "AK4", "AK5"), "999": ("IK3", "IK4", "IK5")}


def ta1_segment(interchange):
    """The TA1 answering ``interchange``: A/000 when its envelope is sound, else R with the
    note code of its first interchange error."""
    header = interchange.header
    error = interchange.errors[0] if interchange.errors else None
    return (
        "TA1",
        header.control_number,
        header.date,
        header.time,
        "R" if error else "A",
        error.code if error else "000",
    )


def ack_kind(group):
    """'999' for groups of version 005010 and later, '997' before."""
    return "999" if group.header.version >= _FIRST_999_VERSION else "997"


def ack_group_header(group, control_number, date, time, kind=None):
    """The GS of a functional group carrying the acknowledgement of ``group``."""
    kind = kind or ack_kind(group)
    header = group.header
    return GroupHeader(
        functional_id=FUNCTIONAL_ACK_ID,
        sender=header.receiver,
        receiver=header.sender,
        date=date,
        time=time,
        control_number=control_number,
        agency=header.agency,
        version=IMPLEMENTATION_999 if kind == "999" else header.version[:_RELEASE_LENGTH],
    )


def functional_ack(group, control_number, kind=None):
    """The 997 or 999 transaction set acknowledging ``group`` and each of its sets."""
    kind = kind or ack_kind(group)
    ak1 = ("AK1", group.header.functional_id, group.header.control_number)
    if kind == "999":
        ak1 += (group.header.version,)
    body = [ak1]
    for transaction_set in group.sets:
        body += _set_response(transaction_set, kind)
    body.append(_ak9(group))
    return OutgoingSet(kind, control_number, body, IMPLEMENTATION_999 if kind == "999" else "")


def group_status(group):
    """AK901: R when the group itself is in error or no set passed, P when only some did."""
    accepted = sum(transaction_set.accepted for transaction_set in group.sets)
    if group.errors or (group.sets and not accepted):
        return "R"
    return "P" if accepted < len(group.sets) else "A"


def _set_response(transaction_set, kind):
    segment_tag, element_tag, status_tag = _TAGS[kind]
    ak2 = ("AK2", transaction_set.type, transaction_set.control_number)
    if kind == "999" and transaction_set.implementation:
        ak2 += (transaction_set.implementation,)
    response = [ak2]
    clean = _data_cleaner(transaction_set.group.interchange.delimiters)
    for error in transaction_set.segment_errors:
        response.append((segment_tag, error.tag, str(error.position), error.loop_id, error.code))
        response += [
            (
                element_tag,
                _element_position(element),
                element.reference,
                element.code,
                clean(element.bad_value),
            )
            for element in error.elements
        ]
    codes = [error.code for error in transaction_set.errors]
    if transaction_set.segment_errors:
        codes.append(_SEGMENTS_IN_ERROR)
    status = "A" if transaction_set.accepted else "R"
    response.append((status_tag, status, *_unique(codes)))
    return response


def _ak9(group):
    received = len(group.sets)
    declared = group.declared_count if (group.declared_count or "").isdigit() else received
    accepted = sum(transaction_set.accepted for transaction_set in group.sets)
    codes = _unique(error.code for error in group.errors)
    return ("AK9", group_status(group), str(int(declared)), str(received), str(accepted), *codes)


def _element_position(element):
    """AK401/IK401: the element position, with its component position when there is one."""
    if element.component:
        return (str(element.position), str(element.component))
    return str(element.position)


def _data_cleaner(delimiters):
    """AK404 copies bad data, which may hold the sender's delimiters: drop them."""
    unsafe = {delimiters.element, delimiters.component, delimiters.segment, "\r", "\n"}
    if delimiters.repetition:
        unsafe.add(delimiters.repetition)
    return lambda value: "".join(char for char in value if char not in unsafe)


def _unique(codes):
    return list(dict.fromkeys(codes))[:_MAX_CODES]


# -- incoming 997 / 999 ----------------------------------------------------------------


def functional_acks_from(segments, ack_ref):
    """Canonical functional_ack dicts of a 997/999 body: one for the group (its GS06) and
    one per acknowledged set (``<GS06>:<ST02>``); ``ack_ref`` identifies the ack itself."""
    segments = list(segments)
    ak1 = first(segments, "AK1")
    group_control = text(ak1, 2, required=True)
    acks = []
    current = None
    for segment in segments:
        tag = segment.tag
        if tag == "AK2":
            current = _ack(ack_ref, f"{group_control}:{text(segment, 2, required=True)}")
        elif current is None:
            continue
        elif tag in ("AK3", "IK3"):
            current["errors"].append(_segment_note(segment))
        elif tag in ("AK4", "IK4"):
            current["errors"].append(_element_note(segment, current["errors"]))
        elif tag in ("AK5", "IK5"):
            current["status"] = _status(segment)
            current["errors"] += _coded_errors(segment, SET_ERRORS)
            acks.append(current)
            current = None
    ak9 = first(segments, "AK9")
    group = _ack(ack_ref, group_control)
    group["status"] = _status(ak9)
    group["errors"] = _coded_errors(ak9, GROUP_ERRORS)
    return [group, *acks]


def _ack(ack_ref, acknowledged_ref):
    return {"ack_ref": ack_ref, "acknowledged_ref": acknowledged_ref, "status": None, "errors": []}


def functional_ack_from_ta1(segment, ack_ref):
    """The canonical functional_ack of an incoming TA1, for interchange ``ISA:<TA101>``."""
    note = text(segment, 5)
    errors = []
    if note and note != "000":
        errors.append(
            {
                "segment": None,
                "element": None,
                "code": note,
                "description": describe(INTERCHANGE_NOTES, note),
            }
        )
    acknowledged = f"ISA:{text(segment, 1, required=True)}"
    return {**_ack(ack_ref, acknowledged), "status": _status(segment, 4), "errors": errors}


def _status(segment, position=1):
    code = text(segment, position, required=True)
    if code not in _STATUSES:
        raise X12MappingError(
            segment, position, f"unknown acknowledgement code {code!r}", code=INVALID_CODE
        )
    return _STATUSES[code]


def _segment_note(segment):
    tag, position, loop, code = (text(segment, index) for index in (1, 2, 3, 4))
    where = f"{tag} at position {position}" + (f" in loop {loop}" if loop else "")
    return {
        "segment": tag,
        "element": None,
        "code": code or None,
        "description": f"{describe(SEGMENT_ERRORS, code)}: {where}",
    }


def _element_note(segment, errors):
    """AK4/IK4 refer to the segment of the AK3/IK3 before them."""
    tag = next((error["segment"] for error in reversed(errors) if error["element"] is None), "")
    position, *component = segment.components(1)
    element = f"{tag}{int(position):02d}" if position.isdigit() else f"{tag}{position}"
    if component and component[0]:
        element += f"-{component[0]}"
    code, bad_value = text(segment, 3), segment.get(4)
    description = describe(ELEMENT_ERRORS, code)
    if bad_value:
        description += f": {bad_value!r}"
    return {
        "segment": tag or None,
        "element": element,
        "code": code or None,
        "description": description,
    }


def _coded_errors(segment, table):
    """The error codes after the status (AK502.., AK905..) as canonical errors."""
    first_code = 2 if segment.tag in ("AK5", "IK5") else 5
    codes = [text(segment, index) for index in range(first_code, first_code + _MAX_CODES)]
    return [
        {"segment": None, "element": None, "code": code, "description": describe(table, code)}
        for code in codes
        if code
    ]
