# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..access import refuse_user_create, refuse_user_write
from ..services.crypto import hash_api_key, verify_api_key

KEY_PREFIX = "ihk_"
# What a manager may change on an existing key; the rest is set by _issue and action_revoke.
USER_WRITABLE = ("name", "expires_at")
LOOKUP_LENGTH = 12  # characters of the key stored in clear to find its row


class IntegrationApiKey(models.Model):
    """A key a partner system uses to call the inbound API; only its hash is kept."""

    _name = "integration.api.key"
    _description = "Integration API Key"
    _order = "create_date desc"
    _check_company_auto = True

    name = fields.Char(required=True, help="What this key is for, e.g. 'Acme production'.")
    endpoint_id = fields.Many2one(
        "integration.endpoint", required=True, ondelete="cascade", index=True, check_company=True
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
        help="May read /metrics, the figures of every partner of its company (of every "
        "company when a system administrator issued it): for your monitoring (Prometheus), "
        "never for a trading partner.",
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
        self.check_access("create")
        endpoint.check_access("write")
        key = self.sudo().create(values)
        key.key_hash = hash_api_key(plain)
        return key.with_env(self.env), plain

    @api.model_create_multi
    def create(self, vals_list):
        refuse_user_create(self)  # keys are issued by _issue (the wizard), which checks
        return super().create(vals_list)

    def write(self, vals):
        refuse_user_write(self, set(vals) - set(USER_WRITABLE))
        return super().write(vals)

    @api.model
    def _authenticate(self, plain):
        """The active key matching ``plain``, or an empty recordset; the keys of an archived
        endpoint or partner open nothing."""
        if not plain or not plain.startswith(KEY_PREFIX):
            return self.browse()
        # sudo: authenticates an API caller; only a key whose hash matches opens anything
        candidates = self.sudo().search([("lookup", "=", plain[:LOOKUP_LENGTH])])
        for key in candidates:
            if (
                key.state == "active"
                and key.endpoint_id._accepts_calls()
                and verify_api_key(plain, key.key_hash)
            ):
                return key
        return self.browse()

    def _metrics_companies(self):
        """The companies whose figures this monitoring key reads: None (every company) for a
        key a system administrator issued, else its endpoint's company only."""
        self.ensure_one()
        # sudo: who issued the key, from its own log columns (never written by a user)
        issuer = self.sudo().create_uid
        if issuer and (issuer._is_superuser() or issuer.has_group("base.group_system")):
            return None
        return self.company_id

    def action_revoke(self):
        """Revoke for good: nothing un-revokes a key (see ``write``)."""
        self.check_access("write")
        if self.filtered("revoked_at"):
            raise UserError(self.env._("This key is already revoked."))
        self.sudo().write({"revoked_at": fields.Datetime.now()})
        return True
