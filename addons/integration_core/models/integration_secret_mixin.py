# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from ..services.crypto import CONFIG_KEY, SecretBox, SecretKeyError
from ..services.errors import ConfigurationError


class IntegrationSecretMixin(models.AbstractModel):
    """Write-only secrets stored encrypted: the credentials of endpoints, the webhook
    secrets of channels.

    A model lists its secrets in ``_secret_fields``. For each name it declares a plain Char
    computed by ``_compute_secrets`` whose inverse calls ``_store_secret(name)``, and a
    ``<name>_encrypted`` Char of ``base.group_system`` holding the Fernet token. The plain
    value is never shown again: ``secrets_set`` only says which secrets are stored.
    """

    _name = "integration.secret.mixin"
    _description = "Encrypted write-only secrets"

    _secret_fields = ()

    secrets_set = fields.Char(
        compute="_compute_secrets",
        string="Secrets stored",
        help="Which secrets are stored (their values are never shown).",
    )

    @api.depends(lambda self: [f"{name}_encrypted" for name in self._secret_fields])
    @api.depends_context("uid")
    def _compute_secrets(self):
        for record in self:
            # sudo: only whether each secret is set, never its value
            stored = record.sudo()
            for name in record._secret_fields:
                record[name] = False
            record.secrets_set = ", ".join(
                record._secret_label(name)
                for name in record._secret_fields
                if stored[f"{name}_encrypted"]
            )

    def _secret_label(self, name):
        """How ``secrets_set`` names secret ``name``; models may give readable labels."""
        return name

    def _clean_secret(self, name, plain):
        """The text to store for secret ``name`` (falsy: store nothing); models override it
        to trim or check the secret's form, raising a ValidationError."""
        return plain

    @api.model
    def _secret_box(self):
        """The server's key ring; a missing key is a configuration error a person must fix."""
        try:
            return SecretBox.from_config(config.get(CONFIG_KEY))
        except SecretKeyError as err:
            raise UserError(str(err)) from err

    def _store_secret(self, name):
        """Inverse of the plain field ``name``: encrypt what was written."""
        box = None
        for record in self:
            plain = record._clean_secret(name, record[name])
            if plain:
                box = box or self._secret_box()
                # sudo: an inverse, run by write() once the caller's write access was checked
                record.sudo()[f"{name}_encrypted"] = box.encrypt(plain)

    def _secret(self, name):
        """Plain text of one secret, for transports and signature checks only: never log or
        return it.

        Keys that cannot read it are the server's problem, not the message's: a retryable
        ConfigurationError, so sends resume by themselves once the keys are fixed.
        """
        self.ensure_one()
        # sudo: private, for the transport and signature checks of the pipeline and the API
        token = self.sudo()[f"{name}_encrypted"]
        if not token:
            return None
        try:
            return SecretBox.from_config(config.get(CONFIG_KEY)).decrypt(token)
        except SecretKeyError as err:
            self.env["integration.endpoint"]._encryption_problem()  # logs it, once
            raise ConfigurationError(
                self.env._(
                    "The server's encryption keys cannot read the credentials of %s.",
                    self.display_name,
                ),
                hint=self.env._(
                    "An administrator must fix integration_encryption_keys in the server "
                    "configuration (see the health check); the message is sent then by itself."
                ),
            ) from err

    def _clear_secrets(self, names):
        """Erase the stored secrets ``names``: configuration, so for whoever may edit the
        records."""
        self.check_access("write")
        # sudo: the *_encrypted columns are the system group's; the caller may edit the records
        self.sudo().write({f"{name}_encrypted": False for name in names})
