# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationOnboardingDocument(models.Model):
    """A document a kind of partner may exchange, offered as a checkbox by the onboarding
    wizard: each checked one becomes a flow. Kept as data (each spoke's ``data/``)."""

    _name = "integration.onboarding.document"
    _description = "Document offered by the onboarding wizard"
    _order = "kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Ends the code of the flow made of it.")
    kind = fields.Char(required=True, help="The onboarding kind offering it (edi, wms...).")
    sequence = fields.Integer(default=10)
    direction = fields.Selection([("inbound", "In"), ("outbound", "Out")], required=True)
    document_type = fields.Selection("_document_types", required=True)
    event = fields.Selection("_events", help="Outbound: the business event that sends it.")
    default_on = fields.Boolean(
        string="Checked by default", default=True, help="Checked when the wizard opens."
    )

    @api.model
    def _document_types(self):
        """The flow's document types, spokes' included."""
        return self.env["integration.flow"]._fields["document_type"].selection

    @api.model
    def _events(self):
        return self.env["integration.flow"]._fields["event"].selection
