"""A syntax-level receipt for an interchange (997/999, CONTRL): read, not yet processed."""

from typing import Literal

from .base import CanonicalDocument, CanonicalModel, Code


class AckError(CanonicalModel):
    """One syntax problem, located by segment and element when the partner says where."""

    segment: str | None = None
    element: str | None = None
    code: str | None = None
    description: Code


class FunctionalAck(CanonicalDocument):
    """Acknowledges the message or control number ``acknowledged_ref``."""

    doc_type = "functional_ack"

    ack_ref: Code
    acknowledged_ref: Code
    status: Literal["accepted", "accepted_with_errors", "rejected"]
    errors: list[AckError] = []
