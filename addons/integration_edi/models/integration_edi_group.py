# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .integration_edi_interchange import ACK_STATUSES, worst_ack_status


class IntegrationEdiGroup(models.Model):
    """A functional group (GS..GE, UNG..UNE) of an interchange."""

    _name = "integration.edi.group"
    _description = "EDI Functional Group"
    _order = "interchange_id desc, id"
    _rec_name = "control_number"

    interchange_id = fields.Many2one(
        "integration.edi.interchange", required=True, ondelete="cascade", index=True
    )
    direction = fields.Selection(related="interchange_id.direction", store=True)
    partner_id = fields.Many2one(related="interchange_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="interchange_id.company_id", store=True, index=True)
    functional_id = fields.Char(string="Functional ID", help="GS01 (PO, SH, IN, FA...) / UNG.")
    control_number = fields.Char(help="GS06 / UNG0048.")
    sender = fields.Char(help="GS02 / UNG S006.")
    receiver = fields.Char(help="GS03 / UNG S007.")
    version = fields.Char(help="GS08 / UNG S008.")
    errors = fields.Text(string="Validation errors")
    transaction_ids = fields.One2many(
        "integration.edi.transaction", "group_id", string="Transaction sets"
    )
    ack_status = fields.Selection(
        ACK_STATUSES, compute="_compute_ack_status", store=True, string="Acknowledgement"
    )

    @api.depends("transaction_ids.ack_status")
    def _compute_ack_status(self):
        for group in self:
            group.ack_status = worst_ack_status(group.transaction_ids.mapped("ack_status"))
