# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import uuid

from psycopg2 import errors

from odoo import api, models

from ..services import pipeline, trace


class IntegrationMessageReceipt(models.AbstractModel):
    """How an inbound payload becomes a message: stored first, a repeat recognised by its
    idempotency key (which the database keeps unique within the flow), then the pipeline
    started."""

    _name = "integration.message.receipt"
    _description = "Integration message: receipt"

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
        traceparent=None,
    ):
        """Store an inbound payload first, recognise a repeat, then start the pipeline.

        The idempotency key is the caller's, or the payload's SHA-256: a file fed twice is the
        same message. A key is unique within its flow. Uniqueness is the database's job (a
        unique constraint), so two concurrent deliveries of one key cannot both be processed.
        An empty payload without a key gets none: it is a repeat of nothing.

        The message joins the trace of ``traceparent`` (a CloudEvent's), else of the request
        or job receiving it, else a new one; its receipt is a span of it.
        """
        if isinstance(payload, str):
            payload = payload.encode()
        key = idempotency_key or (
            f"sha256:{hashlib.sha256(payload).hexdigest()}" if payload else None
        )
        if key and flow.is_test and not key.startswith("test:"):
            key = f"test:{key}"  # test traffic never makes production's resend a repeat
        parent = trace.valid(traceparent) or trace.current()
        with self._traced("receive", parent, flow=flow.code) as traced:
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
                    "traceparent": traced,
                }
            )
            message._attach_payload(payload, filename)
            message._log(
                "received", self.env._("Received %s bytes.", len(payload)), kind="business"
            )
            original = key and message._claim_idempotency_key(key)
            if original:
                message._set_duplicate(original)
            else:
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
