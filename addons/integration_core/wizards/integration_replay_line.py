# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models

from ..services import replay

VERDICTS = [
    (replay.FAILING, "Now failing"),
    (replay.CHANGED, "Changed"),
    (replay.UNCHANGED, "Unchanged"),
    (replay.SKIPPED, "Not replayable"),
]


class IntegrationReplayLine(models.TransientModel):
    """What the replay of one message found: its verdict and the fields that differ."""

    _name = "integration.replay.line"
    _description = "Replay result of one message"
    _order = "rank, message_id desc"

    replay_id = fields.Many2one("integration.replay", required=True, ondelete="cascade")
    message_id = fields.Many2one("integration.message", readonly=True)
    reference = fields.Char(related="message_id.reference")
    message_state = fields.Selection(related="message_id.state", string="State then")
    verdict = fields.Selection(VERDICTS, readonly=True)
    rank = fields.Integer(compute="_compute_rank", store=True)
    step = fields.Char(readonly=True, help="The step that fails now.")
    error = fields.Text(readonly=True, string="Error or note")
    changes = fields.Json(readonly=True, help="[[section, field, then, now]]")
    change_count = fields.Integer(compute="_compute_changes", string="Changed fields")
    changed_fields = fields.Char(compute="_compute_changes")
    diff_html = fields.Html(compute="_compute_changes", string="Differences", sanitize=False)

    @api.depends("verdict")
    def _compute_rank(self):
        """Failing and changed messages first: what a person came to see."""
        order = [value for value, _label in VERDICTS]
        for line in self:
            line.rank = order.index(line.verdict) if line.verdict else len(order)

    @api.depends("changes")
    def _compute_changes(self):
        for line in self:
            changes = line.changes or []
            line.change_count = len(changes)
            line.changed_fields = ", ".join(field for _section, field, _old, _new in changes)
            line.diff_html = self._diff_table(changes) if changes else False

    def _diff_table(self, changes):
        """The changes as a table: section, field, then → now."""
        sections = {
            "canonical": self.env._("Canonical document"),
            "values": self.env._("Business values"),
        }
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>→</td><td>%s</td></tr>")
            % (
                sections.get(section, section),
                field,
                replay.shown(old),
                replay.shown(new),
            )
            for section, field, old, new in changes
        )
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th></th><th>%s</th></tr>") % (
            self.env._("Where"),
            self.env._("Field"),
            self.env._("Then"),
            self.env._("Now"),
        )
        return Markup('<table class="table table-sm o_integration_replay_diff">%s%s</table>') % (
            header,
            rows,
        )
