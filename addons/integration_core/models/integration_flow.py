# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

DOCUMENT_TYPES = [
    ("order", "Order"),
    ("order_ack", "Order acknowledgement"),
    ("warehouse_order", "Warehouse order"),
    ("shipment_notice", "Shipment notice"),
    ("inventory_snapshot", "Inventory snapshot"),
    ("inventory_delta", "Inventory delta"),
    ("invoice", "Invoice"),
    ("functional_ack", "Functional acknowledgement"),
    ("product", "Product"),
    ("customer", "Customer"),
]

EVENTS = [
    ("order_confirmed", "Order confirmed"),
    ("picking_ready", "Picking ready"),
    ("picking_done", "Picking done"),
    ("invoice_posted", "Invoice posted"),
    ("stock_changed", "Stock changed"),
]


class IntegrationFlow(models.Model):
    """One synchronisation policy: a document type exchanged with one partner in one direction."""

    _name = "integration.flow"
    _description = "Integration Flow"
    _inherit = ["mail.thread"]
    _order = "partner_id, sequence, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True, help="Used in the API path: /api/integration/v1/flows/<code>/messages."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "integration.partner", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, tracking=True
    )
    document_type = fields.Selection(DOCUMENT_TYPES, required=True, tracking=True)
    codec = fields.Selection(
        [("canonical_json", "Canonical JSON")],
        required=True,
        default="canonical_json",
        help="The format of the payloads; EDI and channel modules add theirs.",
    )
    endpoint_id = fields.Many2one(
        "integration.endpoint",
        domain="[('partner_id', '=', partner_id)]",
        help="Outbound: where messages are sent. Inbound: whose API keys or HMAC key may post "
        "to this flow through the inbound API.",
    )
    mode = fields.Selection(
        [
            ("realtime", "Real time"),
            ("event", "Event-driven"),
            ("batch", "Scheduled batch"),
            ("hybrid", "Hybrid with reconciliation"),
        ],
        required=True,
        default="realtime",
    )
    event = fields.Selection(EVENTS, help="The business event this outbound flow subscribes to.")
    event_domain = fields.Char(
        default="[]", help="Only records matching this domain are sent by the event."
    )
    batch_interval = fields.Integer(
        string="Batch every (minutes)", default=60, help="For scheduled batch flows."
    )
    next_batch_at = fields.Datetime(copy=False)
    sequence_gate = fields.Integer(
        readonly=True, copy=False, help="Bumped to serialise the messages of a sequential flow."
    )
    processing = fields.Selection(
        [("parallel", "Parallel"), ("sequential", "Sequential (in order of arrival)")],
        required=True,
        default="parallel",
    )
    approval_required = fields.Boolean(
        help="Validated messages wait for a person's approval before they are processed."
    )
    confirm_orders = fields.Boolean(
        default=True, help="Confirm the sale orders created; otherwise leave quotations."
    )
    create_customers = fields.Boolean(
        help="Create a customer when no cross-reference, e-mail or default matches."
    )
    ack_flow_id = fields.Many2one(
        "integration.flow",
        string="Acknowledge through",
        domain="[('partner_id', '=', partner_id), ('direction', '=', 'outbound'),"
        " ('document_type', '=', 'functional_ack')]",
        help="Processed messages are acknowledged to the partner through this outbound flow.",
    )
    expect_acknowledgement = fields.Boolean(
        help="The partner acknowledges what this flow sends; without one within the SLA, "
        "the message is late."
    )
    max_attempts = fields.Integer(
        default=5, help="Attempts at a retryable error before the message is declared dead."
    )
    sla_minutes = fields.Integer(
        string="SLA (minutes)", help="Processing or acknowledgement window; 0 for none."
    )
    masked_fields = fields.Text(
        help="Canonical fields hidden from users who are not integration managers, one "
        "dotted path per line or comma-separated, e.g. customer.email, ship_to.phone.",
    )
    max_payload_kb = fields.Integer(string="Size limit (KiB)", default=10240)
    retention_days = fields.Integer(
        default=90, help="Raw payloads are purged after this many days; metadata is kept."
    )
    integration_message_ids = fields.One2many(
        "integration.message", "flow_id", string="Integration messages"
    )
    message_count = fields.Integer(compute="_compute_message_stats")
    failed_count = fields.Integer(compute="_compute_message_stats")
    queued_count = fields.Integer(compute="_compute_message_stats", string="In progress")
    exception_count = fields.Integer(compute="_compute_message_stats", string="Open exceptions")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The flow code must be unique."),
    ]

    @api.constrains("direction", "endpoint_id", "event", "document_type")
    def _check_outbound(self):
        for flow in self:
            if flow.direction == "outbound" and not flow.endpoint_id:
                raise ValidationError(
                    self.env._("Outbound flow %s needs an endpoint to send to.", flow.name)
                )

    @api.constrains("event_domain")
    def _check_event_domain(self):
        for flow in self:
            try:
                domain = safe_eval(flow.event_domain or "[]")
            except Exception as err:
                raise ValidationError(
                    self.env._(
                        "The event domain of %(flow)s is not valid: %(err)s",
                        flow=flow.name,
                        err=err,
                    )
                ) from err
            if not isinstance(domain, list):
                raise ValidationError(self.env._("The event domain must be a list."))

    def _compute_message_stats(self):
        Message = self.env["integration.message"]
        groups = Message._read_group(
            [("flow_id", "in", self.ids)], ["flow_id", "state"], ["__count"]
        )
        stats = {}
        for flow, state, count in groups:
            stats.setdefault(flow.id, {})[state] = count
        exceptions = dict(
            self.env["integration.exception"]._read_group(
                [("flow_id", "in", self.ids), ("state", "in", ("new", "in_progress"))],
                ["flow_id"],
                ["__count"],
            )
        )
        for flow in self:
            by_state = stats.get(flow.id, {})
            flow.message_count = sum(by_state.values())
            flow.failed_count = by_state.get("failed", 0) + by_state.get("dead", 0)
            flow.queued_count = sum(
                count
                for state, count in by_state.items()
                if state in ("received", "parsed", "validated", "mapped", "pending")
            )
            flow.exception_count = exceptions.get(flow, 0)

    # Plug-in dispatch, in the style of payment providers: each value of a selection names an
    # abstract model (integration.codec.<codec>, integration.processor.<document_type>, ...).
    def _codec(self):
        self.ensure_one()
        return self.env[f"integration.codec.{self.codec}"]

    def _processor(self):
        self.ensure_one()
        return self.env[f"integration.processor.{self.document_type}"]

    def _builder(self):
        self.ensure_one()
        return self.env[f"integration.builder.{self.document_type}"]

    def _transport(self):
        self.ensure_one()
        return self.env[f"integration.transport.{self.endpoint_id.transport}"]

    def _sibling_for(self, document_type):
        """The active inbound flow of this partner and codec for ``document_type``."""
        self.ensure_one()
        if document_type == self.document_type:
            return self
        return self.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("direction", "=", "inbound"),
                ("codec", "=", self.codec),
                ("document_type", "=", document_type),
            ],
            limit=1,
        )

    def _channel(self):
        """queue_job channel: one per direction and partner, so one partner cannot starve all."""
        self.ensure_one()
        direction = "in" if self.direction == "inbound" else "out"
        return f"root.integration.{direction}.{self.partner_id.code}"

    # Inbound entry point
    def receive(self, payload, **kwargs):
        """Store ``payload`` (bytes) as a new inbound message and start its pipeline."""
        self.ensure_one()
        return self.env["integration.message"]._receive(self, payload, **kwargs)

    # Business events
    @api.model
    def _publish_event(self, event, records):
        """Fan one business event out to every outbound flow subscribed to it."""
        if not records:
            return self.env["integration.message"]
        flows = self.sudo().search(
            [("direction", "=", "outbound"), ("event", "=", event), ("active", "=", True)]
        )
        messages = self.env["integration.message"]
        for flow in flows:
            for record in flow._event_records(records):
                messages |= flow._queue_outbound(record)
        return messages

    def _event_records(self, records):
        """The records this flow wants out of an event; spokes narrow it further."""
        self.ensure_one()
        records = records.filtered(
            lambda r: (
                "company_id" not in r._fields or not r.company_id or r.company_id == self.company_id
            )
        )
        return records.filtered_domain(safe_eval(self.event_domain or "[]"))

    def _queue_outbound(self, record, values=None):
        """One outbound message for ``record``, unless one already covers it.

        ``values`` are extra fields of the new message, for a spoke that sends several kinds
        of message for one record (a warehouse order's create, change and cancel); the
        spoke's ``_outbound_covering_domain`` tells which existing messages cover them.
        """
        self.ensure_one()
        Message = self.env["integration.message"].sudo()
        if Message.search_count(self._outbound_covering_domain(record, values), limit=1):
            return Message
        message = Message._create_outbound(self, record)
        if values:
            message.write(values)
        if self.mode != "batch":
            message._enqueue()
        return message

    def _outbound_covering_domain(self, record, values=None):
        """The messages of this flow that already cover a new one for ``record``.

        A message not built yet covers any later event (it reads the record when it is
        built, which debounces bursts); a one-off event (order confirmed, picking done...) is
        covered by any message of the flow for the record that was not cancelled.
        """
        covering = [
            ("flow_id", "=", self.id),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ]
        if self.event == "stock_changed":
            return covering + [("state", "=", "pending"), ("next_step", "=", "build")]
        return covering + [("state", "!=", "cancelled")]

    def _cron_send_batches(self):
        """Release the messages collected by scheduled-batch flows whose time has come."""
        now = fields.Datetime.now()
        flows = self.search(
            [
                ("mode", "=", "batch"),
                ("direction", "=", "outbound"),
                "|",
                ("next_batch_at", "=", False),
                ("next_batch_at", "<=", now),
            ]
        )
        for flow in flows:
            # Messages already queued are skipped by their job's identity key.
            self.env["integration.message"].search(
                [("flow_id", "=", flow.id), ("state", "=", "pending"), ("next_step", "!=", False)]
            )._enqueue()
            flow.next_batch_at = now + timedelta(minutes=max(flow.batch_interval, 1))

    def action_view_messages(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_core.action_integration_message"
        )
        action["domain"] = [("flow_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_upload(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload a file into %s", self.name),
            "res_model": "integration.upload.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_flow_id": self.id},
        }
