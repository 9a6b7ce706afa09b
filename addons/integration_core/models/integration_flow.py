# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.mail.tools.alias_error import AliasError
from odoo.exceptions import UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from ..access import USER_GROUP, check_group

_logger = logging.getLogger(__name__)

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
    ("carrier_status", "Carrier status"),
    ("return_request", "Return request"),
]

EVENTS = [
    ("order_confirmed", "Order confirmed"),
    ("picking_ready", "Picking ready"),
    ("picking_done", "Picking done"),
    ("invoice_posted", "Invoice posted"),
    ("stock_changed", "Stock changed"),
    ("delivery_milestone", "Delivery milestone"),
    ("return_received", "Return received"),
]
# The model of the records each event carries: the model the event domain is written on.
EVENT_MODELS = {
    "order_confirmed": "sale.order",
    "picking_ready": "stock.picking",
    "picking_done": "stock.picking",
    "invoice_posted": "account.move",
    "stock_changed": "product.product",
    "delivery_milestone": "integration.delivery.milestone",
    "return_received": "stock.picking",
}
# The processors and builders of the core; spokes add theirs (selection_add).
PROCESSORS = [
    ("order", "Order"),
    ("functional_ack", "Functional acknowledgement"),
    ("carrier_status", "Carrier status"),
    ("return_request", "Return request"),
]
BUILDERS = [
    ("order_ack", "Order acknowledgement"),
    ("shipment_notice", "Shipment notice"),
    ("invoice", "Invoice"),
    ("functional_ack", "Functional acknowledgement"),
    ("inventory_snapshot", "Inventory snapshot of a warehouse"),
    ("carrier_status", "Carrier status (forwards a delivery milestone)"),
    ("return_request", "Return acknowledgement"),
]
SCOPES = [
    ("partner", "The partner's own records"),
    ("company", "Every record of the company"),
]


