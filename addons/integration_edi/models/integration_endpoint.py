# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.services.errors import IntegrationError
from odoo.exceptions import UserError

from ..as2 import cms


class IntegrationEndpoint(models.Model):
    """AS2 settings of an endpoint whose transport is AS2 (``url``: the partner's AS2 URL)."""

    _inherit = "integration.endpoint"

    transport = fields.Selection(selection_add=[("as2", "AS2")], ondelete={"as2": "set default"})
    as2_micalg = fields.Selection(
        [
            ("sha-256", "SHA-256"),
            ("sha-384", "SHA-384"),
            ("sha-512", "SHA-512"),
            ("sha-224", "SHA-224"),
            ("sha1", "SHA-1 (legacy)"),
            ("md5", "MD5 (legacy)"),
            ("none", "Not signed"),
        ],
        string="AS2 signature",
        default="sha-256",
        help="Digest of our signature, and of the MIC the partner's MDN returns.",
    )
    as2_cipher = fields.Selection(
        [
            ("aes256", "AES-256-CBC"),
            ("aes192", "AES-192-CBC"),
            ("aes128", "AES-128-CBC"),
            ("3des", "3DES (legacy, only if the partner insists)"),
            ("none", "Not encrypted"),
        ],
        string="AS2 encryption",
        default="aes256",
    )
    as2_weak = fields.Boolean(
        string="Weak AS2 security",
        compute="_compute_as2_weak",
        help="3DES, SHA-1/MD5 or no encryption/signature: accepted for partners that "
        "insist, flagged so it is reviewed.",
    )
    as2_compress = fields.Boolean(
        string="Compress (RFC 5402)", help="zlib-compress the document before signing it."
    )
    as2_encoding = fields.Selection(
        [("binary", "Binary"), ("base64", "Base64")],
        string="AS2 content encoding",
        default="binary",
        help="Content-Transfer-Encoding of the document inside the signature. Binary is "
        "AS2's usual; Base64 for partners whose S/MIME software rewrites line ends.",
    )
    as2_mdn = fields.Selection(
        [("sync", "Synchronous"), ("async", "Asynchronous"), ("none", "None")],
        string="MDN requested",
        default="sync",
        help="Synchronous: the receipt comes back in the HTTP answer. Asynchronous: the "
        "partner posts it later to our AS2 route.",
    )
    as2_mdn_signed = fields.Boolean(string="Signed MDN", default=True)
    as2_mdn_minutes = fields.Integer(
        string="Asynchronous MDN within (minutes)",
        default=60,
        help="After this window a missing MDN opens an SLA exception.",
    )

    @api.depends("transport", "as2_micalg", "as2_cipher")
    def _compute_as2_weak(self):
        for endpoint in self:
            endpoint.as2_weak = endpoint.transport == "as2" and (
                endpoint.as2_cipher in (*cms.WEAK_CIPHERS, "none")
                or endpoint.as2_micalg in ("sha1", "md5", "none")
            )

    def action_as2_send_test(self):
        """Send a short text over AS2 to check certificates and the MDN with the partner."""
        self.ensure_one()
        self.check_access("write")
        text = self.env._(
            "AS2 test message from %s.", self.company_id.name or self.env.company.name
        )
        try:
            record, _result = self._transport()._transfer(
                self, self.company_id or self.env.company, text.encode(), "text/plain", "test.txt"
            )
        except IntegrationError as err:
            raise UserError(self.env._("The AS2 test failed: %s", err)) from err
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("AS2 test sent"),
                "message": self.env._(
                    "%(id)s: %(state)s %(mdn)s",
                    id=record.name,
                    state=dict(record._fields["state"].selection)[record.state],
                    mdn=record.mdn_disposition or "",
                ),
            },
        }
