# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time
import uuid
from contextlib import closing, contextmanager, nullcontext
from datetime import timedelta

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError as OdooValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from .. import schemas
from ..services import job_scope, pipeline, trace
from ..services.backoff import retry_delay
from ..services.errors import (
    AwaitingDocument,
    BusinessRuleError,
    CircuitOpenError,
    ConfigurationError,
    DocumentValidationError,
    IntegrationError,
    InternalError,
    MappingError,
    ParseError,
    PluginError,
)
from ..services.plugins import ProcessResult

_logger = logging.getLogger(__name__)

PAUSED = "paused"  # a step's answer when the message now waits for a person
STEP_METHODS = {step: f"_step_{step}" for step in pipeline.INBOUND_STEPS + pipeline.OUTBOUND_STEPS}


class IntegrationPipeline(models.AbstractModel):
    """The life of a message: the step table, the job that runs the steps, retries, the
    mapping of errors to exceptions, the sequential and approval gates.

    It is the only writer of a message's pipeline state (state, next step, attempts, errors,
    business record, acknowledgement...): everything else, spokes included, goes through the
    ``_set_*`` transitions below. Plug-ins (codec, processor, builder, transport) return
    values and implement hooks; the pipeline writes what they return.
    """

    _name = "integration.pipeline"
    _inherit = [
        "integration.pipeline.gate",
        "integration.pipeline.batch",
        "integration.trace.mixin",
    ]
    _description = "Integration pipeline"

    # ------------------------------------------------------------------ queueing and jobs
    def _enqueue(self, eta=None):
        """Queue the next step of each message, once: the identity key makes a repeat a no-op.
        A new message of a batched flow joins its lane's drain job instead."""
        for message in self.filtered(lambda m: m.next_step and not m.waiting):
            step = message.next_step
            if eta is None and message._drained(step):
                message._enqueue_drain()
                continue
            message.with_delay(
                channel=message.flow_id._channel(),
                identity_key=f"integration.message:{message.id}:{step}",
                eta=eta,
                description=f"{message.name}: {step}",
            )._run_step(step)

    def _run_step(self, step):
        """Job body: run ``step``, then each following step due at once (no gate, no wait, no
        retry delay) in the same job. Every outcome is recorded on the message; the timeline
        rows of the job are written in one insert at its end.

        The pipeline is system work: it runs as superuser whoever queued it, and processors
        pick the message's company themselves.
        """
        self.ensure_one()
        # sudo: a job body; its only input is the message id the pipeline queued
        message = self.sudo()
        with trace.activated(message.traceparent, message.correlation_id), message._job_scope():
            outcome, step = message._run_one_step(step)
            while step:
                outcome, step = message._run_one_step(step)
        return outcome

    @contextmanager
    def _job_scope(self):
        """Buffer the timeline and keep validated documents for the job; nested: the outer."""
        with job_scope.opened(self.env.cr) as (scope, outer):
            yield scope
        if outer:
            self._write_log(scope.logs)

    def _run_one_step(self, step):
        """Run ``step`` behind its gates: (what the job reports, the step to run next now)."""
        if self.next_step != step or self.state in pipeline.STOPPED_STATES:
            return f"nothing to do: the message waits for {self.next_step or 'nothing'}", None
        if self.flow_id.processing == "sequential" and self._held_by_earlier_message():
            return "waiting for an earlier message of the sequential flow", None
        if step == pipeline.next_step("validate") and self._awaits_approval():
            return "waiting for approval", None
        same = self.last_step == step
        self.write({"attempts": self.attempts + 1 if same else 1, "last_step": step})
        started = time.monotonic()
        scope = job_scope.current(self.env.cr)
        logged = len(scope.logs) if scope else 0
        # The send step keeps what the transport wrote (circuit state) even when it fails.
        guard = nullcontext() if step == "send" else self.env.cr.savepoint()
        try:
            with guard, self._traced(step):
                outcome = getattr(self, STEP_METHODS[step])()
        except OperationalError as err:
            if err.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise RetryableJobError(str(err), seconds=5) from err
            raise
        except Exception as err:  # noqa: BLE001 - any bug still lands in the queue
            if step == "send":
                self._apply_staged()  # a send keeps what it did (no savepoint)
            else:
                self._forget_rolled_back(logged)
            self._set_failed(step, self._integration_error(step, err))
            return self.state, None
        if outcome == PAUSED:
            self._apply_staged()
            return self.state, None
        log_values = dict(outcome) if isinstance(outcome, dict) else {}
        # A transport's answer may say how long the request itself took.
        duration_ms = log_values.pop("duration_ms", (time.monotonic() - started) * 1000.0)
        following = self._set_step_done(step, duration_ms, **log_values)
        if step == "validate" and self._needs_approval():
            return self.state, None
        return self.state, following

    def _forget_rolled_back(self, logged):
        """After a step's savepoint was rolled back: its timeline rows, documents and staged
        values too."""
        scope = job_scope.current(self.env.cr)
        if scope:
            scope.forget(self.id, logged)

    @contextmanager
    def _trial(self):
        """A block whose database changes and timeline rows are all undone when it ends: a
        step tried on a throwaway message (an EDI set mapped before it is acknowledged)."""
        scope = job_scope.current(self.env.cr)
        logged = len(scope.logs) if scope else 0
        try:
            with closing(self.env.cr.savepoint()):
                yield
        finally:
            if scope:
                del scope.logs[logged:]

    def _integration_error(self, step, err):
        """What a step raised, as the error the queue files: Odoo's refusals are business
        rules, anything unforeseen an internal error showing its Python type."""
        if isinstance(err, IntegrationError):
            return err
        if isinstance(err, (UserError, OdooValidationError)):
            return BusinessRuleError(str(err.args[0] if err.args else err))
        _logger.warning("Integration step %s of %s crashed", step, self.name, exc_info=True)
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

    # ------------------------------------------------------------------ timeline
    def _log(self, event, description, kind="technical", level="info", **values):
        """Add ``event`` to the timeline of each message: buffered while a job runs (written
        in one insert when it ends), written at once otherwise."""
        rows = [
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
        scope = job_scope.current(self.env.cr)
        if scope is None:
            self._write_log(rows)
        else:
            scope.logs.extend(rows)

    def _write_log(self, rows):
        if rows:
            # sudo: the timeline is append-only and written by the pipeline and checked actions
            self.env["integration.log"].sudo().create(rows)

    # ------------------------------------------------------------------ outbound messages
    @api.model
    def _outbound_message(self, flow, step, correlation_id, record=None, **values):
        """A new outbound message of ``flow`` waiting for ``step``, about ``record`` if any."""
        if record:
            values.update(res_model=record._name, res_id=record.id)
        # sudo: messages are the pipeline's; callers pass their own flow and record
        return self.sudo().create(
            {
                "flow_id": flow.id,
                "partner_id": flow.partner_id.id,
                "company_id": flow.company_id.id,
                "direction": "outbound",
                "document_type": flow.document_type,
                "state": "pending",
                "next_step": step,
                "correlation_id": correlation_id,
                "traceparent": trace.current() or trace.child_of(None),
                **values,
            }
        )

    @api.model
    def _create_outbound(self, flow, record, correlation_id=None):
        """A new outbound message about ``record`` (plumbing of flows' events and spokes)."""
        return self._outbound_message(
            flow,
            pipeline.first_step("outbound"),
            correlation_id or self._correlation_of(record),
            record,
        )

    @api.model
    def _queue_payload(
        self, flow, payload, correlation_id=None, partner_reference=None, record=None
    ):
        """Send bytes a codec made itself (an EDI 997, a CONTRL): straight to the send step."""
        message = self._outbound_message(
            flow,
            "send",
            correlation_id or str(uuid.uuid4()),
            record,
            partner_reference=partner_reference,
        )
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

    # ------------------------------------------------------------------ plug-ins
    def _plugin(self, kind):
        """The flow's ``kind`` plug-in (codec, processor, builder, transport), or a
        PluginError naming what is missing: a flow badly set up never shows as a defect."""
        self.ensure_one()
        flow = self.flow_id
        plugin = flow._plugin(kind)
        if plugin._name != f"integration.{kind}":
            return plugin
        value = flow.endpoint_id.transport if kind == "transport" else flow[kind]
        raise PluginError(
            self.env._(
                "Flow %(flow)s cannot run: its %(kind)s %(value)s is not provided by any "
                "installed module.",
                flow=flow.name,
                kind=kind,
                value=value or self.env._("(none)"),
            ),
            hint=self.env._(
                "Install the module that provides it, or choose another %s on the flow; "
                "then Retry.",
                kind,
            ),
        )

    def _hooks(self, kind):
        """The flow's ``kind`` plug-in whose hooks to call; the base model (hooks that do
        nothing) when the flow has none."""
        try:
            return self._plugin(kind)
        except PluginError:
            return self.env[f"integration.{kind}"]

    def _document(self):
        """The canonical document as its validated object: validated once, then kept for the
        rest of the job (a write of ``canonical`` drops it)."""
        self.ensure_one()
        scope = job_scope.current(self.env.cr)
        document = scope.documents.get(self.id) if scope else None
        if document is None:
            document = schemas.validate_document(self.document_type, self.canonical)
            if scope:
                scope.documents[self.id] = document
        return document

    def _forget_documents(self):
        scope = job_scope.current(self.env.cr)
        for message_id in self.ids if scope else ():
            scope.documents.pop(message_id, None)

    def _stage(self, values):
        """Fields a running step found (its document, mapping, record): written with the
        step's outcome, so a step costs its message one UPDATE, and dropped with the step if
        it fails. Outside a job they are written at once."""
        scope = job_scope.current(self.env.cr)
        if scope is not None:
            scope.staged.setdefault(self.id, {}).update(values)
        elif values:
            self.write(values)

    def _staged(self):
        """What ``_stage`` kept for this message, taken out of the job."""
        scope = job_scope.current(self.env.cr)
        return scope.staged.pop(self.id, {}) if scope else {}

    def _apply_staged(self):
        """Write what ``_stage`` kept, when the step ends without an outcome of its own."""
        staged = self._staged()
        if staged:
            self.write(staged)

    # ------------------------------------------------------------------ steps
    # Each raises an IntegrationError subclass to fail; the runner records the outcome.
    def _step_parse(self):
        if self.canonical:  # decoded by the API's check on receipt: not decoded again
            return None
        parts, document = self._plugin("codec")._decode_file(self, self._payload())
        if parts:
            return self._split_into(parts)
        if document is None:  # the codec settled the file itself (a resend: a duplicate)
            return PAUSED
        self._stage({"canonical": document, "doc_version": document.get("schema_version")})
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
        self._set_split(len(parts))
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
        self._set_document(document)

    def _step_map(self):
        self._stage({"mapped_values": self._plugin("processor")._map(self, self._document())})

    def _step_process(self):
        processor = self._plugin("processor")
        process = processor._process_test if self.is_test else processor._process
        result = process(self, self._document(), self.mapped_values)
        if result is not None and not isinstance(result, ProcessResult):
            raise InternalError(
                self.env._(
                    "%(processor)s returned %(type)s instead of a ProcessResult.",
                    processor=processor._name,
                    type=type(result).__name__,
                ),
                hint=self.env._("This is a defect of the processor; tell your administrator."),
            )
        self._set_result(result or ProcessResult())

    def _step_acknowledge(self):
        self._plugin("codec")._acknowledge(self)

    def _step_build(self):
        record = self._business_record()
        if not record:
            raise BusinessRuleError(
                self.env._("The record this message was built from no longer exists.")
            )
        self._set_document(self._plugin("builder")._build(self, record))

    def _step_encode(self):
        codec = self._plugin("codec")
        payload = codec._encode(self, self._document())
        self._attach_payload(payload)
        codec._on_encoded(self, payload)

    def _step_send(self):
        flow = self.flow_id
        if flow._hold_test_message(self):
            return PAUSED
        transport = self._plugin("transport")
        self._hooks("builder")._before_send(self)
        delivered = transport._send(self, flow.endpoint_id, self._payload())
        self._set_sent(delivered)
        return delivered or PAUSED

    # ------------------------------------------------------------------ transitions
    # The only writers of a message's pipeline state; each records itself in the timeline.
    def _set_step_done(self, step, duration_ms, **log_values):
        """``step`` succeeded: the message reaches its state; returns the following step
        (None when the message is done, its exceptions then closed)."""
        following = self._next_step_after(step)
        values = {
            **self._staged(),
            "state": pipeline.STATE_AFTER_STEP[step],
            "next_step": following or False,
            "next_attempt_at": False,
            "last_error": False,
            "error_category": False,
        }
        if step == "process":
            values["processed_at"] = fields.Datetime.now()
        self.write(values)
        self._log(step, self.env._("Step %s done.", step), duration_ms=duration_ms, **log_values)
        if not following:
            self._close()
        return following

    def _set_failed(self, step, err):
        """``step`` failed with ``err`` (an IntegrationError): tried again later when that
        may help, else failed (or dead, retries exhausted) with an exception for a person.
        The builder may make a send's error clearer; the codec hears of the failure."""
        if isinstance(err, AwaitingDocument):  # not a failure: it waits for that document
            self._set_awaiting(step, err)
            return
        if step == "send":
            err = self._hooks("builder")._on_send_failed(self, err) or err
        if isinstance(err, (CircuitOpenError, ConfigurationError)):
            # Nothing was tried (circuit open, or the server cannot read the credentials):
            # not an attempt; it goes on by itself once the cause is gone.
            self.write({"attempts": self.attempts - 1})
            self._set_retry(step, err, err.retry_after or 1.0)
        elif err.retryable and self.attempts < self._attempt_limit(step):
            endpoint = self.flow_id.endpoint_id
            delay = retry_delay(
                self.attempts,
                retry_after=getattr(err, "retry_after", None),
                base=endpoint.backoff_base or 10.0,
                cap=endpoint.backoff_max or 3600.0,
            )
            self._set_retry(step, err, delay)
        else:
            self._set_stopped(step, err)
        self._hooks("codec")._on_failed(self, step, err)

    def _set_stopped(self, step, err):
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
        self._log(step, text, level="error", **err.log_values())
        if state == "dead":
            explanation = self.env._(
                "Gave up after %(count)s attempts: %(err)s", count=self.attempts, err=text
            )
        else:
            explanation = text
        # sudo: exceptions are opened by the pipeline only
        self.env["integration.exception"].sudo()._open_for(self, err, explanation)

    def _set_retry(self, step, err, delay):
        """``step`` runs again in ``delay`` seconds, ``err`` noted."""
        eta = fields.Datetime.now() + timedelta(seconds=delay)
        text = self._redact(str(err))
        self.write({"next_attempt_at": eta, "last_error": text, "error_category": err.category})
        self._log(
            step,
            self.env._("%(err)s — next attempt in %(delay)s s.", err=text, delay=round(delay, 1)),
            level="warning",
            **err.log_values(),
        )
        self._enqueue(eta=eta)

    def _set_waiting(self, waiting):
        """Held back by (``waiting``), or let go after, an earlier message of its flow."""
        if waiting == self.waiting:
            return
        self.write({"waiting": waiting})
        if waiting:
            self._log(
                "waiting", self.env._("Waiting for an earlier message of this sequential flow.")
            )

    def _set_awaiting(self, step, err):
        """``step`` needs a document not processed yet (``err``, an AwaitingDocument): the
        message waits, not an attempt and without an exception, until ``_release_awaiting``
        of that document's key lets it go on."""
        text = self._redact(str(err))
        self.write(
            {
                "attempts": self.attempts - 1,
                "waiting": True,
                "awaiting": err.awaited,
                "last_error": text,
                "error_category": False,
            }
        )
        self._log(step, self.env._("Waiting: %s", text), kind="business")

    @api.model
    def _release_awaiting(self, key):
        """Let the messages waiting for the document of ``key`` go on, as its record now
        exists. Under an advisory lock the waiting side takes too, and read by a fresh cursor:
        a message that decided to wait after this transaction began is not missed."""
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
        with self.env.registry.cursor() as fresh:
            fresh.execute(
                "SELECT id FROM integration_message WHERE awaiting = %s AND waiting", (key,)
            )
            ids = [row[0] for row in fresh.fetchall()]
        # sudo: pipeline transition of the messages that waited for this record
        Messages = self.sudo()
        waiting = Messages.browse(ids) | Messages.search(
            [("awaiting", "=", key), ("waiting", "=", True)]
        )
        if not waiting:
            return waiting
        waiting.write({"waiting": False, "awaiting": False})
        waiting._log("release", self.env._("What it waited for is here: going on."))
        waiting._enqueue()
        return waiting

    def _set_duplicate(self, original):
        """A repeat of message ``original`` (its id) on receipt: nothing is done."""
        self.write(
            {
                "state": "duplicate",
                "next_step": False,
                "duplicate_of_id": original,
                # sudo: the original's id comes from the database's unique key, not the caller
                "correlation_id": self.browse(original).sudo().correlation_id,
            }
        )
        if self._reuses_key_with_other_payload():
            note = self.env._(
                "Same idempotency key as message id %s, but another payload: refused, "
                "nothing done.",
                original,
            )
        else:
            note = self.env._("Same idempotency key as message id %s: nothing done.", original)
        self._log("duplicate", note, kind="business")

    def _set_document(self, document):
        """Store the validated ``document`` (canonical JSON) and keep the object for the job."""
        self._stage(
            {
                "canonical": schemas.dump(document),
                "doc_version": document.schema_version,
                "reference": document.business_reference(),
            }
        )
        scope = job_scope.current(self.env.cr)
        if scope:
            scope.documents[self.id] = document

    def _set_result(self, result):
        """What the processor did (a ProcessResult): its record, the message it repeats, the
        transaction it joins."""
        values = {}
        if result.record:
            values.update(res_model=result.record._name, res_id=result.record.id)
        if result.duplicate_of:
            values["duplicate_of_id"] = result.duplicate_of.id
        if result.correlation_id:
            values["correlation_id"] = result.correlation_id
        self._stage(values)
        if result.releases:
            self._release_awaiting(result.releases)
        note = result.note
        if note is None and result.record and not result.duplicate_of:
            note = self.env._("Created %s.", result.record.display_name)
        if note:
            self._log("process", note, kind="business")

    def _set_split(self, count):
        """The file was cut into ``count`` documents, each a message: the file is processed."""
        now = fields.Datetime.now()
        self.write({"state": "processed", "next_step": False, "processed_at": now})
        self._log("split", self.env._("Split into %s documents.", count), kind="business")
        self._close()

    def _set_sent(self, delivered):
        """The partner has the message: ``delivered`` is the transport's answer, or True when
        a person downloaded it. False: the transport leaves the file to a person (manual):
        no next step until it is downloaded. The builder hears of a delivery (``_on_sent``)."""
        if not delivered:
            self.write({"next_step": False})
            self._log("send", self.env._("Ready for download by a person."), kind="business")
            return
        now = fields.Datetime.now()
        values = {"state": "sent", "sent_at": now}
        flow = self.flow_id
        if flow.sla_minutes and self._hooks("codec")._expects_acknowledgement(self):
            values["ack_due_at"] = now + timedelta(minutes=flow.sla_minutes)
        self.write(values)
        self._hooks("builder")._on_sent(self)

    def _set_acknowledged(self, when=None, note=None, rejection=None):
        """The partner acknowledged these outbound messages (``note`` for their timeline), or
        rejected them (``rejection``: an IntegrationError whose text says what was wrong):
        they then fail with an exception. Codec and builder hear of it (``_on_acknowledged``).
        """
        when = when or fields.Datetime.now()
        for message in self:
            if rejection is None:
                message.write({"state": "acknowledged", "acknowledged_at": when})
            else:
                message._set_rejected(rejection, when)
            if note:
                message._log("acknowledged", note, kind="business")
            message._hooks("codec")._on_acknowledged(message)
            message._hooks("builder")._on_acknowledged(message)

    def _set_undelivered(self, err):
        """What was sent never reached the partner (a bounce, told after the send step
        succeeded): the send fails with ``err``, no acknowledgement is awaited, and Retry
        sends the same payload again."""
        self.ensure_one()
        self.write({"next_step": "send", "ack_due_at": False})
        self._set_failed("send", err)

    def _set_rejected(self, rejection, when):
        text = self._redact(self.env._("Rejected by the partner: %s", rejection))
        self.write(
            {
                "state": "failed",
                "acknowledged_at": when,
                "last_error": text,
                "error_category": rejection.category,
            }
        )
        explanation = self.env._(
            "%(partner)s rejected %(name)s: %(problems)s",
            partner=self.partner_id.name,
            name=self.name,
            problems=self._redact(str(rejection)),
        )
        # sudo: exceptions are opened by the pipeline only
        self.env["integration.exception"].sudo()._open_for(self, rejection, explanation)

    def _set_cancelled(self, reason):
        """Nothing more happens to these messages (those not done yet), for ``reason``."""
        for message in self.filtered(lambda m: m.state not in pipeline.FINAL_STATES):
            message.write(
                {"state": "cancelled", "next_step": False, "waiting": False, "awaiting": False}
            )
            message._log("cancel", reason, kind="business")
            message._release_sequential_flow()

    def _set_restart(self, step):
        """Start again at ``step`` (Retry, an edited payload, a resend): attempts reset, and
        what that step produces again is forgotten (the documents read from the payload, or
        the acknowledgement of what was sent). The caller queues it (``_enqueue``)."""
        values = {
            "state": pipeline.STATE_BEFORE_STEP[step],
            "next_step": step,
            "attempts": 0,
            "next_attempt_at": False,
            "waiting": False,
            "awaiting": False,
        }
        if step == pipeline.first_step("inbound"):
            values.update(canonical=False, mapped_values=False)
        elif step in pipeline.OUTBOUND_STEPS:
            values.update(ack_due_at=False, acknowledged_at=False)
        self.write(values)
        self._forget_documents()

    def _set_approved(self):
        """The current user approved these validated messages: they go on."""
        self.write({"approved_by_id": self.env.uid, "approved_at": fields.Datetime.now()})
        self._log("approve", self.env._("Approved by %s.", self.env.user.name), kind="business")
        self.exception_ids.filtered(lambda e: e.category == "approval")._resolve()
        self._enqueue()

    # ------------------------------------------------------------------ outcomes
    def _next_step_after(self, step):
        following = pipeline.next_step(step)
        if following == "acknowledge" and not self._hooks("codec")._sends_acknowledgement(self):
            return None
        return following

    def _close(self):
        """The message is done: close its exceptions and let the next one of its flow run."""
        # sudo: pipeline transition; the callers are jobs and actions that checked access
        self.exception_ids.sudo()._resolve_settled(self)
        self._release_sequential_flow()

    def _attempt_limit(self, step):
        endpoint = self.flow_id.endpoint_id
        if step == "send" and endpoint:
            return max(endpoint.max_attempts, 1)
        return max(self.flow_id.max_attempts, 1)

    # ------------------------------------------------------------------ check on receipt
    def _preflight(self):
        """Check the payload now (the codec's ``_check_on_receipt``), so an API caller hears
        at once that it is bad; what the check decoded is kept, so the parse step does not
        decode it again.

        Returns the error (after recording it like a failed step), or None.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                document = self._plugin("codec")._check_on_receipt(self, self._payload())
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
            if isinstance(document, dict):
                self.write({"canonical": document, "doc_version": document.get("schema_version")})
            return None
        self.write({"attempts": 1, "rejected_at_receipt": True})
        self._set_failed("parse", error)
        return error

    # ------------------------------------------------------------------ recovery (cron)
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
                    WHERE j.identity_key IN (
                              'integration.message:' || m.id || ':' || m.next_step,
                              'integration.flow:' || m.flow_id || ':drain:' || m.id %% %s)
                      AND j.state IN ('wait_dependencies', 'pending', 'enqueued', 'started'))
            """,
            (minutes, pipeline.BATCH_LANES),
        )
        stalled = self.browse([row[0] for row in self.env.cr.fetchall()])
        stalled._log(
            "recover", self.env._("No job was queued for this step: requeued."), level="warning"
        )
        stalled._enqueue()
        return stalled
