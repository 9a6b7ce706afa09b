# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.crypto import hash_api_key, verify_api_key

KEY_PREFIX = "ihk_"
LOOKUP_LENGTH = 12  # characters of the key stored in clear to find its row


class IntegrationApiKey(models.Model):
    """A key a partner system uses to call the inbound API; only its hash is kept."""

    _name = "integration.api.key"
    _description = "Integration API Key"
    _order = "create_date desc"

    name = fields.Char(required=True, help="What this key is for, e.g. 'Acme production'.")
    endpoint_id = fields.Many2one(
        "integration.endpoint", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="endpoint_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="endpoint_id.company_id", store=True, index=True)
    lookup = fields.Char(
        readonly=True, index=True, copy=False, help="The first characters of the key."
    )
    key_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    expires_at = fields.Datetime(
        default=lambda self: fields.Datetime.add(fields.Datetime.now(), days=365),
        help="Empty: never expires.",
    )
    monitoring = fields.Boolean(
        string="Reads the metrics",
        readonly=True,
        help="May read /metrics, the figures of every partner: for your monitoring "
        "(Prometheus), never for a trading partner.",
    )
    revoked_at = fields.Datetime(readonly=True, copy=False)
    last_used_at = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")],
        compute="_compute_state",
    )

    @api.depends("expires_at", "revoked_at")
    def _compute_state(self):
        now = fields.Datetime.now()
        for key in self:
            if key.revoked_at:
                key.state = "revoked"
            elif key.expires_at and key.expires_at <= now:
                key.state = "expired"
            else:
                key.state = "active"

    @api.model
    def _issue(self, endpoint, name, expires_at=None, monitoring=False):
        """Create a key and return (record, plain key): the plain key is never stored."""
        plain = KEY_PREFIX + secrets.token_urlsafe(32)
        values = {
            "name": name,
            "endpoint_id": endpoint.id,
            "lookup": plain[:LOOKUP_LENGTH],
            "monitoring": monitoring,
        }
        if expires_at is not None:
            values["expires_at"] = expires_at
        key = self.create(values)
        key.sudo().key_hash = hash_api_key(plain)
        return key, plain

    @api.model
    def _authenticate(self, plain):
        """The active key matching ``plain``, or an empty recordset; the keys of an archived
        endpoint or partner open nothing."""
        if not plain or not plain.startswith(KEY_PREFIX):
            return self.browse()
        candidates = self.sudo().search([("lookup", "=", plain[:LOOKUP_LENGTH])])
        for key in candidates:
            if (
                key.state == "active"
                and key.endpoint_id._accepts_calls()
                and verify_api_key(plain, key.key_hash)
            ):
                return key
        return self.browse()

    def action_revoke(self):
        if self.filtered("revoked_at"):
            raise UserError(self.env._("This key is already revoked."))
        self.write({"revoked_at": fields.Datetime.now()})
        return True
