# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError


class IntegrationProcessorChannelReturn(models.AbstractModel):
    """A shop's refund that brings goods back → the return picking of the shop order's
    deliveries: the core return processor, the order found by the shop's order id and the
    customer being that order's."""

    _name = "integration.processor.channel_return"
    _inherit = "integration.processor.return_request"
    _description = "Channel return processor"

    def _claims_flow(self, flow):
        """The default processor of a channel's returns flow."""
        return bool(flow.channel_id) and flow.document_type == "return_request"

    def _shop_order(self, message, document):
        channel = message.flow_id.channel_id
        order = self.env["integration.processor.channel_order"]._channel_order(
            channel, document.order_ref
        )
        if not order:
            raise BusinessRuleError(
                self.env._(
                    "Shop order %(order)s of %(channel)s has no sale order: refund %(refund)s "
                    "returns goods never shipped from here. Nothing was created.",
                    order=document.order_ref,
                    channel=channel.display_name,
                    refund=document.refund_ref or document.rma_ref,
                ),
                hint=self.env._(
                    "Retry once the shop order has come in (reconcile the channel), or Ignore."
                ),
            )
        return order

    def _return_customer(self, message, document):
        return self._shop_order(message, document).partner_id

    def _orders(self, message, document, customer):
        return self._shop_order(message, document)
