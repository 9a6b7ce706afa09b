# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError


class IntegrationTransportHttp(models.AbstractModel):
    _inherit = "integration.transport.http"

    def _url(self, message, endpoint):
        """A channel's messages go to the shop resource their document is about: the
        fulfilments of the shop order a delivery ships, or the inventory levels."""
        channel = message.flow_id.channel_id
        if not channel:
            return super()._url(message, endpoint)
        codec = channel._codec()
        if message.document_type != "shipment_notice":
            return self._resource_url(endpoint, codec._inventory_path())
        picking = message._business_record()
        order = picking.sale_id if picking else None
        if not order or not order.channel_order_id:
            raise BusinessRuleError(
                self.env._("This delivery is not of an order of channel %s.", channel.name)
            )
        return self._resource_url(endpoint, codec._fulfilment_path(order.channel_order_id))
