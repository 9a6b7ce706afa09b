# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..schemas.carrier_status import CarrierStatus


class IntegrationBuilderCarrierStatus(models.AbstractModel):
    """A delivery milestone (``delivery_milestone`` event) forwarded as a carrier status,
    e.g. to the shop or the customer: the delivery's references and the one event."""

    _name = "integration.builder.carrier_status"
    _inherit = "integration.builder"
    _description = "Carrier status builder"

    def _build(self, message, milestone):
        picking = milestone.picking_id
        order = picking.sale_id
        return CarrierStatus(
            tracking_number=milestone.tracking_number or picking._integration_tracking_ref(),
            delivery_ref=picking.name,
            order_ref=order.client_order_ref or order.name or picking.origin or None,
            carrier_code=milestone.carrier_code or picking._integration_carrier_code(),
            events=[
                {
                    "status": milestone.status,
                    "event_time": milestone.event_time,
                    "location": milestone.location or None,
                    "reason_code": milestone.reason_code or None,
                    "reason_text": milestone.reason or None,
                    "estimated_delivery": milestone.estimated_delivery or None,
                    "signed_by": milestone.pod_name or None,
                    "signed_at": milestone.pod_time or None,
                    "carrier_status_code": milestone.carrier_status_code or None,
                }
            ],
        )
