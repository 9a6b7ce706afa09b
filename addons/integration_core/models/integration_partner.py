# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationPartner(models.Model):
    """An outside party or system Odoo exchanges documents with."""

    _name = "integration.partner"
    _description = "Integration Partner"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        help="Short technical code, used in queue channels and API paths.",
    )
    kind = fields.Selection(
        [
            ("edi", "EDI trading partner"),
            ("wms", "Warehouse system"),
            ("3pl", "Third-party logistics"),
            ("channel", "Sales channel"),
            ("finance", "Finance system"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Gets the alerts and SLA activities of this partner.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="The customer or supplier this system stands for, used as the default "
        "customer of its orders.",
    )
    endpoint_ids = fields.One2many("integration.endpoint", "partner_id", string="Endpoints")
    flow_ids = fields.One2many("integration.flow", "partner_id", string="Flows")
    xref_ids = fields.One2many("integration.xref", "partner_id", string="Cross-references")
    message_count = fields.Integer(compute="_compute_counts")
    exception_count = fields.Integer(compute="_compute_counts", string="Open exceptions")
    health = fields.Selection(
        [("ok", "Healthy"), ("degraded", "Degraded"), ("down", "Down")],
        compute="_compute_health",
        help="Down when an endpoint's circuit is open; degraded while exceptions are open.",
    )

    alert_failure_rate = fields.Float(
        string="Alert above failure rate (%)",
        default=20.0,
        help="Share of the last hour's messages that failed; 0 disables the alert.",
    )
    alert_backlog = fields.Integer(
        string="Alert above open exceptions",
        default=25,
        help="0 disables the alert.",
    )

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The code must be unique."),
    ]

    def _compute_counts(self):
        messages = self.env["integration.message"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        exceptions = self.env["integration.exception"]._read_group(
            [("partner_id", "in", self.ids), ("state", "in", ("new", "in_progress"))],
            ["partner_id"],
            ["__count"],
        )
        message_counts = {partner.id: count for partner, count in messages}
        exception_counts = {partner.id: count for partner, count in exceptions}
        for partner in self:
            partner.message_count = message_counts.get(partner.id, 0)
            partner.exception_count = exception_counts.get(partner.id, 0)

    @api.depends("endpoint_ids.circuit_state")
    def _compute_health(self):
        for partner in self:
            if "open" in partner.endpoint_ids.mapped("circuit_state"):
                partner.health = "down"
            elif partner.exception_count:
                partner.health = "degraded"
            else:
                partner.health = "ok"

    @api.model
    def _cron_alerts(self):
        """An activity for the responsible when a partner's error rate or backlog is too high."""
        self.env.cr.execute("""
            SELECT partner_id, count(*) FILTER (WHERE state IN ('failed', 'dead')), count(*)
              FROM integration_message
             WHERE create_date > (now() at time zone 'UTC') - interval '1 hour'
          GROUP BY partner_id""")
        rates = {pid: (100.0 * failed / total) for pid, failed, total in self.env.cr.fetchall()}
        for partner in self.search([("user_id", "!=", False)]):
            reasons = []
            rate = rates.get(partner.id, 0.0)
            if partner.alert_failure_rate and rate > partner.alert_failure_rate:
                reasons.append(
                    self.env._("%(rate).0f%% of the last hour's messages failed.", rate=rate)
                )
            if partner.alert_backlog and partner.exception_count > partner.alert_backlog:
                reasons.append(self.env._("%s exceptions are open.", partner.exception_count))
            already = partner.activity_ids.filtered(
                lambda a: a.summary and a.summary.startswith("Integration alert")
            )
            if reasons and not already:
                partner.activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=self.env._("Integration alert: %s", partner.name),
                    note=" ".join(reasons),
                    user_id=partner.user_id.id,
                )

    def action_view_messages(self):
        return self._open_related("integration_core.action_integration_message")

    def action_view_exceptions(self):
        return self._open_related("integration_core.action_integration_exception")

    def _open_related(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {}
        return action
