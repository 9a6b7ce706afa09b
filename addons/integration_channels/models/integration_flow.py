# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .integration_channel import CHANNEL_KINDS

# A channel flow's codec is its channel's kind: one list of values for both.
CHANNEL_CODECS = CHANNEL_KINDS
CHANNEL_BUILDERS = [
    ("available_to_sell", "Available to sell of a sales channel"),
    ("channel_fulfilment", "Fulfilment of a shop order"),
]
CHANNEL_PROCESSORS = [
    ("channel_order", "Shop order"),
    ("payment_event", "Payment event"),
    ("channel_return", "Shop return"),
]
CHANNEL_DOCUMENT_TYPES = [("payment_event", "Payment event")]
# A channel's flows default to the channel's plug-ins (their models claim the flows of a
# channel): the defaults also follow the flow's channel.
PLUGIN_DEPENDS = ["document_type", "direction", "channel_id"]


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    document_type = fields.Selection(
        selection_add=CHANNEL_DOCUMENT_TYPES,
        ondelete={value: "cascade" for value, _label in CHANNEL_DOCUMENT_TYPES},
    )
    codec = fields.Selection(
        selection_add=CHANNEL_CODECS,
        ondelete={value: "set default" for value, _label in CHANNEL_CODECS},
        compute="_compute_codec",
        store=True,
        readonly=False,
    )
    processor = fields.Selection(
        selection_add=CHANNEL_PROCESSORS,
        ondelete={value: "set null" for value, _label in CHANNEL_PROCESSORS},
        depends=PLUGIN_DEPENDS,
    )
    builder = fields.Selection(
        selection_add=CHANNEL_BUILDERS,
        ondelete={value: "set null" for value, _label in CHANNEL_BUILDERS},
        depends=PLUGIN_DEPENDS,
    )
    channel_id = fields.Many2one(
        "integration.channel",
        string="Sales channel",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
        help="The channel this flow runs for; its orders, stock and fulfilments go through it.",
    )

    @api.depends("channel_id.kind")
    def _compute_codec(self):
        """A channel's flows speak its kind: the channel is the one place it is chosen (a
        flow of no channel keeps its own codec)."""
        for flow in self.filtered("channel_id"):
            flow.codec = flow.channel_id.kind
