# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Figures about the hub for people (dashboard), machines (Prometheus) and crons (alerts)."""

from odoo import api, fields, models

LATENCY_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600)
CIRCUIT_VALUES = {"closed": 0, "half_open": 1, "open": 2}
INTEGRATION_JOBS = "root.integration%"


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
        """Liveness for load balancers: counts only, never a name or a secret."""
        cr = self.env.cr
        cr.execute(
            "SELECT count(*) FROM queue_job WHERE channel LIKE %s"
            " AND state IN ('pending', 'enqueued', 'started')",
            (INTEGRATION_JOBS,),
        )
        queued = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM integration_endpoint WHERE circuit_state = 'open'")
        open_circuits = cr.fetchone()[0]
        return {
            "status": "ok",
            "time": fields.Datetime.now().isoformat() + "Z",
            "queued_jobs": queued,
            "open_circuits": open_circuits,
        }

    # ------------------------------------------------------------------ Prometheus
    @api.model
    def _prometheus(self):
        lines = []
        self._metric_messages(lines)
        self._metric_queue(lines)
        self._metric_retries(lines)
        self._metric_latency(lines)
        self._metric_circuits(lines)
        self._metric_exceptions(lines)
        return "\n".join(lines) + "\n"

    def _metric_messages(self, lines):
        lines += [
            "# HELP integration_messages Messages by partner, flow, direction and state.",
            "# TYPE integration_messages gauge",
        ]
        self.env.cr.execute("""
            SELECT p.code, f.code, m.direction, m.state, count(*)
              FROM integration_message m
              JOIN integration_flow f ON f.id = m.flow_id
              JOIN integration_partner p ON p.id = m.partner_id
          GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""")
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

    def _metric_queue(self, lines):
        lines += [
            "# HELP integration_queue_depth Pipeline jobs waiting or running by channel.",
            "# TYPE integration_queue_depth gauge",
        ]
        self.env.cr.execute(
            """
            SELECT channel, state, count(*) FROM queue_job
             WHERE channel LIKE %s AND state IN ('pending', 'enqueued', 'started')
          GROUP BY 1, 2 ORDER BY 1, 2""",
            (INTEGRATION_JOBS,),
        )
        lines += [
            f"integration_queue_depth{_labels(channel=c, state=s)} {n}"
            for c, s, n in self.env.cr.fetchall()
        ]

    def _metric_retries(self, lines):
        lines += [
            "# HELP integration_retries_total Retries scheduled after retryable errors.",
            "# TYPE integration_retries_total counter",
        ]
        self.env.cr.execute("""
            SELECT p.code, f.code, count(*)
              FROM integration_log l
              JOIN integration_flow f ON f.id = l.flow_id
              JOIN integration_partner p ON p.id = l.partner_id
             WHERE l.level = 'warning'
          GROUP BY 1, 2 ORDER BY 1, 2""")
        lines += [
            f"integration_retries_total{_labels(partner=p, flow=f)} {n}"
            for p, f, n in self.env.cr.fetchall()
        ]

    def _metric_latency(self, lines):
        lines += [
            "# HELP integration_processing_seconds Reception to processed, inbound.",
            "# TYPE integration_processing_seconds histogram",
        ]
        self.env.cr.execute("""
            SELECT p.code, f.code, extract(epoch FROM m.processed_at - m.create_date)
              FROM integration_message m
              JOIN integration_flow f ON f.id = m.flow_id
              JOIN integration_partner p ON p.id = m.partner_id
             WHERE m.direction = 'inbound' AND m.processed_at IS NOT NULL
               AND m.processed_at > (now() at time zone 'UTC') - interval '1 day'""")
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

    def _metric_circuits(self, lines):
        lines += [
            "# HELP integration_circuit_state 0 closed, 1 half-open, 2 open.",
            "# TYPE integration_circuit_state gauge",
        ]
        for endpoint in self.env["integration.endpoint"].search([("transport", "=", "http")]):
            lines.append(
                "integration_circuit_state"
                + _labels(
                    partner=endpoint.partner_id.code,
                    endpoint=endpoint.id,
                )
                + f" {CIRCUIT_VALUES[endpoint.circuit_state]}"
            )

    def _metric_exceptions(self, lines):
        lines += [
            "# HELP integration_open_exceptions Exceptions waiting for a person.",
            "# TYPE integration_open_exceptions gauge",
        ]
        groups = self.env["integration.exception"]._read_group(
            [("state", "in", ("new", "in_progress"))], ["partner_id", "category"], ["__count"]
        )
        lines += [
            f"integration_open_exceptions{_labels(partner=p.code or '', category=c)} {n}"
            for p, c, n in groups
        ]
