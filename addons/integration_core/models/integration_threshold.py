# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Hub-wide defaults when no threshold record applies: (warning, critical); higher is worse.
# A figure not listed counts problems: amber from the first one, never red by itself.
DEFAULT_THRESHOLDS = {
    "failure_rate": (5.0, 20.0),
    "latency_p50": (30.0, 300.0),
    "latency_p95": (60.0, 900.0),
    "queue_depth": (500.0, 5000.0),
    "open_exceptions": (1.0, 25.0),
    "oldest_waiting": (30.0, 240.0),
    "backlog_day": (1.0, 10.0),
    "backlog_week": (1.0, 5.0),
    "backlog_old": (1.0, 1.0),
    "open_circuits": (1.0, 1.0),
}
PROBLEM_COUNT = (1.0, 0.0)
# Figures that measure volume, not trouble: never coloured.
NEUTRAL_FIGURES = frozenset({"throughput_hour"})
LEVEL_RANK = {"success": 0, "warning": 1, "danger": 2}


class IntegrationThreshold(models.Model):
    """When a figure turns amber or red: set on a flow, else its partner (its alert levels
    by default), else hub-wide (neither), else the defaults above."""

    _name = "integration.threshold"
    _description = "Integration figure threshold"
    _order = "figure, flow_id, partner_id, id"

    figure = fields.Selection(selection="_selection_figures", required=True)
    warning = fields.Float(required=True, help="From this value the figure is amber.")
    critical = fields.Float(required=True, help="From this value the figure is red.")
    partner_id = fields.Many2one("integration.partner", ondelete="cascade", index=True)
    flow_id = fields.Many2one("integration.flow", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        help="Empty: hub-wide thresholds for every company.",
    )

    @api.model
    def _selection_figures(self):
        Dashboard = self.env["integration.dashboard"]
        return [
            (name, field.string)
            for name, field in Dashboard._fields.items()
            if name in Dashboard._figure_names()
        ]

    @api.depends("partner_id", "flow_id")
    def _compute_company_id(self):
        for threshold in self:
            owner = threshold.flow_id or threshold.partner_id
            # Hub-wide: the company chosen, none by default.
            threshold.company_id = owner.company_id if owner else threshold.company_id

    @api.constrains("warning", "critical")
    def _check_order(self):
        for threshold in self:
            if threshold.critical < threshold.warning:
                raise ValidationError(
                    self.env._(
                        "The critical value of %(figure)s must not be below its warning value.",
                        figure=threshold.figure,
                    )
                )

    @api.constrains("figure", "partner_id", "flow_id", "company_id")
    def _check_one_per_scope(self):
        for threshold in self:
            twins = self.search_count(
                [
                    ("id", "!=", threshold.id),
                    ("figure", "=", threshold.figure),
                    ("partner_id", "=", threshold.partner_id.id),
                    ("flow_id", "=", threshold.flow_id.id),
                    ("company_id", "=", threshold.company_id.id),
                ]
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "%(figure)s already has a threshold here: change that one.",
                        figure=threshold.figure,
                    )
                )

    @api.model
    def _limits(self, flows=None):
        """(warning, critical) of every figure, hub-wide (key None) and for each of
        ``flows`` (key flow id): the flow's own, its partner's, hub-wide, default."""
        thresholds = self.sudo().search(
            [
                "|",
                ("company_id", "=", False),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        hub = {**DEFAULT_THRESHOLDS}
        # Company-specific after hub-wide: it wins.
        for threshold in thresholds.sorted(lambda t: bool(t.company_id)):
            if not threshold.partner_id and not threshold.flow_id:
                hub[threshold.figure] = (threshold.warning, threshold.critical)
        limits = {None: hub}
        for flow in flows or ():
            own = {**hub}
            # The partner's alert levels (the alerts cron's) are its flows' red by default.
            partner = flow.partner_id
            for figure, critical in (
                ("failure_rate", partner.alert_failure_rate),
                ("open_exceptions", partner.alert_backlog),
            ):
                if critical:
                    own[figure] = (min(own[figure][0], critical), critical)
            partner_wide = thresholds.filtered(
                lambda t, f=flow: t.partner_id == f.partner_id and not t.flow_id
            )
            for threshold in partner_wide + thresholds.filtered(lambda t, f=flow: t.flow_id == f):
                own[threshold.figure] = (threshold.warning, threshold.critical)
            limits[flow.id] = own
        return limits

    @staticmethod
    def _level(figure, value, limits):
        """success / warning / danger (Odoo's decoration names), '' for a neutral figure."""
        if figure in NEUTRAL_FIGURES:
            return ""
        warning, critical = limits.get(figure, PROBLEM_COUNT)
        if critical and value >= critical:
            return "danger"
        return "warning" if value >= warning else "success"
