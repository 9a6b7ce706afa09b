# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import json
from datetime import timedelta
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..access import (
    MANAGER_GROUP,
    chatter_fields,
    checked_for,
    refuse_user_create,
    refuse_user_write,
)
from ..services import pipeline
from ..services.masking import mask_paths, redact
from ..services.readable import Table, document_view
from .integration_flow import DOCUMENT_TYPES

DISPLAY_LIMIT = 200_000  # characters of a payload shown in the form
# The raw documents: integration managers read them; users read the masked copies (*_display).
RAW = MANAGER_GROUP


class IntegrationMessage(models.Model):
    """The exchange record: one document in or out, stored before anything can fail.

    Its life (steps, retries, gates, state) is the pipeline's (``integration.pipeline``):
    here are its fields, its payload and idempotency, its status for the API, and what
    people do to it (the actions, which go through the pipeline's transitions).
    """

    _name = "integration.message"
    _description = "Integration Message"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "integration.masking.mixin",
        "integration.pipeline",
        "integration.message.receipt",
        "integration.message.api",
    ]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/", copy=False, index="trigram")
    flow_id = fields.Many2one(
        "integration.flow", required=True, readonly=True, ondelete="restrict", index=True
    )
    partner_id = fields.Many2one("integration.partner", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, readonly=True
    )
    document_type = fields.Selection(DOCUMENT_TYPES, required=True, readonly=True)
    doc_version = fields.Char(string="Document version", readonly=True)
    # Its changes are in the timeline (integration.log), not in the chatter.
    state = fields.Selection(pipeline.STATES, required=True, readonly=True, index=True)
    next_step = fields.Char(
        readonly=True, help="The pipeline step this message waits for; empty when done."
    )
    waiting = fields.Boolean(
        readonly=True, help="Held back by an earlier message of its sequential flow."
    )
    awaiting = fields.Char(
        readonly=True,
        index="btree_not_null",
        help="The document this message waits for (an order change for its order): it goes "
        "on by itself once that document is processed.",
    )
    order_change_id = fields.Many2one(
        "integration.message",
        readonly=True,
        index="btree_not_null",
        string="Answers change",
        help="The customer's order change or cancellation this acknowledgement answers.",
    )
    rejected_at_receipt = fields.Boolean(
        readonly=True,
        help="The API answered 400: the sender knows it was refused and will send it again, so "
        "it does not hold its sequential flow.",
    )
    attempts = fields.Integer(readonly=True, help="Tries of the current step.")
    last_step = fields.Char(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    error_category = fields.Char(readonly=True)

    payload_attachment_id = fields.Many2one(
        "ir.attachment", string="Payload", readonly=True, groups=RAW
    )
    revision_ids = fields.Many2many(
        "ir.attachment",
        "integration_message_revision_rel",
        "message_id",
        "attachment_id",
        string="Payload revisions",
        readonly=True,
        groups=RAW,
        help="Every payload this message had, the original first; edits add revisions, "
        "each created by the person who edited it.",
    )
    has_payload = fields.Boolean(compute="_compute_has_payload")
    payload_file = fields.Binary(
        compute="_compute_payload_file",
        attachment=False,
        string="Payload file",
        help="The current payload, for download; empty where the flow masks it from you.",
    )
    revision_count = fields.Integer(compute="_compute_revision_count")
    payload_sha256 = fields.Char(readonly=True, index=True)
    payload_size = fields.Integer(readonly=True, string="Size (bytes)")
    payload_purged = fields.Boolean(readonly=True)
    filename = fields.Char(readonly=True)
    headers = fields.Json(readonly=True, string="Headers (JSON)", groups=RAW)
    canonical = fields.Json(
        readonly=True, copy=False, string="Canonical document (JSON)", groups=RAW
    )
    mapped_values = fields.Json(readonly=True, copy=False, groups=RAW)
    payload_display = fields.Text(compute="_compute_payload_display", string="Raw payload")
    payload_masked = fields.Boolean(
        compute="_compute_payload_masked",
        help="The flow masks personal data and you are not an integration manager: the raw "
        "payload, its revisions and its editing are for managers.",
    )
    mapped_display = fields.Text(compute="_compute_canonical_display", string="Mapping")
    flow_approval_required = fields.Boolean(related="flow_id.approval_required")
    canonical_display = fields.Text(compute="_compute_canonical_display", string="Canonical")
    headers_display = fields.Text(compute="_compute_canonical_display", string="Headers")
    readable_html = fields.Html(
        compute="_compute_readable_html",
        sanitize=False,
        string="Readable payload",
        help="The payload's segments, rows or elements with their names and what their codes mean.",
    )
    document_html = fields.Html(
        compute="_compute_document_html",
        sanitize=False,
        string="Document",
        help="The canonical document laid out: header, parties, lines and totals.",
    )

    is_test = fields.Boolean(
        compute="_compute_is_test",
        store=True,
        precompute=True,
        index=True,
        string="Test traffic",
        help="Received or sent while its flow or partner was in test: it creates nothing "
        "confirmed and never reaches a production endpoint.",
    )
    correlation_id = fields.Char(readonly=True, index=True, copy=False)
    idempotency_key = fields.Char(readonly=True, copy=False)
    partner_reference = fields.Char(
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The partner's own reference for this message (its control number or id).",
    )
    reference = fields.Char(
        string="Business reference",
        readonly=True,
        index="trigram",
        copy=False,
        help="The document's own reference (order, invoice, shipment or return number), "
        "set once the document is validated or built: what people search messages by.",
    )
    duplicate_of_id = fields.Many2one("integration.message", readonly=True, index="btree_not_null")
    parent_id = fields.Many2one(
        "integration.message",
        string="Received within",
        readonly=True,
        index="btree_not_null",
        help="The file this document came in, when one file carried several documents.",
    )
    child_ids = fields.One2many("integration.message", "parent_id", string="Documents")
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_at = fields.Datetime(readonly=True)

    res_model = fields.Char(string="Record model", readonly=True, index=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True, index=True)
    record_name = fields.Char(compute="_compute_record_name", string="Business record")
    processed_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    acknowledged_at = fields.Datetime(readonly=True)
    ack_due_at = fields.Datetime(readonly=True, string="Acknowledgement due")

    log_ids = fields.One2many("integration.log", "message_id", string="Timeline")
    exception_ids = fields.Many2many(
        "integration.exception",
        "integration_exception_message_rel",
        "message_id",
        "exception_id",
        string="Exceptions",
        readonly=True,
    )
    open_exception_count = fields.Integer(compute="_compute_open_exception_count")
    related_message_ids = fields.Many2many(
        "integration.message",
        compute="_compute_related_message_ids",
        string="Same transaction",
        help="Every message sharing this correlation id.",
    )
    age_hours = fields.Float(compute="_compute_age_hours", string="Age (hours)")

    _sql_constraints = [
        (
            "idempotency_unique",
            "unique(flow_id, idempotency_key)",
            "A message with this idempotency key already exists in this flow.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("flow_id")
    def _compute_is_test(self):
        """The flow's usage when the message was created: going live changes no message."""
        for message in self:
            message.is_test = message.flow_id.is_test

    @api.depends("revision_ids")
    def _compute_revision_count(self):
        for message in self:
            # sudo: a count; the revisions themselves are the managers' (field groups)
            message.revision_count = len(message.sudo().revision_ids)

    @api.depends("payload_attachment_id")
    @api.depends_context("uid")
    def _compute_payload_display(self):
        for message in self:
            raw = message._payload()
            if raw is None:
                message.payload_display = (
                    self.env._("(purged)") if message.payload_purged else False
                )
            elif message._masked_paths():
                message.payload_display = self.env._(
                    "(hidden: this flow masks personal data; see the canonical document)"
                )
            else:
                text = raw[:DISPLAY_LIMIT].decode("utf-8", errors="replace")
                message.payload_display = message.flow_id._codec()._display(text)

    @api.depends("payload_attachment_id")
    @api.depends_context("uid")
    def _compute_readable_html(self):
        """Rendered from what ``payload_display`` shows the same user (QWeb escapes it)."""
        for message in self:
            raw = None if message._masked_paths() else message._payload()
            if not raw:
                message.readable_html = False
                continue
            readable = message.flow_id._codec()._readable(message, raw)
            message.readable_html = self.env["ir.qweb"]._render(
                "integration_core.readable_payload", {"readable": readable}
            )

    @api.depends("canonical")
    @api.depends_context("uid")
    def _compute_document_html(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for message in self:
            canonical = message._shown_canonical()
            if not isinstance(canonical, dict):
                message.document_html = False
                continue
            view = document_view(
                labels.get(message.document_type, ""), canonical, message.document_type
            )
            message.document_html = self.env["ir.qweb"]._render(
                "integration_core.document_view",
                {"view": view, "is_table": lambda cell: isinstance(cell, Table)},
            )

    def _shown_canonical(self):
        """The canonical document as the current user may read it (masked paths hidden)."""
        self.ensure_one()
        # sudo: the raw document is the managers' (field groups); masked for users
        canonical = self.sudo().canonical
        paths = self._masked_paths()
        return mask_paths(canonical, paths) if canonical and paths else canonical

    @api.depends("payload_attachment_id")
    def _compute_has_payload(self):
        for message in self:
            # sudo: whether there is one; the attachment is the managers' (field groups)
            message.has_payload = bool(message.sudo().payload_attachment_id)

    @api.depends("payload_attachment_id")
    @api.depends_context("uid")
    def _compute_payload_file(self):
        for message in self:
            raw = None if message._masked_paths() else message._payload()
            message.payload_file = base64.b64encode(raw) if raw else False

    @api.depends_context("uid")
    def _compute_payload_masked(self):
        for message in self:
            message.payload_masked = bool(message._masked_paths())

    @api.depends("canonical", "headers", "mapped_values")
    @api.depends_context("uid")
    def _compute_canonical_display(self):
        for message in self:
            # sudo: the raw documents are the managers' (field groups); masked below for users
            raw = message.sudo()
            headers, mapped = raw.headers, raw.mapped_values
            canonical = message._shown_canonical()
            if message._masked_paths():
                hidden = message._masked_values()
                headers, mapped = redact(headers, hidden), redact(mapped, hidden)
            message.canonical_display = (
                json.dumps(canonical, indent=2, ensure_ascii=False) if canonical else False
            )
            message.headers_display = json.dumps(headers, indent=2) if headers else False
            message.mapped_display = json.dumps(mapped, indent=2) if mapped else False

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for message in self:
            # sudo: res_model/res_id are written by the pipeline only; a name, not the record
            record = message.sudo()._business_record()
            message.record_name = record.display_name if record else False

    def _compute_open_exception_count(self):
        exceptions = self.env["integration.exception"]
        counts = dict(
            exceptions._read_group(
                [("message_ids", "in", self.ids), *exceptions._open_domain()],
                ["message_ids"],
                ["__count"],
            )
        )
        for message in self:
            message.open_exception_count = counts.get(message, 0)

    @api.depends("correlation_id")
    def _compute_related_message_ids(self):
        for message in self:
            message.related_message_ids = (
                self.search([("correlation_id", "=", message.correlation_id)])
                if message.correlation_id
                else False
            )

    def _compute_age_hours(self):
        now = fields.Datetime.now()
        for message in self:
            start = message.create_date or now
            message.age_hours = (now - start).total_seconds() / 3600.0

    # ------------------------------------------------------------------ storage
    @api.model_create_multi
    def create(self, vals_list):
        refuse_user_create(self)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("integration.message") or "/"
        quiet = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)  # timeline
        return super(IntegrationMessage, quiet).create(vals_list).with_env(self.env)

    def write(self, vals):
        refuse_user_write(self, set(vals) - self._user_writable_fields())
        return super().write(vals)

    def _user_writable_fields(self):
        """What a user may write on a message: its chatter and activities. The rest is the
        pipeline's record of what happened, changed through the actions only."""
        return chatter_fields(self.env)

    def _payload(self):
        """The current payload as bytes, or None once purged.

        Only an attachment of this very message is served, whatever the link says.
        """
        self.ensure_one()
        # sudo: payload attachments are the managers' (field groups); the masking is the caller's
        attachment = self.sudo().payload_attachment_id.with_context(bin_size=False)
        if not attachment or not self._owns_attachment(attachment):
            return None
        return attachment.raw or b""

    def _owns_attachment(self, attachment):
        return attachment.res_model == self._name and attachment.res_id == self.id

    def _attach_payload(self, payload, filename=None, note=None):
        """Keep ``payload`` as a new revision; earlier revisions are never touched."""
        self.ensure_one()
        extension = self.flow_id._codec()._features().file_extension
        revision = len(self.revision_ids) + 1
        name = filename or f"{self.name.replace('/', '-')}.{extension}"
        if revision > 1:
            name = f"r{revision}-{name}"
        attachment = (
            self.env["ir.attachment"]
            # sudo: the pipeline's own attachment, bound to this message below
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": payload,
                    "res_model": self._name,
                    "res_id": self.id,
                    # Kept out of the chatter's attachments: the payload is shown (or
                    # masked) by the message form itself.
                    "res_field": "payload_attachment_id",
                    "description": note,
                }
            )
        )
        # sudo: pipeline fields; callers are the pipeline or actions that checked access
        self.sudo().write(
            {
                "payload_attachment_id": attachment.id,
                "revision_ids": [fields.Command.link(attachment.id)],
                "payload_sha256": hashlib.sha256(payload).hexdigest(),
                "payload_size": len(payload),
            }
        )
        return attachment

    def _partner_reference(self):
        """How the partner knows this message: its own reference, else ours."""
        self.ensure_one()
        return self.partner_reference or self.name

    def _business_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        record = self.env[self.res_model].browse(self.res_id).exists()
        return record or None

    # ------------------------------------------------------------------ mail gateway
    # A message sent by e-mail is the record of its mail.mail: Odoo's gateway finds it by
    # the mail's Message-ID when a bounce or a reply comes back.
    def _message_receive_bounce(self, email, partner):
        result = super()._message_receive_bounce(email, partner)
        self.env["integration.transport.email"]._on_bounce(self, email)
        return result

    def message_update(self, msg_dict, update_vals=None):
        if self.env.su:  # the gateway's call, not a user's over RPC: no forged timeline row
            self.env["integration.transport.email"]._on_reply(self, msg_dict)
        return super().message_update(msg_dict, update_vals=update_vals)

    # ------------------------------------------------------------------ operations (crons)
    @api.model
    def _cron_purge_payloads(self):
        """Drop raw payloads past their flow's retention; the message and its log stay."""
        now = fields.Datetime.now()
        for flow in self.env["integration.flow"].search([("retention_days", ">", 0)]):
            expired = self.search(
                [
                    ("flow_id", "=", flow.id),
                    ("payload_purged", "=", False),
                    ("state", "in", tuple(pipeline.FINAL_STATES)),
                    ("create_date", "<", now - timedelta(days=flow.retention_days)),
                ]
            )
            for message in expired:
                # sudo: a cron (retention); only the message's own payload attachments go
                message.revision_ids.sudo().filtered(message._owns_attachment).unlink()
                message.write({"payload_purged": True, "payload_attachment_id": False})
                message._log(
                    "purge", self.env._("Payload purged after %s days.", flow.retention_days)
                )

    # ------------------------------------------------------------------ actions
    # What people do to a message. Each checks the caller (an integration user allowed to
    # write these messages, company rules included), then writes as the pipeline: users
    # never write a message's fields themselves (see ``write``).
    def _checked_for(self, action):
        """These messages as the pipeline, once the caller may ``action`` them."""
        return checked_for(self, action)

    def action_retry(self):
        """Run the failed step again, from the stored (possibly edited) payload."""
        messages = self._checked_for(self.env._("Retrying a message"))
        retryable = messages.filtered(
            lambda m: (
                m.state in pipeline.NEEDS_PERSON_STATES
                or (m.next_step and m.state not in pipeline.FINAL_STATES)
            )
        )
        for message in retryable:
            message._set_restart(message.next_step or pipeline.first_step(message.direction))
            message._log(
                "retry", self.env._("Retry requested by %s.", self.env.user.name), kind="business"
            )
            message.exception_ids.filtered(lambda e: e.state == "new").write(
                {"state": "in_progress"}
            )
        retryable._enqueue()
        return True

    def action_cancel(self, reason=None):
        messages = self._checked_for(self.env._("Cancelling a message"))
        messages._set_cancelled(reason or self.env._("Cancelled by %s.", self.env.user.name))
        return True

    def _payload_editors(self):
        """Who edited this message's payload: each revision after the original was created
        by the person who edited it."""
        self.ensure_one()
        # sudo: who edited, from the message's own revisions; for the approval check
        return self.sudo().revision_ids.sorted("id")[1:].create_uid

    def action_approve(self):
        """Let validated messages of an approval flow go on, approved by the caller (never by
        someone who edited the payload: four eyes see what is processed)."""
        messages = self._checked_for(self.env._("Approving a message"))
        for message in messages:
            if message.state != "validated" or message.approved_by_id:
                continue
            if self.env.user in message._payload_editors():
                raise UserError(
                    self.env._(
                        "You edited the payload of %s: another person must approve it.",
                        message.name,
                    )
                )
            message._set_approved()
        return True

    def _revise_payload(self, payload, note=None):
        """Reprocess from an edited payload; the original stays as the first revision.

        Plumbing: the edit wizard and the spokes' resend actions check their caller first.
        """
        self.ensure_one()
        if isinstance(payload, str):
            payload = payload.encode()
        # sudo: pipeline fields, written for callers that checked access
        message = self.sudo()
        message._attach_payload(payload, note=note)
        message._set_restart("parse" if message.direction == "inbound" else "send")
        message._log(
            "revise",
            note or self.env._("Payload edited by %s.", self.env.user.name),
            kind="business",
        )
        return message.action_retry()

    def _check_payload_editable(self):
        """Refuse to edit a payload the caller may not see, or one that is not failed: a
        processed message's payload is the record of what was processed."""
        self._checked_for(self.env._("Editing a payload"))
        self._check_payload_visible()
        done = self.filtered(lambda m: m.state not in pipeline.NEEDS_PERSON_STATES)
        if done:
            raise UserError(
                self.env._(
                    "Only the payload of a failed or dead message can be edited, not %s.",
                    ", ".join(done.mapped("name")),
                )
            )

    def action_edit_payload(self):
        self.ensure_one()
        self._check_payload_editable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Edit payload of %s", self.name),
            "res_model": "integration.payload.edit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_message_id": self.id},
        }

    def action_mark_downloaded(self):
        """Manual transport: a person took the file; it counts as sent."""
        messages = self._checked_for(self.env._("Marking a message downloaded"))
        for message in messages.filtered(
            lambda m: (
                m.direction == "outbound"
                and m.state == "pending"
                and not m.next_step
                and m.payload_attachment_id
            )
        ):
            message._set_sent(True)
            message._log(
                "send", self.env._("Downloaded by %s.", self.env.user.name), kind="business"
            )
            message._close()
        return True

    def action_open_record(self):
        self.ensure_one()
        record = self._business_record()
        if not record:
            raise UserError(self.env._("This message has no business record."))
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    def action_download_payload(self):
        """Download the current payload through the masked ``payload_file``, never through
        the attachment itself (it is the managers')."""
        self.ensure_one()
        self.check_access("read")
        self._check_payload_visible()
        if not self.has_payload:
            raise UserError(self.env._("The payload of this message was purged."))
        # sudo: the name of this message's own payload attachment
        name = self.filename or self.sudo().payload_attachment_id.name or self.name
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/payload_file"
            f"?download=true&filename={quote(name)}",
            "target": "self",
        }
