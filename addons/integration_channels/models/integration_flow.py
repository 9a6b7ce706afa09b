# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools.safe_eval import safe_eval

CHANNEL_CODECS = [
    ("shopify", "Shopify"),
    ("woocommerce", "WooCommerce"),
    ("standard_webhooks", "Standard Webhooks order"),
    ("rest", "Generic REST order"),
]


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    codec = fields.Selection(
        selection_add=CHANNEL_CODECS,
        ondelete={value: "set default" for value, _label in CHANNEL_CODECS},
    )
    channel_id = fields.Many2one(
        "integration.channel",
        string="Sales channel",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
        help="The channel this flow runs for; its orders, stock and fulfilments go through it.",
    )

    def _processor(self):
        if self.channel_id and self.document_type == "order":
            return self.env["integration.processor.channel_order"]
        return super()._processor()

    def _event_records(self, records):
        if not self.channel_id:
            return super()._event_records(records)
        channel = self.channel_id
        if self.event == "stock_changed":
            # Products are shared between companies: the company filter of the core does not
            # apply to them; the channel publishes or not.
            if records._name != "product.product":
                return channel.browse()
            products = records.filtered_domain(safe_eval(self.event_domain or "[]"))
            return (
                channel if channel.active and channel._publishes_any(products) else channel.browse()
            )
        records = super()._event_records(records)
        if self.event == "picking_done" and records._name == "stock.picking":
            return records.filtered(
                lambda p: (
                    p.picking_type_code == "outgoing"
                    and p.sale_id.channel_id == channel
                    and p.sale_id.channel_order_id
                )
            )
        return records

    def _partner_records(self, records):
        """A channel's flows also own the records of the channel's orders."""
        own = super()._partner_records(records)
        if not self.channel_id or "integration_correlation_id" not in records._fields:
            return own
        return own | (records - own).filtered(
            lambda r: getattr(r._integration_origin(), "channel_id", None) == self.channel_id
        )

    def _queue_outbound(self, record, values=None):
        # A stock change schedules the channel's publication job, debounced by its identity
        # key; the job writes the batches, each an outbound message of this flow.
        if self.channel_id and record == self.channel_id and self.event == "stock_changed":
            self.channel_id._schedule_publication()
            return self.env["integration.message"]
        return super()._queue_outbound(record, values=values)
