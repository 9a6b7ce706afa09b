# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .integration_partner import EDI_CODECS


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    codec = fields.Selection(
        selection_add=[("x12", "X12"), ("edifact", "UN/EDIFACT")],
        ondelete={"x12": "set default", "edifact": "set default"},
    )

    @api.model_create_multi
    def create(self, vals_list):
        flows = super().create(vals_list)
        for flow, vals in zip(flows, vals_list, strict=True):
            if (
                flow.codec in EDI_CODECS
                and flow.direction == "outbound"
                and flow.document_type != "functional_ack"
                and "expect_acknowledgement" not in vals
                and "sla_minutes" not in vals
            ):
                # The partner's EDI profile says what acknowledgement to expect, and when.
                flow.write(flow.partner_id._edi_flow_ack_values())
        return flows
