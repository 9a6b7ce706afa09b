# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

from ..services import availability


class IntegrationChannelStock(models.Model):
    """The available-to-sell figure a channel last acknowledged for one product.

    Publications send only the products whose figure differs from this one, so the shop is
    not flooded with unchanged levels.
    """

    _name = "integration.channel.stock"
    _description = "Published available to sell"
    _order = "channel_id, sku"
    _rec_name = "sku"

    channel_id = fields.Many2one(
        "integration.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True, readonly=True
    )
    sku = fields.Char(string="SKU", readonly=True)
    published_qty = fields.Integer(string="Published", readonly=True)
    published_at = fields.Datetime(readonly=True)
    message_id = fields.Many2one("integration.message", ondelete="set null", readonly=True)
    current_qty = fields.Integer(
        compute="_compute_current_qty",
        string="Available now",
        help="What the channel may sell now; it differs from the published figure until the "
        "next publication.",
    )

    _sql_constraints = [
        (
            "channel_product_unique",
            "unique(channel_id, product_id)",
            "One published figure per channel and product.",
        ),
    ]

    @api.depends_context("uid")
    def _compute_current_qty(self):
        for channel in self.channel_id:
            lines = self.filtered(lambda line, c=channel: line.channel_id == c)
            figures = self._available_figures(
                channel, {line.product_id.id: line.sku for line in lines}
            )
            for line in lines:
                line.current_qty = figures.get(line.product_id.id, ("", 0))[1]
        for line in self.filtered(lambda line: not line.channel_id):
            line.current_qty = 0

    # ------------------------------------------------------------------ figures of a channel
    @api.model
    def _publishes_any(self, channel, products):
        """Whether any of ``products`` is published on ``channel``."""
        if channel.publication_policy == "none" or not products:
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
                    ("partner_id", "=", channel.partner_id.id),
                    ("kind", "=", "product"),
                    ("product_id", "in", products.ids),
                ],
                limit=1,
            )
        )
        if mapped or channel.publication_policy == "mapped":
            return bool(mapped)
        return any(product.sale_ok and product.default_code for product in products)

    @api.model
    def _publication_products(self, channel):
        """``{product id: SKU}`` of what ``channel`` publishes.

        The SKU is the partner's product cross-reference, else the internal reference. When
        two products would share a SKU, the first (lowest id) is published.
        """
        if channel.publication_policy == "none":
            return {}
        xrefs = (
            self.env["integration.xref"]
            # sudo: publication job: the channel partner's own cross-references
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "=", channel.partner_id.id),
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
        if channel.publication_policy == "mapped":
            products = Product.search_fetch(
                [("id", "in", list(mapped)), ("is_storable", "=", True)], ["default_code"]
            )
        else:
            products = Product.search_fetch(
                [
                    ("is_storable", "=", True),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [False, channel.company_id.id]),
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

    @api.model
    def _free_quantities(self, channel, product_ids=None):
        """``{product id: on hand - reserved}`` in the stock locations of the channel's
        warehouses: one read_group over the quants, as product ``free_qty`` computes it."""
        if not channel.warehouse_ids:
            return {}
        domain = [
            ("location_id", "child_of", channel.warehouse_ids.lot_stock_id.ids),
            ("location_id.usage", "=", "internal"),
        ]
        if product_ids is not None:
            domain.append(("product_id", "in", list(product_ids)))
        rows = (
            self.env["stock.quant"]
            # sudo: publication job: free quantities of the channel's warehouses
            .sudo()
            ._read_group(domain, ["product_id"], ["quantity:sum", "reserved_quantity:sum"])
        )
        return availability.free_quantities(
            (product.id, quantity, reserved) for product, quantity, reserved in rows
        )

    @api.model
    def _available_figures(self, channel, products):
        """``{product id: (SKU, available to sell)}`` on ``channel`` for ``{product id: SKU}``."""
        # A handful of products (one batch): filter the quants; all of them: scan once.
        scope = list(products) if len(products) <= 1000 else None
        figures = availability.figures(
            products, self._free_quantities(channel, scope), channel.safety_stock
        )
        return {product_id: (products[product_id], qty) for product_id, qty in figures.items()}

    @api.model
    def _published_figures(self, channel):
        """``{product id: (SKU, figure)}`` as last acknowledged by the shop."""
        # sudo: publication job: what this channel published last
        lines = self.sudo().search_fetch(
            [("channel_id", "=", channel.id)], ["product_id", "sku", "published_qty"]
        )
        return {line.product_id.id: (line.sku, line.published_qty) for line in lines}

    @api.model
    def _record_published(self, channel, items, message):
        """Remember the figures ``[(product id, SKU, figure)]`` the shop acknowledged."""
        # sudo: the send step records what the shop acknowledged
        Stock = self.sudo()
        product_ids = [product_id for product_id, _sku, _qty in items]
        existing = {
            line.product_id.id: line
            for line in Stock.search(
                [("channel_id", "=", channel.id), ("product_id", "in", product_ids)]
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
                        "channel_id": channel.id,
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
