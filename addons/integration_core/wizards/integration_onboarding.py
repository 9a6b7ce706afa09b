# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import re
import shlex

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..access import MANAGER_GROUP, check_group

API_PATH = "/api/integration/v1/flows/{code}/messages"
KEY_PLACEHOLDER = "<the API key shown when it was issued>"
# Fields a person types on the screen that the done page must not keep (stored encrypted on
# the endpoint once created).
SECRETS = ("password",)


class IntegrationOnboarding(models.TransientModel):
    """One screen that asks what a person knows about a new partner, creates its partner,
    endpoint, flows and API key, and ends on a checklist with a ready-to-run request.

    What differs from one kind of partner to the next (an EDI trading partner, a warehouse, a
    sales channel) is added by the spoke of that kind: its value on ``kind``
    (``selection_add``), its fields, and the ``_onboarding_*`` hooks below (see
    readme/CONTRIBUTING.md)."""

    _name = "integration.onboarding"
    _description = "Onboard an integration partner"

    state = fields.Selection([("form", "Partner"), ("done", "Checklist")], default="form")
    kind = fields.Selection([], required=True, help="Spokes add their kinds.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "integration.partner.template",
        domain="[('kind', '=', kind)]",
        help="A preset profile: picking one fills the screen.",
    )
    name = fields.Char(string="Partner name", required=True)
    code = fields.Char(
        compute="_compute_code",
        store=True,
        readonly=False,
        help="Starts the codes of its flows, as in the API path; made from the name.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        help="The customer, supplier or shop this partner stands for; created from the name "
        "when empty.",
    )
    document_ids = fields.Many2many(
        "integration.onboarding.document",
        "integration_onboarding_document_rel",
        compute="_compute_document_ids",
        store=True,
        readonly=False,
        domain="[('kind', '=', kind)]",
        help="Each checked document becomes a flow.",
    )
    transport = fields.Selection(
        [
            ("api", "They post to our API (HTTPS)"),
            ("sftp", "SFTP mailbox"),
            ("manual", "Files uploaded and downloaded by hand"),
        ],
        required=True,
        default="api",
    )
    url = fields.Char(
        string="Their URL", help="API: where we post what we send them; empty: downloaded."
    )
    host = fields.Char(help="SFTP: the server's host name.")
    port = fields.Integer(help="SFTP: 0 for 22.")
    username = fields.Char(string="User")
    password = fields.Char(help="Stored encrypted on the endpoint, never shown again.")
    inbox_directory = fields.Char(default="/out", help="SFTP: where they put the files we pick up.")
    outbox_directory = fields.Char(default="/in", help="SFTP: where we put what we send.")
    sla_minutes = fields.Integer(
        string="Processing window (minutes)",
        help="Inbound documents not processed within it are late; 0 for none.",
    )
    # The checklist page
    partner_id = fields.Many2one("integration.partner", readonly=True)
    endpoint_id = fields.Many2one("integration.endpoint", readonly=True)
    flow_ids = fields.Many2many("integration.flow", readonly=True)
    test_flow_id = fields.Many2one(
        "integration.flow", readonly=True, help="The inbound flow the test document goes to."
    )
    checklist = fields.Html(compute="_compute_checklist", sanitize=False)
    curl = fields.Text(string="Try it", compute="_compute_curl")

    @api.depends("name")
    def _compute_code(self):
        for wizard in self:
            wizard.code = re.sub(r"[^a-z0-9]+", "-", (wizard.name or "").lower()).strip("-")

    @api.depends("kind", "template_id")
    def _compute_document_ids(self):
        Document = self.env["integration.onboarding.document"]
        for wizard in self:
            if wizard.template_id:
                wizard.document_ids = wizard.template_id.document_ids
            else:
                wizard.document_ids = Document.search(
                    [("kind", "=", wizard.kind), ("default_on", "=", True)]
                )

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self.update(self._onboarding_template_values(self.template_id))

    # ------------------------------------------------------------------ hooks
    def _onboarding_template_values(self, template):
        """Hook: the wizard values ``template`` fills in. Spokes add their fields' values."""
        values = {"transport": template.transport}
        if template.sla_minutes:
            values["sla_minutes"] = template.sla_minutes
        return values

    def _onboarding_partner_values(self):
        """Hook: the values of the new ``integration.partner``; spokes add their profile."""
        return {
            "name": self.name,
            "code": self.code,
            "kind": self.kind,
            "partner_id": self.contact_id.id,
            "company_id": self.company_id.id,
        }

    def _onboarding_endpoint_values(self, partner):
        """Hook: the values of the partner's endpoint (one per partner)."""
        values = {"name": self.env._("%s endpoint", self.name), "partner_id": partner.id}
        if self.transport == "sftp":
            values.update(
                transport="sftp",
                host=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
            )
        elif self.transport == "api" and self.url:
            values.update(transport="http", url=self.url)
        else:
            values["transport"] = "manual"
        return values

    def _onboarding_codec(self):
        """Hook: the codec of the flows made of the checked documents."""
        return "canonical_json"

    def _onboarding_flow_values(self, partner, endpoint, document):
        """Hook: the values of the flow made of the checked ``document``."""
        values = {
            "name": f"{self.name}: {document.name}",
            "code": f"{self.code}-{document.code}",
            "partner_id": partner.id,
            "direction": document.direction,
            "document_type": document.document_type,
            "codec": self._onboarding_codec(),
            "endpoint_id": endpoint.id,
        }
        if document.event:
            values.update(mode="event", event=document.event)
        if document.direction == "inbound" and self.sla_minutes:
            values["sla_minutes"] = self.sla_minutes
        return values

    def _onboarding_flows(self, partner, endpoint):
        """Hook: create and return the partner's flows. Default: one per checked document
        (``_onboarding_flow_values``) and the extra ones (``_onboarding_extra_flows``), in
        the SFTP directories when the transport is SFTP."""
        Flow = self.env["integration.flow"]
        flows = Flow.create(
            [self._onboarding_flow_values(partner, endpoint, doc) for doc in self.document_ids]
        )
        flows |= Flow.create(self._onboarding_extra_flows(partner, endpoint))
        if self.transport == "sftp":
            directories = {"inbound": self.inbox_directory, "outbound": self.outbox_directory}
            for flow in flows:
                flow.remote_directory = directories[flow.direction]
        return flows

    def _onboarding_extra_flows(self, partner, endpoint):
        """Hook: values of flows no checkbox stands for, which the others need (EDI's
        functional acknowledgements both ways). Default: none."""
        return []

    def _onboarding_done(self, partner, endpoint, flows):
        """Hook: anything else to set up once the partner, endpoint and flows exist (a
        warehouse run by the partner, a sales channel). Default: nothing."""

    def _onboarding_test_flow(self, flows):
        """Hook: the inbound flow of ``flows`` the test document goes to."""
        return flows.filtered(lambda f: f.direction == "inbound")[:1]

    def _onboarding_sample(self, flow):
        """Hook: a sample document (bytes) of ``flow``'s document type in its codec, for the
        checklist's request and the test button. Default: a canonical JSON order."""
        product = self._onboarding_sample_product()
        document = {
            "order_ref": f"TEST-{self.code.upper()}-1",
            "order_date": fields.Date.context_today(self).isoformat(),
            "currency": self.company_id.currency_id.name,
            "customer": {"external_id": self.code.upper(), "name": self.name},
            "lines": [
                {
                    "line_ref": "1",
                    "product_code": product.default_code or "YOUR-SKU",
                    "quantity": 1,
                    "unit_price": product.list_price or 1.0,
                }
            ],
        }
        return json.dumps(document, indent=2).encode()

    def _onboarding_sample_product(self):
        """Goods of ours a test order can name by their internal reference."""
        return self.env["product.product"].search(
            [
                ("sale_ok", "=", True),
                ("type", "=", "consu"),
                ("default_code", "!=", False),
                ("company_id", "in", (False, self.company_id.id)),
            ],
            order="id desc",
            limit=1,
        )

    # ------------------------------------------------------------------ actions
    def action_create(self):
        """Create the partner and everything it needs, then show the checklist: integration
        managers only (checked here, whatever the caller sends over RPC)."""
        self.ensure_one()
        check_group(self.env, MANAGER_GROUP, self.env._("Onboarding a partner"))
        if self.state != "form":
            raise UserError(self.env._("This partner was already created."))
        if not self.document_ids:
            raise UserError(self.env._("Check at least one document to exchange."))
        if not self.contact_id:
            # sudo: the contact the new partner stands for; managers may lack Contact Creation
            self.contact_id = (
                self.env["res.partner"]
                .sudo()
                .create({"name": self.name, "is_company": True, "company_id": self.company_id.id})
            )
        partner = self.env["integration.partner"].create(self._onboarding_partner_values())
        endpoint = self.env["integration.endpoint"].create(
            self._onboarding_endpoint_values(partner)
        )
        flows = self._onboarding_flows(partner, endpoint)
        self._onboarding_done(partner, endpoint, flows)
        test_flow = self._onboarding_test_flow(flows)
        plain = None
        if self.transport == "api":
            _key, plain = self.env["integration.api.key"]._issue(
                endpoint, self.env._("%s (onboarding)", self.name)
            )
        self.write(
            {
                "state": "done",
                "partner_id": partner.id,
                "endpoint_id": endpoint.id,
                "flow_ids": flows.ids,
                "test_flow_id": test_flow.id,
                **dict.fromkeys(SECRETS, False),
            }
        )
        partner.message_post(
            body=self.env._("Onboarded by %s with the onboarding wizard.", self.env.user.name)
        )
        return self._reopen({"integration_issued_key": plain} if plain else {})

    def action_send_test(self):
        """Receive the sample document on the partner's inbound flow, as if the partner had
        posted it, and open the message."""
        self.ensure_one()
        check_group(self.env, MANAGER_GROUP, self.env._("Sending a test document"))
        flow = self.test_flow_id
        if not flow:
            raise UserError(self.env._("The partner has no inbound flow to send a test to."))
        flow.check_access("read")
        # sudo: as the API would store it; the caller's group was checked above
        message = flow.sudo()._receive(self._onboarding_sample(flow))
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": message.id,
            "view_mode": "form",
        }

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def _reopen(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%s is ready to test", self.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    # ------------------------------------------------------------------ checklist page
    def _api_url(self, flow):
        base = self.get_base_url().rstrip("/")
        return base + API_PATH.format(code=flow.code)

    @api.depends("test_flow_id")
    @api.depends_context("integration_issued_key")
    def _compute_curl(self):
        # The plain key comes from the action's context only: it is never stored.
        key = self.env.context.get("integration_issued_key") or KEY_PLACEHOLDER
        for wizard in self:
            flow = wizard.test_flow_id
            if wizard.transport != "api" or not flow:
                wizard.curl = False
                continue
            content_type = flow._codec()._features().content_type
            sample = wizard._onboarding_sample(flow).decode()
            wizard.curl = (
                f"curl -X POST {shlex.quote(wizard._api_url(flow))} \\\n"
                f"  -H {shlex.quote('Authorization: Bearer ' + key)} \\\n"
                f"  -H {shlex.quote('Content-Type: ' + content_type)} \\\n"
                f"  --data-binary @- <<'EOF'\n{sample.rstrip()}\nEOF"
            )

    @api.depends("partner_id", "flow_ids")
    def _compute_checklist(self):
        for wizard in self:
            wizard.checklist = wizard._checklist_html() if wizard.partner_id else False

    def _checklist_html(self):
        partner, endpoint = self.partner_id, self.endpoint_id
        done = [
            self.env._("Partner %(name)s created, in test.", name=partner.name),
            self.env._(
                "Endpoint %(name)s (%(transport)s).",
                name=endpoint.name,
                transport=dict(endpoint._fields["transport"].selection)[endpoint.transport],
            ),
            *(
                self.env._(
                    "Flow %(name)s: %(direction)s, code %(code)s.",
                    name=flow.name,
                    direction=flow.direction,
                    code=flow.code,
                )
                for flow in self.flow_ids
            ),
        ]
        todo = []
        if self.transport == "api":
            todo.append(self.env._("Give the partner its API key, shown once below."))
            todo.append(
                self.env._(
                    "Post the test document: run the request below, or Send a test document."
                )
            )
        elif self.transport == "sftp":
            for flow in self.flow_ids:
                todo.append(
                    self.env._(
                        "%(flow)s: %(verb)s %(host)s:%(directory)s",
                        flow=flow.name,
                        verb=self.env._("pick up from")
                        if flow.direction == "inbound"
                        else self.env._("deliver to"),
                        host=endpoint.host,
                        directory=flow.remote_directory or "~",
                    )
                )
        else:
            todo.append(self.env._("Upload the partner's files with Upload a file."))
        todo.append(self.env._("Go live from the partner's form once its checklist is green."))
        item = Markup("<li><i class='fa fa-fw %s'></i> %s</li>")
        return Markup("<ul class='list-unstyled'>%s</ul>") % Markup("").join(
            [item % ("fa-check-circle text-success", line) for line in done]
            + [item % ("fa-square-o", line) for line in todo]
        )
