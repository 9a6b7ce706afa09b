# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..services import pipeline


class IntegrationPipelineGate(models.AbstractModel):
    """The pipeline's gates, run before a step: a sequential flow's messages one at a time,
    and a person's approval before a flow's documents are processed."""

    _name = "integration.pipeline.gate"
    _description = "Integration pipeline gates"

    def _held_by_earlier_message(self):
        """True (and the message set waiting) while an earlier message of its flow is open.

        Both this check and the release bump a counter on the flow row: under repeatable read,
        two transactions that update one row cannot both commit on a stale view, so a release
        can never miss a message that has just decided to wait.
        """
        self._touch_flow()
        held = bool(self.search_count(self._earlier_open_domain(), limit=1))
        self._set_waiting(held)
        return held

    def _earlier_open_domain(self):
        """The earlier messages of this one's flow that hold it while its flow is sequential."""
        self.ensure_one()
        return [
            ("flow_id", "=", self.flow_id.id),
            ("direction", "=", self.direction),
            ("id", "<", self.id),
            ("state", "not in", tuple(pipeline.RELEASING_STATES)),
            ("rejected_at_receipt", "=", False),
            # A message waiting for a later document (a change for its order) holds nothing.
            ("awaiting", "=", False),
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
                    ("awaiting", "=", False),
                ],
                order="id",
                limit=1,
            )
            if successor:
                successor._set_waiting(False)
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
