# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..models.integration_monitor import INTEGRATION_JOBS
from ..models.integration_threshold import LEVEL_RANK

# What keeps test traffic out of each model's figures, unless asked for.
PRODUCTION = {
    "integration.message": [("is_test", "=", False)],
    "integration.exception": [("is_test", "=", False)],
    "integration.log": [("message_id.is_test", "=", False)],
}
NOT_DONE_INBOUND = ("received", "parsed", "validated", "mapped", "failed", "dead")
# A message on its way through the pipeline (the messages' "In progress" filter).
WAITING_STATES = ("received", "parsed", "validated", "mapped", "pending")
QUEUED_JOB_STATES = ("pending", "enqueued", "started")
TREND = timedelta(hours=24)
# Figures measured on the messages by SQL, per flow too (the flows board).
MESSAGE_FIGURES = ("failure_rate", "latency_p50", "latency_p95", "oldest_waiting")
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
    open_exceptions = fields.Integer(string="Open exceptions", compute="_compute_figures")
    oldest_waiting = fields.Float(
        string="Oldest waiting message (min)",
        compute="_compute_figures",
        help="Minutes since the oldest message still on its way through the pipeline arrived.",
    )
    figure_states = fields.Json(
        compute="_compute_figures",
        help="Per figure: its colour against the thresholds (level) and its value 24 h ago.",
    )
    flow_line_ids = fields.One2many(
        "integration.dashboard.flow", "dashboard_id", string="Flows", readonly=True
    )
    include_test = fields.Boolean(
        string="Include test traffic",
        help="Count the messages and exceptions of partners and flows in test too.",
    )

    def _figures(self):
        """Hook: each figure by name, as (model, domain of the records it counts). A module
        adds its figures to ``super()``'s dict (and their fields to the dashboard)."""
        now = self._now()
        open_exceptions = self._open_exceptions_domain()
        hour, day = now - timedelta(hours=1), now - timedelta(days=1)
        figures = {
            "throughput_hour": ("integration.message", [("create_date", ">=", hour)]),
            "open_exceptions": ("integration.exception", open_exceptions),
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

    def _now(self):
        """The time the figures are computed for: now, or 24 h ago for the trend."""
        return self.env.context.get("integration_figures_at") or fields.Datetime.now()

    def _open_exceptions_domain(self):
        """The exceptions open at :meth:`_now`: for a past time, those opened by then and
        not resolved before it."""
        open_now = self.env["integration.exception"]._open_domain()
        at = self.env.context.get("integration_figures_at")
        if not at:
            return open_now
        return [("create_date", "<=", at), "|", *open_now, ("resolved_at", ">", at)]

    @api.model
    def _figure_names(self):
        """Every figure of the dashboard (what thresholds may be set on)."""
        return [
            name
            for name, field in self._fields.items()
            if field.compute == "_compute_figures" and field.type in ("integer", "float")
        ]

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
            ("date_done", "<", self._now() - timedelta(days=days)),
            ("integration_milestone_ids", "not any", [("status", "=", "delivered")]),
            *expression.OR([[leaf] for leaf in carrier_handled]),
        ]

    @api.depends("include_test")
    def _compute_figures(self):
        for dashboard in self:
            values = dashboard._figure_values()
            before = dashboard.with_context(
                integration_figures_at=fields.Datetime.now() - TREND
            )._figure_values()
            limits = self.env["integration.threshold"]._limits()[None]
            level = self.env["integration.threshold"]._level
            dashboard.update(values)
            dashboard.figure_states = {
                name: {
                    "level": level(name, value, limits),
                    "previous": before.get(name, 0),
                    "delta": round(value - before.get(name, 0), 2),
                }
                for name, value in values.items()
            }

    def _figure_values(self, names=None, companies=None):
        """Each figure's value by name (all, or ``names``), at :meth:`_now`: the one
        definition the dashboard, ``/health`` and ``/metrics`` show. ``companies``: only
        their records (None: those the user may read)."""
        at = self.env.context.get("integration_figures_at")
        values = {}
        for name, (model, domain) in self._figures().items():
            if names is not None and name not in names:
                continue
            Model = self.env[model]
            # A figure on records the user may not read (deliveries for a queue-only user)
            # shows 0 instead of refusing the whole dashboard.
            if not Model.has_access("read"):
                values[name] = 0
                continue
            if at:
                domain = [*domain, ("create_date", "<=", at)]
            if companies is not None and "company_id" in Model._fields:
                domain = [*domain, ("company_id", "in", companies.ids)]
            values[name] = Model.search_count(domain)
        wanted = set(MESSAGE_FIGURES) if names is None else set(MESSAGE_FIGURES) & set(names)
        if wanted:
            figures = self._message_figures(companies=companies)[None]
            values.update({name: figures[name] for name in wanted})
        if names is None or "queue_depth" in names:
            values["queue_depth"] = self._queue_depth(companies)
        return values

    def _message_figures(self, companies=None, by_flow=False):
        """The figures measured on messages over the 24 h before :meth:`_now`, for all
        (key None) and, ``by_flow``, for each flow (key its id): failure rate (%),
        processing time p50/p95 (s), age of the oldest waiting message (min)."""
        at = self._now()
        since = at - timedelta(days=1)
        past = bool(self.env.context.get("integration_figures_at"))

        def until(column):
            # No upper bound now: ``now`` has no microseconds, a new message may.
            return SQL("%s <= %s", SQL.identifier(column), at) if past else SQL("TRUE")

        conditions = [SQL("TRUE") if self[:1].include_test else SQL("NOT COALESCE(is_test, false)")]
        if companies is not None:
            conditions.append(SQL("company_id IN %s", tuple(companies.ids) or (0,)))
        if not self.env.su:
            conditions.append(SQL("company_id IN %s", tuple(self.env.companies.ids)))
        waiting = SQL("state IN %s", WAITING_STATES)
        if past:
            # Waiting then if still waiting, or changed since (it went on after).
            waiting = SQL("create_date <= %s AND (%s OR write_date > %s)", at, waiting, at)
        seconds = SQL("extract(epoch FROM processed_at - create_date)")
        processed = SQL("processed_at > %s AND %s", since, until("processed_at"))
        created = SQL("create_date > %s AND %s", since, until("create_date"))
        self.env.cr.execute(
            SQL(
                """
            SELECT %(key)s,
                   count(*) FILTER (WHERE %(created)s AND state IN ('failed', 'dead')),
                   count(*) FILTER (WHERE %(created)s),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY %(seconds)s)
                       FILTER (WHERE %(processed)s),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY %(seconds)s)
                       FILTER (WHERE %(processed)s),
                   min(create_date) FILTER (WHERE %(waiting)s)
              FROM integration_message
             WHERE %(where)s
               AND (create_date > %(since)s OR processed_at > %(since)s OR %(waiting)s)
          GROUP BY GROUPING SETS (%(sets)s)""",
                since=since,
                created=created,
                seconds=seconds,
                processed=processed,
                waiting=waiting,
                where=SQL(" AND ").join(conditions),
                key=SQL("flow_id") if by_flow else SQL("NULL::integer"),
                sets=SQL("(flow_id), ()") if by_flow else SQL("()"),
            )
        )
        figures = {None: dict.fromkeys(MESSAGE_FIGURES, 0.0)}
        for flow_id, failed, total, p50, p95, oldest in self.env.cr.fetchall():
            # The grand total comes with flow_id NULL (messages always have a flow).
            figures[flow_id] = {
                "failure_rate": 100.0 * failed / total if total else 0.0,
                "latency_p50": p50 or 0.0,
                "latency_p95": p95 or 0.0,
                "oldest_waiting": max((at - oldest).total_seconds() / 60.0, 0.0) if oldest else 0.0,
            }
        return figures

    def _queue_depth(self, companies=None):
        """Pipeline jobs waiting or running at :meth:`_now` (of ``companies``' partners)."""
        at = self.env.context.get("integration_figures_at")
        when = SQL("state IN %s", QUEUED_JOB_STATES)
        if at:
            when = SQL("date_created <= %s AND (%s OR date_done > %s)", at, when, at)
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM queue_job WHERE channel LIKE %s AND %s AND %s",
                INTEGRATION_JOBS,
                when,
                self.env["integration.monitor"]._of_partner_channels(companies),
            )
        )
        return self.env.cr.fetchone()[0]

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
            "oldest_waiting": (
                "integration.message",
                [("state", "in", WAITING_STATES), *production],
            ),
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
            "open_exceptions": ["open"],
            "oldest_waiting": ["in_progress"],
        }

    def _figure_search_views(self):
        """Hook: the search view (xml id) of a figure whose model has several, by name."""
        return {}

    def action_open_figure(self):
        """The records behind a figure; the search filters that make it up are shown as facets
        (the domain keeps the exact records, time windows included)."""
        name = self.env.context["figure"]
        model, domain = self._figure_records()[name]
        context = {f"search_default_{flt}": 1 for flt in self._figure_filters().get(name, [])}
        if not self[:1].include_test and model in ("integration.message", "integration.exception"):
            context["search_default_production"] = 1
        action = {
            "type": "ir.actions.act_window",
            "name": self._fields[name].string,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": context,
        }
        search_view = self._figure_search_views().get(name)
        if search_view:
            action["search_view_id"] = [self.env.ref(search_view).id, "search"]
        return action

    def action_open_jobs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action["domain"] = [
            ("channel", "like", "root.integration"),
            ("state", "in", QUEUED_JOB_STATES),
        ]
        action["context"] = {f"search_default_{state}": 1 for state in QUEUED_JOB_STATES}
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
        dashboard = self._mine()
        dashboard._refresh_board()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Integration dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _mine(self):
        dashboard = self.search([("create_uid", "=", self.env.uid)], order="id desc", limit=1)
        return dashboard or self.create({})

    def action_refresh(self):
        """The form reloads this very record after the button, which computes it again."""
        self._refresh_board()
        return True

    def write(self, vals):
        result = super().write(vals)
        if "include_test" in vals:
            self._refresh_board()
        return result

    @api.model
    def action_open_board(self):
        """The flows board: the user's dashboard's flows, the most troubled first."""
        dashboard = self._mine()
        dashboard._refresh_board()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Flows board"),
            "res_model": "integration.dashboard.flow",
            "view_mode": "list",
            "views": [(False, "list")],
            "domain": [("dashboard_id", "=", dashboard.id)],
            "target": "current",
        }

    def _refresh_board(self):
        """One line per flow with its figures coloured against the flow's thresholds."""
        for dashboard in self:
            Flow = self.env["integration.flow"]
            flows = Flow.search([] if dashboard.include_test else [("is_test", "=", False)])
            figures = dashboard._message_figures(by_flow=True)
            exceptions = dict(
                self.env["integration.exception"]._read_group(
                    [("flow_id", "in", flows.ids), *dashboard._figures()["open_exceptions"][1]],
                    ["flow_id"],
                    ["__count"],
                )
            )
            last_received = dict(
                self.env["integration.message"]._read_group(
                    [("flow_id", "in", flows.ids)], ["flow_id"], ["create_date:max"]
                )
            )
            limits = self.env["integration.threshold"]._limits(flows)
            lines = []
            for flow in flows:
                values = {
                    **(figures.get(flow.id) or dict.fromkeys(MESSAGE_FIGURES, 0.0)),
                    "open_exceptions": exceptions.get(flow, 0),
                }
                levels = {
                    name: self.env["integration.threshold"]._level(name, value, limits[flow.id])
                    for name, value in values.items()
                    if name != "latency_p50"
                }
                trouble = max(levels.values(), key=LEVEL_RANK.get)
                lines.append(
                    {
                        "flow_id": flow.id,
                        "failure_rate": values["failure_rate"],
                        "latency_p95": values["latency_p95"],
                        "oldest_waiting": values["oldest_waiting"],
                        "open_exceptions": values["open_exceptions"],
                        "last_received_at": last_received.get(flow),
                        "levels": levels,
                        "trouble": trouble,
                        "trouble_rank": LEVEL_RANK[trouble],
                    }
                )
            dashboard.flow_line_ids.unlink()
            dashboard.flow_line_ids = [Command.create(line) for line in lines]
