# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import json
import logging
import time
import uuid
from contextlib import nullcontext
from datetime import timedelta
from urllib.parse import quote

from psycopg2 import OperationalError, errors

from odoo import api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError as OdooValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from .. import schemas
from ..access import (
    MANAGER_GROUP,
    USER_GROUP,
    check_group,
    refuse_user_create,
    refuse_user_write,
)
from ..services import pipeline
from ..services.backoff import retry_delay
from ..services.errors import (
    BusinessRuleError,
    CircuitOpenError,
    ConfigurationError,
    DocumentValidationError,
    IntegrationError,
    InternalError,
    MappingError,
    ParseError,
)
from ..services.masking import mask_paths, masked_values, parse_paths, redact
from .integration_flow import DOCUMENT_TYPES

_logger = logging.getLogger(__name__)

DISPLAY_LIMIT = 200_000  # characters of a payload shown in the form
PAUSED = "paused"  # a step's answer when the message now waits for a person
# The raw documents: integration managers read them; users read the masked copies (*_display).
RAW = MANAGER_GROUP


class IntegrationMessage(models.Model):
    """The exchange record: one document in or out, stored before anything can fail."""

    _name = "integration.message"
    _description = "Integration Message"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    state = fields.Selection(
        pipeline.STATES, required=True, readonly=True, index=True, tracking=True
    )
    next_step = fields.Char(
        readonly=True, help="The pipeline step this message waits for; empty when done."
    )
    waiting = fields.Boolean(
        readonly=True, help="Held back by an earlier message of its sequential flow."
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

    is_test = fields.Boolean(
        compute="_compute_is_test",
        store=True,
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
    exception_ids = fields.One2many("integration.exception", "message_id", string="Exceptions")
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

    def _check_payload_visible(self):
        """Refuse to hand the raw payload to a user it is masked for."""
        if any(message._masked_paths() for message in self):
            raise UserError(
                self.env._(
                    "This flow masks personal data: ask an integration manager for the file."
                )
            )

    def _masked_paths(self):
        """The paths to hide from the current user (none for integration managers)."""
        self.ensure_one()
        if self.env.user.has_group(MANAGER_GROUP):
            return []
        return parse_paths(self.flow_id.masked_fields)

    def _masked_values(self):
        """The values this message's flow masks, as found in its canonical document."""
        self.ensure_one()
        paths = parse_paths(self.flow_id.masked_fields)
        # sudo: the raw document is the managers'; these values are what gets hidden from it
        canonical = self.sudo().canonical
        return masked_values(canonical, paths) if paths and canonical else set()

    def _redact(self, text):
        """``text`` without the values its flow masks: what an error may show anyone."""
        self.ensure_one()
        return redact(text, self._masked_values())

    @api.depends("canonical", "headers", "mapped_values")
    @api.depends_context("uid")
    def _compute_canonical_display(self):
        for message in self:
            # sudo: the raw documents are the managers' (field groups); masked below for users
            raw = message.sudo()
            canonical, headers, mapped = raw.canonical, raw.headers, raw.mapped_values
            paths = message._masked_paths()
            if paths:
                hidden = message._masked_values()
                canonical = canonical and mask_paths(canonical, paths)
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
        counts = dict(
            self.env["integration.exception"]._read_group(
                [("message_id", "in", self.ids), ("state", "in", ("new", "in_progress"))],
                ["message_id"],
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
        return super().create(vals_list)

    def write(self, vals):
        refuse_user_write(self, set(vals) - self._user_writable_fields())
        return super().write(vals)

    def _user_writable_fields(self):
        """What a user may write on a message: its chatter and activities. The rest is the
        pipeline's record of what happened, changed through the actions only."""
        return set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)

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
        extension = self.flow_id._codec()._file_extension()
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

    def _log(self, event, description, kind="technical", level="info", **values):
        # sudo: the timeline is append-only and written by the pipeline and checked actions
        self.env["integration.log"].sudo().create(
            [
                {
                    "message_id": message.id,
                    "event": event,
                    "description": description,
                    "kind": kind,
                    "level": level,
                    "attempt": message.attempts,
                    **values,
                }
                for message in self
            ]
        )

    @api.model
    def _receive(
        self,
        flow,
        payload,
        filename=None,
        headers=None,
        idempotency_key=None,
        correlation_id=None,
        partner_reference=None,
    ):
        """Store an inbound payload first, recognise a repeat, then start the pipeline.

        The idempotency key is the caller's, or the payload's SHA-256: a file fed twice is the
        same message. A key is unique within its flow. Uniqueness is the database's job (a
        unique constraint), so two concurrent deliveries of one key cannot both be processed.
        An empty payload without a key gets none: it is a repeat of nothing.
        """
        if isinstance(payload, str):
            payload = payload.encode()
        key = idempotency_key or (
            f"sha256:{hashlib.sha256(payload).hexdigest()}" if payload else None
        )
        if key and flow.is_test and not key.startswith("test:"):
            key = f"test:{key}"  # test traffic never makes production's resend a repeat
        # sudo: private: callers (API, webhooks, upload wizard, pollers) checked who sends
        message = self.sudo().create(
            {
                "flow_id": flow.id,
                "partner_id": flow.partner_id.id,
                "company_id": flow.company_id.id,
                "direction": "inbound",
                "document_type": flow.document_type,
                "state": "received",
                "next_step": pipeline.first_step("inbound"),
                "headers": headers or {},
                "filename": filename,
                "correlation_id": correlation_id or str(uuid.uuid4()),
                "partner_reference": partner_reference or idempotency_key,
            }
        )
        message._attach_payload(payload, filename)
        message._log("received", self.env._("Received %s bytes.", len(payload)), kind="business")
        original = key and message._claim_idempotency_key(key)
        if original:
            message.write(
                {
                    "state": "duplicate",
                    "next_step": False,
                    "duplicate_of_id": original,
                    # sudo: the original's id comes from the database's unique key, not the caller
                    "correlation_id": message.browse(original).sudo().correlation_id,
                }
            )
            if message._reuses_key_with_other_payload():
                note = self.env._(
                    "Same idempotency key as message id %s, but another payload: refused, "
                    "nothing done.",
                    original,
                )
            else:
                note = self.env._("Same idempotency key as message id %s: nothing done.", original)
            message._log("duplicate", note, kind="business")
            return message
        message._enqueue()
        return message

    def _reuses_key_with_other_payload(self):
        """Whether this duplicate's bytes differ from those its original was received with
        (edits of the original do not count): the sender reused a key for another document."""
        self.ensure_one()
        # sudo: compares the checksums of this message's and its original's own payloads.
        message = self.sudo()
        received = message.duplicate_of_id.revision_ids.sorted("id")[:1]
        if message.state != "duplicate" or not received:
            return False
        return received.checksum != message.payload_attachment_id.checksum

    def _claim_idempotency_key(self, key):
        """Set the key under the unique constraint; return the holder's id if it is taken."""
        self.ensure_one()
        self.flush_recordset()
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    "UPDATE integration_message SET idempotency_key = %s WHERE id = %s",
                    (key, self.id),
                    log_exceptions=False,
                )
        except errors.UniqueViolation:
            return self._idempotency_key_holder(key)
        self.invalidate_recordset(["idempotency_key"])
        return None

    def _idempotency_key_holder(self, key):
        """The id of the message holding ``key``.

        The holder may have committed after this transaction's snapshot was taken: when this
        transaction does not see it, a fresh cursor, which sees every committed row, does.
        """
        query = "SELECT id FROM integration_message WHERE flow_id = %s AND idempotency_key = %s"
        params = (self.flow_id.id, key)
        self.env.cr.execute(query, params)
        row = self.env.cr.fetchone()
        if not row:
            # The holder committed after this transaction's snapshot: it can be neither read nor
            # referenced here. Fail as a concurrent update (SQLSTATE 40001), so that Odoo retries
            # the request, or queue_job the job, with a snapshot that sees it.
            self.env.cr.execute(
                "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure',"
                " MESSAGE = 'idempotency key taken by a concurrent transaction'; END $$",
                log_exceptions=False,
            )
        return row and row[0]

    @api.model
    def _create_outbound(self, flow, record, correlation_id=None):
        """A new outbound message about ``record`` (plumbing of flows' events and spokes)."""
        # sudo: messages are the pipeline's; callers pass their own flow and record
        return self.sudo().create(
            {
                "flow_id": flow.id,
                "partner_id": flow.partner_id.id,
                "company_id": flow.company_id.id,
                "direction": "outbound",
                "document_type": flow.document_type,
                "state": "pending",
                "next_step": pipeline.first_step("outbound"),
                "res_model": record._name,
                "res_id": record.id,
                "correlation_id": correlation_id or self._correlation_of(record),
            }
        )

    @api.model
    def _queue_payload(
        self, flow, payload, correlation_id=None, partner_reference=None, record=None
    ):
        """Send bytes a codec made itself (an EDI 997, a CONTRL): straight to the send step."""
        values = {
            "flow_id": flow.id,
            "partner_id": flow.partner_id.id,
            "company_id": flow.company_id.id,
            "direction": "outbound",
            "document_type": flow.document_type,
            "state": "pending",
            "next_step": "send",
            "correlation_id": correlation_id or str(uuid.uuid4()),
            "partner_reference": partner_reference,
        }
        if record:
            values.update(res_model=record._name, res_id=record.id)
        # sudo: messages are the pipeline's; called by codecs within a pipeline step
        message = self.sudo().create(values)
        message._attach_payload(payload)
        message._enqueue()
        return message

    @api.model
    def _correlation_of(self, record):
        """The business transaction a record belongs to, so its documents are seen together."""
        if record._name == self._name:
            return record.correlation_id
        if "integration_correlation_id" in record._fields:
            return record._integration_correlation()
        return str(uuid.uuid4())

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

    # ------------------------------------------------------------------ pipeline
    def _enqueue(self, eta=None):
        """Queue the next step of each message, once: the identity key makes a repeat a no-op."""
        for message in self.filtered(lambda m: m.next_step and not m.waiting):
            step = message.next_step
            message.with_delay(
                channel=message.flow_id._channel(),
                identity_key=f"integration.message:{message.id}:{step}",
                eta=eta,
                description=f"{message.name}: {step}",
            )._run_step(step)

    def _run_step(self, step):
        """Job body: run one step; every outcome is recorded on the message.

        The pipeline is system work: it runs as superuser whoever queued it, and processors
        pick the message's company themselves.
        """
        self.ensure_one()
        # sudo: a job body; its only input is the message id the pipeline queued
        self = self.sudo()  # noqa: PLW0642
        if self.next_step != step or self.state in pipeline.STOPPED_STATES:
            return f"nothing to do: the message waits for {self.next_step or 'nothing'}"
        if self.flow_id.processing == "sequential" and self._held_by_earlier_message():
            return "waiting for an earlier message of the sequential flow"
        if step == pipeline.next_step("validate") and self._awaits_approval():
            return "waiting for approval"
        if self.last_step != step:
            self.write({"attempts": 0, "last_step": step})
        self.attempts += 1
        started = time.monotonic()
        # The send step keeps what the transport wrote (circuit state) even when it fails.
        guard = nullcontext() if step == "send" else self.env.cr.savepoint()
        try:
            with guard:
                outcome = getattr(self, f"_step_{step}")()
        except OperationalError as err:
            if err.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise RetryableJobError(str(err), seconds=5) from err
            raise
        except IntegrationError as err:
            self._step_failed(step, err)
        except (UserError, OdooValidationError) as err:
            self._step_failed(step, BusinessRuleError(str(err.args[0] if err.args else err)))
        except Exception as err:  # noqa: BLE001 - any bug still lands in the queue
            _logger.warning("Integration step %s of %s crashed", step, self.name, exc_info=True)
            self._step_failed(step, self._internal_error(step, err))
        else:
            if outcome != PAUSED:
                self._step_succeeded(step, (time.monotonic() - started) * 1000.0, outcome)
        return self.state

    def _next_step_after(self, step):
        following = pipeline.next_step(step)
        if following == "acknowledge" and not self.flow_id._codec()._sends_acknowledgement(self):
            return None
        return following

    def _step_succeeded(self, step, duration_ms, log_values=None):
        following = self._next_step_after(step)
        values = {
            "state": pipeline.STATE_AFTER_STEP[step],
            "next_step": following or False,
            "next_attempt_at": False,
            "last_error": False,
            "error_category": False,
        }
        if step == "process":
            values["processed_at"] = fields.Datetime.now()
        self.write(values)
        self._log(
            step,
            self.env._("Step %s done.", step),
            **{"duration_ms": duration_ms, **(log_values or {})},
        )
        if step == "validate" and self._needs_approval():
            return
        if following:
            self._enqueue()
        else:
            self._close()

    def _close(self):
        """The message is done: close its exceptions and let the next one of its flow run."""
        # sudo: pipeline transition; the callers are jobs and actions that checked access
        self.exception_ids.filtered(lambda e: e.state in ("new", "in_progress")).sudo().write(
            {"state": "resolved", "resolved_at": fields.Datetime.now()}
        )
        self._release_sequential_flow()

    def _internal_error(self, step, err):
        """An unforeseen Python error as the queue shows it: its type and message."""
        return InternalError(
            self.env._(
                "Unexpected error in step %(step)s: %(type)s: %(err)s",
                step=step,
                type=type(err).__name__,
                err=err,
            ),
            hint=self.env._("This is a defect or an unforeseen case; tell your administrator."),
            exception_type=type(err).__name__,
        )

    def _step_failed(self, step, err):
        if isinstance(err, (CircuitOpenError, ConfigurationError)):
            # Nothing was tried (circuit open, or the server cannot read the credentials):
            # not an attempt; it goes on by itself once the cause is gone.
            self.attempts -= 1
            self._retry_later(step, err, err.retry_after or 1.0)
            return
        limit = self._attempt_limit(step)
        if err.retryable and self.attempts < limit:
            endpoint = self.flow_id.endpoint_id
            delay = retry_delay(
                self.attempts,
                retry_after=getattr(err, "retry_after", None),
                base=endpoint.backoff_base or 10.0,
                cap=endpoint.backoff_max or 3600.0,
            )
            self._retry_later(step, err, delay)
            return
        state = "dead" if err.retryable else "failed"
        text = self._redact(str(err))  # error texts never quote what the flow masks
        self.write(
            {
                "state": state,
                "next_attempt_at": False,
                "last_error": text,
                "error_category": err.category,
            }
        )
        self._log(step, text, level="error", **self._error_log_values(err))
        if state == "dead":
            explanation = self.env._(
                "Gave up after %(count)s attempts: %(err)s", count=self.attempts, err=text
            )
        else:
            explanation = text
        # sudo: exceptions are opened by the pipeline only
        self.env["integration.exception"].sudo()._open_for(self, err, explanation)

    def _retry_later(self, step, err, delay):
        eta = fields.Datetime.now() + timedelta(seconds=delay)
        text = self._redact(str(err))
        self.write(
            {
                "next_attempt_at": eta,
                "last_error": text,
                "error_category": err.category,
            }
        )
        self._log(
            step,
            self.env._("%(err)s — next attempt in %(delay)s s.", err=text, delay=round(delay, 1)),
            level="warning",
            **self._error_log_values(err),
        )
        self._enqueue(eta=eta)

    def _attempt_limit(self, step):
        endpoint = self.flow_id.endpoint_id
        if step == "send" and endpoint:
            return max(endpoint.max_attempts, 1)
        return max(self.flow_id.max_attempts, 1)

    @staticmethod
    def _error_log_values(err):
        status = getattr(err, "status", None)
        return {"http_status": status} if status else {}

    # Steps. Each raises an IntegrationError subclass to fail; the runner records the outcome.
    def _step_parse(self):
        codec = self.flow_id._codec()
        parts = codec._split(self, self._payload())
        if parts:
            return self._split_into(parts)
        document = codec._decode(self, self._payload())
        self.write({"canonical": document, "doc_version": document.get("schema_version")})
        return None

    def _split_into(self, parts):
        """One inbound message per document of a file, each on its document type's flow.

        The file's message keeps the bytes as received and ends ``processed``; its documents
        go through the pipeline on their own, correlated to it.
        """
        for part in parts:
            flow = self.flow_id._sibling_for(part.document_type)
            if not flow:
                raise MappingError(
                    self.env._(
                        "%(partner)s sent a %(type)s document, and it has no inbound flow for "
                        "that document type.",
                        partner=self.partner_id.name,
                        type=part.label or part.document_type,
                    ),
                    hint=self.env._("Create the inbound flow (same codec), then Retry."),
                )
            child = self._receive(
                flow,
                part.payload,
                filename=part.filename,
                idempotency_key=f"{self.idempotency_key}/{part.reference}",
                correlation_id=self.correlation_id,
                partner_reference=part.reference,
            )
            child.parent_id = self
        self.write(
            {"state": "processed", "next_step": False, "processed_at": fields.Datetime.now()}
        )
        self._log("split", self.env._("Split into %s documents.", len(parts)), kind="business")
        self._close()
        return PAUSED

    def _step_validate(self):
        try:
            document = schemas.validate_document(self.document_type, self.canonical)
        except schemas.SchemaError as err:
            raise DocumentValidationError(
                str(err),
                hint=self.env._(
                    "Correct the payload (Edit payload) or ask the partner to resend it."
                ),
                errors=err.errors,
            ) from err
        self.write({"canonical": schemas.dump(document), "doc_version": document.schema_version})

    def _step_map(self):
        processor = self.flow_id._processor()
        self.mapped_values = processor._map(self, self._document())

    def _step_process(self):
        processor = self.flow_id._processor()
        process = processor._process_test if self.is_test else processor._process
        record = process(self, self._document(), self.mapped_values)
        if record:
            self.write({"res_model": record._name, "res_id": record.id})
            self._log("process", self.env._("Created %s.", record.display_name), kind="business")

    def _step_acknowledge(self):
        self.flow_id._codec()._acknowledge(self)

    def _step_build(self):
        record = self._business_record()
        if not record:
            raise BusinessRuleError(
                self.env._("The record this message was built from no longer exists.")
            )
        document = self.flow_id._builder()._build(self, record)
        self.write({"canonical": schemas.dump(document), "doc_version": document.schema_version})

    def _step_encode(self):
        payload = self.flow_id._codec()._encode(self, self._document())
        self._attach_payload(payload)

    def _step_send(self):
        flow = self.flow_id
        if flow._hold_test_message(self):
            return PAUSED
        delivered = flow._transport()._send(self, flow.endpoint_id, self._payload())
        if not delivered:
            self.next_step = False
            self._log("send", self.env._("Ready for download by a person."), kind="business")
            return PAUSED
        now = fields.Datetime.now()
        values = {"sent_at": now}
        if flow.sla_minutes and self.flow_id._codec()._expects_acknowledgement(self):
            values["ack_due_at"] = now + timedelta(minutes=flow.sla_minutes)
        self.write(values)
        return delivered

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

    @api.model
    def _cron_watch_sla(self):
        """Open an SLA exception, and an activity for the responsible, for what is late."""
        now = fields.Datetime.now()
        for flow in self.env["integration.flow"].search([("sla_minutes", ">", 0)]):
            deadline = now - timedelta(minutes=flow.sla_minutes)
            late = self.search(
                [
                    ("flow_id", "=", flow.id),
                    ("direction", "=", "inbound"),
                    (
                        "state",
                        "in",
                        ("received", "parsed", "validated", "mapped", "failed", "dead"),
                    ),
                    ("create_date", "<", deadline),
                ]
            ) | self.search(
                [
                    ("flow_id", "=", flow.id),
                    ("direction", "=", "outbound"),
                    ("state", "=", "sent"),
                    ("ack_due_at", "<", now),
                ]
            )
            for message in late.filtered(
                lambda m: (
                    "sla"
                    not in m.exception_ids.filtered(
                        lambda e: e.state in ("new", "in_progress")
                    ).mapped("category")
                )
            ):
                message._open_sla_exception()

    def _open_sla_exception(self):
        self.ensure_one()
        if self.direction == "outbound":
            explanation = self.env._(
                "No acknowledgement from %(partner)s for %(name)s, due %(due)s.",
                partner=self.partner_id.name,
                name=self.name,
                due=self.ack_due_at,
            )
        else:
            explanation = self.env._(
                "%(name)s is still %(state)s after the %(minutes)s minutes of its SLA.",
                name=self.name,
                state=self.state,
                minutes=self.flow_id.sla_minutes,
            )
        exception = (
            self.env["integration.exception"]
            # sudo: exceptions are opened by the pipeline only (here the SLA cron)
            .sudo()
            .create(
                {
                    "name": f"{self.name}: SLA",
                    "message_id": self.id,
                    "flow_id": self.flow_id.id,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "user_id": self.partner_id.user_id.id,
                    "category": "sla",
                    "severity": "high",
                    "explanation": explanation,
                    "fix_hint": self.env._(
                        "Find out with the partner why it is late; resend or retry."
                    ),
                }
            )
        )
        if self.partner_id.user_id:
            exception.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("SLA missed: %s", self.name),
                note=explanation,
                user_id=self.partner_id.user_id.id,
            )
        return exception

    @api.model
    def _cron_recover_stalled(self, minutes=10):
        """Requeue messages whose next step has no job (lost by a crash or a failed job);
        a message waiting for approval has none on purpose."""
        self.env.cr.execute(
            """
            SELECT m.id FROM integration_message m
             WHERE m.next_step IS NOT NULL AND m.next_step != ''
               AND COALESCE(m.waiting, false) = false
               AND m.state NOT IN ('failed', 'dead', 'duplicate', 'cancelled')
               AND NOT (m.state = 'validated' AND m.approved_by_id IS NULL
                        AND EXISTS (SELECT 1 FROM integration_flow f
                                     WHERE f.id = m.flow_id AND f.approval_required))
               AND m.write_date < (now() at time zone 'UTC') - %s * interval '1 minute'
               AND (m.next_attempt_at IS NULL OR m.next_attempt_at < (now() at time zone 'UTC'))
               AND NOT EXISTS (
                   SELECT 1 FROM queue_job j
                    WHERE j.identity_key = 'integration.message:' || m.id || ':' || m.next_step
                      AND j.state IN ('wait_dependencies', 'pending', 'enqueued', 'started'))
            """,
            (minutes,),
        )
        stalled = self.browse([row[0] for row in self.env.cr.fetchall()])
        stalled._log(
            "recover", self.env._("No job was queued for this step: requeued."), level="warning"
        )
        stalled._enqueue()
        return stalled

    # ------------------------------------------------------------------ API
    def _preflight(self):
        """Check the payload now (the codec's ``_check_on_receipt``), so an API caller hears
        at once that it is bad.

        Returns the error (after recording it like a failed step), or None. The queued parse
        job still runs the real step when the payload is good.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.flow_id._codec()._check_on_receipt(self, self._payload())
        except schemas.SchemaError as err:
            error = DocumentValidationError(str(err), errors=err.errors)
        except IntegrationError as err:
            error = err
        except OperationalError:
            raise
        except Exception as err:  # noqa: BLE001 - a payload no reader foresaw is still bad input
            _logger.info("Pre-check of %s failed unexpectedly", self.name, exc_info=True)
            error = ParseError(
                self.env._("The payload cannot be read: %s", err),
                hint=self.env._("Correct the payload (Edit payload) or ask the sender for it."),
            )
        else:
            return None
        self.attempts = 1
        self.rejected_at_receipt = True
        self._step_failed("parse", error)
        return error

    def _api_status(self):
        """What the API tells a caller about its message."""
        self.ensure_one()
        # sudo: the API's caller proved it is the message's partner; a name and an id
        record = self.sudo()._business_record()
        blocker = self._blocking_message()
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "correlation_id": self.correlation_id,
            "received_at": self.create_date,
            "error": self.last_error or None,
            "error_category": self.error_category or None,
            "waiting": bool(blocker),
            "waiting_for": {"id": blocker.id, "name": blocker.name} if blocker else None,
            "record": {"model": record._name, "id": record.id, "name": record.display_name}
            if record
            else None,
        }

    def _document(self):
        return schemas.validate_document(self.document_type, self.canonical)

    # ------------------------------------------------------------------ sequencing & approval
    def _held_by_earlier_message(self):
        """True (and the message set waiting) while an earlier message of its flow is open.

        Both this check and the release bump a counter on the flow row: under repeatable read,
        two transactions that update one row cannot both commit on a stale view, so a release
        can never miss a message that has just decided to wait.
        """
        self._touch_flow()
        earlier = self.search_count(self._earlier_open_domain(), limit=1)
        if earlier:
            if not self.waiting:
                self.waiting = True
                self._log(
                    "waiting", self.env._("Waiting for an earlier message of this sequential flow.")
                )
            return True
        if self.waiting:
            self.waiting = False
        return False

    def _earlier_open_domain(self):
        """The earlier messages of this one's flow that hold it while its flow is sequential."""
        self.ensure_one()
        return [
            ("flow_id", "=", self.flow_id.id),
            ("direction", "=", self.direction),
            ("id", "<", self.id),
            ("state", "not in", tuple(pipeline.RELEASING_STATES)),
            ("rejected_at_receipt", "=", False),
        ]

    def _blocking_message(self):
        """The earliest open message of its sequential flow that this one waits for, if any."""
        self.ensure_one()
        if (
            self.flow_id.processing != "sequential"
            or not self.next_step
            or self.state in pipeline.STOPPED_STATES
        ):
            return self.browse()
        return self.search(self._earlier_open_domain(), order="id", limit=1)

    def _release_sequential_flow(self):
        for message in self.filtered(lambda m: m.flow_id.processing == "sequential"):
            message._touch_flow()
            successor = self.search(
                [
                    ("flow_id", "=", message.flow_id.id),
                    ("direction", "=", message.direction),
                    ("waiting", "=", True),
                ],
                order="id",
                limit=1,
            )
            if successor:
                successor.waiting = False
                successor._enqueue()

    def _touch_flow(self):
        self.env.cr.execute(
            "UPDATE integration_flow SET sequence_gate = COALESCE(sequence_gate, 0) + 1"
            " WHERE id = %s",
            (self.flow_id.id,),
        )

    def _awaits_approval(self):
        self.ensure_one()
        return self.flow_id.approval_required and not self.approved_by_id

    def _needs_approval(self):
        """Open the approval exception when the flow wants a person to approve first."""
        if not self._awaits_approval():
            return False
        # sudo: exceptions are opened by the pipeline only (here the validate step)
        self.env["integration.exception"].sudo()._open_approval(self)
        return True

    # ------------------------------------------------------------------ actions
    # What people do to a message. Each checks the caller (an integration user allowed to
    # write these messages, company rules included), then writes as the pipeline: users
    # never write a message's fields themselves (see ``write``).
    def _checked_for(self, action):
        """These messages as the pipeline, once the caller may ``action`` them."""
        check_group(self.env, USER_GROUP, action)
        self.check_access("write")
        return self.sudo()

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
            step = message.next_step or pipeline.first_step(message.direction)
            message.write(
                {
                    "state": pipeline.STATE_BEFORE_STEP[step],
                    "next_step": step,
                    "attempts": 0,
                    "next_attempt_at": False,
                    "waiting": False,
                }
            )
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
        for message in messages.filtered(lambda m: m.state not in pipeline.FINAL_STATES):
            message.write({"state": "cancelled", "next_step": False, "waiting": False})
            message._log(
                "cancel",
                reason or self.env._("Cancelled by %s.", self.env.user.name),
                kind="business",
            )
            message._release_sequential_flow()
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
            message.write({"approved_by_id": self.env.uid, "approved_at": fields.Datetime.now()})
            message._log(
                "approve", self.env._("Approved by %s.", self.env.user.name), kind="business"
            )
            message.exception_ids.filtered(
                lambda e: e.category == "approval" and e.state in ("new", "in_progress")
            ).write({"state": "resolved", "resolved_at": fields.Datetime.now()})
            message._enqueue()
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
        restart = "parse" if message.direction == "inbound" else "send"
        message.write({"canonical": False, "mapped_values": False} if restart == "parse" else {})
        message.write({"next_step": restart, "state": pipeline.STATE_BEFORE_STEP[restart]})
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
            message.write({"state": "sent", "sent_at": fields.Datetime.now()})
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
