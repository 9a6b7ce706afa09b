# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import difflib

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.errors import IntegrationError


class IntegrationPayloadEditWizard(models.TransientModel):
    """Correct a payload and reprocess it; the original stays as the first revision.

    The server checks the message at both ends (opening and saving), since either can be
    called over RPC without the form: the caller may edit it (an integration user with write
    access), may see its payload (not masked for them) and it failed. The flow's codec
    checks the new text before it is saved (``_check_edited``).
    """

    _name = "integration.payload.edit.wizard"
    _description = "Edit a message payload and reprocess it"

    message_id = fields.Many2one("integration.message", required=True)
    previous_payload = fields.Text(
        readonly=True, help="The current revision, which the edit is compared with."
    )
    payload = fields.Text(required=True)
    payload_diff = fields.Text(
        string="Changes",
        compute="_compute_payload_diff",
        help="The edit against the current revision, as a unified diff.",
    )
    note = fields.Char(string="What was changed", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        message = self.env["integration.message"].browse(values.get("message_id"))
        if message and "payload" in fields_list:
            message._check_payload_editable()
            raw = message._payload() or b""
            values["payload"] = values["previous_payload"] = raw.decode("utf-8", errors="replace")
        return values

    @api.depends("payload", "previous_payload")
    def _compute_payload_diff(self):
        for wizard in self:
            lines = difflib.unified_diff(
                (wizard.previous_payload or "").splitlines(),
                (wizard.payload or "").splitlines(),
                fromfile="current revision",
                tofile="edited",
                lineterm="",
            )
            wizard.payload_diff = "\n".join(lines)

    def action_reprocess(self):
        self.ensure_one()
        self.message_id._check_payload_editable()
        self._check_payload_readable()
        self.message_id._revise_payload(self.payload, note=self.note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": self.message_id.id,
            "view_mode": "form",
        }

    def _check_payload_readable(self):
        """Refuse, saving nothing, a payload the flow's codec cannot read, saying where."""
        try:
            self.message_id._hooks("codec")._check_edited(
                self.message_id, (self.payload or "").encode()
            )
        except IntegrationError as err:
            raise UserError(str(err)) from err
