# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.addons.integration_core import schemas
from odoo.addons.integration_core.services import pipeline
from odoo.addons.integration_core.services.errors import BusinessRuleError, TransportError
from odoo.tests import tagged

from .common import IntegrationCase, order_payload, run_next_job

STEPS = ["parse", "validate", "map", "process"]


@tagged("post_install", "-at_install")
class TestPipelineRunner(IntegrationCase):
    """The runner: consecutive steps in one job, one timeline insert per job, each
    document decoded and validated once, and clear errors for a flow badly set up."""

    def counting(self, model, method):
        """Patch ``model``'s ``method`` to record its calls, still doing what it does."""
        cls = type(model)
        original = getattr(cls, method)
        calls = []

        def wrapper(this, *args, **kwargs):
            calls.append(args)
            return original(this, *args, **kwargs)

        return patch.object(cls, method, wrapper), calls

    def step_rows(self, message):
        logs = message.log_ids.sorted("id")
        return logs.filtered(lambda log: log.description and log.description.startswith("Step "))

    def test_parse_to_process_run_in_one_job_with_a_row_per_step(self):
        message = self.receive(order_payload())
        self.assertTrue(run_next_job(self.env, self.since))
        self.assertEqual(message.state, "processed")
        self.assertFalse(run_next_job(self.env, self.since), "no job is left for later steps")
        rows = self.step_rows(message)
        self.assertEqual(rows.mapped("event"), STEPS)
        self.assertTrue(all(duration > 0 for duration in rows.mapped("duration_ms")))
        self.assertTrue(message._business_record())

    def test_the_timeline_of_a_job_is_written_in_one_insert(self):
        message = self.receive(order_payload())
        patcher, calls = self.counting(self.env["integration.log"], "create")
        with patcher:
            message._run_step("parse")
        self.assertEqual(message.state, "processed")
        self.assertEqual(len(calls), 1, "one insert for the whole job")
        written = [row["event"] for row in calls[0][0]]
        self.assertEqual(written, ["parse", "validate", "map", "process", "process"])

    def row_updates(self):
        """UPDATEs of (messages, timeline rows) in this transaction so far."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT relname, n_tup_upd FROM pg_stat_xact_user_tables"
            " WHERE relname IN ('integration_message', 'integration_log')"
        )
        counts = dict(self.env.cr.fetchall())
        return counts.get("integration_message", 0), counts.get("integration_log", 0)

    def test_a_step_costs_its_message_one_update_and_the_timeline_none(self):
        """What a step finds is written with its outcome, and a timeline row is complete
        when inserted: every UPDATE of the message rewrites all its indexes."""
        before = self.row_updates()
        message = self.receive(order_payload())
        received = self.row_updates()
        self.assertEqual(received[1], before[1], "the receipt's row is not updated")
        message._run_step("parse")
        done = self.row_updates()
        self.assertEqual(message.state, "processed")
        self.assertEqual(len(self.step_rows(message)), len(STEPS))
        self.assertEqual(done[1], received[1], "no timeline row is updated")
        self.assertLessEqual(done[0] - received[0], len(STEPS) + 1, "one per step, one to end")

    def test_a_batched_flow_runs_the_messages_received_together_in_a_job_per_lane(self):
        self.order_flow.processing = "batched"
        jobs = self.env["queue.job"]
        messages = self.env["integration.message"]
        for number in range(5):
            messages |= self.receive(order_payload(order_ref=f"PO-B{number}"))
        bad = self.receive(b"{not json")
        queued = jobs.search([("id", ">", self.since)])
        self.assertEqual(len(queued), pipeline.BATCH_LANES, "one job per lane, not per message")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE integration_message SET write_date = write_date - interval '1 hour'"
            " WHERE id IN %s",
            [tuple(messages.ids)],
        )
        stalled = self.env["integration.message"]._cron_recover_stalled()
        self.assertFalse(stalled, "their lane's job is queued: none is stalled")
        self.assertEqual(self.run_jobs(), pipeline.BATCH_LANES)
        self.assertEqual(set(messages.mapped("state")), {"processed"})
        self.assertEqual(len(self.step_rows(messages[0])), len(STEPS), "each step in its row")
        self.assertEqual((bad.state, bad.exception_ids.category), ("failed", "parsing"))

    def test_a_batched_lane_leaves_a_message_waiting_for_its_retry_to_its_own_job(self):
        self.order_flow.processing = "batched"
        message = self.receive(order_payload(order_ref="PO-R1"))
        message._set_retry("parse", TransportError("the store is down"), 3600)
        ran = sum(
            self.env["integration.message"]._drain(self.order_flow.id, lane)
            for lane in range(pipeline.BATCH_LANES)
        )
        self.assertEqual((ran, message.state), (0, "received"), "it keeps its backoff")

    def test_a_batched_lane_queues_itself_again_while_messages_wait(self):
        self.order_flow.processing = "batched"
        count = pipeline.BATCH_SIZE * pipeline.BATCH_LANES + 1
        messages = self.env["integration.message"]
        for number in range(count):
            messages |= self.receive(order_payload(order_ref=f"PO-L{number}"))
        self.assertEqual(self.run_jobs(), pipeline.BATCH_LANES + 1)
        self.assertEqual(set(messages.mapped("state")), {"processed"})

    def test_state_changes_are_not_tracked_into_the_chatter(self):
        message = self.receive(order_payload()).with_context(tracking_disable=False)
        message._run_step("parse")
        self.env.cr.flush()  # tracking is written before the commit
        self.assertEqual(message.state, "processed")
        self.assertFalse(message.message_ids.tracking_value_ids, "the timeline has them")

    def test_a_step_that_fails_keeps_the_earlier_steps_and_drops_its_own_rows(self):
        def half_done(processor, message, document, mapped):
            message._log("process", "half done", kind="business")
            raise BusinessRuleError("credit hold")

        processor = type(self.env["integration.processor.order"])
        message = self.receive(order_payload())
        with patch.object(processor, "_process", half_done):
            self.run_jobs()
        self.assertEqual(message.state, "failed")
        self.assertEqual(self.step_rows(message).mapped("event"), ["parse", "validate", "map"])
        self.assertNotIn("half done", message.log_ids.mapped("description"))
        self.assertEqual(message.exception_ids.category, "business_rule")
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "PO-1001")]))

    def test_an_order_is_decoded_once_and_validated_once_by_the_job(self):
        codec = self.env["integration.codec.canonical_json"]
        decode, decoded = self.counting(codec, "_decode")
        with decode, patch.object(schemas, "validate_document", wraps=schemas.validate_document):
            message = self.receive(order_payload())
            self.assertIsNone(message._preflight(), "the API's check on receipt passes")
            self.assertEqual(schemas.validate_document.call_count, 1)
            self.run_jobs()
            self.assertEqual(message.state, "processed")
            self.assertEqual(len(decoded), 1, "the parse step reuses what the check decoded")
            self.assertEqual(schemas.validate_document.call_count, 2, "once more, in the job")

    def test_an_upload_is_decoded_once_and_validated_once(self):
        codec = self.env["integration.codec.canonical_json"]
        decode, decoded = self.counting(codec, "_decode")
        with decode, patch.object(schemas, "validate_document", wraps=schemas.validate_document):
            message = self.receive(order_payload(order_ref="PO-UP"))
            self.run_jobs()
            self.assertEqual(message.state, "processed")
            self.assertEqual(len(decoded), 1)
            self.assertEqual(schemas.validate_document.call_count, 1)

    def test_an_outbound_document_is_built_once_and_never_validated_again(self):
        flow = self.order_ack_flow()
        message = self.receive(order_payload())
        self.assertTrue(run_next_job(self.env, self.since))  # the order, confirmed
        ack = self.env["integration.message"].search([("flow_id", "=", flow.id)])
        self.assertEqual((ack.state, ack.next_step), ("pending", "build"))
        with patch.object(schemas, "validate_document", wraps=schemas.validate_document):
            ack._run_step("build")  # the job body: build, encode and send
            self.assertEqual(schemas.validate_document.call_count, 0)
        self.assertEqual((ack.state, ack.next_step), ("pending", False), "ready for download")
        self.assertIn(b'"order_ref":"PO-1001"', ack._payload())
        self.assertEqual(self.step_rows(ack).mapped("event"), ["build", "encode"])
        self.assertEqual(ack._business_record(), message._business_record())

    def test_a_flow_whose_processor_is_not_installed_fails_with_a_configuration_error(self):
        self.env.cr.execute(
            "UPDATE integration_flow SET processor = 'uninstalled' WHERE id = %s",
            (self.order_flow.id,),
        )
        self.order_flow.invalidate_recordset()
        message = self.receive(order_payload())
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "configuration")
        self.assertIn("uninstalled", exception.explanation)
        self.assertIn(self.order_flow.name, exception.explanation)
        self.assertNotIn("KeyError", exception.explanation)
        self.assertIn("Install the module", exception.fix_hint)
