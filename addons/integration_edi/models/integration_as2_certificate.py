# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..as2 import cms

EXPIRY_WARNING_DAYS = 30


class IntegrationAs2Certificate(models.Model):
    """An AS2 certificate: ours (with its private key, encrypted and write-only) or a
    partner's. Several may be valid at once, so a certificate is rotated without a gap: we
    sign and encrypt with the newest valid one and accept any valid one."""

    _name = "integration.as2.certificate"
    _description = "AS2 Certificate"
    _inherit = ["integration.secret.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "partner_id, not_after desc"
    _check_company_auto = True
    _secret_fields = ("private_key",)

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "integration.partner",
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Empty: one of our own certificates (with its private key).",
    )
    usage = fields.Selection(
        [("both", "Signing and encryption"), ("signing", "Signing"), ("encryption", "Encryption")],
        required=True,
        default="both",
        tracking=True,
    )
    certificate = fields.Text(string="Certificate (PEM)", required=True)
    private_key = fields.Char(
        string="Private key (PEM)",
        compute="_compute_secrets",
        inverse="_inverse_private_key",
        help="Write-only: stored encrypted, never shown again.",
    )
    private_key_encrypted = fields.Char(groups="base.group_system", copy=False)
    subject = fields.Char(compute="_compute_details", store=True)
    issuer = fields.Char(compute="_compute_details", store=True)
    serial = fields.Char(compute="_compute_details", store=True)
    fingerprint = fields.Char(string="SHA-256 fingerprint", compute="_compute_details", store=True)
    not_before = fields.Datetime(string="Valid from", compute="_compute_details", store=True)
    not_after = fields.Datetime(string="Valid until", compute="_compute_details", store=True)
    days_left = fields.Integer(compute="_compute_days_left")
    validity = fields.Selection(
        [
            ("valid", "Valid"),
            ("expiring", "Expires within 30 days"),
            ("expired", "Expired"),
            ("future", "Not yet valid"),
        ],
        compute="_compute_days_left",
        search="_search_validity",
    )

    @api.depends("certificate")
    def _compute_details(self):
        for record in self:
            try:
                info = cms.certificate_info(record.certificate or "")
            except ValueError:
                info = None
            record.update(
                {
                    "subject": info.subject if info else False,
                    "issuer": info.issuer if info else False,
                    "serial": info.serial if info else False,
                    "fingerprint": info.fingerprint_sha256 if info else False,
                    "not_before": info.not_before if info else False,
                    "not_after": info.not_after if info else False,
                }
            )

    @api.depends("not_before", "not_after")
    def _compute_days_left(self):
        now = fields.Datetime.now()
        for record in self:
            if not record.not_after:
                record.days_left, record.validity = 0, False
                continue
            record.days_left = (record.not_after - now).days
            if record.not_before and record.not_before > now:
                record.validity = "future"
            elif record.not_after < now:
                record.validity = "expired"
            elif record.not_after < now + timedelta(days=EXPIRY_WARNING_DAYS):
                record.validity = "expiring"
            else:
                record.validity = "valid"

    def _search_validity(self, operator, value):
        if operator not in ("=", "in"):
            raise ValidationError(self.env._("Search validity with '=' or 'in' only."))
        now = fields.Datetime.now()
        soon = now + timedelta(days=EXPIRY_WARNING_DAYS)
        domains = {
            "expired": [("not_after", "<", now)],
            "future": [("not_before", ">", now)],
            "expiring": [("not_after", ">=", now), ("not_after", "<", soon)],
            "valid": [("not_before", "<=", now), ("not_after", ">=", soon)],
        }
        values = [value] if operator == "=" else list(value)
        return expression.OR([domains.get(v, [("id", "=", False)]) for v in values])

    @api.constrains("certificate")
    def _check_certificate(self):
        for record in self:
            try:
                cms.certificate_info(record.certificate or "")
            except ValueError as err:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a PEM certificate: %(err)s", name=record.name, err=err
                    )
                ) from err

    def _clean_secret(self, name, plain):
        """Our private key must be a PEM key of this certificate."""
        plain = (plain or "").strip()
        if not plain:
            return plain
        for record in self:
            try:
                matches = cms.key_matches(record.certificate or "", plain)
            except ValueError as err:
                raise ValidationError(
                    self.env._("The private key is not an unencrypted PEM key: %s", err)
                ) from err
            if not matches:
                raise ValidationError(
                    self.env._("The private key does not belong to certificate %s.", record.name)
                )
        return plain + "\n"

    def _inverse_private_key(self):
        self._store_secret("private_key")

    def _secret_label(self, name):
        return self.env._("private key")

    def _usable(self, purpose, when=None):
        """The valid certificates for ``purpose`` (signing / encryption), newest first."""
        when = when or fields.Datetime.now()
        return self.filtered(
            lambda c: (
                c.usage in ("both", purpose)
                and c.not_before
                and c.not_before <= when <= c.not_after
            )
        ).sorted("not_after", reverse=True)

    def _key_pair(self):
        """(PEM certificate, PEM private key) for OpenSSL; only for ours."""
        self.ensure_one()
        return self.certificate.encode(), (self._secret("private_key") or "").encode()

    # ------------------------------------------------------------------ expiry watch
    @api.model
    def _cron_warn_expiry(self):
        """An activity for whoever answers for the partner (the company's AS2 responsible
        for ours), once per certificate, 30 days before it expires."""
        soon = self.search([("validity", "=", "expiring")])
        todo = self.env.ref("mail.mail_activity_data_todo")
        for certificate in soon:
            if certificate.activity_ids.filtered(lambda a: a.activity_type_id == todo):
                continue
            user = certificate.partner_id.user_id or self.env.ref("base.user_admin")
            certificate.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=certificate.not_after.date() - timedelta(days=7),
                summary=self.env._("AS2 certificate %s expires", certificate.name),
                note=self.env._(
                    "Certificate %(name)s (%(subject)s) expires on %(date)s: exchange a new "
                    "one with the partner and add it before then (both stay valid meanwhile).",
                    name=certificate.name,
                    subject=certificate.subject,
                    date=certificate.not_after,
                ),
                user_id=user.id,
            )
