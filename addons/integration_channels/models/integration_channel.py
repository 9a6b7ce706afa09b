# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging
import uuid
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.addons.integration_core.access import USER_GROUP, check_group
from odoo.addons.integration_core.models.integration_endpoint import secret_box
from odoo.addons.integration_core.services import http_client
from odoo.addons.integration_core.services.errors import (
    BusinessRuleError,
    CircuitOpenError,
    IntegrationError,
    ParseError,
    TransportError,
)
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError, ValidationError

from ..services import availability, webhooks
from ..services.orders import OrderShapeError, parse_timestamp

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
}
PULL_PAGE_SIZE = 100
PULL_MAX_PAGES = 100


class IntegrationChannel(models.Model):
    """A web shop or marketplace Odoo sells through, on an integration partner.

    Orders come in by signed webhooks and a scheduled pull of what changed; the available
    to sell of the channel's warehouses and the fulfilments of its orders go out. Each of
    these runs on a flow of the partner, so it goes through the hub's pipeline.
    """

    _name = "integration.channel"
    _description = "Sales Channel"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Used in the webhook address: /api/integration/v1/channels/<code>/webhooks.",
    )
    active = fields.Boolean(default=True, tracking=True)
    partner_id = fields.Many2one(
        "integration.partner",
        string="Integration partner",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
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
    secrets_set = fields.Char(compute="_compute_secrets", string="Secrets stored")

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

    @api.depends(*(f"{name}_encrypted" for name in SECRET_FIELDS))
    @api.depends_context("uid")
    def _compute_secrets(self):
        labels = dict(self._secret_labels())
        for channel in self:
            # sudo: only whether each secret is set, never its value
            stored = channel.sudo()
            channel.webhook_secret = False
            channel.webhook_secret_previous = False
            channel.secrets_set = ", ".join(
                labels[name] for name in SECRET_FIELDS if stored[f"{name}_encrypted"]
            )

    def _secret_labels(self):
        return [
            ("webhook_secret", self.env._("webhook secret")),
            ("webhook_secret_previous", self.env._("previous webhook secret")),
        ]

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
    def _store_secret(self, name):
        box = None
        for channel in self:
            plain = (channel[name] or "").strip()
            if not plain:
                continue
            if channel.kind == "standard_webhooks":
                try:
                    webhooks.standard_key(plain)
                except ValueError as err:
                    raise ValidationError(
                        self.env._(
                            "A Standard Webhooks secret is whsec_ followed by base64, as the "
                            "shop shows it."
                        )
                    ) from err
            box = box or secret_box()
            # sudo: an inverse, run by write() once the caller's write access was checked
            channel.sudo()[f"{name}_encrypted"] = box.encrypt(plain)

    def _inverse_webhook_secret(self):
        self._store_secret("webhook_secret")

    def _inverse_webhook_secret_previous(self):
        self._store_secret("webhook_secret_previous")

    def _webhook_secrets(self):
        """Plain secrets the webhooks may be signed with, current first: verification only."""
        self.ensure_one()
        box = None
        secrets = []
        for name in SECRET_FIELDS:
            # sudo: private, for the webhook controller's signature check
            token = self.sudo()[f"{name}_encrypted"]
            if token:
                box = box or secret_box()
                secrets.append(box.decrypt(token))
        return secrets

    @api.model
    def _demo_set_webhook_secret(self, channel_ids, secret):
        """Demo data: set a webhook secret when the server has an encryption key."""
        try:
            secret_box()
        except UserError:
            _logger.info("No integration_encryption_keys: the demo channel has no secret.")
            return False
        self.browse(channel_ids).webhook_secret = secret
        return True

    def action_forget_previous_secret(self):
        """Stop accepting the previous webhook secret: for whoever may edit the channel."""
        self.check_access("write")
        self.sudo().write({"webhook_secret_previous_encrypted": False})

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
        if "kind" in vals:
            self.with_context(active_test=False).flow_ids.write({"codec": vals["kind"]})
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
                    "codec": channel.kind,
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

    def _request_url(self, message, endpoint):
        """The shop resource a message of this channel goes to (see the HTTP transport)."""
        self.ensure_one()
        base = (endpoint.url or "").rstrip("/")
        codec = self._codec()
        if message.document_type == "shipment_notice":
            picking = message._business_record()
            order = picking.sale_id if picking else None
            if not order or not order.channel_order_id:
                raise BusinessRuleError(
                    self.env._("This delivery is not of an order of channel %s.", self.name)
                )
            return base + codec._fulfilment_path(order.channel_order_id)
        return base + codec._inventory_path()

    def _pricelist_for(self, currency, company):
        """The pricelist of an order in ``currency``: the channel's, else one in that currency
        (created for the channel when the company has none)."""
        self.ensure_one()
        if self.pricelist_id and self.pricelist_id.currency_id == currency:
            return self.pricelist_id
        # sudo: order processor plumbing: the document's currency, the message's company
        Pricelist = self.env["product.pricelist"].sudo()
        name = f"{self.name} ({currency.name})"
        domain = [("currency_id", "=", currency.id), ("company_id", "in", [company.id, False])]
        pricelist = Pricelist.search(domain + [("name", "=", name)], limit=1) or Pricelist.search(
            domain, limit=1
        )
        return pricelist or Pricelist.create(
            {"name": name, "currency_id": currency.id, "company_id": company.id}
        )

    # ------------------------------------------------------------------ available to sell
    @api.model
    def _stock_changed(self, products):
        """The free quantity of ``products`` changed (reservations, cancellations): schedule
        the publications of the channels selling them, as the core stock_changed event does
        for stock moves done."""
        if not products:
            return
        flows = (
            self.env["integration.flow"]
            # sudo: a stock event fans out to the channel flows; the products are the event's
            .sudo()
            .search(
                [
                    ("channel_id", "!=", False),
                    ("direction", "=", "outbound"),
                    ("event", "=", "stock_changed"),
                ]
            )
        )
        for flow in flows:
            for record in flow._event_records(products):
                flow._queue_outbound(record)

    def _publishes_any(self, products):
        """Whether any of ``products`` is published on this channel."""
        self.ensure_one()
        if self.publication_policy == "none" or not products:
            return False
        # sudo: stock plumbing: which of the event's products this channel publishes
        products = products.sudo().filtered("is_storable")
        if not products:
            return False
        mapped = (
            self.env["integration.xref"]
            # sudo: stock plumbing: the channel partner's own cross-references
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("kind", "=", "product"),
                    ("product_id", "in", products.ids),
                ],
                limit=1,
            )
        )
        if mapped or self.publication_policy == "mapped":
            return bool(mapped)
        return any(product.sale_ok and product.default_code for product in products)

    def _publication_products(self):
        """``{product id: SKU}`` of what this channel publishes.

        The SKU is the partner's product cross-reference, else the internal reference. When
        two products would share a SKU, the first (lowest id) is published.
        """
        self.ensure_one()
        if self.publication_policy == "none":
            return {}
        xrefs = (
            self.env["integration.xref"]
            # sudo: publication job: the channel partner's own cross-references
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("kind", "=", "product"),
                    ("product_id", "!=", False),
                ],
                ["product_id", "external_code"],
                order="id",
            )
        )
        mapped = {}
        for xref in xrefs:
            mapped.setdefault(xref.product_id.id, xref.external_code)
        # sudo: publication job: the products the channel publishes
        Product = self.env["product.product"].sudo()
        if self.publication_policy == "mapped":
            products = Product.search_fetch(
                [("id", "in", list(mapped)), ("is_storable", "=", True)], ["default_code"]
            )
        else:
            products = Product.search_fetch(
                [
                    ("is_storable", "=", True),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [False, self.company_id.id]),
                    "|",
                    ("default_code", "!=", False),
                    ("id", "in", list(mapped)),
                ],
                ["default_code"],
            )
        skus = {}
        seen = set()
        for product in products.sorted("id"):
            sku = mapped.get(product.id) or product.default_code
            if sku and sku not in seen:
                seen.add(sku)
                skus[product.id] = sku
        return skus

    def _quant_domain(self, product_ids=None):
        self.ensure_one()
        domain = [
            ("location_id", "child_of", self.warehouse_ids.lot_stock_id.ids),
            ("location_id.usage", "=", "internal"),
        ]
        if product_ids is not None:
            domain.append(("product_id", "in", list(product_ids)))
        return domain

    def _free_quantities(self, product_ids=None):
        """``{product id: on hand - reserved}`` in the stock locations of the warehouses:
        one read_group over the quants, as product ``free_qty`` computes it."""
        self.ensure_one()
        if not self.warehouse_ids:
            return {}
        rows = (
            self.env["stock.quant"]
            # sudo: publication job: free quantities of the channel's warehouses
            .sudo()
            ._read_group(
                self._quant_domain(product_ids),
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        return availability.free_quantities(
            (product.id, quantity, reserved) for product, quantity, reserved in rows
        )

    def _available_figures(self, products):
        """``{product id: (SKU, available to sell)}`` for ``{product id: SKU}``."""
        self.ensure_one()
        # A handful of products (one batch): filter the quants; all of them: scan once.
        scope = list(products) if len(products) <= 1000 else None
        figures = availability.figures(products, self._free_quantities(scope), self.safety_stock)
        return {product_id: (products[product_id], qty) for product_id, qty in figures.items()}

    def _published_figures(self):
        """``{product id: (SKU, figure)}`` as last acknowledged by the shop."""
        self.ensure_one()
        lines = (
            self.env["integration.channel.stock"]
            # sudo: publication job: what this channel published last
            .sudo()
            .search_fetch([("channel_id", "=", self.id)], ["product_id", "sku", "published_qty"])
        )
        return {line.product_id.id: (line.sku, line.published_qty) for line in lines}

    def _schedule_publication(self, eta=None):
        """Queue a publication, unless one is already waiting (one pending per channel)."""
        for channel in self:
            channel.with_delay(
                channel=channel._job_channel(),
                identity_key=f"integration.channel:{channel.id}:publish",
                eta=eta,
                description=self.env._("%s: publish available to sell", channel.name),
            )._publish_available()

    def _stock_messages_in_flight(self, flow):
        return (
            self.env["integration.message"]
            # sudo: publication job: this channel's own messages in flight
            .sudo()
            .search(
                [
                    ("flow_id", "=", flow.id),
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("state", "=", "pending"),
                    ("next_step", "!=", False),
                ]
            )
        )

    def _publish_available(self):
        """Job: compute what the channel may sell and queue the figures that changed.

        While an earlier publication is still being sent, this one waits for it: figures
        then reach the shop in the order they were computed, and each publication compares
        with what the shop has acknowledged.
        """
        self.ensure_one()
        flow = self._flow("stock")
        if not self.active or not flow or self.publication_policy == "none":
            return "nothing to publish"
        in_flight = self._stock_messages_in_flight(flow)
        if in_flight:
            now = fields.Datetime.now()
            retries = [m.next_attempt_at for m in in_flight if m.next_attempt_at]
            eta = max([now + timedelta(seconds=30), min(retries) if retries else now])
            self._schedule_publication(eta=eta)
            return f"postponed: {len(in_flight)} messages of the last publication are in flight"
        full = self.full_publication_due
        current = self._available_figures(self._publication_products())
        published = {} if full else self._published_figures()
        changes = availability.select_changes(current, published, full=full)
        messages = self._queue_stock_batches(flow, changes)
        if full:
            self.full_publication_due = False
        return f"{len(changes)} items in {len(messages)} messages{' (full)' if full else ''}"

    def _queue_stock_batches(self, flow, changes):
        """One outbound message per batch of ``[(product id, (SKU, figure))]``, paced to the
        shop's rate limit; the documents are built here, so the messages start at encode."""
        self.ensure_one()
        # sudo: messages are the pipeline's; the publication job creates them
        Message = self.env["integration.message"].sudo()
        groups = availability.batches(changes, self.batch_size)
        if not groups:
            return Message
        now = fields.Datetime.now()
        correlation = str(uuid.uuid4())
        messages = Message
        for index, batch in enumerate(groups, 1):
            message = Message._create_outbound(flow, self, correlation_id=correlation)
            message._set_channel_stock_items(
                [(product_id, sku, qty) for product_id, (sku, qty) in batch], now, "encode"
            )
            message._log(
                "build",
                self.env._(
                    "Available to sell of %(count)s items, batch %(index)s of %(total)s.",
                    count=len(batch),
                    index=index,
                    total=len(groups),
                ),
                kind="business",
            )
            messages |= message
        offsets = availability.pacing(len(messages), self.endpoint_id.rate_limit)
        for message, offset in zip(messages, offsets, strict=True):
            message._enqueue(eta=now + timedelta(seconds=offset) if offset else None)
        return messages

    def _record_published(self, items, message):
        """Remember the figures the shop acknowledged: the next delta compares with them."""
        self.ensure_one()
        # sudo: the send step records what the shop acknowledged
        Stock = self.env["integration.channel.stock"].sudo()
        product_ids = [product_id for product_id, _sku, _qty in items]
        existing = {
            line.product_id.id: line
            for line in Stock.search(
                [("channel_id", "=", self.id), ("product_id", "in", product_ids)]
            )
        }
        now = fields.Datetime.now()
        by_value = defaultdict(lambda: Stock)
        new = []
        for product_id, sku, qty in items:
            line = existing.get(product_id)
            if line:
                by_value[(sku, qty)] |= line
            else:
                new.append(
                    {
                        "channel_id": self.id,
                        "product_id": product_id,
                        "sku": sku,
                        "published_qty": qty,
                        "published_at": now,
                        "message_id": message.id,
                    }
                )
        for (sku, qty), lines in by_value.items():
            lines.write(
                {"sku": sku, "published_qty": qty, "published_at": now, "message_id": message.id}
            )
        if new:
            Stock.create(new)

    def action_publish_now(self):
        check_group(self.env, USER_GROUP, self.env._("Publishing available to sell"))
        self.check_access("read")
        self._schedule_publication()
        return self._notify(self.env._("A publication of the changed figures is queued."))

    def action_publish_full(self):
        self.check_access("write")
        self.filtered(lambda c: not c.full_publication_due).write({"full_publication_due": True})
        self._schedule_publication()
        return self._notify(self.env._("A publication of every figure is queued."))

    @api.model
    def _cron_publish_full(self):
        """Scheduled full reconciliation: every figure is sent again, changed or not, which
        corrects whatever drifted in the shop."""
        channels = self.search([("publication_policy", "!=", "none")]).filtered(
            lambda c: c._flow("stock")
        )
        channels.filtered(lambda c: not c.full_publication_due).write(
            {"full_publication_due": True}
        )
        channels._schedule_publication()

    # ------------------------------------------------------------------ missed-event pull
    @api.model
    def _cron_reconcile_orders(self):
        """Queue the pull of every channel that reconciles its orders."""
        for channel in self.search([("reconcile_orders", "=", True)]):
            if channel._flow("orders"):
                channel.with_delay(
                    channel=channel._job_channel("in"),
                    identity_key=f"integration.channel:{channel.id}:reconcile",
                    description=self.env._("%s: pull changed orders", channel.name),
                )._reconcile_orders_job()

    def _reconcile_orders_job(self):
        try:
            return self._reconcile_orders()
        except TransportError as err:
            if err.retryable:
                raise RetryableJobError(str(err), seconds=int(err.retry_after or 60)) from err
            raise UserError(str(err)) from err
        except IntegrationError as err:
            raise UserError(str(err)) from err

    def _reconcile_orders(self):
        """Pull the orders changed since the checkpoint and receive those not seen yet.

        A pulled order gets the idempotency key its webhook would have had (channel, order
        id and update time), so an order arrives once whichever way comes first, and a
        version already received is skipped without storing anything.
        """
        self.ensure_one()
        flow = self._flow("orders")
        if not flow:
            raise UserError(self.env._("Channel %s has no active orders flow.", self.name))
        codec = self._codec()
        # sudo: reconciliation job, or action_pull_orders once it checked its caller
        Message = self.env["integration.message"].sudo()
        now = fields.Datetime.now()
        start = self.last_order_checkpoint or now - timedelta(days=1)
        since = start - timedelta(minutes=max(self.reconcile_overlap_minutes, 0))
        since_text = since.replace(microsecond=0).isoformat() + "Z"
        newest = self.last_order_checkpoint
        received = known = 0
        page_size = self._pull_page_size()
        for page in range(1, PULL_MAX_PAGES + 1):
            data = self._shop_get(
                codec._orders_path(), codec._orders_query(since_text, page, page_size)
            )
            orders = codec._orders_from_response(data)
            for order in orders:
                try:
                    channel_order = codec._map_shop_order(self, order)
                except OrderShapeError:
                    key = None  # unreadable: stored and parsed like any, so a person sees it
                    updated = None
                else:
                    key = codec._version_key(self, channel_order)
                    updated = channel_order.updated_at
                if key and Message.search_count(
                    [("flow_id", "=", flow.id), ("idempotency_key", "=", key)], limit=1
                ):
                    known += 1
                else:
                    flow._receive(
                        json.dumps(order).encode(),
                        idempotency_key=key,
                        headers={"X-Channel-Source": "reconciliation"},
                    )
                    received += 1
                if updated:
                    moment = parse_timestamp(updated).replace(tzinfo=None)
                    newest = max(newest, moment) if newest else moment
            if len(orders) < page_size:
                break
        if newest and newest != self.last_order_checkpoint:
            self.last_order_checkpoint = newest
        return {"received": received, "known": known}

    def _pull_page_size(self):
        return PULL_PAGE_SIZE

    def _shop_get(self, path, query):
        """GET a resource of the shop's API as JSON, behind the endpoint's circuit breaker."""
        self.ensure_one()
        endpoint = self.endpoint_id
        breaker = endpoint._circuit()
        allowed = breaker.allow_request(endpoint._now())
        endpoint._save_circuit(breaker)
        if not allowed:
            raise CircuitOpenError(
                self.env._("The circuit of endpoint %s is open.", endpoint.name),
                retry_after=breaker.retry_in(endpoint._now()),
            )
        url = (endpoint.url or "").rstrip("/") + path + "?" + urlencode(query)
        try:
            result = http_client.send(
                url,
                None,
                method="GET",
                headers={"Accept": "application/json"},
                auth=endpoint._auth_config(),
                timeout=(endpoint.timeout_connect or 5.0, endpoint.timeout_read or 30.0),
            )
        except TransportError as err:
            if err.retryable:
                breaker.record_failure(endpoint._now())
            else:
                breaker.record_success()
            endpoint._save_circuit(breaker)
            raise
        breaker.record_success()
        endpoint._save_circuit(breaker)
        try:
            return json.loads(result.body or b"null")
        except ValueError as err:
            raise ParseError(
                self.env._("The shop answered %s with something that is not JSON.", path)
            ) from err

    def action_pull_orders(self):
        self.ensure_one()
        check_group(self.env, USER_GROUP, self.env._("Pulling a channel's orders"))
        self.check_access("read")
        try:
            result = self._reconcile_orders()
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
