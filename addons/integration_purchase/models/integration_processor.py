# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError, MappingError


class IntegrationProcessor(models.AbstractModel):
    """What the supplier-side processors share: the purchase order a supplier's document is
    about, and its lines by the numbers we sent."""

    _inherit = "integration.processor"

    def _purchase_order(self, message, order_ref):
        """Our purchase order ``order_ref`` to the message's supplier, in its company."""
        vendor = message.partner_id.partner_id
        if not vendor:
            raise MappingError(
                self.env._(
                    "%s has no contact: link the supplier's contact on the integration partner.",
                    message.partner_id.name,
                ),
                hint=self.env._("Set the partner's Contact to the vendor, then Retry."),
            )
        # sudo: a pipeline step (private): the supplier's own purchase orders
        order = (
            self.env["purchase.order"]
            .sudo()
            .search(
                [
                    ("name", "=", order_ref),
                    ("company_id", "=", message.company_id.id),
                    ("partner_id", "child_of", vendor.commercial_partner_id.id),
                ],
                limit=1,
            )
        )
        if not order:
            raise BusinessRuleError(
                self.env._(
                    "%(partner)s refers to purchase order %(ref)s, and %(company)s has no "
                    "such order to %(vendor)s.",
                    partner=message.partner_id.name,
                    ref=order_ref or "?",
                    company=message.company_id.name,
                    vendor=vendor.display_name,
                ),
                hint=self.env._(
                    "Check the order number with the supplier; Ignore the document or ask "
                    "for a corrected one (Edit payload), then Retry."
                ),
            )
        return order

    def _purchase_line(self, message, order, line_ref):
        """The line of ``order`` the supplier calls ``line_ref`` (the number we sent)."""
        line = order.order_line.filtered(
            lambda pol: pol.integration_line_ref == line_ref and not pol.display_type
        )[:1]
        if not line:
            raise BusinessRuleError(
                self.env._(
                    "%(partner)s refers to line %(line)s of %(order)s, and the order has no "
                    "such line.",
                    partner=message.partner_id.name,
                    line=line_ref,
                    order=order.name,
                ),
                hint=self.env._(
                    "Ask the supplier which line it means; correct the document (Edit "
                    "payload) and Retry, or Ignore it."
                ),
            )
        return line

    def _purchase_supplier_product(self, message, order, code):
        """Our product for the supplier's item ``code``: its vendor pricelist, else the
        partner's cross-references, our references and barcodes."""
        # sudo: a pipeline step (private): the supplier's item codes
        info = (
            self.env["product.supplierinfo"]
            .sudo()
            .search(
                [
                    ("product_code", "=", code),
                    ("partner_id", "child_of", order.partner_id.commercial_partner_id.id),
                ],
                limit=1,
            )
        )
        product = info.product_id or info.product_tmpl_id.product_variant_id
        if not product:
            product = self.env["integration.xref"]._resolve_products(message.partner_id, {code})
            product = product.get(code)
        if not product:
            raise MappingError(
                self.env._("Item %s of the supplier is not known.", code),
                hint=self.env._(
                    "Add the code to the product's vendor pricelist or map it (Fix "
                    "cross-reference), then Retry."
                ),
                xref_kind="product",
                external_code=code,
            )
        return product
