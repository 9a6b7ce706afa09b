# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..access import refuse_user_create


class IntegrationMailReceipt(models.Model):
    """One mail received on an inbound flow's alias, and the messages made of it.

    The alias of a flow creates a receipt per mail (Odoo's gateway then posts the mail on
    the receipt's chatter): the mail is kept where it is traced, not on the flow's chatter,
    and its attachments, the partner's raw documents, stay with the managers.
    """

    _name = "integration.mail.receipt"
    _description = "Integration Mail Receipt"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Subject", readonly=True)
    flow_id = fields.Many2one(
        "integration.flow", required=True, readonly=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="flow_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="flow_id.company_id", store=True, index=True)
    email_from = fields.Char(string="From", readonly=True)
    integration_message_ids = fields.Many2many(
        "integration.message",
        "integration_mail_receipt_message_rel",
        "receipt_id",
        "message_id",
        string="Integration messages",
        readonly=True,
    )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """The gateway's entry (the alias of a flow, sender already checked by the flow's
        ``_alias_get_error``): the receipt, then one inbound message per document."""
        refuse_user_create(self)  # the gateway runs as superuser; no one calls it over RPC
        values = dict(custom_values or {})
        flow = self.env["integration.flow"].browse(values.get("flow_id")).exists()
        if not flow or flow.direction != "inbound":
            raise ValidationError(self.env._("This mail alias belongs to no inbound flow."))
        values.update(name=msg_dict.get("subject") or "", email_from=msg_dict.get("email_from"))
        receipt = super().message_new(msg_dict, custom_values=values)
        messages, refused = self.env["integration.transport.email"]._receive_mail(flow, msg_dict)
        receipt.integration_message_ids = messages
        for text in refused:
            receipt.message_post(body=text, subtype_xmlid="mail.mt_note")
        return receipt
