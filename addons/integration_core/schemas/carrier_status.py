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
    event_time: datetime
    location: str | None = None
    reason_code: str | None = None
    reason_text: str | None = None
    estimated_delivery: datetime | None = None
    signed_by: str | None = None
    signed_at: datetime | None = None
    carrier_status_code: str | None = None

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
    delivery_ref: str | None = None
    order_ref: str | None = None
    carrier_code: Code | None = None
    events: list[CarrierEvent] = []

    @model_validator(mode="after")
    def _names_the_shipment(self):
        if not (self.tracking_number or self.delivery_ref or self.order_ref):
            raise ValueError(
                "a carrier status needs tracking_number, delivery_ref or order_ref to find "
                "the delivery"
            )
        return self
