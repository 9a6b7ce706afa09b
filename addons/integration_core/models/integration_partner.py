# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..access import MANAGER_GROUP, check_group

USAGES = [("test", "Test"), ("production", "Production")]


class IntegrationPartner(models.Model):
    """An outside party or system Odoo exchanges documents with."""

    _name = "integration.partner"
    _description = "Integration Partner"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        help="Short technical code, used in queue channels and API paths.",
    )
    kind = fields.Selection(
        [
            ("edi", "EDI trading partner"),
            ("wms", "Warehouse system"),
            ("3pl", "Third-party logistics"),
            ("channel", "Sales channel"),
            ("finance", "Finance system"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Gets the alerts and SLA activities of this partner.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        help="The customer or supplier this system stands for, used as the default "
        "customer of its orders. Its outbound flows send, by default, only the records of "
        "this contact (and the contacts under it).",
    )
    usage = fields.Selection(
        USAGES,
        required=True,
        default=lambda self: self._default_usage(),
        copy=False,
        tracking=True,
        help="Test: its documents are validated and mapped as in production but create "
        "nothing confirmed (orders stay quotations tagged Test) and nothing is sent to a "
        "production endpoint. A partner a person creates starts in test; Go live puts it in "
        "production once its checklist is green.",
    )
    go_live_checklist = fields.Html(
        compute="_compute_go_live", sanitize=False, string="Go-live checklist"
    )
    go_live_ready = fields.Boolean(compute="_compute_go_live")
    allowed_senders = fields.Text(
        tracking=True,
        help="Who may send this partner's documents by e-mail to its flows' aliases: "
        "addresses, or @domain for every address of a domain, one per line or separated "
        "by commas. Mails from anyone else are refused and noted on the flow.",
    )
    endpoint_ids = fields.One2many("integration.endpoint", "partner_id", string="Endpoints")
    flow_ids = fields.One2many("integration.flow", "partner_id", string="Flows")
    xref_ids = fields.One2many("integration.xref", "partner_id", string="Cross-references")
    message_count = fields.Integer(compute="_compute_counts")
    exception_count = fields.Integer(compute="_compute_counts", string="Open exceptions")
    threshold_ids = fields.One2many(
        "integration.threshold",
        "partner_id",
        domain=[("flow_id", "=", False)],
        string="Thresholds",
        help="When the dashboard shows this partner's flows amber or red.",
    )
    health = fields.Selection(
        [("ok", "Healthy"), ("degraded", "Degraded"), ("down", "Down")],
        compute="_compute_health",
        help="Down when an endpoint's circuit is open; degraded while exceptions are open.",
    )

    alert_failure_rate = fields.Float(
        string="Alert above failure rate (%)",
        default=20.0,
        help="Share of the last hour's messages that failed; 0 disables the alert.",
    )
    alert_backlog = fields.Integer(
        string="Alert above open exceptions",
        default=25,
        help="0 disables the alert.",
    )

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The code must be unique."),
    ]

    @api.model
    def _default_usage(self):
        """People start partners in test (Go live puts them in production); data files and
        scripts, which run as superuser, may create them in production at once."""
        return "production" if self.env.su else "test"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("usage") == "production" for vals in vals_list):
            self._check_may_set_production()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("usage") == "production" and self.filtered(lambda p: p.usage != "production"):
            self._check_may_set_production()
        return super().write(vals)

    def _check_may_set_production(self):
        """Production is reached through Go live and its checklist only, whatever the caller
        sends over RPC: action_go_live writes it as superuser once the checklist is green."""
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A partner goes to production through Go live, once its checklist is green."
                )
            )

    def _compute_counts(self):
        messages = self.env["integration.message"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        exceptions = self.env["integration.exception"]._read_group(
            [("partner_id", "in", self.ids), *self.env["integration.exception"]._open_domain()],
            ["partner_id"],
            ["__count"],
        )
        message_counts = {partner.id: count for partner, count in messages}
        exception_counts = {partner.id: count for partner, count in exceptions}
        for partner in self:
            partner.message_count = message_counts.get(partner.id, 0)
            partner.exception_count = exception_counts.get(partner.id, 0)

    @api.depends("endpoint_ids.circuit_state")
    def _compute_health(self):
        for partner in self:
            if "open" in partner.endpoint_ids.mapped("circuit_state"):
                partner.health = "down"
            elif partner.exception_count:
                partner.health = "degraded"
            else:
                partner.health = "ok"

    @api.model
    def _cron_alerts(self):
        """An activity for the responsible when a partner's error rate or backlog is too high."""
        self.env.cr.execute("""
            SELECT partner_id, count(*) FILTER (WHERE state IN ('failed', 'dead')), count(*)
              FROM integration_message
             WHERE create_date > (now() at time zone 'UTC') - interval '1 hour'
          GROUP BY partner_id""")
        rates = {pid: (100.0 * failed / total) for pid, failed, total in self.env.cr.fetchall()}
        for partner in self.search([("user_id", "!=", False)]):
            reasons = []
            rate = rates.get(partner.id, 0.0)
            if partner.alert_failure_rate and rate > partner.alert_failure_rate:
                reasons.append(
                    self.env._("%(rate).0f%% of the last hour's messages failed.", rate=rate)
                )
            if partner.alert_backlog and partner.exception_count > partner.alert_backlog:
                reasons.append(self.env._("%s exceptions are open.", partner.exception_count))
            already = partner.activity_ids.filtered(
                lambda a: a.summary and a.summary.startswith("Integration alert")
            )
            if reasons and not already:
                partner.activity_schedule(
                    "mail.mail_activity_data_warning",
                    summary=self.env._("Integration alert: %s", partner.name),
                    note=" ".join(reasons),
                    user_id=partner.user_id.id,
                )

    # ------------------------------------------------------------------ going live
    def _go_live_checks(self):
        """What must hold before production traffic flows: dicts (key, label, ok, detail), in
        the order the form shows them."""
        self.ensure_one()
        return [
            self._check_flows(),
            self._check_endpoints(),
            self._check_keys(),
            self._check_xrefs(),
        ]

    def _check_flows(self):
        flows = self.flow_ids.filtered("active")
        return {
            "key": "flows",
            "label": self.env._("Flows"),
            "ok": bool(flows),
            "detail": self.env._("%s active flows.", len(flows))
            if flows
            else self.env._("The partner has no active flow."),
        }

    def _check_endpoints(self):
        """Every outbound flow (not in test itself) sends to an active production endpoint."""
        outbound = self.flow_ids.filtered(
            lambda f: f.active and f.direction == "outbound" and not f.test_mode
        )
        wrong = outbound.endpoint_id.filtered(lambda e: e.usage != "production" or not e.active)
        return {
            "key": "endpoint",
            "label": self.env._("Endpoints"),
            "ok": not wrong,
            "detail": self.env._(
                "Outbound flows send to test or archived endpoints: %s. Point them at the "
                "production endpoint, or set its usage to Production.",
                ", ".join(wrong.mapped("name")),
            )
            if wrong
            else self.env._("Every outbound flow sends to an active production endpoint."),
        }

    def _check_keys(self):
        """The endpoints the partner posts through (inbound flows, not manual) hold an active
        API key or an HMAC key."""
        posted = self.flow_ids.filtered(
            lambda f: (
                f.active
                and f.direction == "inbound"
                and f.endpoint_id.transport not in (False, "manual")
            )
        ).endpoint_id
        keyless = posted.filtered(
            lambda e: (
                # sudo: whether an HMAC key is stored, not the key
                not e.sudo().hmac_key_encrypted
                and not e.api_key_ids.filtered(lambda k: k.state == "active")
            )
        )
        if keyless:
            detail = self.env._(
                "No active API key or HMAC key on %s: the partner cannot post.",
                ", ".join(keyless.mapped("name")),
            )
        elif posted:
            detail = self.env._("Every endpoint the partner posts through has an active key.")
        else:
            detail = self.env._("The partner posts through no API endpoint: no key needed.")
        return {"key": "key", "label": self.env._("API keys"), "ok": not keyless, "detail": detail}

    def _check_xrefs(self):
        """No code of the partner's documents (test traffic included) is left unmapped."""
        unmapped = self.env["integration.exception"].search_count(
            [
                ("partner_id", "=", self.id),
                ("category", "=", "mapping"),
                *self.env["integration.exception"]._open_domain(),
            ]
        )
        return {
            "key": "xrefs",
            "label": self.env._("Cross-references"),
            "ok": not unmapped,
            "detail": self.env._(
                "%s open mapping exceptions: map their codes (Fix cross-reference).", unmapped
            )
            if unmapped
            else self.env._(
                "No partner code is left unmapped (%s cross-references).", len(self.xref_ids)
            ),
        }

    @api.depends("usage", "flow_ids", "endpoint_ids", "xref_ids")
    def _compute_go_live(self):
        for partner in self:
            checks = partner._go_live_checks() if partner.id else []
            partner.go_live_ready = bool(checks) and all(check["ok"] for check in checks)
            partner.go_live_checklist = Markup("<ul class='list-unstyled mb-0'>%s</ul>") % Markup(
                ""
            ).join(partner._checklist_line(check) for check in checks)

    def _checklist_line(self, check):
        icon = "fa-check-circle text-success" if check["ok"] else "fa-times-circle text-danger"
        status = self.env._("OK") if check["ok"] else self.env._("To do")
        return Markup(
            "<li class='mb-1'><i class='fa fa-fw %s' title='%s'></i> <b>%s</b>: %s</li>"
        ) % (icon, status, check["label"], check["detail"])

    def action_go_live(self):
        """Switch test partners to production: integration managers only, and only once every
        check of the checklist is green (checked here, whatever the form showed)."""
        check_group(self.env, MANAGER_GROUP, self.env._("Putting a partner live"))
        self.check_access("write")
        for partner in self.filtered(lambda p: p.usage == "test"):
            failed = [check for check in partner._go_live_checks() if not check["ok"]]
            if failed:
                raise UserError(
                    self.env._(
                        "%(partner)s cannot go live yet:\n%(checks)s",
                        partner=partner.name,
                        checks="\n".join(f"- {c['label']}: {c['detail']}" for c in failed),
                    )
                )
            # sudo: the caller's rights were checked above and the checklist is green.
            partner.sudo().usage = "production"
            partner.message_post(
                body=self.env._("Went live: switched to production by %s.", self.env.user.name)
            )
        return True

    def action_issue_api_key(self):
        """The key wizard for one of this saved partner's endpoints (the first by default)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Issue an API key"),
            "res_model": "integration.api.key.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.id,
                "default_endpoint_id": self.endpoint_ids[:1].id,
            },
        }

    def action_export_template(self):
        """This partner's profile as a new template, opened to be named and downloaded."""
        self.ensure_one()
        if self.kind not in dict(self.env["integration.onboarding"]._fields["kind"].selection):
            raise UserError(self.env._("No onboarding kind stands for partners of this kind."))
        template = self.env["integration.partner.template"]._from_partner(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": template._name,
            "res_id": template.id,
            "view_mode": "form",
        }

    def action_view_messages(self):
        return self._open_related("integration_core.action_integration_message")

    def action_view_exceptions(self):
        return self._open_related("integration_core.action_integration_exception")

    def _open_related(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {}
        return action
