# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
import json
import logging
import time
from contextlib import contextmanager

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import schemas
from ..access import MANAGER_GROUP, check_group
from ..models.ir_sequence import DRY_RUN
from ..services import replay
from ..services.errors import DocumentValidationError
from ..services.plugins import ProcessResult

_logger = logging.getLogger(__name__)

MAX_MESSAGES = 500  # messages replayed in one run: a run holds one transaction
PROGRESS_EVERY = 25  # messages between two progress lines in the server log
REPLAYED_STATES = ("processed", "acknowledged")


class IntegrationReplay(models.TransientModel):
    """Replay stored inbound messages through the current code, in a dry run, and compare.

    The safety net before changing a mapping, a cross-reference or a profile: each message
    is decoded, validated, mapped and processed again inside a savepoint that is always
    rolled back (no job, no send, no mail, no bus message survives it), and what it gives
    now is compared with what it gave then: the stored canonical document, and the business
    values of the record it made (the processor's ``_replay_values``). The results are kept
    on lines written after the rollbacks.
    """

    _name = "integration.replay"
    _description = "Replay messages and compare (dry run)"

    partner_id = fields.Many2one("integration.partner")
    flow_id = fields.Many2one(
        "integration.flow",
        domain="[('direction', '=', 'inbound'), ('partner_id', '=?', partner_id)]",
    )
    limit = fields.Integer(
        string="Last processed messages",
        default=200,
        help="How many of the flow's (or partner's) last processed messages to replay, "
        f"at most {MAX_MESSAGES} per run.",
    )
    message_ids = fields.Many2many(
        "integration.message",
        "integration_replay_message_rel",
        "replay_id",
        "message_id",
        string="Selected messages",
        help="The messages chosen in the list; when empty, the last processed messages of "
        "the flow or partner are replayed.",
    )
    line_ids = fields.One2many("integration.replay.line", "replay_id", string="Results")
    state = fields.Selection([("draft", "To replay"), ("done", "Replayed")], default="draft")
    summary = fields.Text(readonly=True)
    unchanged_count = fields.Integer(compute="_compute_counts")
    changed_count = fields.Integer(compute="_compute_counts")
    failing_count = fields.Integer(compute="_compute_counts", string="Now failing")
    skipped_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids.verdict")
    def _compute_counts(self):
        for wizard in self:
            verdicts = wizard.line_ids.mapped("verdict")
            wizard.unchanged_count = verdicts.count(replay.UNCHANGED)
            wizard.changed_count = verdicts.count(replay.CHANGED)
            wizard.failing_count = verdicts.count(replay.FAILING)
            wizard.skipped_count = verdicts.count(replay.SKIPPED)

    # ------------------------------------------------------------------ action
    def action_replay(self):
        """Replay the messages in a dry run and show, per message, what changed."""
        self.ensure_one()
        messages = self._messages()
        started = time.monotonic()
        results = []
        for index, message in enumerate(messages, 1):
            results.append(self._replay(message))
            if index % PROGRESS_EVERY == 0 or index == len(messages):
                _logger.info("Replay %s: %s of %s messages", self.id, index, len(messages))
        # Written after every dry run was rolled back.
        self.write(
            {
                "line_ids": [fields.Command.clear()]
                + [fields.Command.create(values) for values in results],
                "state": "done",
            }
        )
        self.summary = self._summary(time.monotonic() - started)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _messages(self):
        """The messages to replay, as the pipeline, once the caller may: an integration
        manager who can read each of them (company rules included)."""
        check_group(self.env, MANAGER_GROUP, self.env._("Replaying messages"))
        # sudo: the ids as chosen, so that a message the caller may not read is refused
        # below rather than left out without a word
        messages = self.sudo().message_ids.with_env(self.env)
        if not messages:
            messages = self.env["integration.message"].search(
                self._last_processed_domain(), limit=self._checked_limit(), order="id desc"
            )
        if len(messages) > MAX_MESSAGES:
            raise UserError(
                self.env._(
                    "%(count)s messages are selected; a replay runs at most %(max)s at a time. "
                    "Select fewer, or replay the last %(max)s of the flow.",
                    count=len(messages),
                    max=MAX_MESSAGES,
                )
            )
        if not messages:
            raise UserError(self.env._("No processed inbound message to replay."))
        messages.check_access("read")
        return messages.sudo()

    def _checked_limit(self):
        if not 0 < self.limit <= MAX_MESSAGES:
            raise UserError(
                self.env._(
                    "Replay between 1 and %(max)s messages per run, not %(limit)s.",
                    max=MAX_MESSAGES,
                    limit=self.limit,
                )
            )
        return self.limit

    def _last_processed_domain(self):
        if not (self.flow_id or self.partner_id):
            raise UserError(
                self.env._("Choose a flow or a partner, or select the messages in the list.")
            )
        domain = [
            ("direction", "=", "inbound"),
            ("state", "in", REPLAYED_STATES),
            ("child_ids", "=", False),  # a file's documents are replayed, not the file
        ]
        if self.flow_id:
            domain.append(("flow_id", "=", self.flow_id.id))
        if self.partner_id:
            domain.append(("partner_id", "=", self.partner_id.id))
        return domain

    def _summary(self, seconds):
        return self.env._(
            "Replayed %(count)s messages in %(seconds)s s: %(changed)s changed, %(failing)s "
            "now failing, %(unchanged)s unchanged, %(skipped)s not replayable. Nothing was "
            "written: every replay was rolled back.",
            count=len(self.line_ids),
            seconds=round(seconds, 1),
            changed=self.changed_count,
            failing=self.failing_count,
            unchanged=self.unchanged_count,
            skipped=self.skipped_count,
        )

    # ------------------------------------------------------------------ one message
    def _replay(self, message):
        """The values of the result line of ``message`` (the pipeline's record)."""
        line = {"message_id": message.id}
        # Nothing sent at once, no sequence number drawn (see ir_sequence.DRY_RUN).
        message = message.with_context(mail_notify_force_send=False, **{DRY_RUN: True})
        if message.direction != "inbound":
            return {**line, "verdict": replay.SKIPPED, "error": self.env._("Not inbound.")}
        found = {"step": "compare"}
        try:
            # What was processed then: read before the dry run, nothing to undo.
            then_values = message._hooks("processor")._replay_values(
                message, message.mapped_values, message._business_record()
            )
            found["step"] = "parse"
            with self._dry_run(message):
                skipped = self._replay_steps(message, found)
        except OperationalError:
            raise  # the database's trouble (a lock, a lost connection) is not the message's
        except Exception as err:  # noqa: BLE001 - whatever the code does now is the finding
            error = message._integration_error(found["step"], err)
            return {
                **line,
                "verdict": replay.FAILING,
                "step": found["step"],
                "error": message._redact(str(error)),
            }
        if skipped:
            return {**line, "verdict": replay.SKIPPED, "error": skipped}
        differences = [
            ("canonical", *change)
            for change in replay.changes(
                replay.flatten(message.canonical or {}), replay.flatten(found["canonical"])
            )
        ] + [("values", *change) for change in replay.changes(then_values, found["values"])]
        return {
            **line,
            "verdict": replay.verdict(False, differences),
            "changes": [[section, field, old, new] for section, field, old, new in differences],
        }

    def _replay_steps(self, message, found):
        """Decode, validate, map and process ``message`` as its steps do, without storing
        anything on it; ``found`` gets the step reached, the canonical document and the
        processor's business values. Returns why the message is not replayable, or None."""
        payload = message._payload()
        if payload is None:
            return self.env._("Its payload was purged: nothing to replay.")
        parts, data = message._plugin("codec")._decode_file(message, payload)
        if parts:
            return self.env._("A file of %s documents: replay its documents.", len(parts))
        if data is None:
            return self.env._("The codec settles this file itself (a resend): nothing to map.")
        found["step"] = "validate"
        try:
            document = schemas.validate_document(message.document_type, data)
        except schemas.SchemaError as err:
            raise DocumentValidationError(str(err), errors=err.errors) from err
        found["canonical"] = schemas.dump(document)
        found["step"] = "map"
        processor = message._plugin("processor")
        # As the pipeline hands them on: through the message's JSON field.
        mapped = json.loads(json.dumps(processor._map(message, document)))
        found["step"] = "process"
        process = processor._process_test if message.is_test else processor._process
        result = process(message, document, mapped) or ProcessResult()
        found["values"] = processor._replay_values(message, mapped, result.record or None)
        return None

    @contextmanager
    def _dry_run(self, message):
        """A block whose every effect is undone: the savepoint (``_trial``) is always rolled
        back, and what the block asked to run at commit or rollback (mail sending, bus
        notifications, tracking) is forgotten, so nothing leaves the transaction."""
        cr = self.env.cr
        # What is due before the commit is done now (as any savepoint would): kept, not undone.
        cr.flush()
        hooks = (cr.precommit, cr.postcommit, cr.postrollback)
        # Callbacks keep their functions in _funcs; their data (sets of bus channels, tracked
        # values: recordsets deep-copy as themselves) is copied whole.
        saved = [(list(hook._funcs), copy.deepcopy(hook.data)) for hook in hooks]
        try:
            with message._trial():
                yield
        finally:
            for hook, (funcs, data) in zip(hooks, saved, strict=True):
                hook._funcs.clear()
                hook._funcs.extend(funcs)
                hook.data.clear()
                hook.data.update(data)
            self.env.invalidate_all(flush=False)
