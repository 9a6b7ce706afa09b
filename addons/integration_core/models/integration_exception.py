# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..access import chatter_fields, checked_for
from ..services import pipeline

OPEN_STATES = ("new", "in_progress")  # what a person still has to work
# Categories whose failures on one flow are one cause whatever their text (an outage of the
# flow's endpoint, refused credentials, the server's set-up): one exception for all of them.
CAUSE_BY_CATEGORY_ONLY = ("transport", "authentication", "configuration")

CATEGORIES = [
    ("transport", "Transport"),
    ("authentication", "Authentication"),
    ("parsing", "Parsing"),
    ("validation", "Validation"),
    ("mapping", "Mapping"),
    ("business_rule", "Business rule"),
    ("duplicate", "Duplicate"),
    ("sla", "SLA"),
    ("approval", "Approval"),
    ("configuration", "Server configuration"),
    ("internal", "Internal error"),
]

SEVERITY_BY_CATEGORY = {
    "transport": "high",
    "authentication": "critical",
    "parsing": "high",
    "validation": "high",
    "mapping": "medium",
    "business_rule": "medium",
    "duplicate": "low",
    "sla": "high",
    "approval": "low",
    "configuration": "critical",
    "internal": "high",
}

DEFAULT_HINTS = {
    "transport": "The partner's system did not answer. Check the endpoint, then Retry.",
    "authentication": "The partner refused our credentials. Update the endpoint's secret, "
    "then Retry.",
    "parsing": "The payload is not in the flow's format. Ask the partner to resend, or Edit "
    "payload and Retry.",
    "validation": "The document misses or has wrong data (see the fields named). Edit payload "
    "or ask the partner to resend.",
    "mapping": "A partner code has no cross-reference. Create it (Fix cross-reference), "
    "then Retry.",
    "business_rule": "Odoo refused the document. Fix the business data, then Retry, or Ignore.",
    "duplicate": "This document was already received. Ignore it unless it is really new.",
    "approval": "This flow requires approval before processing: Approve or Ignore.",
    "configuration": "The server is not set up for this (see the health check). An "
    "administrator fixes it; the message then goes on by itself.",
    "internal": "An unforeseen error (a defect). Tell your administrator, with the error "
    "shown; Retry once it is fixed.",
}


