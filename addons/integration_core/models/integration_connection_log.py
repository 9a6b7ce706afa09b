# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models

KEEP_DAYS = 30  # a poll a minute makes 43,200 rows a month per flow: older ones go


class IntegrationConnectionLog(models.Model):
    """One connection to a partner's mailbox (a test, a poll, a delivery): whether it
    worked, how long it took and what it moved, so a person sees a partner's outage at a
    glance. Written by the transports only."""

    _name = "integration.connection.log"
    _description = "Integration Connection Log"
    _order = "id desc"

    endpoint_id = fields.Many2one(
        "integration.endpoint", required=True, ondelete="cascade", index=True, readonly=True
    )
    flow_id = fields.Many2one("integration.flow", ondelete="set null", readonly=True)
    company_id = fields.Many2one(related="endpoint_id.company_id", store=True, index=True)
    operation = fields.Selection(
        [("test", "Test connection"), ("poll", "Poll"), ("send", "Delivery")],
        required=True,
        readonly=True,
    )
    ok = fields.Boolean(string="Succeeded", readonly=True)
    detail = fields.Text(readonly=True)
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True)
    files = fields.Integer(readonly=True, help="Files picked up or delivered.")

    @api.autovacuum
    def _gc_old_rows(self):
        cutoff = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.search([("create_date", "<", cutoff)]).unlink()
