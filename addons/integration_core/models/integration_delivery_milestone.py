# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..schemas.carrier_status import STATUSES

STATUS_LABELS = {
    "picked_up": "Picked up",
    "in_transit": "In transit",
    "delayed": "Delayed",
    "delivered": "Delivered",
    "exception": "Exception",
}


class IntegrationDeliveryMilestone(models.Model):
    """A dated milestone of a delivery as its carrier reported it (picked up, delayed,
    delivered...). Written only by the carrier status processor, once per picking, status
    and time; read on the delivery and its sale order, and forwarded by the outbound flows
    subscribed to the ``delivery_milestone`` event."""

    _name = "integration.delivery.milestone"
    _inherit = "integration.record.mixin"
    _description = "Delivery Milestone"
    _order = "event_time desc, id desc"
    _rec_name = "status"

    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True, index=True)
    sale_id = fields.Many2one(
        related="picking_id.sale_id", store=True, index="btree_not_null", string="Sale order"
    )
    partner_id = fields.Many2one(
        related="picking_id.partner_id", store=True, string="Customer", index=True
    )
    status = fields.Selection(
        [(status, STATUS_LABELS[status]) for status in STATUSES], required=True
    )
    event_time = fields.Datetime(string="Time", required=True)
    location = fields.Char()
    reason_code = fields.Char(help="The carrier's code of the reason (a delay's cause).")
    reason = fields.Char(help="Why, as the carrier said it.")
    estimated_delivery = fields.Datetime(string="New ETA")
    pod_name = fields.Char(string="Signed by", help="Proof of delivery: who signed for it.")
    pod_time = fields.Datetime(string="Signed at")
    carrier_code = fields.Char(string="Carrier")
    carrier_status_code = fields.Char(string="Carrier's status code")
    tracking_number = fields.Char()
    message_id = fields.Many2one(
        "integration.message",
        string="Reported by",
        ondelete="set null",
        help="The message of the carrier that brought this milestone.",
    )

    _sql_constraints = [
        (
            "event_unique",
            "unique(picking_id, status, event_time)",
            "A delivery's milestone is stored once per status and time.",
        ),
    ]

    def _integration_parent(self):
        return self.picking_id

    def _compute_display_name(self):
        labels = dict(self._fields["status"]._description_selection(self.env))
        for milestone in self:
            milestone.display_name = f"{milestone.picking_id.name}: {labels.get(milestone.status)}"
