# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Figures about the hub for people (dashboard), machines (Prometheus) and crons (alerts)."""

from odoo import api, fields, models
from odoo.tools import SQL

LATENCY_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600)
CIRCUIT_VALUES = {"closed": 0, "half_open": 1, "open": 2}
INTEGRATION_JOBS = "root.integration%"
# The dashboard's figures /health shows too: counts only, on indexed columns (a load balancer
# calls it often; the figures that read the day's messages are in /metrics).
HEALTH_FIGURES = ("queue_depth", "open_circuits", "open_exceptions")


def _label(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _labels(**labels):
    return "{" + ",".join(f'{key}="{_label(value)}"' for key, value in labels.items()) + "}"


class IntegrationMonitor(models.AbstractModel):
    _name = "integration.monitor"
    _description = "Integration monitoring"

    # ------------------------------------------------------------------ health
    @api.model
    def _health(self):
        """Liveness for load balancers: counts only, never a name or a secret.

        ``degraded`` with ``reasons`` when the hub runs but cannot do its job in full (its
        encryption keys are unusable).
        """
        figures = self.env["integration.dashboard"]._figure_values(HEALTH_FIGURES)
        reasons = [
            reason for reason in [self.env["integration.endpoint"]._encryption_problem()] if reason
        ]
        health = {
            "status": "degraded" if reasons else "ok",
            "time": fields.Datetime.now(),
            "queued_jobs": figures.pop("queue_depth"),
            "open_circuits": figures.pop("open_circuits"),
            "figures": figures,
        }
        if reasons:
            health["reasons"] = reasons
        return health

    # ------------------------------------------------------------------ Prometheus
    @api.model
    def _prometheus(self, companies=None):
        """The metrics text; only the figures of ``companies`` when given (None: all)."""
        lines = []
        self._metric_messages(lines, companies)
        self._metric_queue(lines, companies)
        self._metric_retries(lines, companies)
        self._metric_latency(lines, companies)
        self._metric_circuits(lines, companies)
        self._metric_exceptions(lines, companies)
        self._metric_figures(lines, companies)
        return "\n".join(lines) + "\n"

    @staticmethod
    def _of_companies(alias, companies):
        """SQL: the rows of table ``alias`` that belong to ``companies`` (None: every row)."""
        if companies is None:
            return SQL("TRUE")
        return SQL("%s.company_id IN %s", SQL.identifier(alias), tuple(companies.ids) or (0,))

    def _of_partner_channels(self, companies):
        """SQL: the queue jobs of ``companies``' partners (None: every job)."""
        if companies is None:
            return SQL("TRUE")
        # Channels are root.integration.<direction>.<partner code>.
        codes = (
            self.env["integration.partner"]
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .mapped("code")
        )
        return SQL("split_part(channel, '.', 4) IN %s", tuple(codes) or ("",))

    def _metric_figures(self, lines, companies=None):
        """The dashboard's figures, by the dashboard's own definitions."""
        lines += [
            "# HELP integration_figure The Overview dashboard's figures (production traffic).",
            "# TYPE integration_figure gauge",
        ]
        figures = self.env["integration.dashboard"]._figure_values(companies=companies)
        lines += [
            f"integration_figure{_labels(figure=name)} {round(float(value), 3)}"
            for name, value in sorted(figures.items())
        ]

    def _metric_messages(self, lines, companies=None):
        lines += [
            "# HELP integration_messages Messages by partner, flow, direction and state.",
            "# TYPE integration_messages gauge",
        ]
        self.env.cr.execute(
            SQL(
                """
            SELECT p.code, f.code, m.direction, m.state, count(*)
              FROM integration_message m
              JOIN integration_flow f ON f.id = m.flow_id
              JOIN integration_partner p ON p.id = m.partner_id
             WHERE %s
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""",
                self._of_companies("m", companies),
            )
        )
        failures = {}
        for partner, flow, direction, state, count in self.env.cr.fetchall():
            lines.append(
                "integration_messages"
                + _labels(partner=partner, flow=flow, direction=direction, state=state)
                + f" {count}"
            )
            if state in ("failed", "dead"):
                failures[(partner, flow)] = failures.get((partner, flow), 0) + count
        lines += [
            "# HELP integration_failures Messages failed or dead, waiting for a person.",
            "# TYPE integration_failures gauge",
        ]
        lines += [
            f"integration_failures{_labels(partner=p, flow=f)} {count}"
            for (p, f), count in sorted(failures.items())
        ]

    def _metric_queue(self, lines, companies=None):
        lines += [
            "# HELP integration_queue_depth Pipeline jobs waiting or running by channel.",
            "# TYPE integration_queue_depth gauge",
        ]
        self.env.cr.execute(
            SQL(
                """
            SELECT channel, state, count(*) FROM queue_job
             WHERE channel LIKE %s AND state IN ('pending', 'enqueued', 'started') AND %s
          GROUP BY 1, 2 ORDER BY 1, 2""",
                INTEGRATION_JOBS,
                self._of_partner_channels(companies),
            )
        )
        lines += [
            f"integration_queue_depth{_labels(channel=c, state=s)} {n}"
            for c, s, n in self.env.cr.fetchall()
        ]

    def _metric_retries(self, lines, companies=None):
        lines += [
            "# HELP integration_retries_total Retries scheduled after retryable errors.",
            "# TYPE integration_retries_total counter",
        ]
        self.env.cr.execute(
            SQL(
                """
            SELECT p.code, f.code, count(*)
              FROM integration_log l
              JOIN integration_flow f ON f.id = l.flow_id
              JOIN integration_partner p ON p.id = l.partner_id
             WHERE l.level = 'warning' AND %s
          GROUP BY 1, 2 ORDER BY 1, 2""",
                self._of_companies("l", companies),
            )
        )
        lines += [
            f"integration_retries_total{_labels(partner=p, flow=f)} {n}"
            for p, f, n in self.env.cr.fetchall()
        ]

    def _metric_latency(self, lines, companies=None):
        lines += [
            "# HELP integration_processing_seconds Reception to processed, inbound.",
            "# TYPE integration_processing_seconds histogram",
        ]
        self.env.cr.execute(
            SQL(
                """
            SELECT p.code, f.code, extract(epoch FROM m.processed_at - m.create_date)
              FROM integration_message m
              JOIN integration_flow f ON f.id = m.flow_id
              JOIN integration_partner p ON p.id = m.partner_id
             WHERE m.direction = 'inbound' AND m.processed_at IS NOT NULL
               AND m.processed_at > (now() at time zone 'UTC') - interval '1 day' AND %s""",
                self._of_companies("m", companies),
            )
        )
        series = {}
        for partner, flow, seconds in self.env.cr.fetchall():
            series.setdefault((partner, flow), []).append(max(float(seconds), 0.0))
        for (partner, flow), values in sorted(series.items()):
            for bound in LATENCY_BUCKETS:
                count = sum(1 for value in values if value <= bound)
                lines.append(
                    "integration_processing_seconds_bucket"
                    + _labels(partner=partner, flow=flow, le=bound)
                    + f" {count}"
                )
            lines.append(
                "integration_processing_seconds_bucket"
                + _labels(partner=partner, flow=flow, le="+Inf")
                + f" {len(values)}"
            )
            lines.append(
                f"integration_processing_seconds_sum{_labels(partner=partner, flow=flow)}"
                f" {sum(values):.3f}"
            )
            lines.append(
                f"integration_processing_seconds_count"
                f"{_labels(partner=partner, flow=flow)} {len(values)}"
            )

    def _metric_circuits(self, lines, companies=None):
        lines += [
            "# HELP integration_circuit_state 0 closed, 1 half-open, 2 open.",
            "# TYPE integration_circuit_state gauge",
        ]
        domain = [("transport", "=", "http")]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        for endpoint in self.env["integration.endpoint"].search(domain):
            lines.append(
                "integration_circuit_state"
                + _labels(
                    partner=endpoint.partner_id.code,
                    endpoint=endpoint.id,
                )
                + f" {CIRCUIT_VALUES[endpoint.circuit_state]}"
            )

    def _metric_exceptions(self, lines, companies=None):
        lines += [
            "# HELP integration_open_exceptions Exceptions waiting for a person.",
            "# TYPE integration_open_exceptions gauge",
        ]
        domain = self.env["integration.exception"]._open_domain()
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        groups = self.env["integration.exception"]._read_group(
            domain, ["partner_id", "category"], ["__count"]
        )
        lines += [
            f"integration_open_exceptions{_labels(partner=p.code or '', category=c)} {n}"
            for p, c, n in groups
        ]
