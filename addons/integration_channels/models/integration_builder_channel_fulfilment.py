# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationBuilderChannelFulfilment(models.AbstractModel):
    """The fulfilment of a shop order: the shipment notice of a done delivery of one of the
    channel's orders (the builder of the channel's fulfilment flow)."""

    _name = "integration.builder.channel_fulfilment"
    _inherit = "integration.builder.shipment_notice"
    _description = "Fulfilment of a shop order"

    def _claims_flow(self, flow):
        return bool(flow.channel_id) and flow.document_type == "shipment_notice"

    def _scope_records(self, flow, records):
        """The partner's own records include those of the channel's orders."""
        own = super()._scope_records(flow, records)
        if flow.scope != "partner" or "integration_correlation_id" not in records._fields:
            return own
        return own | (records - own).filtered(
            lambda r: getattr(r._integration_origin(), "channel_id", None) == flow.channel_id
        )

    def _select_records(self, flow, records):
        """A done delivery is sent when it ships one of the channel's own shop orders."""
        records = super()._select_records(flow, records)
        if flow.event != "picking_done" or records._name != "stock.picking":
            return records
        return records.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.sale_id.channel_id == flow.channel_id
                and p.sale_id.channel_order_id
            )
        )
