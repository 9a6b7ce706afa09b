# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import UTC

from odoo import fields, models
from odoo.osv import expression

from ..services.errors import BusinessRuleError
from ..services.plugins import ProcessResult

MILESTONE_EVENT = "delivery_milestone"


class IntegrationProcessorCarrierStatus(models.AbstractModel):
    """A carrier's status (214, tracking webhook) → dated milestones on the delivery.

    The delivery is found by the tracking number, else by our delivery's reference, else by
    the order's; each event is stored once per delivery, status and time, so a carrier that
    repeats its history (webhooks send all of it each time) adds only what is new. Each new
    milestone is published as the ``delivery_milestone`` event.
    """

    _name = "integration.processor.carrier_status"
    _inherit = "integration.processor"
    _description = "Carrier status processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        picking = self._find_delivery(message, document)
        return {
            "picking_id": picking.id,
            "events": [self._event_values(document, event) for event in document.events],
        }

    def _find_delivery(self, message, document):
        """The delivery of the message's company the carrier means, newest first."""
        # sudo: a pipeline step (private): the company's deliveries, by the carrier's references
        Picking = self.env["stock.picking"].sudo()
        base = [
            ("picking_type_code", "=", "outgoing"),
            ("state", "!=", "cancel"),
            ("company_id", "=", message.company_id.id),
        ]
        for domain in self._reference_domains(Picking, document):
            picking = Picking.search(
                base + domain, order="date_done desc nulls last, id desc", limit=1
            )
            if picking:
                return picking
        raise BusinessRuleError(
            self.env._(
                "Unknown delivery: no delivery of %(company)s has tracking number "
                "%(tracking)s%(refs)s.",
                company=message.company_id.name,
                tracking=document.tracking_number or "-",
                refs=self._refs_text(document),
            ),
            hint=self.env._(
                "Check the tracking number on the delivery (Additional info), or ask the "
                "carrier which shipment it means; then Retry, or Ignore."
            ),
        )

    def _reference_domains(self, Picking, document):
        """The searches of the delivery, from the most precise reference to the least."""
        if document.tracking_number:
            tracking = [("integration_tracking_ref", "=", document.tracking_number)]
            if "carrier_tracking_ref" in Picking._fields:
                tracking = expression.OR(
                    [tracking, [("carrier_tracking_ref", "=", document.tracking_number)]]
                )
            yield tracking
        if document.delivery_ref:
            yield [("name", "=", document.delivery_ref)]
        if document.order_ref:
            yield [
                "|",
                "|",
                ("sale_id.client_order_ref", "=", document.order_ref),
                ("sale_id.name", "=", document.order_ref),
                ("origin", "=", document.order_ref),
            ]

    def _refs_text(self, document):
        refs = [
            self.env._(", delivery reference %s", document.delivery_ref)
            if document.delivery_ref
            else "",
            self.env._(", order %s", document.order_ref) if document.order_ref else "",
        ]
        return "".join(refs)

    def _event_values(self, document, event):
        """One event as the milestone's values (UTC times as Odoo stores them)."""
        return {
            "status": event.status,
            "event_time": _utc(event.event_time),
            "location": event.location,
            "reason_code": event.reason_code,
            "reason": event.reason_text,
            "estimated_delivery": _utc(event.estimated_delivery),
            "pod_name": event.signed_by,
            "pod_time": _utc(event.signed_at)
            or (_utc(event.event_time) if event.signed_by else None),
            "carrier_code": document.carrier_code,
            "carrier_status_code": event.carrier_status_code,
            "tracking_number": document.tracking_number,
        }

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        # sudo: the process step (private): the delivery the map step found
        picking = self.env["stock.picking"].sudo().browse(mapped["picking_id"]).exists()
        if not picking:
            raise BusinessRuleError(
                self.env._("The delivery found for this status was deleted since."),
                hint=self.env._("Retry: the delivery is looked up again."),
            )
        self._check_company(message, picking)
        # sudo: the process step (private): milestones are written by this processor only
        Milestone = self.env["integration.delivery.milestone"].sudo()
        known = {
            (m.status, fields.Datetime.to_string(m.event_time))
            for m in Milestone.search([("picking_id", "=", picking.id)])
        }
        new_values = []
        for values in mapped["events"]:
            key = (values["status"], values["event_time"])
            if key not in known:
                known.add(key)
                new_values.append({**values, "picking_id": picking.id, "message_id": message.id})
        milestones = Milestone.create(new_values)
        milestones._integration_publish(MILESTONE_EVENT)
        return ProcessResult(
            record=picking,
            note=self.env._(
                "%(new)s new milestone(s) on %(picking)s (%(statuses)s); %(known)s already known.",
                new=len(milestones),
                picking=picking.name,
                statuses=", ".join(milestones.mapped("status")) or "-",
                known=len(mapped["events"]) - len(milestones),
            ),
        )


def _utc(value):
    """An aware datetime as the naive UTC text Odoo stores (naive ones are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return fields.Datetime.to_string(value)