class IntegrationException(models.Model):
    """A problem a person must look at: what failed, why, and what to do about it."""

    _name = "integration.exception"
    _description = "Integration Exception"
    _inherit = [
        "integration.pipeline.mixin",
        "integration.exception.order.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "priority desc, id desc"

    name = fields.Char(required=True, readonly=True)
    message_id = fields.Many2one(
        "integration.message", ondelete="cascade", index=True, readonly=True
    )
    message_state = fields.Selection(related="message_id.state", string="Message state")
    message_ids = fields.Many2many(
        "integration.message",
        "integration_exception_message_rel",
        "exception_id",
        "message_id",
        string="Messages",
        readonly=True,
        help="Every message that failed for this cause while it was open; the latest is "
        "Message. Retry retries those still failed.",
    )
    message_count = fields.Integer(compute="_compute_message_count", string="Messages failed")
    reference = fields.Char(related="message_id.reference", string="Business reference")
    is_test = fields.Boolean(
        related="message_id.is_test",
        store=True,
        index=True,
        string="Test traffic",
        help="About a message of test traffic: kept out of the queue's default view.",
    )
    rejected_at_receipt = fields.Boolean(
        related="message_id.rejected_at_receipt",
        store=True,
        index=True,
        string="Rejected by the API",
        help="About a payload the API refused at receipt: its sender was told and sends it "
        "again, so it is kept out of the working queue.",
    )
    flow_id = fields.Many2one("integration.flow", index=True, readonly=True)
    endpoint_id = fields.Many2one(
        "integration.endpoint",
        index="btree_not_null",
        readonly=True,
        help="A connection problem of this endpoint (a failed poll), not of one message.",
    )
    cause = fields.Char(
        readonly=True, help="What failed, for an endpoint's problems: one open exception each."
    )
    partner_id = fields.Many2one("integration.partner", index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    category = fields.Selection(CATEGORIES, required=True, readonly=True, index=True)
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        required=True,
        default="medium",
        readonly=True,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], compute="_compute_priority", store=True
    )
    explanation = fields.Text(readonly=True)
    fix_hint = fields.Text(string="How to fix", readonly=True)
    xref_kind = fields.Char(readonly=True, help="The kind of cross-reference that is missing.")
    external_code = fields.Char(readonly=True, help="The partner's code that is not mapped.")
    res_model = fields.Char(related="message_id.res_model")
    res_id = fields.Many2oneReference(related="message_id.res_id", model_field="res_model")
    user_id = fields.Many2one("res.users", string="Assignee", tracking=True, index=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In progress"),
            ("resolved", "Resolved"),
            ("ignored", "Ignored"),
        ],
        required=True,
        default="new",
        readonly=True,
        tracking=True,
        index=True,
    )
    occurrences = fields.Integer(default=1, readonly=True)
    retried_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        string="Retried by",
        help="Who retried it last: told through the bus when the pipeline settles it.",
    )
    ignore_reason = fields.Text(readonly=True, tracking=True)
    resolved_at = fields.Datetime(readonly=True)
    age_hours = fields.Float(compute="_compute_age", string="Age (hours)")
    age_bucket = fields.Selection(
        [("lt1h", "< 1 hour"), ("lt1d", "< 1 day"), ("lt1w", "< 1 week"), ("old", "Older")],
        compute="_compute_age",
        search="_search_age_bucket",
    )

    @api.depends("message_ids")
    def _compute_message_count(self):
        for exception in self:
            exception.message_count = len(exception.message_ids)

    @api.depends("severity")
    def _compute_priority(self):
        for exception in self:
            exception.priority = "1" if exception.severity in ("high", "critical") else "0"

    def _compute_age(self):
        now = fields.Datetime.now()
        for exception in self:
            hours = (now - (exception.create_date or now)).total_seconds() / 3600.0
            exception.age_hours = hours
            exception.age_bucket = (
                "lt1h" if hours < 1 else "lt1d" if hours < 24 else "lt1w" if hours < 168 else "old"
            )

    def _search_age_bucket(self, operator, value):
        if operator != "=":
            raise UserError(self.env._("Only 'is' is supported for the age filter."))
        now = fields.Datetime.now()
        bounds = {"lt1h": (0, 1), "lt1d": (1, 24), "lt1w": (24, 168), "old": (168, None)}
        low, high = bounds[value]
        # No upper bound for the newest: ``now`` has no microseconds, a new exception may.
        domain = [("create_date", "<=", fields.Datetime.subtract(now, hours=low))] if low else []
        if high:
            domain.append(("create_date", ">", fields.Datetime.subtract(now, hours=high)))
        return domain

    # ------------------------------------------------------------------ storage
    def _user_writable_fields(self):
        """What a user may write: the assignee, the chatter and activities. What failed and
        where the exception stands are the pipeline's, changed through the actions."""
        return {"user_id"} | chatter_fields(self.env)

    @api.model_create_multi
    def create(self, vals_list):
        """An exception about a message lists it among its messages."""
        for vals in vals_list:
            if vals.get("message_id") and "message_ids" not in vals:
                vals["message_ids"] = [Command.link(vals["message_id"])]
        return super().create(vals_list)

    def write(self, vals):
        """An exception someone retried that the pipeline settles (resolved, or failed
        again: new) tells them through the bus (``_tell_settled``)."""
        settled = self.browse()
        if vals.get("state") in ("resolved", "new"):
            settled = self.filtered(lambda e: e.retried_by_id and e.state == "in_progress")
        result = super().write(vals)
        if settled:
            settled._tell_settled()
        return result

    def _tell_settled(self):
        """A notification, through the bus, to whoever retried these exceptions: resolved,
        or failed again and why; they are told once."""
        for exception in self:
            resolved = exception.state == "resolved"
            text = (
                self.env._("%s is resolved.", exception.name)
                if resolved
                else self.env._(
                    "%(name)s failed again: %(why)s",
                    name=exception.name,
                    why=exception.explanation or "",
                )
            )
            exception.retried_by_id._bus_send(
                "simple_notification",
                {
                    "title": self.env._("Exception queue"),
                    "message": text,
                    "type": "success" if resolved else "warning",
                    "sticky": not resolved,
                },
            )
        self.write({"retried_by_id": False})

    # ------------------------------------------------------------------ opening
    @api.model
    def _open_for(self, message, err, explanation):
        """Open the exception for a failed step, or attach the failure to the open one of
        the same cause on the message's flow (``_cause_of``): one outage, one exception,
        counting its occurrences and naming the latest message."""
        category = err.category
        hint = message._redact(err.hint) or DEFAULT_HINTS.get(category, "")
        details = getattr(err, "details", {}) or {}
        cause = self._cause_of(message, err)
        values = {
            "explanation": explanation,
            "fix_hint": hint,
            "category": category,
            "severity": SEVERITY_BY_CATEGORY.get(category, "medium"),
            "xref_kind": details.get("xref_kind"),
            "external_code": message._redact(details.get("external_code")),
            "message_id": message.id,
            "flow_id": message.flow_id.id,
            "partner_id": message.partner_id.id,
            "company_id": message.company_id.id,
        }
        current = message.exception_ids._still_open().filtered(lambda e: e.category != "approval")[
            :1
        ]
        if current and (current.cause == cause or current.message_ids == message):
            current.write(
                {**values, "cause": cause, "occurrences": current.occurrences + 1, "state": "new"}
            )
            return current
        if current:  # failed again for another cause: it leaves the group of the first
            current._detach(message)
        return self._open_by_cause(
            message,
            cause,
            f"{message.name}: {dict(CATEGORIES)[category]}",
            values,
        )

    @api.model
    def _cause_of(self, message, err):
        """What makes failures of one flow one exception: their category and, unless the
        category is the cause (an outage), the partner code not mapped, else their text with
        numbers and ids stripped. Test traffic is grouped apart."""
        details = getattr(err, "details", {}) or {}
        if err.category in CAUSE_BY_CATEGORY_ONLY:
            key = ""
        elif details.get("external_code"):
            key = f"{details.get('xref_kind')}={details['external_code']}"
        else:
            key = re.sub(r"\s+", " ", re.sub(r"\d+", "#", str(err).lower())).strip()
        test = "test:" if message.is_test else ""
        return message._redact(f"flow:{message.flow_id.id}:{test}{err.category}:{key}")[:512]

    def _detach(self, message):
        """``message`` no longer fails for this exception's cause: it leaves it, which then
        names another of its messages."""
        self.ensure_one()
        remaining = self.message_ids - message
        self.write(
            {
                "message_ids": [Command.unlink(message.id)],
                "message_id": remaining[-1:].id,
                "occurrences": max(self.occurrences - 1, 1),
            }
        )

    @api.model
    def _open_by_cause(self, message, cause, name, values):
        """The open exception of ``cause`` written with ``values`` (one more occurrence,
        new again), else a new one named ``name`` for the partner's user: a processor that
        meets the same problem again (a remittance, a supplier's figures) bumps it."""
        # sudo: private, for processors: exceptions are the pipeline's
        exceptions = self.sudo()
        if values.get("message_id") and "message_ids" not in values:
            values = {**values, "message_ids": [Command.link(values["message_id"])]}
        current = exceptions.search([("cause", "=", cause), *self._open_domain()], limit=1)
        if current:
            current.write({**values, "occurrences": current.occurrences + 1, "state": "new"})
            return current
        return exceptions.create(
            {
                **values,
                "name": name,
                "cause": cause,
                "user_id": message.partner_id.user_id.id,
            }
        )

    @api.model
    def _open_for_endpoint(self, endpoint, err, explanation, flow=None):
        """Open, or bump, the endpoint's one open exception for the cause of ``err`` (a
        failed poll): repeats of one outage count occurrences, not exceptions."""
        category = err.category
        cause = f"{category}:{type(err).__name__}"
        values = {
            "explanation": explanation,
            "fix_hint": err.hint or DEFAULT_HINTS.get(category, ""),
            "category": category,
            "severity": SEVERITY_BY_CATEGORY.get(category, "medium"),
        }
        current = self.search(
            [
                ("endpoint_id", "=", endpoint.id),
                ("message_id", "=", False),
                ("cause", "=", cause),
                ("state", "in", ("new", "in_progress")),
            ],
            limit=1,
        )
        if current:
            current.write({**values, "occurrences": current.occurrences + 1})
            return current
        return self.create(
            {
                **values,
                "name": f"{endpoint.name}: {dict(CATEGORIES)[category]}",
                "endpoint_id": endpoint.id,
                "cause": cause,
                "flow_id": flow.id if flow else False,
                "partner_id": endpoint.partner_id.id,
                "company_id": endpoint.company_id.id,
                "user_id": endpoint.partner_id.user_id.id,
            }
        )

    @api.model
    def _resolve_for_endpoint(self, endpoint):
        """The endpoint works again: its open connection exceptions are resolved."""
        self.search(
            [
                ("endpoint_id", "=", endpoint.id),
                ("message_id", "=", False),
                ("state", "in", ("new", "in_progress")),
            ]
        ).write({"state": "resolved", "resolved_at": fields.Datetime.now()})

    @api.model
    def _open_approval(self, message):
        return self.create(
            {
                "name": f"{message.name}: {self.env._('approval')}",
                "message_id": message.id,
                "flow_id": message.flow_id.id,
                "partner_id": message.partner_id.id,
                "company_id": message.company_id.id,
                "user_id": message.partner_id.user_id.id,
                "category": "approval",
                "severity": "low",
                "explanation": self.env._(
                    "Flow %s requires approval before processing.", message.flow_id.name
                ),
                "fix_hint": DEFAULT_HINTS["approval"],
            }
        )

    # ------------------------------------------------------------------ SLA watch (cron)
    @api.model
    def _cron_watch_sla(self):
        """Open an SLA exception, and an activity for the responsible, for what is late."""
        now = fields.Datetime.now()
        Message = self.env["integration.message"]
        for flow in self.env["integration.flow"].search([("sla_minutes", ">", 0)]):
            deadline = now - timedelta(minutes=flow.sla_minutes)
            late = Message.search(
                [
                    ("flow_id", "=", flow.id),
                    ("direction", "=", "inbound"),
                    (
                        "state",
                        "in",
                        ("received", "parsed", "validated", "mapped", "failed", "dead"),
                    ),
                    ("create_date", "<", deadline),
                ]
            ) | Message.search(
                [
                    ("flow_id", "=", flow.id),
                    ("direction", "=", "outbound"),
                    ("state", "=", "sent"),
                    ("ack_due_at", "<", now),
                ]
            )
            for message in late.filtered(
                lambda m: "sla" not in m.exception_ids._still_open().mapped("category")
            ):
                self._open_sla(message)

    @api.model
    def _open_sla(self, message):
        if message.direction == "outbound":
            explanation = self.env._(
                "No acknowledgement from %(partner)s for %(name)s, due %(due)s.",
                partner=message.partner_id.name,
                name=message.name,
                due=message.ack_due_at,
            )
        else:
            explanation = self.env._(
                "%(name)s is still %(state)s after the %(minutes)s minutes of its SLA.",
                name=message.name,
                state=message.state,
                minutes=message.flow_id.sla_minutes,
            )
        # sudo: exceptions are opened by the pipeline only (here the SLA cron)
        exception = self.sudo().create(
            {
                "name": f"{message.name}: SLA",
                "message_id": message.id,
                "flow_id": message.flow_id.id,
                "partner_id": message.partner_id.id,
                "company_id": message.company_id.id,
                "user_id": message.partner_id.user_id.id,
                "category": "sla",
                "severity": "high",
                "explanation": explanation,
                "fix_hint": self.env._(
                    "Find out with the partner why it is late; resend or retry."
                ),
            }
        )
        if message.partner_id.user_id:
            exception.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("SLA missed: %s", message.name),
                note=explanation,
                user_id=message.partner_id.user_id.id,
            )
        return exception

    # ------------------------------------------------------------------ actions
    # Each checks the caller (an integration user allowed to write these exceptions, company
    # rules included), then writes as the pipeline: see ``write``.
    def _checked_for(self, action):
        """These exceptions as the pipeline, once the caller may ``action`` them."""
        return checked_for(self, action)

    def action_retry(self):
        """Retry every message of these exceptions that still needs it (a grouped outage
        retries all its failed messages at once); the caller is told and the view reloads."""
        exceptions = self._checked_for(self.env._("Retrying an exception"))
        self._check_open()
        exceptions.write({"state": "in_progress", "retried_by_id": self.env.uid})
        (self.message_ids | self.message_id).action_retry()
        return self._notify_done(self.env._("Retry started for %s exception(s)", len(self)))

    def action_approve(self):
        self._checked_for(self.env._("Approving a message"))
        self._check_open()
        not_approvals = self.filtered(lambda e: e.category != "approval")
        if not_approvals:
            raise UserError(
                self.env._("Not waiting for approval: %s", ", ".join(not_approvals.mapped("name")))
            )
        self.message_id.action_approve()  # resolves them at once
        return self._notify_done(self.env._("%s exception(s) approved", len(self)))

    def _notify_done(self, text):
        """A notification saying what was done to these exceptions, then the current view
        reloaded in place (list rows or form), without reloading the page."""
        names = ", ".join(self[:5].mapped("name")) + (", ..." if len(self) > 5 else "")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": f"{text}: {names}",
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _queue_domain(self):
        """The queue this exception is worked in: the open ones of its kind of traffic (the
        working queue, test traffic, or payloads the API rejected)."""
        return [
            *self._open_domain(),
            ("is_test", "=", self.is_test),
            ("rejected_at_receipt", "=", self.rejected_at_receipt),
        ]

    def action_next_exception(self):
        """Open the exception after this one in its queue, in the list's order (priority,
        then newest first); after the last, the first."""
        self.ensure_one()
        after = [
            "|",
            ("priority", "<", self.priority),
            "&",
            ("priority", "=", self.priority),
            ("id", "<", self.id),
        ]
        queue = self._queue_domain()
        following = self.search([*queue, *after], limit=1) or self.search(
            [*queue, ("id", "!=", self.id)], limit=1
        )
        if not following:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"message": self.env._("No other open exception."), "type": "info"},
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": following.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_take(self):
        exceptions = self._checked_for(self.env._("Taking an exception"))
        exceptions.write({"user_id": self.env.uid, "state": "in_progress"})
        return True

    def _ignore(self, reason):
        """Close without fixing: the message is cancelled so nothing waits for it."""
        exceptions = self._checked_for(self.env._("Ignoring an exception"))
        self._check_open()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why these exceptions are ignored."))
        exceptions.write(
            {"state": "ignored", "ignore_reason": reason, "resolved_at": fields.Datetime.now()}
        )
        self.message_id.action_cancel(reason=self.env._("Ignored: %s", reason))
        return True

    def action_ignore(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ignore exceptions"),
            "res_model": "integration.ignore.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_edit_payload(self):
        self.ensure_one()
        return self.message_id.action_edit_payload()

    def action_fix_xref(self):
        """Open a cross-reference pre-filled with the partner's unmapped code and how the
        partner's document describes it."""
        self.ensure_one()
        existing = self.env["integration.xref"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("kind", "=", self.xref_kind),
                ("external_code", "=", self.external_code),
            ],
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fix cross-reference"),
            "res_model": "integration.xref",
            "view_mode": "form",
            "res_id": existing.id,
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_kind": self.xref_kind,
                "default_external_code": self.external_code,
                "default_description": self.line_description,
            },
        }

    def _note_xref_fixed(self, xref):
        """``xref`` now maps the code these exceptions miss: who mapped what to what, in
        their chatter and on their messages' timelines."""
        text = self.env._(
            "%(user)s mapped %(kind)s code %(code)s%(description)s to %(target)s.",
            user=self.env.user.name,
            kind=dict(xref._fields["kind"]._description_selection(self.env))[xref.kind],
            code=xref.external_code,
            description=f" ({xref.description})" if xref.description else "",
            target=xref.target_display,
        )
        # sudo: a note on the pipeline's records, by the user who just changed the mapping
        for exception in self.sudo():
            exception.message_post(body=text, subtype_xmlid="mail.mt_note")
        self.sudo().message_ids._log("xref", text, kind="business")

    def action_open_message(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": self.message_id.id,
            "view_mode": "form",
        }

    def action_open_record(self):
        """The business record of the exception's message (the sale order, picking...)."""
        self.ensure_one()
        return self.message_id.action_open_record()

    @api.model
    def _business_rule_values(self, message, explanation, **values):
        """The values of an exception a processor opens on a business rule of ``message``
        (a deduction, a supplier's figures that differ): medium, on the message's flow,
        partner and company; ``values`` change or add fields."""
        return {
            "explanation": explanation,
            "category": "business_rule",
            "severity": "medium",
            "flow_id": message.flow_id.id,
            "partner_id": message.partner_id.id,
            "company_id": message.company_id.id,
            **values,
        }

    @api.model
    def _html_table(self, css_class, headers, rows):
        """An HTML table for an exception's explanation (figures compared, evidence): the
        cells are escaped, so partner data cannot inject markup into the form."""
        head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        body = Markup("").join(
            Markup("<tr>%s</tr>")
            % Markup("").join(Markup("<td>%s</td>") % escape(str(cell)) for cell in row)
            for row in rows
        )
        return Markup(
            '<table class="table table-sm %s"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>'
        ) % (css_class, head, body)

    @api.model
    def _open_domain(self):
        """The exceptions a person still has to work."""
        return [("state", "in", OPEN_STATES)]

    def _still_open(self):
        return self.filtered(lambda e: e.state in OPEN_STATES)

    def _resolve(self):
        """Close those still open: their cause went away (processed, approved, cancelled)."""
        self._still_open().write({"state": "resolved", "resolved_at": fields.Datetime.now()})

    def _resolve_settled(self, messages):
        """``messages`` are done: close the exceptions none of whose other messages still
        waits for a person (a grouped outage stays open while one of its messages fails)."""
        self.filtered(
            lambda e: (
                not (e.message_ids - messages).filtered(
                    lambda m: m.state in pipeline.NEEDS_PERSON_STATES
                )
            )
        )._resolve()

    def _check_open(self):
        closed = self - self._still_open()
        if closed:
            raise UserError(self.env._("Already closed: %s", ", ".join(closed.mapped("name"))))
