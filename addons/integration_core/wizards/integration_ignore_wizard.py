# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationIgnoreWizard(models.TransientModel):
    """Ignore exceptions, one or thousands, with the reason kept on each."""

    _name = "integration.ignore.wizard"
    _description = "Ignore integration exceptions"

    exception_ids = fields.Many2many(
        "integration.exception",
        default=lambda self: self.env.context.get("active_ids", []),
    )
    exception_count = fields.Integer(compute="_compute_exception_count")
    reason = fields.Text(required=True)

    @api.depends("exception_ids")
    def _compute_exception_count(self):
        for wizard in self:
            wizard.exception_count = len(wizard.exception_ids)

    def action_ignore(self):
        """Ignore, tell the user, close the dialog: the view under it reloads in place."""
        exceptions = self.exception_ids._still_open()
        exceptions._ignore(self.reason)
        action = exceptions._notify_done(self.env._("%s exception(s) ignored", len(exceptions)))
        action["params"]["next"] = {"type": "ir.actions.act_window_close"}
        return action
