# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields, models
from odoo.exceptions import UserError


class IntegrationUploadWizard(models.TransientModel):
    """Feed a file into an inbound flow, as if the partner had sent it."""

    _name = "integration.upload.wizard"
    _description = "Upload a file into an inbound flow"

    flow_id = fields.Many2one(
        "integration.flow", required=True, domain="[('direction', '=', 'inbound')]"
    )
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_upload(self):
        self.ensure_one()
        if self.flow_id.direction != "inbound":
            raise UserError(self.env._("Files can only be uploaded into inbound flows."))
        payload = base64.b64decode(self.file)
        self._check_size(payload)
        message = self.flow_id._receive(
            payload, filename=self.filename, headers={"source": f"upload by {self.env.user.login}"}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": message.id,
            "view_mode": "form",
        }

    def _check_size(self, payload):
        """The flow's size limit holds for uploads as for the API; an empty file is nothing."""
        if not payload:
            raise UserError(self.env._("The file is empty: there is nothing to receive."))
        limit_kb = self.flow_id.max_payload_kb
        if limit_kb > 0 and len(payload) > limit_kb * 1024:
            raise UserError(
                self.env._(
                    "The file has %(size)s KiB; flow %(flow)s accepts at most %(limit)s KiB.",
                    size=-(-len(payload) // 1024),
                    flow=self.flow_id.name,
                    limit=limit_kb,
                )
            )
