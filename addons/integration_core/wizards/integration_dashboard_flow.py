# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

TROUBLE = [("danger", "Critical"), ("warning", "Warning"), ("success", "OK")]


class IntegrationDashboardFlow(models.TransientModel):
    """A flow on the flows board, with the figures that tell whether it is in trouble."""

    _name = "integration.dashboard.flow"
    _description = "Integration dashboard: a flow"
    _order = "trouble_rank desc, open_exceptions desc, failure_rate desc, oldest_waiting desc, id"

    dashboard_id = fields.Many2one("integration.dashboard", required=True, ondelete="cascade")
    flow_id = fields.Many2one("integration.flow", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="flow_id.partner_id")
    direction = fields.Selection(related="flow_id.direction")
    trouble = fields.Selection(TROUBLE, required=True)
    trouble_rank = fields.Integer()
    failure_rate = fields.Float(string="Failed, 24 h (%)", digits=(16, 1))
    latency_p95 = fields.Float(string="p95 (s)", digits=(16, 1), help="Processing time, 24 h.")
    open_exceptions = fields.Integer(string="Exceptions", help="Open exceptions.")
    oldest_waiting = fields.Float(
        string="Waiting (min)", digits=(16, 0), help="Age of the oldest message on its way."
    )
    last_received_at = fields.Datetime(
        string="Last received", help="When the flow's latest message arrived (or was made)."
    )
    levels = fields.Json(help="Each figure's colour against the flow's thresholds.")

    def action_open_messages(self):
        """The flow's messages, its filter shown as a facet."""
        return self._open("integration.message", {"search_default_flow_id": self.flow_id.id})

    def action_open_exceptions(self):
        return self._open(
            "integration.exception",
            {"search_default_flow_id": self.flow_id.id, "search_default_open": 1},
        )

    def _open(self, model, context):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.flow_id.display_name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "context": context,
        }
