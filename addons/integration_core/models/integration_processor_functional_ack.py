# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services.errors import BusinessRuleError, MappingError
from ..services.plugins import ProcessResult


class IntegrationProcessorFunctionalAck(models.AbstractModel):
    """A partner's receipt for something we sent: marks it acknowledged, or opens an exception
    on it when the partner rejected it."""

    _name = "integration.processor.functional_ack"
    _inherit = "integration.processor"
    _description = "Functional acknowledgement processor"

    def _map(self, message, document):
        acknowledged = self.env["integration.message"].search(
            [
                ("partner_id", "=", message.partner_id.id),
                ("direction", "=", "outbound"),
                ("state", "in", ("sent", "acknowledged")),
                "|",
                ("name", "=", document.acknowledged_ref),
                ("partner_reference", "=", document.acknowledged_ref),
            ]
        )
        if not acknowledged:
            raise MappingError(
                self.env._(
                    "The acknowledgement refers to %(ref)s, which is no message sent to "
                    "%(partner)s.",
                    ref=document.acknowledged_ref,
                    partner=message.partner_id.name,
                ),
                hint=self.env._(
                    "Check the reference with the partner; ignore it if it is not ours."
                ),
            )
        return {"message_ids": acknowledged.ids}

    def _process_test(self, message, document, mapped):
        """A receipt changes nothing confirmed: test traffic is acknowledged as in production."""
        return self._process(message, document, mapped)

    def _process(self, message, document, mapped):
        """Mark what the partner acknowledged, or its rejection, through the pipeline."""
        acknowledged = self.env["integration.message"].browse(mapped["message_ids"])
        note = self.env._("%(status)s by %(ack)s.", status=document.status, ack=message.name)
        rejection = None
        if document.status == "rejected":
            problems = "; ".join(
                " ".join(
                    part
                    for part in (error.segment, error.element, error.code, error.description)
                    if part
                )
                for error in document.errors
            ) or self.env._("no detail given")
            rejection = BusinessRuleError(
                problems,
                hint=self.env._("Correct the document and resend it (Edit payload, then Retry)."),
            )
        acknowledged._set_acknowledged(note=note, rejection=rejection)
        return ProcessResult(
            record=acknowledged[:1],
            note=self.env._(
                "%(status)s: %(names)s.",
                status=document.status,
                names=", ".join(acknowledged.mapped("name")),
            ),
        )
