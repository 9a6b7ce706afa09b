# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationApiKeyWizard(models.TransientModel):
    """Issues an API key and shows it once: afterwards only its hash exists."""

    _name = "integration.api.key.wizard"
    _description = "Issue an integration API key"

    partner_id = fields.Many2one("integration.partner", help="Whose endpoints are offered.")
    endpoint_id = fields.Many2one(
        "integration.endpoint",
        required=True,
        domain="[('partner_id', '=', partner_id)] if partner_id else []",
    )
    name = fields.Char(required=True, default="Production")
    expires_at = fields.Datetime(
        default=lambda self: fields.Datetime.add(fields.Datetime.now(), days=365)
    )
    monitoring = fields.Boolean(
        string="Reads the metrics",
        help="For your monitoring (Prometheus): may read /metrics, the figures of every "
        "partner of the endpoint's company (of every company when a system administrator "
        "issues the key). Never give such a key to a trading partner.",
    )
    key = fields.Char(compute="_compute_key", help="Copy it now: it cannot be shown again.")

    def _compute_key(self):
        # Carried by the action's context only, so the plain key is never written anywhere.
        for wizard in self:
            wizard.key = self.env.context.get("integration_issued_key")

    def action_issue(self):
        self.ensure_one()
        _record, plain = self.env["integration.api.key"]._issue(
            self.endpoint_id, self.name, self.expires_at, monitoring=self.monitoring
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Your new API key"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"integration_issued_key": plain},
        }
