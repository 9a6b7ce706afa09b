# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import timedelta

from odoo import fields, models
from odoo.addons.integration_core.controllers.api_http import PREFIX
from odoo.addons.integration_core.services.errors import IntegrationError

from ..as2 import mime

AS2_PATH = f"{PREFIX}/as2/"


class As2SetupError(IntegrationError):
    """A certificate or identifier AS2 needs is missing or expired: a person adds it."""

    category = "configuration"


class IntegrationTransportAs2(models.AbstractModel):
    """AS2 (RFC 4130): the document signed, compressed and encrypted as the endpoint says,
    posted over HTTP (the HTTP transport's ``_request``: timeouts, authentication, circuit
    breaker), and the MDN checked and kept as the proof of delivery."""

    _name = "integration.transport.as2"
    _inherit = "integration.transport.http"
    _description = "AS2 transport"

    def _send(self, message, endpoint, payload):
        features = message.flow_id._codec()._features()
        extension = features.file_extension or "dat"
        record, result = self._transfer(
            endpoint,
            message.company_id,
            payload,
            features.content_type or "application/octet-stream",
            message.filename or f"{message.name}.{extension}",
            message=message,
        )
        if record.mdn_mode == "sync":
            message._log(
                "mdn", self.env._("MDN: %s, MIC matches.", record.mdn_disposition), kind="business"
            )
        return {"http_status": result.status, "duration_ms": result.elapsed_ms}

    def _transfer(self, endpoint, company, payload, content_type, filename, message=None):
        """Package, record and post one AS2 message; check a synchronous MDN (raises
        As2MdnError when it is no proof of delivery). Returns (AS2 record, HTTP answer)."""
        outgoing = self._package(endpoint, company, payload, content_type, filename)
        mode = endpoint.as2_mdn or "none"
        # sudo: the AS2 transfer record is the transport's, written by it only
        record = (
            self.env["integration.as2.message"]
            .sudo()
            .create(
                {
                    "name": outgoing.message_id,
                    "direction": "outbound",
                    "state": "sent",
                    "company_id": company.id,
                    "partner_id": endpoint.partner_id.id,
                    "message_id": message.id if message else False,
                    "as2_from": company.as2_id,
                    "as2_to": endpoint.partner_id.as2_id,
                    "request_headers": outgoing.headers,
                    "request_body": base64.b64encode(outgoing.body),
                    "encrypted": endpoint.as2_cipher != "none",
                    "signed": endpoint.as2_micalg != "none",
                    "compressed": endpoint.as2_compress,
                    "mic": outgoing.mic,
                    "mdn_mode": mode,
                    "mdn_signed_requested": mode != "none" and endpoint.as2_mdn_signed,
                    "receipt_url": outgoing.headers.get("Receipt-Delivery-Option"),
                    "mdn_due_at": (
                        fields.Datetime.now() + timedelta(minutes=endpoint.as2_mdn_minutes or 60)
                        if mode == "async"
                        else False
                    ),
                }
            )
        )
        result = self._request(
            endpoint, "POST", endpoint.url, body=outgoing.body, headers=outgoing.headers
        )
        if mode == "sync":
            record._apply_mdn(result.headers, result.body)
        elif mode == "none":
            record.write({"state": "delivered"})
        return record, result

    def _package(self, endpoint, company, payload, content_type, filename):
        """The AS2 message of ``payload``, with the endpoint's security settings."""
        partner = endpoint.partner_id
        if not company.as2_id or not partner.as2_id:
            raise As2SetupError(
                self.env._("The AS2 identifiers of %s or of the partner are missing.", company.name)
            )
        sign_with = None
        if endpoint.as2_micalg != "none":
            sign_with = self.env["integration.as2.message"]._signing_pair(company)
            if not sign_with:
                raise As2SetupError(
                    self.env._("%s has no valid AS2 certificate with a key to sign.", company.name)
                )
        encrypt_for = None
        if endpoint.as2_cipher != "none":
            cert = partner.as2_certificate_ids._usable("encryption")[:1]
            if not cert:
                raise As2SetupError(
                    self.env._("%s has no valid AS2 certificate to encrypt for.", partner.name)
                )
            encrypt_for = cert.certificate.encode()
        # sudo: the public base URL, a system parameter users may not read
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return mime.package(
            payload,
            content_type,
            filename,
            company.as2_id,
            partner.as2_id,
            sign_with=sign_with,
            micalg="sha-256" if endpoint.as2_micalg == "none" else endpoint.as2_micalg,
            encrypt_for=encrypt_for,
            cipher=endpoint.as2_cipher if endpoint.as2_cipher != "none" else "aes256",
            compress=endpoint.as2_compress,
            mdn=None if endpoint.as2_mdn == "none" else endpoint.as2_mdn,
            mdn_signed=endpoint.as2_mdn_signed,
            receipt_url=base.rstrip("/") + AS2_PATH,
            domain=self.env["integration.as2.message"]._domain(),
            subject=filename,
            encoding=endpoint.as2_encoding or "binary",
        )
