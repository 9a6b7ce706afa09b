# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..services import trace

OTLP_PARAMETER = "integration.otlp_endpoint"


class IntegrationTraceMixin(models.AbstractModel):
    """The W3C trace context a message belongs to (``services.trace``): kept on the message,
    active while its jobs run, and the spans of its receipt and steps."""

    _name = "integration.trace.mixin"
    _description = "Integration trace context"

    traceparent = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="W3C trace context of the transaction this message is part of: received with it "
        "(traceparent header, CloudEvent extension) or started on receipt, inherited by the "
        "messages it causes, sent on with outbound requests and broker messages.",
    )

    def _register_hook(self):
        super()._register_hook()
        trace.install_log_tagging()

    @api.model
    def _otlp_endpoint(self):
        """Where spans are exported (OTLP/HTTP): ``OTEL_EXPORTER_OTLP_ENDPOINT`` or the
        config parameter ``integration.otlp_endpoint``; None: not exported."""
        # sudo: a technical setting read by the pipeline, whoever runs it
        parameter = self.env["ir.config_parameter"].sudo().get_param(OTLP_PARAMETER)
        return trace.configured_endpoint(parameter)

    def _traced(self, name, parent=None, **attributes):
        """A span ``name`` (receive, a step) in this message's trace, active for the block;
        yields its traceparent."""
        attributes.update(
            {
                "integration.message": self.name or "",
                "integration.flow": self.flow_id.code or "",
                "integration.correlation_id": self.correlation_id or "",
            }
            if self
            else {}
        )
        return trace.span(
            f"integration.{name}",
            parent or self.traceparent,
            self._otlp_endpoint(),
            {key: value for key, value in attributes.items() if value},
        )
