# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import logging
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.addons.integration_core.services.errors import (
    IntegrationError,
    PermanentTransportError,
    TransportError,
)
from odoo.addons.queue_job.exception import RetryableJobError

from ..as2 import cms, mime

_logger = logging.getLogger(__name__)

KEPT_HEADERS = (
    "AS2-From",
    "AS2-To",
    "AS2-Version",
    "Message-ID",
    "Content-Type",
    "Subject",
    "Date",
    "Disposition-Notification-To",
    "Disposition-Notification-Options",
    "Receipt-Delivery-Option",
)
MDN_RETRIES = 8


class As2MdnError(PermanentTransportError):
    """The partner's MDN is negative, unsigned, unreadable, or does not match what we sent:
    no proof of delivery; a person finds out with the partner."""


class As2SlaError(IntegrationError):
    """The asynchronous MDN did not come within the partner's window."""

    category = "sla"


def header(headers, name):
    """A header of a plain dict, whatever its case."""
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)


def kept(headers):
    """The AS2 headers worth keeping, under their canonical names."""
    found = {name: header(headers, name) for name in KEPT_HEADERS}
    return {name: value for name, value in found.items() if value is not None}


class IntegrationAs2Message(models.Model):
    """One AS2 transfer and its receipt (MDN): the raw request as it came or went, the MIC,
    and the MDN as the proof of delivery. Written by the AS2 transport and route only."""

    _name = "integration.as2.message"
    _inherit = "integration.pipeline.mixin"
    _description = "AS2 Message"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="AS2 Message-ID", required=True, readonly=True, index=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    partner_id = fields.Many2one("integration.partner", readonly=True, index=True)
    message_id = fields.Many2one(
        "integration.message", string="Document", readonly=True, index="btree_not_null"
    )
    as2_from = fields.Char(string="AS2-From", readonly=True, index=True)
    as2_to = fields.Char(string="AS2-To", readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("processed", "Processed"),
            ("refused", "Refused"),
            ("duplicate", "Duplicate"),
            ("sent", "Sent, MDN awaited"),
            ("delivered", "Delivered (MDN)"),
            ("rejected", "MDN negative or not matching"),
            ("late", "MDN late"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    error = fields.Text(readonly=True)
    duplicate_of_id = fields.Many2one("integration.as2.message", readonly=True)
    request_headers = fields.Json(readonly=True)
    request_body = fields.Binary(
        string="Raw request", attachment=True, readonly=True, help="The bytes as sent over HTTP."
    )
    encrypted = fields.Boolean(readonly=True)
    signed = fields.Boolean(readonly=True)
    compressed = fields.Boolean(readonly=True)
    signer = fields.Char(readonly=True, help="Subject of the certificate that signed it.")
    mic = fields.Char(string="MIC", readonly=True, help="Message integrity check we computed.")
    mdn_mode = fields.Selection(
        [("none", "None"), ("sync", "Synchronous"), ("async", "Asynchronous")],
        string="MDN",
        readonly=True,
        default="none",
    )
    mdn_signed_requested = fields.Boolean(readonly=True)
    receipt_url = fields.Char(readonly=True)
    mdn_due_at = fields.Datetime(string="MDN due", readonly=True)
    mdn_at = fields.Datetime(string="MDN at", readonly=True)
    mdn_headers = fields.Json(readonly=True)
    mdn_body = fields.Binary(string="MDN file", attachment=True, readonly=True)
    mdn_disposition = fields.Char(readonly=True)
    mdn_mic = fields.Char(string="MDN MIC", readonly=True)
    mdn_mic_matches = fields.Boolean(string="MIC matches", readonly=True)
    mdn_signer = fields.Char(string="MDN signer", readonly=True)
    mdn_sent = fields.Boolean(string="MDN delivered", readonly=True)

    # ------------------------------------------------------------------ our side
    def _company_pairs(self, company):
        """Our (certificate, key) pairs that may decrypt, newest first."""
        return [cert._key_pair() for cert in company._as2_certificates()._usable("encryption")]

    def _signing_pair(self, company):
        cert = company._as2_certificates()._usable("signing")[:1]
        return cert._key_pair() if cert else None

    @staticmethod
    def _partner_certificates(partner):
        return [c.certificate.encode() for c in partner.as2_certificate_ids._usable("signing")]

    def _signer_subject(self, pem):
        try:
            return cms.certificate_info(pem).subject if pem else False
        except ValueError:
            return False

    # ------------------------------------------------------------------ outbound
    def _apply_mdn(self, headers, body):
        """Check and keep the MDN of this outbound transfer (the proof of delivery): signed
        by the partner if we asked so, for our Message-ID, positive, with our MIC. Raises
        As2MdnError otherwise, after keeping it."""
        self.ensure_one()
        values = {
            "mdn_at": fields.Datetime.now(),
            "mdn_headers": kept(headers),
            "mdn_body": base64.b64encode(body or b""),
        }
        problem = None
        try:
            found = mime.unpack(
                mime.http_entity(header(headers, "Content-Type") or "", body or b""),
                [],
                self._partner_certificates(self.partner_id),
            )
            mdn = mime.read_mdn(found.report)
        except (cms.CmsError, mime.As2FormatError, ValueError) as err:
            found = mdn = None
            problem = self.env._("The MDN cannot be read or its signature does not hold: %s", err)
        if mdn:
            matches = mime.same_mic(mdn.mic, self.mic)
            values.update(
                mdn_disposition=mdn.disposition,
                mdn_mic=mdn.mic,
                mdn_mic_matches=matches,
                mdn_signer=self._signer_subject(found.signer),
            )
            if self.mdn_signed_requested and not found.signed:
                problem = self.env._("The MDN is not signed, though we asked for a signed one.")
            elif mdn.original_message_id != self.name:
                problem = self.env._(
                    "The MDN is for message %(other)s, not %(ours)s.",
                    other=mdn.original_message_id,
                    ours=self.name,
                )
            elif not mdn.positive:
                problem = self.env._("The partner's MDN is negative: %s", mdn.disposition)
            elif not matches:
                problem = self.env._(
                    "The MIC of the MDN (%(theirs)s) is not the one we computed (%(ours)s): "
                    "the partner did not receive what we sent.",
                    theirs=mdn.mic,
                    ours=self.mic,
                )
        values["state"] = "rejected" if problem else "delivered"
        values["error"] = problem or False
        self.sudo().write(values)  # sudo: transport state, written by the transport only
        if problem:
            raise As2MdnError(
                problem,
                hint=self.env._(
                    "Check with the partner what it received (the MDN is kept on the AS2 "
                    "message); fix the certificates or settings, then retry."
                ),
            )

    def _receive_async_mdn(self, partner, headers, found):
        """An asynchronous MDN posted to our route, already decrypted and verified."""
        mdn = mime.read_mdn(found.report)
        original = self.search(
            [
                ("direction", "=", "outbound"),
                ("name", "=", mdn.original_message_id),
                ("partner_id", "=", partner.id),
            ],
            limit=1,
        )
        if not original:
            return False
        body = self.request_body
        try:
            original._apply_mdn(headers, base64.b64decode(body) if body else b"")
        except As2MdnError as err:
            if original.message_id:
                original.message_id._set_acknowledged(rejection=err)
            return original
        if original.message_id:
            original.message_id._log(
                "mdn",
                self.env._("Signed MDN received: %s", original.mdn_disposition),
                kind="business",
            )
        return original

    @api.model
    def _cron_watch_mdn(self):
        """An SLA exception for each asynchronous MDN not received in its window."""
        late = self.search(
            [
                ("state", "=", "sent"),
                ("mdn_mode", "=", "async"),
                ("mdn_due_at", "<", fields.Datetime.now()),
            ]
        )
        for record in late:
            record.sudo().write({"state": "late"})  # sudo: the cron's transport state
            if record.message_id:
                err = As2SlaError(
                    self.env._(
                        "No MDN from %(partner)s for AS2 message %(id)s.",
                        partner=record.partner_id.name,
                        id=record.name,
                    ),
                    hint=self.env._("Ask the partner whether it received the message; resend it."),
                )
                # sudo: exceptions are opened by the pipeline's crons only
                self.env["integration.exception"].sudo()._open_for(record.message_id, err, str(err))

    # ------------------------------------------------------------------ inbound
    @api.model
    def _receive_request(self, headers, body):
        """Store the request first, then unpack it and answer: (status, headers, body)."""
        as2_from = mime.unquote_as2_id(header(headers, "AS2-From"))
        as2_to = mime.unquote_as2_id(header(headers, "AS2-To"))
        company = self.env["res.company"].search([("as2_id", "=", as2_to)], limit=1)
        partner = self.env["integration.partner"]
        if company and as2_from:
            partner = partner.search(
                [("as2_id", "=", as2_from), ("company_id", "=", company.id)], limit=1
            )
        options = header(headers, "Disposition-Notification-Options") or ""
        record = self.create(
            {
                "name": (header(headers, "Message-ID") or "").strip() or "/",
                "direction": "inbound",
                "state": "received",
                "company_id": company.id,
                "partner_id": partner.id,
                "as2_from": as2_from,
                "as2_to": as2_to,
                "request_headers": kept(headers),
                "request_body": base64.b64encode(body),
                "mdn_mode": (
                    "async"
                    if header(headers, "Receipt-Delivery-Option")
                    else "sync"
                    if header(headers, "Disposition-Notification-To")
                    else "none"
                ),
                "mdn_signed_requested": bool(mime.requested_micalg(options)),
                "receipt_url": header(headers, "Receipt-Delivery-Option"),
            }
        )
        try:
            with self.env.cr.savepoint():
                return record._answer(body)
        except Exception as err:  # noqa: BLE001 - the raw request stays, the sender hears it
            _logger.exception("AS2 request %s failed", record.name)
            return record._negative(
                "unexpected-processing-error", f"{type(err).__name__}: {err}", 500
            )

    def _answer(self, body):
        """Route the stored request: refusal, replay, unknown partner, or its content."""
        company, partner = self.company_id, self.partner_id
        record, as2_from = self, self.as2_from
        if not company:
            return record._refuse(404, self.env._("No company has AS2 identifier %s.", self.as2_to))
        if record.name == "/":
            return record._refuse(400, self.env._("The request has no Message-ID."))
        original = self.search(
            [
                ("direction", "=", "inbound"),
                ("name", "=", record.name),
                ("as2_from", "=", as2_from),
                ("state", "!=", "duplicate"),
                ("id", "!=", record.id),
            ],
            order="id",
            limit=1,
        )
        if original:
            record._write({"state": "duplicate", "duplicate_of_id": original.id})
            return original._answer_again()
        if not partner:
            return record._negative(
                "authentication-failed",
                self.env._("No partner has AS2 identifier %s.", as2_from),
                status_without_mdn=403,
                trusted=False,
            )
        return record._unpack_and_process(body)

    def _unpack_and_process(self, body):
        partner = self.partner_id
        micalg = mime.requested_micalg(self.request_headers.get("Disposition-Notification-Options"))
        try:
            found = mime.unpack(
                mime.http_entity(self.request_headers.get("Content-Type") or "", body),
                self._company_pairs(self.company_id),
                self._partner_certificates(partner),
                micalg or "sha-256",
            )
        except cms.CmsError as err:
            return self._negative(err.reason, self._why(err), trusted=False)
        except mime.As2FormatError as err:
            return self._negative("unexpected-processing-error", str(err), trusted=False)
        self._write(
            {
                "encrypted": found.encrypted,
                "signed": found.signed,
                "compressed": found.compressed,
                "signer": self._signer_subject(found.signer),
                "mic": found.mic,
            }
        )
        if found.report:
            original = self._receive_async_mdn(partner, self.request_headers, found)
            self._write({"state": "processed" if original else "refused"})
            if not original:
                self._write({"error": self.env._("An MDN for no message we sent.")})
            return 200, {}, b""
        if partner.as2_require_signature and not found.signed:
            return self._negative(
                "insufficient-message-security", self.env._("The message is not signed.")
            )
        if partner.as2_require_encryption and not found.encrypted:
            return self._negative(
                "insufficient-message-security", self.env._("The message is not encrypted.")
            )
        flow = self.env["integration.flow"].search(
            [
                ("partner_id", "=", partner.id),
                ("direction", "=", "inbound"),
                ("endpoint_id.transport", "=", "as2"),
            ],
            order="sequence, id",
            limit=1,
        )
        if not flow:
            return self._negative(
                "unexpected-processing-error",
                self.env._("Partner %s has no inbound AS2 flow.", partner.name),
            )
        message = flow._receive(
            found.payload,
            filename=found.filename or None,
            headers={k: v for k, v in self.request_headers.items() if k != "Content-Type"},
            idempotency_key=f"as2:{self.name}",
            partner_reference=self.name,
        )
        self._write({"state": "processed", "message_id": message.id})
        message._log("as2", self.env._("Received over AS2 as %s.", self.name), kind="business")
        return self._positive(found.mic)

    def _why(self, err):
        """What a person reads of an unpacking failure; an expired certificate is named."""
        text = str(err)
        if err.reason == "authentication-failed":
            stale = self.partner_id.as2_certificate_ids.filtered(
                lambda c: c.validity in ("expired", "future")
            )
            if stale:
                text += " " + self.env._(
                    "Certificates of the partner not valid now: %s.",
                    ", ".join(f"{c.name} ({c.not_before} – {c.not_after})" for c in stale),
                )
        return text

    def _write(self, values):
        # sudo: transport state, written by the AS2 route only
        self.sudo().write(values)

    # ------------------------------------------------------------------ answers
    def _refuse(self, status, reason):
        """No MDN can be built: a plain 4xx, the raw request kept."""
        self._write({"state": "refused", "error": reason})
        return status, {"Content-Type": "text/plain; charset=utf-8"}, reason.encode()

    def _negative(self, error, reason, status_without_mdn=400, trusted=True):
        """A negative MDN (``error`` of RFC 4130), nothing processed; without an MDN asked
        for (or an async one to an unproven sender), ``status_without_mdn``."""
        self._write({"state": "refused", "error": f"{error}: {reason}"})
        if self.mdn_mode == "none" or (self.mdn_mode == "async" and not trusted):
            return (
                status_without_mdn,
                {"Content-Type": "text/plain; charset=utf-8"},
                (f"{error}: {reason}".encode()),
            )
        return self._mdn(f"processed/error: {error}", "", reason)

    def _positive(self, mic):
        if self.mdn_mode == "none":  # no receipt asked for: a bare 200
            return 200, {}, b""
        return self._mdn("processed", mic, self.env._("The message was received."))

    def _mdn(self, disposition, mic, text):
        """Build, sign (if asked) and keep the MDN; answer it now or queue it (async)."""
        micalg = mime.requested_micalg(self.request_headers.get("Disposition-Notification-Options"))
        pair = self._signing_pair(self.company_id) if micalg else None
        mdn = mime.Mdn(self.name, disposition, mic, final_recipient=self.as2_to, text=text)
        headers, body = mime.mdn_response(
            mdn, self.as2_to, self.as2_from, self._domain(), sign_with=pair, micalg=micalg
        )
        self._write(
            {
                "mdn_headers": headers,
                "mdn_body": base64.b64encode(body),
                "mdn_disposition": disposition,
                "mdn_mic": mic,
                "mdn_at": fields.Datetime.now(),
            }
        )
        if self.mdn_mode == "async":
            self.with_delay(max_retries=MDN_RETRIES, channel=self._mdn_channel())._post_mdn()
            return 200, {}, b""
        return 200, headers, body

    def _answer_again(self):
        """The answer this (original) request got: the same MDN bytes."""
        if not self.mdn_body:
            status = 200 if self.state == "processed" else 400
            return (
                status,
                {"Content-Type": "text/plain; charset=utf-8"},
                (self.error or "").encode(),
            )
        if self.mdn_mode == "async":
            self.with_delay(max_retries=MDN_RETRIES, channel=self._mdn_channel())._post_mdn()
            return 200, {}, b""
        return 200, dict(self.mdn_headers or {}), base64.b64decode(self.mdn_body)

    def _mdn_channel(self):
        code = self.partner_id.code or "unknown"
        return f"root.integration.out.{code}"

    def _domain(self):
        # sudo: the public base URL, a system parameter users may not read
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return urlsplit(base).hostname or "localhost"

    def _post_mdn(self):
        """Job: deliver the asynchronous MDN to the partner's receipt address, through its
        AS2 endpoint (timeouts, circuit breaker). Retried by the job runner on transport
        errors; only to the host of that endpoint."""
        self.ensure_one()
        endpoint = self.env["integration.endpoint"].search(
            [("partner_id", "=", self.partner_id.id), ("transport", "=", "as2")], limit=1
        )
        host = urlsplit(self.receipt_url or "").hostname
        if not endpoint or not host or host != urlsplit(endpoint.url or "").hostname:
            self._write({"error": self.env._("The receipt address is not the partner's AS2 host.")})
            return "refused: receipt address not on the partner's AS2 host"
        try:
            endpoint._transport()._request(
                endpoint,
                "POST",
                self.receipt_url,
                body=base64.b64decode(self.mdn_body),
                headers=dict(self.mdn_headers or {}),
            )
        except TransportError as err:
            if err.retryable:
                raise RetryableJobError(str(err), seconds=60) from err
            self._write({"error": str(err)})
            return f"failed: {err}"
        self._write({"mdn_sent": True})
        return "MDN delivered"
