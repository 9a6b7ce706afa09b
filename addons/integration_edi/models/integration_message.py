# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .integration_edi_interchange import ACK_STATUSES
from .integration_partner import EDI_CODECS

RESENDABLE_STATES = ("sent", "acknowledged", "failed", "dead")
EXPECTED_ACK_LABELS = {"997": "997", "999": "999", "contrl": "CONTRL"}


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    edi_transaction_ids = fields.One2many(
        "integration.edi.transaction", "message_id", string="EDI transaction sets"
    )
    edi_interchange_ids = fields.One2many(
        "integration.edi.interchange", "message_id", string="EDI interchanges"
    )
    is_edi = fields.Boolean(compute="_compute_is_edi", string="EDI message")
    as2_message_ids = fields.One2many(
        "integration.as2.message", "message_id", string="AS2 transfers", readonly=True
    )
    edi_ack_status = fields.Selection(
        ACK_STATUSES,
        compute="_compute_edi_ack",
        string="EDI acknowledgement",
        help="What the partner's functional acknowledgement said about the last "
        "transmission of this message.",
    )
    edi_ack_label = fields.Char(compute="_compute_edi_ack", string="Acknowledgement")
    edi_ack_errors = fields.Text(compute="_compute_edi_ack", string="Acknowledgement errors")

    @api.depends("flow_id.codec")
    def _compute_is_edi(self):
        for message in self:
            message.is_edi = message.flow_id.codec in EDI_CODECS

    @api.depends("edi_transaction_ids.ack_status", "edi_transaction_ids.ack_errors")
    def _compute_edi_ack(self):
        for message in self:
            sent = message.edi_transaction_ids.filtered(lambda t: t.direction == "outbound")
            last = sent.sorted("id")[-1:]
            if message.direction != "outbound" or not last:
                message.edi_ack_status = False
                message.edi_ack_label = False
                message.edi_ack_errors = False
                continue
            status = last.ack_status or "none"
            message.edi_ack_status = status
            message.edi_ack_errors = last.ack_errors
            expected = EXPECTED_ACK_LABELS.get(message.partner_id.edi_expected_ack, "")
            awaited = expected or self.env._("acknowledgement")
            message.edi_ack_label = {
                "none": self.env._("No acknowledgement expected"),
                "pending": self.env._("Awaiting %s", awaited)
                if message.state != "pending"
                else self.env._("%s expected once sent", awaited),
                "accepted": self.env._("%s accepted", last.ack_kind or expected),
                "accepted_with_errors": self.env._(
                    "%s accepted with errors", last.ack_kind or expected
                ),
                "rejected": self.env._("%s rejected", last.ack_kind or expected),
            }[status]

    # ------------------------------------------------------------------ resend
    def _edi_resendable(self):
        for message in self:
            if not (
                message.is_edi
                and message.direction == "outbound"
                and message.state in RESENDABLE_STATES
                and message.payload_attachment_id
            ):
                raise UserError(
                    self.env._(
                        "%s cannot be resent: only sent, acknowledged, failed or dead outbound "
                        "EDI messages with a payload can.",
                        message.name,
                    )
                )

    def action_edi_resend(self):
        """Send the same bytes again: same control numbers, same partner reference."""
        messages = self._checked_for(self.env._("Resending a message"))
        messages._edi_resendable()
        for message in messages:
            message._set_restart("send")
            last = message.edi_transaction_ids.filtered(lambda t: t.direction == "outbound")
            last.sorted("id")[-1:].filtered(lambda t: t.ack_status != "none").write(
                {"ack_status": "pending", "ack_errors": False, "acknowledged_at": False}
            )
            message._log(
                "resend",
                self.env._(
                    "Resent by %(user)s with the same control numbers (%(ref)s).",
                    user=self.env.user.name,
                    ref=message.partner_reference,
                ),
                kind="business",
            )
            message._enqueue()
        return True

    def action_edi_resend_new_numbers(self):
        """Encode again with new control numbers: a new payload revision, a new reference."""
        messages = self._checked_for(self.env._("Resending a message"))
        messages._edi_resendable()
        for message in messages:
            previous = message.partner_reference
            payload = message.flow_id._codec()._edi_resend_payload(message)
            message._revise_payload(
                payload,
                note=self.env._(
                    "Re-encoded by %(user)s with new control numbers: %(new)s (was %(old)s).",
                    user=self.env.user.name,
                    new=message.partner_reference,
                    old=previous,
                ),
            )
        return True
