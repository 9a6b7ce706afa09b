# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.access import refuse_user_write

from .purchase_order import SILENT

# Line fields whose change alters what the supplier must deliver or invoice.
WATCHED_FIELDS = ("product_id", "product_qty", "product_uom", "price_unit", "date_planned")


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    integration_line_ref = fields.Char(
        string="Line number (supplier)",
        copy=False,
        readonly=True,
        help="The line number sent to the supplier; its acknowledgements, ship notices and "
        "invoices refer back to the line by it.",
    )

    def _integration_line_ref(self):
        """The line's number on the order sent to the supplier: 1, 2... in the order of the
        lines, kept once given (a later line gets the next one)."""
        self.ensure_one()
        if not self.integration_line_ref:
            taken = [
                int(ref)
                for ref in self.order_id.order_line.mapped("integration_line_ref")
                if ref and ref.isdigit()
            ]
            # sudo: private, for the builder: the line number is set once
            self.sudo().integration_line_ref = str(max(taken, default=0) + 1)
        return self.integration_line_ref

    def _purchase_apply(self, values):
        """Write what the supplier acknowledged (no change order goes back for it); a
        substitute item also replaces the one the receipt still expects."""
        self.ensure_one()
        line = self.with_context(**{SILENT: True})
        values = dict(values)
        product = self.env["product.product"].browse(values.pop("product_id", None) or [])
        if values:
            line.write(values)
        if product and product != self.product_id:
            self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
            line.write({"product_id": product.id, "name": product.display_name})
            line._create_or_update_picking()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get(SILENT):
            lines.order_id._purchase_changed()
        return lines

    def write(self, vals):
        refuse_user_write(self, set(vals) & {"integration_line_ref"})
        result = super().write(vals)
        if not self.env.context.get(SILENT) and any(name in vals for name in WATCHED_FIELDS):
            self.order_id._purchase_changed()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        if not self.env.context.get(SILENT):
            orders.exists()._purchase_changed()
        return result
