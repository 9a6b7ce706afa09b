# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .integration_edi_interchange import ACK_STATUSES


class IntegrationEdiTransaction(models.Model):
    """A transaction set (ST..SE) or message (UNH..UNT), received or sent, with its control
    number, the message that carries it and its acknowledgement."""

    _name = "integration.edi.transaction"
    _description = "EDI Transaction Set"
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "reference"

    interchange_id = fields.Many2one(
        "integration.edi.interchange", required=True, ondelete="cascade", index=True
    )
    group_id = fields.Many2one(
        "integration.edi.group", ondelete="cascade", index=True, check_company=True
    )
    standard = fields.Selection(related="interchange_id.standard", store=True)
    direction = fields.Selection(related="interchange_id.direction", store=True, index=True)
    partner_id = fields.Many2one(related="interchange_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="interchange_id.company_id", store=True, index=True)
    set_type = fields.Char(string="Type", help="ST01 (850, 856, 997...) / UNH message type.")
    control_number = fields.Char(help="ST02 / UNH0062.")
    reference = fields.Char(
        index=True,
        help="What acknowledgements name it by: <GS06>:<ST02> (X12), <UNB0020>:<UNH0062> "
        "(EDIFACT).",
    )
    implementation = fields.Char(help="ST03 / UNH S009 in full.")
    segment_count = fields.Integer(string="Segments")
    message_id = fields.Many2one(
        "integration.message", index="btree_not_null", ondelete="set null", check_company=True
    )
    errors = fields.Text(string="Validation errors")
    ack_status = fields.Selection(
        ACK_STATUSES,
        string="Acknowledgement",
        default="none",
        help="Sent: what the partner's acknowledgement said. Received: what ours said.",
    )
    ack_kind = fields.Char(string="Acknowledged by", help="997, 999, TA1 or CONTRL.")
    ack_errors = fields.Text(string="Acknowledgement errors")
    ack_message_id = fields.Many2one(
        "integration.message",
        string="Acknowledgement message",
        ondelete="set null",
        check_company=True,
        help="Sent: the partner's acknowledgement. Received: the one we queued.",
    )
    acknowledged_at = fields.Datetime()

    def _record_acknowledgement(self, ack_message, document, kind):
        """Note on each set what the partner's acknowledgement ``document`` said."""
        errors = "\n".join(
            " ".join(
                part
                for part in (error.segment, error.element, error.code, error.description)
                if part
            )
            for error in document.errors
        )
        self.write(
            {
                "ack_status": document.status,
                "ack_kind": kind,
                "ack_errors": errors or False,
                "ack_message_id": ack_message.id,
                "acknowledged_at": fields.Datetime.now(),
            }
        )

    def action_open_message(self):
        self.ensure_one()
        return self.message_id.get_formview_action() if self.message_id else False
