# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A carrier that reports on our deliveries, and a customer's flow that hears of it."""

import json
from datetime import timedelta

from odoo import fields


class CarrierMixin:
    """Mixed into a case with ``env``, ``company``, ``customer`` (res.partner), ``product``
    and ``partner`` (the customer's integration partner): a carrier with an inbound
    carrier status flow, and shipped deliveries to report on."""

    @classmethod
    def setup_carrier(cls, codec="canonical_json", code="t-carrier", **partner_values):
        """The carrier (``partner_values``: e.g. its EDI profile) and its status flow."""
        env = cls.env
        cls.carrier = env["integration.partner"].create(
            {"name": "Fast Freight", "code": code, "kind": "other", **partner_values}
        )
        cls.carrier_endpoint = env["integration.endpoint"].create(
            {"name": "Fast Freight calls us", "partner_id": cls.carrier.id}
        )
        cls.status_flow = env["integration.flow"].create(
            {
                "name": "Fast Freight statuses",
                "code": f"{code}-status",
                "partner_id": cls.carrier.id,
                "direction": "inbound",
                "document_type": "carrier_status",
                "codec": codec,
                "endpoint_id": cls.carrier_endpoint.id,
            }
        )

    @classmethod
    def forward_flow(cls, url, **values):
        """The customer's outbound flow forwarding each delivery milestone to ``url``."""
        endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Customer's tracking page",
                "partner_id": cls.partner.id,
                "url": url,
                "max_attempts": 1,
            }
        )
        return cls.env["integration.flow"].create(
            {
                "name": "Milestones to the customer",
                "code": "t-milestones-out",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "carrier_status",
                "endpoint_id": endpoint.id,
                "mode": "event",
                "event": "delivery_milestone",
                **values,
            }
        )

    def shipped_delivery(self, tracking, order_ref="PO-TRACK", days_ago=0, quantity=2):
        """A confirmed order's delivery, shipped ``days_ago`` with ``tracking``."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "client_order_ref": order_ref,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.product.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.integration_tracking_ref = tracking
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        assert picking.state == "done", picking.state
        if days_ago:
            picking.date_done = fields.Datetime.now() - timedelta(days=days_ago)
        return picking

    def status_payload(self, tracking, *events, **document):
        return json.dumps(
            {"tracking_number": tracking, "events": list(events), **document}
        ).encode()


DELAYED = {
    "status": "delayed",
    "event_time": "2026-11-23T14:05:00Z",
    "location": "Columbus OH US",
    "reason_code": "AO",
    "reason_text": "Weather or Natural Disaster Related",
    "estimated_delivery": "2026-11-25T17:00:00Z",
}
DELIVERED = {
    "status": "delivered",
    "event_time": "2026-11-25T15:42:00Z",
    "location": "Columbus OH US",
    "signed_by": "J SMITH",
}
