# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class IntegrationLog(models.Model):
    """Append-only timeline of a message: what happened, when, and how long it took."""

    _name = "integration.log"
    _description = "Integration Log Entry"
    _order = "id desc"
    _rec_name = "event"

    message_id = fields.Many2one(
        "integration.message", required=True, ondelete="cascade", index=True, readonly=True
    )
    # Precomputed: set in the insert itself, not by an UPDATE of each row written.
    flow_id = fields.Many2one(related="message_id.flow_id", store=True, precompute=True, index=True)
    partner_id = fields.Many2one(
        related="message_id.partner_id", store=True, precompute=True, index=True
    )
    company_id = fields.Many2one(
        related="message_id.company_id", store=True, precompute=True, index=True
    )
    kind = fields.Selection(
        [("technical", "Technical"), ("business", "Business")],
        required=True,
        default="technical",
        readonly=True,
        help="Business events are what a user follows; technical ones are for diagnosis.",
    )
    level = fields.Selection(
        [("info", "Info"), ("warning", "Warning"), ("error", "Error")],
        required=True,
        default="info",
        readonly=True,
    )
    event = fields.Char(required=True, readonly=True)
    description = fields.Text(readonly=True)
    attempt = fields.Integer(readonly=True)
    duration_ms = fields.Float(string="Duration (ms)", readonly=True)
    http_status = fields.Integer(string="HTTP status", readonly=True)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The integration log is append-only."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The integration log is append-only."))
