# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

# What keeps test traffic out of each model's figures, unless asked for.
PRODUCTION = {
    "integration.message": [("is_test", "=", False)],
    "integration.exception": [("is_test", "=", False)],
    "integration.log": [("message_id.is_test", "=", False)],
}
NOT_DONE_INBOUND = ("received", "parsed", "validated", "mapped", "failed", "dead")
# Days after shipping by which a carrier should have reported the delivery (system parameter).
OVERDUE_DAYS_PARAM = "integration_core.delivery_overdue_days"
OVERDUE_DAYS_DEFAULT = 5


class IntegrationDashboard(models.TransientModel):
    """The hub at a glance: each figure opens the records behind it."""

    _name = "integration.dashboard"
    _description = "Integration Dashboard"

    throughput_hour = fields.Integer(string="Messages in the last hour", compute="_compute_figures")
    failure_rate = fields.Float(string="Failure rate, 24 h (%)", compute="_compute_figures")
    latency_p50 = fields.Float(string="Processing time p50 (s)", compute="_compute_figures")
    latency_p95 = fields.Float(string="Processing time p95 (s)", compute="_compute_figures")
    queue_depth = fields.Integer(string="Jobs queued or running", compute="_compute_figures")
    retries_day = fields.Integer(string="Retries, 24 h", compute="_compute_figures")
    open_circuits = fields.Integer(string="Open circuits", compute="_compute_figures")
    orders_not_in_odoo = fields.Integer(
        string="Orders received, not in Odoo", compute="_compute_figures"
    )
    shipments_late = fields.Integer(
        string="Shipments not confirmed within a day", compute="_compute_figures"
    )
    not_transmitted = fields.Integer(string="Documents not transmitted", compute="_compute_figures")
    deliveries_overdue = fields.Integer(
        string="Shipped, not reported delivered",
        compute="_compute_figures",
        help="Deliveries a carrier handles (tracking number or milestones) shipped more than "
        "N days ago without a delivered milestone; N is the system parameter "
        "integration_core.delivery_overdue_days (5 by default).",
    )
    missing_acks = fields.Integer(string="Missing acknowledgements", compute="_compute_figures")
    backlog_hour = fields.Integer(string="Exceptions < 1 h", compute="_compute_figures")
    backlog_day = fields.Integer(string="Exceptions < 1 day", compute="_compute_figures")
    backlog_week = fields.Integer(string="Exceptions < 1 week", compute="_compute_figures")
    backlog_old = fields.Integer(string="Exceptions older", compute="_compute_figures")
    include_test = fields.Boolean(
        string="Include test traffic",
        help="Count the messages and exceptions of partners and flows in test too.",
    )

    def _figures(self):
        """Hook: each figure by name, as (model, domain of the records it counts). A module
        adds its figures to ``super()``'s dict (and their fields to the dashboard)."""
        now = fields.Datetime.now()
        open_exceptions = self.env["integration.exception"]._open_domain()
        hour, day = now - timedelta(hours=1), now - timedelta(days=1)
        figures = {
            "throughput_hour": ("integration.message", [("create_date", ">=", hour)]),
            "retries_day": (
                "integration.log",
                [("level", "=", "warning"), ("create_date", ">=", day)],
            ),
            "open_circuits": (
                "integration.endpoint",
                self.env["integration.endpoint"]._open_circuit_domain(),
            ),
            "orders_not_in_odoo": (
                "integration.message",
                [
                    ("direction", "=", "inbound"),
                    ("document_type", "=", "order"),
                    ("state", "in", NOT_DONE_INBOUND),
                ],
            ),
            "shipments_late": (
                "stock.picking",
                [
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "assigned"),
                    ("scheduled_date", "<", day),
                ],
            ),
            "deliveries_overdue": ("stock.picking", self._overdue_deliveries_domain()),
            "not_transmitted": (
                "integration.message",
                [
                    ("direction", "=", "outbound"),
                    "|",
                    ("state", "in", ("failed", "dead")),
                    "&",
                    ("state", "=", "pending"),
                    ("create_date", "<", hour),
                ],
            ),
            "missing_acks": (
                "integration.message",
                [("direction", "=", "outbound"), ("state", "=", "sent"), ("ack_due_at", "<", now)],
            ),
            "backlog_hour": (
                "integration.exception",
                [*open_exceptions, ("age_bucket", "=", "lt1h")],
            ),
            "backlog_day": (
                "integration.exception",
                [*open_exceptions, ("age_bucket", "=", "lt1d")],
            ),
            "backlog_week": (
                "integration.exception",
                [*open_exceptions, ("age_bucket", "=", "lt1w")],
            ),
            "backlog_old": (
                "integration.exception",
                [*open_exceptions, ("age_bucket", "=", "old")],
            ),
        }
        if not self[:1].include_test:
            figures = {
                name: (model, [*domain, *PRODUCTION.get(model, [])])
                for name, (model, domain) in figures.items()
            }
        return figures

    def _overdue_deliveries_domain(self):
        """Carrier deliveries shipped more than N days ago with no delivered milestone."""
        days = self.env["ir.config_parameter"].sudo().get_param(OVERDUE_DAYS_PARAM)
        try:
            days = int(days or OVERDUE_DAYS_DEFAULT)
        except ValueError:
            days = OVERDUE_DAYS_DEFAULT
        carrier_handled = [
            ("integration_tracking_ref", "!=", False),
            ("integration_milestone_ids", "!=", False),
        ]
        if "carrier_tracking_ref" in self.env["stock.picking"]._fields:
            carrier_handled.append(("carrier_tracking_ref", "!=", False))
        return [
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "done"),
            ("date_done", "<", fields.Datetime.now() - timedelta(days=days)),
            ("integration_milestone_ids", "not any", [("status", "=", "delivered")]),
            *expression.OR([[leaf] for leaf in carrier_handled]),
        ]

    @api.depends("include_test")
    def _compute_figures(self):
        for dashboard in self:
            dashboard.update(
                {
                    # A figure on records the user may not read (deliveries for a queue-only
                    # user) shows 0 instead of refusing the whole dashboard.
                    name: self.env[model].has_access("read")
                    and self.env[model].search_count(domain)
                    for name, (model, domain) in dashboard._figures().items()
                }
            )
            dashboard.update(dashboard._technical())

    def _technical(self):
        cr = self.env.cr
        traffic = SQL("TRUE") if self[:1].include_test else SQL("NOT COALESCE(is_test, false)")
        cr.execute(
            SQL(
                """
            SELECT count(*) FILTER (WHERE state IN ('failed', 'dead')), count(*)
              FROM integration_message
             WHERE create_date > (now() at time zone 'UTC') - interval '1 day' AND %s""",
                traffic,
            )
        )
        failed, total = cr.fetchone()
        cr.execute(
            SQL(
                """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY s)
              FROM (SELECT extract(epoch FROM processed_at - create_date) AS s
                      FROM integration_message
                     WHERE processed_at > (now() at time zone 'UTC') - interval '1 day'
                       AND %s) t""",
                traffic,
            )
        )
        p50, p95 = cr.fetchone()
        return {
            "failure_rate": 100.0 * failed / total if total else 0.0,
            "latency_p50": p50 or 0.0,
            "latency_p95": p95 or 0.0,
            "queue_depth": self.env["integration.monitor"]._health()["queued_jobs"],
        }

    def _figure_records(self):
        """Each clickable figure by name, as (model, domain): the counted figures and the
        messages behind the failure rate and the processing times."""
        day = fields.Datetime.now() - timedelta(days=1)
        production = [] if self[:1].include_test else PRODUCTION["integration.message"]
        processed = ("integration.message", [("processed_at", ">", day), *production])
        return {
            **self._figures(),
            "failure_rate": (
                "integration.message",
                [("create_date", ">", day), ("state", "in", ("failed", "dead")), *production],
            ),
            "latency_p50": processed,
            "latency_p95": processed,
        }

    def _figure_filters(self):
        """Hook: the search view filters (names) that show each figure's records as facets;
        a module adds its figures' filters to ``super()``'s dict."""
        return {
            "throughput_hour": ["today"],
            "retries_day": ["warning"],
            "open_circuits": ["circuit_tripped"],
            "orders_not_in_odoo": ["inbound", "orders", "not_in_odoo"],
            "shipments_late": ["delivery", "available", "late"],
            "deliveries_overdue": ["delivery", "carrier_not_delivered"],
            "not_transmitted": ["outbound", "not_transmitted"],
            "missing_acks": ["outbound", "awaiting_ack"],
            "failure_rate": ["failed"],
            "latency_p50": ["timed"],
            "latency_p95": ["timed"],
            "backlog_hour": ["open", "age_lt1h"],
            "backlog_day": ["open", "age_lt1d"],
            "backlog_week": ["open", "age_lt1w"],
            "backlog_old": ["open", "age_old"],
        }

    def action_open_figure(self):
        """The records behind a figure; the search filters that make it up are shown as facets
        (the domain keeps the exact records, time windows included)."""
        name = self.env.context["figure"]
        model, domain = self._figure_records()[name]
        context = {f"search_default_{flt}": 1 for flt in self._figure_filters().get(name, [])}
        if not self[:1].include_test and model in ("integration.message", "integration.exception"):
            context["search_default_production"] = 1
        return {
            "type": "ir.actions.act_window",
            "name": self._fields[name].string,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": context,
        }

    def action_open_jobs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action["domain"] = [
            ("channel", "like", "root.integration"),
            ("state", "in", ("pending", "enqueued", "started")),
        ]
        action["context"] = {}
        return action

    @api.depends("include_test")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._("Integration dashboard")

    @api.model
    def action_open(self):
        """The dashboard, computed as it opens: the user's own record, reused (made once, or
        again after the transient vacuum took it), so that neither opening nor refreshing
        stores a record each time."""
        dashboard = self.search([("create_uid", "=", self.env.uid)], order="id desc", limit=1)
        if not dashboard:
            dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Integration dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_refresh(self):
        """The form reloads this very record after the button, which computes it again."""
        return True
