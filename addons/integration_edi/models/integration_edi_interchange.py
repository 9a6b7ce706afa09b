# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

DIRECTIONS = [("inbound", "Received"), ("outbound", "Sent")]
STANDARDS = [("x12", "X12"), ("edifact", "UN/EDIFACT")]
ACK_STATUSES = [
    ("none", "Not expected"),
    ("pending", "Awaiting acknowledgement"),
    ("accepted", "Accepted"),
    ("accepted_with_errors", "Accepted with errors"),
    ("rejected", "Rejected"),
]
# How the statuses of the sets add up for their group and interchange: the worst wins.
ACK_SEVERITY = {"none": 0, "accepted": 1, "accepted_with_errors": 2, "pending": 3, "rejected": 4}


def worst_ack_status(statuses):
    statuses = [status for status in statuses if status]
    return max(statuses, key=ACK_SEVERITY.get) if statuses else "none"


class IntegrationEdiInterchange(models.Model):
    """One interchange (ISA..IEA, UNB..UNZ) received or sent, with its control number."""

    _name = "integration.edi.interchange"
    _description = "EDI Interchange"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    standard = fields.Selection(STANDARDS, required=True, readonly=True)
    direction = fields.Selection(DIRECTIONS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "integration.partner", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    message_id = fields.Many2one(
        "integration.message",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Received: the file it came in. Sent: the message it carries.",
        check_company=True,
    )
    control_number = fields.Char(readonly=True, index=True, help="ISA13 / UNB0020.")
    sender_qualifier = fields.Char(readonly=True)
    sender_id = fields.Char(string="Sender ID", readonly=True)
    receiver_qualifier = fields.Char(readonly=True)
    receiver_id = fields.Char(string="Receiver ID", readonly=True)
    prepared = fields.Char(string="Date / time", readonly=True, help="As the envelope says.")
    version = fields.Char(readonly=True, help="ISA12 / UNB syntax identifier and version.")
    usage = fields.Selection(
        [("P", "Production"), ("T", "Test"), ("I", "Information")], readonly=True
    )
    ack_requested = fields.Boolean(readonly=True, help="ISA14 / UNB0031.")
    state = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected"), ("sent", "Sent")],
        readonly=True,
        help="Received: whether its envelope passed validation. Sent: written and queued.",
    )
    errors = fields.Text(string="Validation errors", readonly=True)
    group_ids = fields.One2many("integration.edi.group", "interchange_id", string="Groups")
    transaction_ids = fields.One2many(
        "integration.edi.transaction", "interchange_id", string="Transaction sets"
    )
    transaction_count = fields.Integer(compute="_compute_transaction_count", string="Sets")
    ack_status = fields.Selection(
        ACK_STATUSES,
        compute="_compute_ack_status",
        store=True,
        string="Acknowledgement",
        help="The worst acknowledgement status of its sets.",
    )
    reply_message_id = fields.Many2one(
        "integration.message",
        string="Our acknowledgement",
        readonly=True,
        ondelete="set null",
        check_company=True,
        help="The TA1 / 997 / CONTRL we queued for this received interchange.",
    )
    payload_display = fields.Text(related="message_id.payload_display", string="Raw EDI")

    @api.depends("standard", "control_number", "direction")
    def _compute_name(self):
        prefixes = {"x12": "ISA", "edifact": "UNB"}
        for interchange in self:
            arrow = "←" if interchange.direction == "inbound" else "→"
            interchange.name = (
                f"{arrow} {prefixes.get(interchange.standard, '')} "
                f"{interchange.control_number or '?'}"
            )

    def _compute_transaction_count(self):
        for interchange in self:
            interchange.transaction_count = len(interchange.transaction_ids)

    @api.depends("transaction_ids.ack_status")
    def _compute_ack_status(self):
        for interchange in self:
            interchange.ack_status = worst_ack_status(
                interchange.transaction_ids.mapped("ack_status")
            )

    def action_open_message(self):
        self.ensure_one()
        return self.message_id.get_formview_action() if self.message_id else False
