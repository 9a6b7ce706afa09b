# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.addons.integration_core.access import USER_GROUP, check_group
from odoo.addons.integration_core.services.errors import IntegrationError
from odoo.exceptions import UserError, ValidationError

from ..services import webhooks

_logger = logging.getLogger(__name__)

CHANNEL_KINDS = [
    ("shopify", "Shopify-style"),
    ("woocommerce", "WooCommerce-style"),
    ("standard_webhooks", "Standard Webhooks (generic)"),
    ("rest", "Generic REST (polling only)"),
]
WEBHOOK_PATH = "/api/integration/v1/channels/{code}/webhooks"
SECRET_FIELDS = ("webhook_secret", "webhook_secret_previous")
# The flows a channel runs on: role → (direction, document type, event).
ROLES = {
    "orders": ("inbound", "order", False),
    "stock": ("outbound", "inventory_snapshot", "stock_changed"),
    "fulfilment": ("outbound", "shipment_notice", "picking_done"),
    "payments": ("inbound", "payment_event", False),
    "returns": ("inbound", "return_request", False),
}


class IntegrationChannel(models.Model):
    """A web shop or marketplace Odoo sells through, on an integration partner.

    Orders come in by signed webhooks and a scheduled pull of what changed; the available
    to sell of the channel's warehouses and the fulfilments of its orders go out. Each of
    these runs on a flow of the partner, so it goes through the hub's pipeline.
    """

    _name = "integration.channel"
    _description = "Sales Channel"
    _inherit = ["integration.partner.mixin", "integration.secret.mixin"]
    _order = "name"
    _secret_fields = SECRET_FIELDS

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Used in the webhook address: /api/integration/v1/channels/<code>/webhooks.",
    )
    active = fields.Boolean(default=True, tracking=True)
    partner_id = fields.Many2one(string="Integration partner")
    kind = fields.Selection(
        CHANNEL_KINDS,
        required=True,
        default="shopify",
        tracking=True,
        help="The shop's API dialect: how its webhooks are signed, its orders shaped and its "
        "inventory and fulfilment calls written.",
    )
    endpoint_id = fields.Many2one(
        "integration.endpoint",
        string="Shop API",
        required=True,
        domain="[('partner_id', '=', partner_id)]",
        tracking=True,
        check_company=True,
        help="The shop's API: its URL is the base of the orders, inventory levels and "
        "fulfilments calls; its credentials, timeouts, retries, circuit breaker and rate "
        "limit apply to them.",
    )
    webhook_url = fields.Char(compute="_compute_webhook_url", string="Webhook address")
    # Secrets: the *_encrypted columns hold Fernet tokens; the plain fields are write-only.
    webhook_secret = fields.Char(
        compute="_compute_secrets",
        inverse="_inverse_webhook_secret",
        help="The secret the shop signs its webhooks with (Standard Webhooks: whsec_...). "
        "Write-only: it is stored encrypted and never shown again.",
    )
    webhook_secret_previous = fields.Char(
        string="Previous webhook secret",
        compute="_compute_secrets",
        inverse="_inverse_webhook_secret_previous",
        help="Still accepted while the shop switches to the new secret; clear it afterwards.",
    )
    webhook_secret_encrypted = fields.Char(groups="base.group_system", copy=False)
    webhook_secret_previous_encrypted = fields.Char(groups="base.group_system", copy=False)

    # Orders in
    prices_include_tax = fields.Boolean(
        string="Prices include tax",
        help="For orders that do not say whether their prices include tax (Shopify and "
        "WooCommerce orders say it themselves).",
    )
    currency_id = fields.Many2one(
        "res.currency",
        string="Default currency",
        default=lambda self: self.env.company.currency_id,
        help="For orders that do not give their currency.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Pricelist of the channel's orders in its currency; orders in another currency "
        "get a pricelist in theirs.",
    )
    shipping_product_id = fields.Many2one(
        "product.product",
        string="Shipping product",
        domain="[('type', '=', 'service')]",
        check_company=True,
        help="Service product of the delivery line of the channel's orders.",
    )
    discount_product_id = fields.Many2one(
        "product.product",
        string="Discount product",
        domain="[('type', '=', 'service')]",
        check_company=True,
        help="Service product of the discount lines (order discounts, and line discounts "
        "a rounded percentage would not give to the cent).",
    )
    reconcile_orders = fields.Boolean(
        string="Pull missed orders",
        default=True,
        help="Regularly list the orders changed in the shop since the checkpoint, so that an "
        "order whose webhook never arrived still reaches Odoo (once).",
    )
    reconcile_overlap_minutes = fields.Integer(
        string="Pull overlap (minutes)",
        default=5,
        help="Each pull starts this long before the checkpoint, for clock skew and late "
        "writes in the shop; what was already received is recognised and skipped.",
    )
    last_order_checkpoint = fields.Datetime(
        string="Orders pulled up to",
        copy=False,
        help="The latest update time (shop clock) of the orders pulled so far.",
    )

    # Available to sell out
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        domain="[('company_id', '=', company_id)]",
        check_company=True,
        help="The warehouses whose stock the channel sells; its orders ship from the first.",
    )
    safety_stock = fields.Float(
        digits="Product Unit of Measure",
        help="Kept back from what the channel may sell, per product.",
    )
    publication_policy = fields.Selection(
        [
            ("mapped", "Products with a cross-reference of the partner"),
            ("all", "Every storable, saleable product with a reference"),
            ("none", "Do not publish stock"),
        ],
        required=True,
        default="mapped",
        help="Which products' available-to-sell is published; the shop's SKU is the "
        "product cross-reference of the partner, else the internal reference.",
    )
    batch_size = fields.Integer(default=50, help="Items per inventory request.")
    full_publication_due = fields.Boolean(
        readonly=True, copy=False, help="The next publication sends every item, changed or not."
    )
    last_publication_at = fields.Datetime(
        compute="_compute_publication_stats", string="Last publication"
    )
    published_count = fields.Integer(compute="_compute_publication_stats", string="Published")

    flow_ids = fields.One2many("integration.flow", "channel_id", string="Flows")
    stock_ids = fields.One2many(
        "integration.channel.stock", "channel_id", string="Published figures"
    )
    order_count = fields.Integer(compute="_compute_order_count", string="Orders")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "The channel code must be unique."),
        ("batch_size_positive", "CHECK(batch_size > 0)", "The batch size must be positive."),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("code")
    def _compute_webhook_url(self):
        # sudo: a public setting, the server's own URL
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        for channel in self:
            channel.webhook_url = (
                base.rstrip("/") + WEBHOOK_PATH.format(code=channel.code) if channel.code else False
            )

    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.order_count = counts.get(channel, 0)

    def _compute_publication_stats(self):
        stats = {
            channel: (count, last)
            for channel, count, last in self.env["integration.channel.stock"]._read_group(
                [("channel_id", "in", self.ids)],
                ["channel_id"],
                ["__count", "published_at:max"],
            )
        }
        for channel in self:
            count, last = stats.get(channel, (0, False))
            channel.published_count = count
            channel.last_publication_at = last

    # ------------------------------------------------------------------ secrets
    def _secret_label(self, name):
        return {
            "webhook_secret": self.env._("webhook secret"),
            "webhook_secret_previous": self.env._("previous webhook secret"),
        }[name]

    def _clean_secret(self, name, plain):
        plain = (plain or "").strip()
        if plain and self.kind == "standard_webhooks":
            try:
                webhooks.standard_key(plain)
            except ValueError as err:
                raise ValidationError(
                    self.env._(
                        "A Standard Webhooks secret is whsec_ followed by base64, as the shop "
                        "shows it."
                    )
                ) from err
        return plain

    def _inverse_webhook_secret(self):
        self._store_secret("webhook_secret")

    def _inverse_webhook_secret_previous(self):
        self._store_secret("webhook_secret_previous")

    def _webhook_secrets(self):
        """Plain secrets the webhooks may be signed with, current first: verification only."""
        return [secret for secret in map(self._secret, SECRET_FIELDS) if secret]

    @api.model
    def _demo_set_webhook_secret(self, channel_ids, secret):
        """Demo data: set a webhook secret when the server has an encryption key."""
        try:
            self._secret_box()
        except UserError:
            _logger.info("No integration_encryption_keys: the demo channel has no secret.")
            return False
        self.browse(channel_ids).webhook_secret = secret
        return True

    def action_forget_previous_secret(self):
        """Stop accepting the previous webhook secret: for whoever may edit the channel."""
        self._clear_secrets(["webhook_secret_previous"])

    # ------------------------------------------------------------------ set-up
    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        for channel in channels:
            if not channel.warehouse_ids:
                channel.warehouse_ids = self.env["stock.warehouse"].search(
                    [("company_id", "=", channel.company_id.id)], limit=1
                )
        channels._ensure_flows()
        channels._ensure_products()
        return channels

    def write(self, vals):
        result = super().write(vals)
        if "endpoint_id" in vals:
            self.with_context(active_test=False).flow_ids.filtered(
                lambda f: f.direction == "outbound"
            ).write({"endpoint_id": vals["endpoint_id"]})
        return result

    def _ensure_flows(self):
        """Create the channel's missing flows: orders in, stock and fulfilments out."""
        # sudo: the channel's own flows, for create() and action_setup(), which checked the caller
        Flow = self.env["integration.flow"].sudo()
        names = {
            "orders": self.env._("orders in"),
            "stock": self.env._("available to sell out"),
            "fulfilment": self.env._("fulfilments out"),
            "payments": self.env._("payment events in"),
            "returns": self.env._("returns in"),
        }
        for channel in self:
            flows = channel.with_context(active_test=False).flow_ids
            for role, (direction, document_type, event) in ROLES.items():
                if flows.filtered(
                    lambda f, d=direction, t=document_type: (
                        f.direction == d and f.document_type == t
                    )
                ):
                    continue
                values = {
                    "name": f"{channel.name}: {names[role]}",
                    "code": f"ch-{channel.code}-{role}",
                    "partner_id": channel.partner_id.id,
                    "channel_id": channel.id,
                    "direction": direction,
                    "document_type": document_type,
                    "codec": channel.kind,  # then kept in step by the flow's compute
                }
                if direction == "outbound":
                    values.update(endpoint_id=channel.endpoint_id.id, mode="event", event=event)
                Flow.create(values)

    def _ensure_products(self):
        for channel in self:
            if not channel.shipping_product_id:
                channel.shipping_product_id = channel._service_product(
                    self.env._("Shipping (%s)", channel.name), f"SHIP-{channel.code}".upper()
                )
            if not channel.discount_product_id:
                channel.discount_product_id = channel._service_product(
                    self.env._("Discount (%s)", channel.name), f"DISC-{channel.code}".upper()
                )

    def _service_product(self, name, code):
        return (
            self.env["product.product"]
            # sudo: the channel's shipping and discount products, made with the channel
            .sudo()
            .create(
                {
                    "name": name,
                    "default_code": code,
                    "type": "service",
                    "sale_ok": True,
                    "purchase_ok": False,
                    "invoice_policy": "order",
                    "list_price": 0.0,
                    "company_id": self.company_id.id,
                }
            )
        )

    def action_setup(self):
        self.check_access("write")
        self._ensure_flows()
        self._ensure_products()
        return True

    # ------------------------------------------------------------------ plumbing
    def _flow(self, role):
        """The channel's active flow for ``role`` (orders, stock, fulfilment), or nothing."""
        self.ensure_one()
        direction, document_type, _event = ROLES[role]
        return self.flow_ids.filtered(
            lambda f: f.active and f.direction == direction and f.document_type == document_type
        )[:1]

    def _codec(self):
        self.ensure_one()
        return self.env[f"integration.codec.{self.kind}"]

    def _job_channel(self, direction="out"):
        self.ensure_one()
        return f"root.integration.{direction}.{self.partner_id.code}"

    # ------------------------------------------------------------------ available to sell
    def _schedule_publication(self, eta=None):
        """Queue a publication, unless one is already waiting (one pending per channel); the
        available-to-sell builder does it."""
        builder = self.env["integration.builder.available_to_sell"]
        for channel in self:
            builder.with_delay(
                channel=channel._job_channel(),
                identity_key=f"integration.channel:{channel.id}:publish",
                eta=eta,
                description=self.env._("%s: publish available to sell", channel.name),
            )._publish(channel)

    def action_publish_now(self):
        check_group(self.env, USER_GROUP, self.env._("Publishing available to sell"))
        self.check_access("read")
        self._schedule_publication()
        return self._notify(self.env._("A publication of the changed figures is queued."))

    def action_publish_full(self):
        self.check_access("write")
        self._schedule_full_publication()
        return self._notify(self.env._("A publication of every figure is queued."))

    def _schedule_full_publication(self):
        """The next publication sends every figure, changed or not, which corrects whatever
        drifted in the shop (also scheduled: the builder's _cron_publish_full)."""
        self.filtered(lambda c: not c.full_publication_due).write({"full_publication_due": True})
        self._schedule_publication()

    # ------------------------------------------------------------------ missed-event pull
    def action_pull_orders(self):
        self.ensure_one()
        check_group(self.env, USER_GROUP, self.env._("Pulling a channel's orders"))
        self.check_access("read")
        try:
            result = self.env["integration.channel.reconciliation"]._reconcile(self)
        except IntegrationError as err:
            raise UserError(str(err)) from err
        return self._notify(
            self.env._("%(received)s order versions received, %(known)s already known.", **result)
        )

    # ------------------------------------------------------------------ views
    def _notify(self, text):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": text, "type": "info", "sticky": False},
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_core.action_integration_message"
        )
        action["domain"] = [("flow_id", "in", self.with_context(active_test=False).flow_ids.ids)]
        action["context"] = {}
        return action

    def action_view_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_channels.action_integration_channel_stock"
        )
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {"default_channel_id": self.id}
        return action