class IntegrationFlow(models.Model):
    """One synchronisation policy: a document type exchanged with one partner in one direction."""

    _name = "integration.flow"
    _description = "Integration Flow"
    # The optional alias: an inbound flow may receive its documents by e-mail.
    _inherit = [
        "integration.partner.mixin",
        "mail.alias.mixin.optional",
        "integration.flow.events",
    ]
    _order = "partner_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True, help="Used in the API path: /api/integration/v1/flows/<code>/messages."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, tracking=True
    )
    document_type = fields.Selection(DOCUMENT_TYPES, required=True, tracking=True)
    codec = fields.Selection(
        [
            ("canonical_json", "Canonical JSON"),
            ("csv", "Flat file (CSV, fixed width)"),
            ("easypost", "EasyPost tracking webhook"),
        ],
        required=True,
        default="canonical_json",
        help="The format of the payloads; EDI and channel modules add theirs.",
    )
    flat_layout_id = fields.Many2one(
        "integration.flat.layout",
        string="Flat-file layout",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="Codec flat file: how the partner writes its CSV or fixed-width files.",
    )
    # The plug-ins of the flow, as payment providers name theirs: each value names the model
    # integration.processor.<value> / integration.builder.<value>; spokes add their values
    # with selection_add (and ondelete). See readme/CONTRIBUTING.md.
    processor = fields.Selection(
        PROCESSORS,
        compute="_compute_processor",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Inbound: what turns a validated document into Odoo records. Defaults from the "
        "document type.",
    )
    builder = fields.Selection(
        BUILDERS,
        compute="_compute_builder",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Outbound: what makes the document to send from an Odoo record, and which "
        "records of the event it sends. Defaults from the document type.",
    )
    endpoint_id = fields.Many2one(
        "integration.endpoint",
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
        tracking=True,
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
    event_model = fields.Char(
        compute="_compute_event_model", help="The model of the records the event carries."
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        compute="_compute_scope",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Which records of the event this flow may send. The partner's own records: "
        "those whose customer is the partner's linked contact (or a contact under it), or "
        "that one of its messages created. Every record of the company: a deliberate choice, "
        "narrowed by the event domain.",
    )
    event_domain = fields.Char(
        default="[]",
        tracking=True,
        help="Only records matching this domain (within the scope) are sent by the event.",
    )
    scope_warning = fields.Char(compute="_compute_scope_warning")
    test_mode = fields.Boolean(
        string="Test only",
        tracking=True,
        help="This flow's traffic is test traffic even when its partner is in production: "
        "nothing confirmed is created and nothing is sent to a production endpoint.",
    )
    is_test = fields.Boolean(
        compute="_compute_is_test",
        store=True,
        string="Test traffic",
        help="The flow or its partner is in test.",
    )
    batch_interval = fields.Integer(
        string="Batch every (minutes)", default=60, help="For scheduled batch flows."
    )
    next_batch_at = fields.Datetime(copy=False)
    sequence_gate = fields.Integer(
        readonly=True, copy=False, help="Bumped to serialise the messages of a sequential flow."
    )
    processing = fields.Selection(
        [
            ("parallel", "Parallel"),
            ("batched", "Batched (several messages per job)"),
            ("sequential", "Sequential (in order of arrival)"),
        ],
        required=True,
        default="parallel",
        help="Parallel: one job per message. Batched: the messages received close together "
        "are run several per job, by two jobs at once, which saves the cost of a job per "
        "message at high volume; each message still succeeds or fails on its own, and a "
        "retry runs in a job of its own. Sequential: one at a time, in order of arrival.",
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
        check_company=True,
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
    # Mailboxes (SFTP, FTPS): where files are picked up (inbound) or put (outbound).
    endpoint_is_mailbox = fields.Boolean(related="endpoint_id.is_mailbox")
    remote_directory = fields.Char(
        help="Mailboxes: the partner's directory files are picked up from (inbound) or "
        "delivered to (outbound); empty for the login directory."
    )
    file_pattern = fields.Char(
        default="*",
        help="Inbound mailboxes: the names to pick up, shell patterns separated by commas "
        "(case-insensitive), e.g. *.edi, *.zip. Zip archives give one message per member.",
    )
    poll_interval = fields.Integer(
        string="Poll every (minutes)", default=5, help="Inbound mailboxes: how often to look."
    )
    next_poll_at = fields.Datetime(readonly=True, copy=False)
    after_pickup = fields.Selection(
        [
            ("archive", "Move to the archive directory"),
            ("rename", "Rename with .done"),
            ("delete", "Delete"),
        ],
        string="After pick-up",
        default="archive",
        required=True,
        help="What happens to a remote file once its bytes are stored as a message.",
    )
    archive_directory = fields.Char(
        help="Where picked-up files go ('archive' under the remote directory if empty)."
    )
    ready_suffix = fields.Char(
        help="The partner's suffix for files still being written (e.g. .tmp): such files "
        "are left alone. Without it, a file is taken once its size and time stay put "
        "between two looks."
    )
    file_name_template = fields.Char(
        default="{partner}_{document_type}_{message}.{ext}",
        help="Outbound mailboxes: the name of each file, from {partner}, {document_type}, "
        "{control_number}, {timestamp}, {message} and {ext}. A name taken by another file "
        "is never overwritten: the next attempt adds _2, _3...",
    )
    mailbox_file_ids = fields.One2many(
        "integration.mailbox.file", "flow_id", string="Files picked up"
    )
    message_count = fields.Integer(compute="_compute_message_stats")
    failed_count = fields.Integer(compute="_compute_message_stats")
    queued_count = fields.Integer(compute="_compute_message_stats", string="In progress")
    exception_count = fields.Integer(compute="_compute_message_stats", string="Open exceptions")
    threshold_ids = fields.One2many(
        "integration.threshold",
        "flow_id",
        string="Thresholds",
        help="When the dashboard shows this flow amber or red (else its partner's).",
    )

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The flow code must be unique."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        flows = super().create(vals_list)
        for flow, vals in zip(flows, vals_list, strict=True):
            # The codec's defaults for a new flow (EDI: the acknowledgement the partner's
            # profile promises), unless its creator set any of them.
            defaults = flow._codec()._flow_defaults(flow)
            if defaults and not defaults.keys() & vals.keys():
                flow.write(defaults)
        return flows

    @api.depends("partner_id.usage", "test_mode")
    def _compute_is_test(self):
        for flow in self:
            flow.is_test = flow.test_mode or flow.partner_id.usage == "test"

    @api.depends("event")
    def _compute_event_model(self):
        models_by_event = self._event_models()
        for flow in self:
            flow.event_model = models_by_event.get(flow.event) or False

    def _event_models(self):
        """Hook: the model of the records each event carries. A module that adds an event
        (``selection_add`` on ``event``) returns ``super()``'s dict with its own added."""
        return dict(EVENT_MODELS)

    @api.depends("document_type")
    def _compute_scope(self):
        for flow in self:
            flow.scope = flow._default_scope()

    def _default_scope(self):
        """The scope a flow starts with, as its builder says (a 3PL's warehouse orders: the
        warehouses it runs)."""
        return self._builder()._default_scope(self)

    @api.depends("document_type", "direction")
    def _compute_processor(self):
        for flow in self:
            flow.processor = flow._default_plugin("processor", "inbound")

    @api.depends("document_type", "direction")
    def _compute_builder(self):
        for flow in self:
            flow.builder = flow._default_plugin("builder", "outbound")

    def _default_plugin(self, kind, direction):
        """The processor or builder (``kind``) a flow of ``direction`` starts with: the one
        whose model claims the flow (``_claims_flow``: a variant for some flows, e.g. a
        channel's orders), else the one named after the document type, else none."""
        self.ensure_one()
        if self.direction != direction:
            return False
        values = [value for value, _label in self._fields[kind].selection]
        for value in values:
            model = f"integration.{kind}.{value}"
            if model in self.env and self.env[model]._claims_flow(self):
                return value
        return self.document_type if self.document_type in values else False

    @api.constrains("codec", "document_type", "flat_layout_id")
    def _check_flat_layout(self):
        """A flat-file flow reads and writes with a layout of its own document type."""
        for flow in self.filtered(lambda f: f.codec == "csv"):
            if flow.flat_layout_id.document_type != flow.document_type:
                raise ValidationError(
                    self.env._(
                        "Flow %(flow)s reads flat files: choose a flat-file layout for "
                        "%(type)s documents.",
                        flow=flow.name,
                        type=flow.document_type,
                    )
                )

    @api.constrains("direction", "document_type", "processor", "builder")
    def _check_plugins(self):
        """An inbound flow needs a processor and an outbound one a builder whose model is
        installed: a flow that cannot run is refused when it is saved, not at run time."""
        for flow in self:
            kind = "processor" if flow.direction == "inbound" else "builder"
            value = flow[kind]
            if value and f"integration.{kind}.{value}" in self.env:
                continue
            if not value and not self.env.registry.ready:
                # Modules are loading: the plug-ins of those loaded later are not known
                # yet (an upgrade's end migration gives existing flows their default).
                continue
            if value:
                raise ValidationError(
                    self.env._(
                        "Flow %(flow)s uses the %(kind)s %(value)s, and no installed module "
                        "provides it (model %(model)s): choose another %(kind)s or install "
                        "its module.",
                        flow=flow.name,
                        kind=kind,
                        value=value,
                        model=f"integration.{kind}.{value}",
                    )
                )
            raise ValidationError(
                self.env._(
                    "Flow %(flow)s has no %(kind)s: no installed module handles %(direction)s "
                    "%(type)s documents. Choose a %(kind)s, or install the module that "
                    "provides one.",
                    flow=flow.name,
                    kind=kind,
                    direction=flow.direction,
                    type=flow.document_type,
                )
            )

    @api.depends("scope", "event_domain", "partner_id.partner_id", "direction", "event")
    def _compute_scope_warning(self):
        for flow in self:
            flow.scope_warning = flow._scope_warning() or False

    def _scope_warning(self):
        """Why this flow may send other customers' records, or None."""
        self.ensure_one()
        domain = (self.event_domain or "[]").strip()
        if (
            self.direction == "outbound"
            and self.event
            and self.scope == "company"
            and self.partner_id.partner_id
            and domain in ("", "[]")
        ):
            return self.env._(
                "This flow sends every %(event)s record of the company to %(partner)s, not only "
                "those of %(contact)s: narrow the event domain or choose the partner's own "
                "records.",
                event=dict(self._fields["event"]._description_selection(self.env))[self.event],
                partner=self.partner_id.name,
                contact=self.partner_id.partner_id.display_name,
            )
        return None

    @api.onchange("scope", "event_domain", "partner_id")
    def _onchange_scope_warning(self):
        warning = self._scope_warning()
        if warning:
            return {"warning": {"title": self.env._("Wide scope"), "message": warning}}
        return None

    @api.constrains("endpoint_id", "partner_id")
    def _check_endpoint_partner(self):
        for flow in self:
            if flow.endpoint_id and flow.endpoint_id.partner_id != flow.partner_id:
                raise ValidationError(
                    self.env._(
                        "Flow %(flow)s belongs to %(partner)s but endpoint %(endpoint)s belongs "
                        "to %(other)s: a flow uses an endpoint of its own partner.",
                        flow=flow.name,
                        partner=flow.partner_id.name,
                        endpoint=flow.endpoint_id.name,
                        other=flow.endpoint_id.partner_id.name,
                    )
                )

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
                [("flow_id", "in", self.ids), *self.env["integration.exception"]._open_domain()],
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
        return self._plugin("codec")

    def _processor(self):
        return self._plugin("processor")

    def _builder(self):
        return self._plugin("builder")

    def _transport(self):
        return self._plugin("transport")

    def _plugin(self, kind):
        """The model of the flow's ``kind`` plug-in (codec, processor, builder, transport), or
        the base model (whose hooks do nothing or fail clearly) when no installed module
        provides it, e.g. after its module was removed: the pipeline reports that case."""
        self.ensure_one()
        value = self.endpoint_id.transport if kind == "transport" else self[kind]
        model = f"integration.{kind}.{value}"
        return self.env[model] if value and model in self.env else self.env[f"integration.{kind}"]

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

    # Inbound by e-mail: the flow's alias makes an integration.mail.receipt of each mail.
    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values.update(
            alias_model_id=self.env["ir.model"]._get_id("integration.mail.receipt"),
            alias_defaults=repr({"flow_id": self.id}) if self.id else "{}",
            alias_contact="everyone",  # who may send is the partner's allowed senders
        )
        return values

    def _alias_get_error(self, message, message_dict, alias):
        """Refuse (Odoo bounces it) a mail whose sender is not among the partner's allowed
        senders, or sent to a flow that does not receive: no message is created."""
        error = super()._alias_get_error(message, message_dict, alias)
        if error or len(self) != 1:
            return error
        # sudo: mail gateway plumbing (any user may run it); the alias names this flow
        flow = self.sudo()
        if flow.direction != "inbound" or not flow.active or not flow.partner_id.active:
            return AliasError(
                "integration_flow_closed", self.env._("this flow receives no documents")
            )
        sender = message_dict.get("email_from")
        if self.env["integration.transport.email"]._allows_sender(flow.partner_id, sender):
            return False
        flow._note_refused_mail(sender, message_dict)
        return AliasError("integration_unknown_sender", self.env._("sender not allowed"))

    def _note_refused_mail(self, sender, message_dict):
        """A warning on the flow's chatter: documents of a partner who changed address
        would otherwise be lost without anyone knowing."""
        _logger.warning(
            "Flow %s refused mail %s from %s: not an allowed sender of %s",
            self.name,
            message_dict.get("message_id"),
            sender,
            self.partner_id.name,
        )
        self.message_post(
            body=self.env._(
                "Refused a mail from %(sender)s (subject: %(subject)s): not an allowed sender "
                "of %(partner)s. Nothing was received; add the address to the partner's "
                "allowed senders if it is theirs.",
                sender=sender or "?",
                subject=message_dict.get("subject") or "",
                partner=self.partner_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    # Inbound entry point
    def _receive(self, payload, **kwargs):
        """Store ``payload`` (bytes) as a new inbound message of this inbound flow and start
        its pipeline. Plumbing for the API, webhooks, uploads and pollers, which check the
        caller first: private, so it cannot be called over RPC."""
        self.ensure_one()
        if self.direction != "inbound":
            raise UserError(self.env._("Flow %s is outbound: it receives nothing.", self.name))
        if self.processing == "sequential":
            # Receipts of a sequential flow take their turn on the flow row: a later message
            # gets a later id and commits later, so it can never pass an earlier one.
            self.env.cr.execute(
                "SELECT 1 FROM integration_flow WHERE id = %s FOR UPDATE", [self.id]
            )
        return self.env["integration.message"]._receive(self, payload, **kwargs)

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

    # Mailbox polling: a cron, since a poll commits each file before moving it away (a
    # queue_job job may not commit); each flow at most every poll_interval minutes.
    @api.model
    def _cron_poll_mailboxes(self):
        """Poll the inbound mailbox flows whose time has come, committing after each."""
        now = fields.Datetime.now()
        flows = self.search(
            [
                ("direction", "=", "inbound"),
                ("endpoint_id", "!=", False),
                "|",
                ("next_poll_at", "=", False),
                ("next_poll_at", "<=", now),
            ]
        ).filtered(lambda flow: flow.endpoint_id.is_mailbox and flow.endpoint_id.active)
        for flow in flows:
            try:
                flow._poll_mailbox()
            except Exception:
                # a defect in one flow's poll (its failures are exceptions already) must not
                # stop the others'
                _logger.exception("Polling the mailbox of flow %s crashed", flow.name)
                self.env.cr.rollback()  # pylint: disable=invalid-commit
            flow.next_poll_at = now + timedelta(minutes=max(flow.poll_interval, 1))
            # a cron's own progress: a later flow's failure keeps this one's
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _poll_mailbox(self):
        """Pick up this inbound flow's files now (see integration.transport.mailbox._poll)."""
        self.ensure_one()
        return self.endpoint_id._transport()._poll(self)

    def action_poll_now(self):
        """Poll the flow's mailbox at once instead of waiting for the schedule."""
        check_group(self.env, USER_GROUP, self.env._("Polling a mailbox"))
        self.check_access("read")
        # sudo: a poll stores messages and writes the connection log, as the cron does
        flows = self.sudo()
        for flow in flows:
            if flow.direction != "inbound" or not flow.endpoint_id.is_mailbox:
                raise UserError(
                    self.env._("Flow %s does not pick up files from a mailbox.", flow.name)
                )
            counts = flow._poll_mailbox()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("%(stored)s new files of %(listed)s ready.", **counts),
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

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
