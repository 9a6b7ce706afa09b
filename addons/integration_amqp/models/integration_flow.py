# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IntegrationFlow(models.Model):
    """Where a flow's events go on the broker (outbound) or come from (inbound)."""

    _inherit = "integration.flow"

    endpoint_transport = fields.Selection(related="endpoint_id.transport")
    amqp_exchange = fields.Char(
        string="Exchange",
        help="AMQP: the exchange this outbound flow publishes to (declared on the broker); "
        "empty: the broker's default exchange, where the routing key names a queue.",
    )
    amqp_routing_key = fields.Char(
        string="Routing key",
        help="AMQP: the routing key of this outbound flow's events; empty: its document type "
        "(e.g. order_ack).",
    )
    amqp_queue = fields.Char(
        string="Queue",
        help="AMQP: the queue the consumer (odoo-bin integration-amqp-consume) takes this "
        "inbound flow's messages from.",
    )

    @api.constrains("amqp_queue", "direction", "endpoint_id")
    def _check_amqp_queue(self):
        for flow in self:
            inbound = flow.direction == "inbound"
            if inbound and flow.endpoint_id.transport == "amqp" and not flow.amqp_queue:
                raise ValidationError(
                    self.env._("Flow %s receives from a broker: name its queue.", flow.name)
                )

    def _amqp_routing_key(self):
        self.ensure_one()
        return self.amqp_routing_key or self.document_type
