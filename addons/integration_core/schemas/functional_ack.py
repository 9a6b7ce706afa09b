"""A syntax-level receipt for an interchange (997/999, CONTRL): read, not yet processed."""

from typing import Literal

from .base import CanonicalDocument, CanonicalModel, Code


class AckError(CanonicalModel):
    """One syntax problem, located by segment and element when the partner says where."""

    segment: str | None = None
    """Segment the problem is in, e.g. PO1 or the segment position."""
    element: str | None = None
    """Element position within the segment, e.g. 02."""
    code: str | None = None
    """The standard's error code."""
    description: Code
    """What is wrong."""


class FunctionalAck(CanonicalDocument):
    """Acknowledges the message or control number ``acknowledged_ref``."""

    doc_type = "functional_ack"

    ack_ref: Code
    """Control number of the acknowledgement itself."""
    acknowledged_ref: Code
    """Control number of the message or group acknowledged."""
    status: Literal["accepted", "accepted_with_errors", "rejected"]
    """accepted, accepted_with_errors or rejected."""
    errors: list[AckError] = []
    """The syntax problems found, if any."""
