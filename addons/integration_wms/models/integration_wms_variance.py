# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.access import MANAGER_GROUP, check_group, refuse_user_write
from odoo.exceptions import UserError

VARIANCE_STATES = [
    ("reported", "Reported"),
    ("adjusted", "Adjusted"),
    ("to_approve", "To approve"),
    ("approved", "Approved and adjusted"),
    ("rejected", "Rejected"),
    ("superseded", "Superseded"),
]


class IntegrationWmsVariance(models.Model):
    """One difference between an external warehouse's inventory snapshot and Odoo's stock."""

    _name = "integration.wms.variance"
    _description = "Inventory Variance"
    _order = "as_of desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    message_id = fields.Many2one(
        "integration.message",
        string="Snapshot",
        readonly=True,
        index=True,
        ondelete="set null",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "integration.partner", readonly=True, index=True, check_company=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    location_id = fields.Many2one("stock.location", required=True, readonly=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Product category")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    lot_name = fields.Char(string="Lot/Serial name", readonly=True)
    wms_quantity = fields.Float(
        string="Warehouse count", digits="Product Unit of Measure", readonly=True
    )
    odoo_quantity = fields.Float(
        string="Odoo quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="Odoo's quantity at the time of the snapshot.",
    )
    difference = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Warehouse count less Odoo quantity: what Odoo must add to agree.",
    )
    value_difference = fields.Monetary(
        string="Value",
        compute="_compute_value_difference",
        store=True,
        help="The difference at the product's cost.",
    )
    as_of = fields.Datetime(string="Counted on", readonly=True, index=True)
    state = fields.Selection(
        VARIANCE_STATES, required=True, readonly=True, index=True, default="reported"
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decided_at = fields.Datetime(string="Decided on", readonly=True)

    @api.depends("difference", "product_id")
    def _compute_value_difference(self):
        for variance in self:
            cost = variance.product_id.with_company(variance.company_id).standard_price
            variance.value_difference = variance.difference * cost

    def write(self, vals):
        """A variance records a snapshot and its decision: written by the pipeline and the
        approve/reject actions only."""
        refuse_user_write(self, set(vals))
        return super().write(vals)

    # ------------------------------------------------------------------ decisions
    def action_approve(self):
        """Apply the warehouse's counts to Odoo's stock (integration managers only)."""
        variances = self._check_manager()
        to_approve = variances.filtered(lambda v: v.state == "to_approve")
        if not to_approve:
            raise UserError(self.env._("None of these variances waits for approval."))
        to_approve._apply_adjustments(
            self.env._("Inventory variance approved by %s", self.env.user.name)
        )
        to_approve.write(
            {
                "state": "approved",
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
        )
        return True

    def action_reject(self):
        """Keep Odoo's quantities: the warehouse's count is not taken."""
        variances = self._check_manager()
        variances.filtered(lambda v: v.state == "to_approve").write(
            {
                "state": "rejected",
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
        )
        return True

    def _check_manager(self):
        """These variances as the pipeline, once the caller (an integration manager who may
        write them, company rules included) may decide them."""
        check_group(self.env, MANAGER_GROUP, self.env._("Deciding an inventory variance"))
        self.check_access("write")
        return self.sudo()

    def _apply_adjustments(self, reason):
        """Adjust Odoo's stock by each variance's difference, through inventory mode.

        The difference, not the warehouse's count, is applied, so that whatever moved since
        the snapshot stays counted.
        """
        # sudo: private, run by action_approve once it checked its caller
        Quant = self.env["stock.quant"].sudo()
        targets = {}
        for variance in self:
            lot = variance.lot_id or variance._lot_for_adjustment()
            quant = Quant._gather(
                variance.product_id, variance.location_id, lot_id=lot, strict=True
            ).filtered(lambda q: not q.package_id and not q.owner_id)[:1]
            if not quant:
                quant = Quant.create(
                    {
                        "product_id": variance.product_id.id,
                        "location_id": variance.location_id.id,
                        "lot_id": lot.id,
                    }
                )
            base = targets.get(quant, quant.quantity)
            targets[quant] = base + variance.difference
        quants = Quant
        for quant, target in targets.items():
            quant.inventory_quantity = target
            quants |= quant
        result = quants.with_context(inventory_name=reason).action_apply_inventory()
        if isinstance(result, dict):
            quants.write({"inventory_quantity": 0, "inventory_quantity_set": False})
            raise UserError(
                self.env._(
                    "Odoo needs a person to confirm these adjustments (%s): apply them from "
                    "Inventory › Physical Inventory.",
                    result.get("name"),
                )
            )
        return True

    def _lot_for_adjustment(self):
        """The lot the warehouse named, created when Odoo does not know it yet."""
        self.ensure_one()
        if not self.lot_name or self.product_id.tracking == "none":
            return self.env["stock.lot"]
        lot = (
            self.env["stock.lot"]
            # sudo: private, run by action_approve once it checked its caller
            .sudo()
            .create(
                {
                    "name": self.lot_name,
                    "product_id": self.product_id.id,
                    "company_id": self.company_id.id,
                }
            )
        )
        self.lot_id = lot
        return lot
