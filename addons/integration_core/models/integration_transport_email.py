# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import re
import secrets
import smtplib
import time

from markupsafe import Markup

from odoo import Command, models
from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.tools import email_normalize, email_split, html2plaintext
from odoo.tools.mail import unfold_references

from ..services.errors import PermanentTransportError, TransportError

_logger = logging.getLogger(__name__)

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._/-]+")  # what a Message-ID may not hold
MESSAGE_ID_DOMAIN = "integration"  # <INT-00001.1f2e3d4c@integration.<database uuid>>


def _cause(err):
    """The SMTP error behind Odoo's MailDeliveryException (raised while handling it)."""
    while isinstance(err, MailDeliveryException) and (err.__cause__ or err.__context__):
        err = err.__cause__ or err.__context__
    return err


class IntegrationTransportEmail(models.AbstractModel):
    """Documents by e-mail: out as an attachment through Odoo's outgoing mail server, in
    through a mail alias of the inbound flow (``integration.mail.receipt``).

    A sent mail is an Odoo ``mail.mail`` linked to its integration message: Odoo's mail
    gateway matches a bounce or a reply by its Message-ID (which carries the message's
    name) and calls the message's ``_message_receive_bounce`` / ``message_update``, which
    hand it to ``_on_bounce`` / ``_on_reply`` here.
    """

    _name = "integration.transport.email"
    _inherit = "integration.transport"
    _description = "E-mail transport"

    # ------------------------------------------------------------------ outbound
    def _send(self, message, endpoint, payload):
        """Mail ``payload`` to the endpoint's document address, in the send step itself.

        Delivered means accepted by the outgoing SMTP server, not queued: the mail is sent
        synchronously, so a refused or unreachable server is this step's TransportError
        (retried with the endpoint's backoff, then dead) instead of a ``mail.mail`` failing
        later in Odoo's queue where the message would never hear of it. A failed mail is
        deleted, so the mail queue never sends it behind the pipeline's back; the next
        attempt makes a new one. What happens after the partner's server took it comes
        back by the gateway: a bounce fails the message (``_on_bounce``).
        """
        recipients = email_split(endpoint.email_to or "")
        if not recipients:
            raise PermanentTransportError(
                self.env._("Endpoint %s has no document address to mail to.", endpoint.name),
                hint=self.env._("Fill in the endpoint's E-mail to, then Retry."),
            )
        # sudo: the payload attachment is the managers' (field groups); the pipeline sends it
        attachment = message.sudo().payload_attachment_id
        self._check_size(attachment, len(payload))
        name = self._file_name(message)
        if name and attachment.name != name:
            # sudo: the pipeline's own attachment: the file sent is named as the flow says
            attachment.sudo().name = name
        started = time.monotonic()
        values = {
            "subject": self._subject(message),
            "body_html": self._body(message, attachment.name),
            "email_from": self._sender(message),
            "email_to": ",".join(recipients),
            "model": message._name,
            "res_id": message.id,
            "message_type": "email_outgoing",
            "message_id": self._message_id(message),
            "attachment_ids": [Command.link(attachment.id)],
            # Kept: its Message-ID is how a bounce or reply finds the message.
            "auto_delete": False,
        }
        reply_to = self._reply_to(message)
        if reply_to:  # else Odoo's default (a False value would mean none)
            values["reply_to"] = reply_to
        # sudo: outgoing mails are system records; the job runs as the pipeline
        mail = self.env["mail.mail"].sudo().create(values)
        try:
            mail.send(raise_exception=True)
        except (MailDeliveryException, OSError, AssertionError) as err:
            mail.unlink()
            # Every recipient refused (5xx): trying again changes nothing.
            error = (
                PermanentTransportError
                if isinstance(_cause(err), smtplib.SMTPRecipientsRefused)
                else TransportError
            )
            raise error(
                self.env._("The outgoing mail server did not take the mail: %s", err)
            ) from err
        if mail.state != "sent":  # Odoo found no valid recipient address
            reason = mail.failure_reason
            mail.unlink()
            raise PermanentTransportError(
                self.env._("The mail could not be sent: %s", reason),
                hint=self.env._("Fill in a valid E-mail to on the endpoint, then Retry."),
            )
        return {"duration_ms": (time.monotonic() - started) * 1000.0}

    def _check_size(self, attachment, size):
        """Refuse a payload above the mail server's size limit: Odoo would replace it by a
        public download link, which is no delivery and would publish the document."""
        IrMailServer = self.env["ir.mail_server"]
        # sudo: the mail servers' size limit, a setting
        server = IrMailServer.sudo().search([], order="sequence, id", limit=1)
        limit_mb = (server or IrMailServer.sudo())._get_max_email_size()
        if not attachment or size * 4 / 3 > limit_mb * 1024 * 1024:
            raise PermanentTransportError(
                self.env._(
                    "The payload (%(size)s bytes) cannot be mailed: the mail server takes "
                    "%(limit)s MB at most.",
                    size=size,
                    limit=limit_mb,
                ),
                hint=self.env._("Send it over another transport, or raise the mail size limit."),
            )

    def _file_name(self, message):
        """The attachment's file name: the flow's file-name template, as the mailbox
        transports name their files (the payload's own name when the flow has none)."""
        if message.flow_id.file_name_template:
            return self.env["integration.transport.mailbox"]._remote_name(message)
        return None

    def _subject(self, message):
        label = dict(message._fields["document_type"]._description_selection(self.env))
        return f"{label.get(message.document_type, message.document_type)} {message.name}"

    def _body(self, message, file_name):
        return Markup("<p>%s</p>") % self.env._(
            "%(company)s sends you %(file)s (%(name)s).",
            company=message.company_id.name,
            file=file_name,
            name=message.name,
        )

    def _sender(self, message):
        """The company's address, else the server's default sender (notifications@...)."""
        company = message.company_id
        # sudo: the default sender is a mail setting
        return (
            company.email_formatted or self.env["ir.mail_server"].sudo()._get_default_from_address()
        )

    def _reply_to(self, message):
        """Where the partner's answers go: the alias of its inbound flow of the same format,
        so a reply carrying a document (a 997) is received; else Odoo's default address."""
        flow = self.env["integration.flow"].search(
            [
                ("partner_id", "=", message.partner_id.id),
                ("direction", "=", "inbound"),
                ("codec", "=", message.flow_id.codec),
                ("alias_id", "!=", False),
            ],
            order="sequence, id",
            limit=1,
        )
        return flow.alias_email or False

    def _message_id(self, message):
        """A Message-ID naming the message, unique per mail (a resend is a new mail: some
        servers drop a second mail with a Message-ID they have seen)."""
        # sudo: the database uuid, a setting
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        local = _UNSAFE_ID.sub("-", message.name).strip("-")
        return f"<{local}.{secrets.token_hex(4)}@{MESSAGE_ID_DOMAIN}.{uuid}>"

    # ------------------------------------------------------------------ bounces and replies
    def _on_bounce(self, messages, address):
        """Odoo's gateway matched a bounce to these messages: what was sent never arrived."""
        # An acknowledged message reached the partner whatever bounced since.
        for message in messages.filtered(lambda m: m.direction == "outbound" and m.state == "sent"):
            message._set_undelivered(
                PermanentTransportError(
                    self.env._("The mail to %s bounced: the partner did not get it.", address),
                    hint=self.env._("Check the endpoint's E-mail to with the partner, then Retry."),
                )
            )

    def _on_reply(self, messages, msg_dict):
        """A mail answering mails this transport sent (its In-Reply-To or References name
        them): noted on each message's timeline. Odoo's gateway posts a plain reply on the
        message's chatter; a reply to a flow's alias is received as documents too."""
        for message in messages & self._replied_messages(msg_dict):
            message._log(
                "reply",
                self.env._(
                    "Reply by e-mail from %(sender)s: %(subject)s",
                    sender=msg_dict.get("email_from") or "?",
                    subject=msg_dict.get("subject") or "",
                ),
                kind="business",
            )

    def _replied_messages(self, msg_dict):
        """The outbound messages whose mails ``msg_dict`` answers."""
        references = unfold_references(
            f"{msg_dict.get('references') or ''} {msg_dict.get('in_reply_to') or ''}"
        )
        ours = [ref for ref in references if f"@{MESSAGE_ID_DOMAIN}." in ref]
        if not ours:
            return self.env["integration.message"]
        # sudo: the mails this transport sent; matched by their Message-ID only
        mails = (
            self.env["mail.message"]
            .sudo()
            .search([("message_id", "in", ours), ("model", "=", "integration.message")])
        )
        return self.env["integration.message"].browse(mails.mapped("res_id")).exists()

    # ------------------------------------------------------------------ inbound
    def _receive_mail(self, flow, msg_dict):
        """Store each attachment of a mail (the body when it has none) as an inbound message
        of ``flow``, bytes first through ``flow._receive``; inline images (a signature's
        logo) are not documents, and a file above the flow's size limit is refused as an
        upload would be. Returns (the messages, what was refused: texts for the receipt)."""
        headers = {
            "from": msg_dict.get("email_from"),
            "subject": msg_dict.get("subject"),
            "message_id": msg_dict.get("message_id"),
        }
        files = [
            (name, self._attachment_bytes(content, info))
            for name, content, info in msg_dict.get("attachments") or []
            if not (info or {}).get("cid")
        ]
        if not files:
            body = html2plaintext(msg_dict.get("body") or "").strip()
            files = [(None, body.encode())] if body else []
        limit = flow.max_payload_kb * 1024 if flow.max_payload_kb > 0 else None
        messages, refused = self.env["integration.message"], []
        for name, payload in files:
            if limit and len(payload) > limit:
                refused.append(
                    self.env._(
                        "%(file)s (%(size)s bytes) is above the flow's size limit of %(limit)s "
                        "KiB: not received.",
                        file=name or self.env._("The mail's body"),
                        size=len(payload),
                        limit=flow.max_payload_kb,
                    )
                )
                continue
            messages |= flow._receive(payload, filename=name, headers=headers)
        if not files:
            refused.append(self.env._("The mail carries no document."))
        for text in refused:
            _logger.warning("Mail %s to flow %s: %s", msg_dict.get("message_id"), flow.name, text)
        self._on_reply(self._replied_messages(msg_dict), msg_dict)
        return messages, refused

    @staticmethod
    def _attachment_bytes(content, info):
        """The gateway gives text attachments decoded: back to the bytes that were sent."""
        if isinstance(content, bytes):
            return content
        return content.encode((info or {}).get("encoding") or "utf-8")

    def _allows_sender(self, partner, sender):
        """Whether ``sender`` (a From address) is among ``partner``'s allowed senders:
        an address, or ``@domain`` for every address of a domain."""
        address = email_normalize(sender or "")
        if not address:
            return False
        domain = "@" + address.rsplit("@", 1)[1]
        allowed = {
            entry.lower() for entry in re.split(r"[\s,;]+", partner.allowed_senders or "") if entry
        }
        return address in allowed or domain in allowed
