# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..services import pipeline


class IntegrationPipelineBatch(models.AbstractModel):
    """Batched flows: the new messages of a flow run several per job, in lanes (one drain
    job each at a time), so the cost of a job is paid per batch, not per message."""

    _name = "integration.pipeline.batch"
    _description = "Integration pipeline batches"

    def _drained(self, step):
        return self.flow_id.processing == "batched" and step == pipeline.first_step("inbound")

    def _enqueue_drain(self):
        """Queue the drain job of this message's lane of its flow, once (identity key)."""
        flow, lane = self.flow_id, self.id % pipeline.BATCH_LANES
        self.browse().with_delay(
            channel=flow._channel(),
            identity_key=f"integration.flow:{flow.id}:drain:{lane}",
            description=f"{flow.name}: batch {lane + 1}",
        )._drain(flow.id, lane)

    @api.model
    def _drain(self, flow_id, lane):
        """Job body of a batched flow's lane: run the new messages of the lane, oldest first,
        each as its own job would (steps, savepoints, outcome); then queue the lane again
        when more are waiting. Returns how many ran."""
        self.flush_model(["flow_id", "next_step", "state", "waiting", "next_attempt_at"])
        self.env.cr.execute(
            """
            SELECT id FROM integration_message
             WHERE flow_id = %s AND next_step = %s AND state = 'received'
               AND NOT COALESCE(waiting, false) AND next_attempt_at IS NULL
               AND id %% %s = %s
          ORDER BY id LIMIT %s
            """,
            (
                flow_id,
                pipeline.first_step("inbound"),
                pipeline.BATCH_LANES,
                lane,
                pipeline.BATCH_SIZE + 1,
            ),
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        # sudo: a job body; its only inputs are the flow and lane the pipeline queued
        batch = self.sudo().browse(ids[: pipeline.BATCH_SIZE])
        for message in batch:
            message._run_step(pipeline.first_step("inbound"))
        if len(ids) > len(batch):
            batch[-1:]._enqueue_drain()
        return len(batch)
