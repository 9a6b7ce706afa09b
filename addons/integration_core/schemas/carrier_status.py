"""What a carrier reports about a shipment on its way (214, a tracking webhook): dated
milestones, stored on the delivery they belong to."""

from datetime import datetime
from typing import Literal

from pydantic import model_validator

from .base import CanonicalDocument, CanonicalModel, Code

STATUSES = ("picked_up", "in_transit", "delayed", "delivered", "exception")


class CarrierEvent(CanonicalModel):
    """One milestone: what happened, when and where; a delay says why and the new ETA, a
    delivery who signed for it. ``carrier_status_code`` keeps the carrier's own code."""

    status: Literal[STATUSES]
    """The milestone: picked_up, in_transit, delayed, delivered or exception."""
    event_time: datetime
    """When it happened."""
    location: str | None = None
    """Where it happened, e.g. a city."""
    reason_code: str | None = None
    """The carrier's reason code of a delay or exception."""
    reason_text: str | None = None
    """The reason in words."""
    estimated_delivery: datetime | None = None
    """New estimated delivery time."""
    signed_by: str | None = None
    """Who signed for the delivery (delivered only)."""
    signed_at: datetime | None = None
    """When the delivery was signed for (delivered only)."""
    carrier_status_code: str | None = None
    """The carrier's own status code."""

    @model_validator(mode="after")
    def _proof_only_when_delivered(self):
        # A signature on a delay would be stored as a proof of delivery that is none.
        if self.status != "delivered" and (self.signed_by or self.signed_at):
            raise ValueError(
                f"a {self.status} event has no proof of delivery (signed_by, signed_at)"
            )
        return self


class CarrierStatus(CanonicalDocument):
    """A shipment's status from its carrier, found by its tracking number, our delivery's
    reference or the order's; ``events`` in any order, already reported ones included
    (none: the carrier has nothing to report yet, e.g. a label just printed)."""

    doc_type = "carrier_status"

    tracking_number: str | None = None
    """The carrier's tracking number of the shipment."""
    delivery_ref: str | None = None
    """Our delivery (picking) reference."""
    order_ref: str | None = None
    """The order's reference."""
    carrier_code: Code | None = None
    """Code of the carrier reporting."""
    events: list[CarrierEvent] = []
    """Milestones in any order, ones already reported included."""

    @model_validator(mode="after")
    def _names_the_shipment(self):
        if not (self.tracking_number or self.delivery_ref or self.order_ref):
            raise ValueError(
                "a carrier status needs tracking_number, delivery_ref or order_ref to find "
                "the delivery"
            )
        return self
