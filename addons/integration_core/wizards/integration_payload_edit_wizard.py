# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationPayloadEditWizard(models.TransientModel):
    """Correct a payload and reprocess it; the original stays as the first revision.

    The server checks the message at both ends (opening and saving), since either can be
    called over RPC without the form: the caller may edit it (an integration user with write
    access), may see its payload (not masked for them) and it failed.
    """

    _name = "integration.payload.edit.wizard"
    _description = "Edit a message payload and reprocess it"

    message_id = fields.Many2one("integration.message", required=True)
    payload = fields.Text(required=True)
    note = fields.Char(string="What was changed", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        message = self.env["integration.message"].browse(values.get("message_id"))
        if message and "payload" in fields_list:
            message._check_payload_editable()
            raw = message._payload() or b""
            values["payload"] = raw.decode("utf-8", errors="replace")
        return values

    def action_reprocess(self):
        self.ensure_one()
        self.message_id._check_payload_editable()
        self.message_id._revise_payload(self.payload, note=self.note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": self.message_id.id,
            "view_mode": "form",
        }
