# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "integration.record.mixin"]

    integration_test = fields.Boolean(
        string="Test order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Created by a partner's test traffic: a quotation that is never confirmed.",
    )
    integration_milestone_ids = fields.One2many(
        "integration.delivery.milestone",
        "sale_id",
        string="Carrier milestones",
        groups="integration_core.group_integration_user",
    )

    def _integration_mark_test(self):
        """Keep test traffic's order a quotation, flagged and tagged Test."""
        tag = self.env.ref("integration_core.crm_tag_integration_test", raise_if_not_found=False)
        values = {"integration_test": True}
        if tag:
            values["tag_ids"] = [fields.Command.link(tag.id)]
        self.write(values)

    def action_confirm(self):
        test = self.filtered("integration_test")
        if test:
            raise UserError(
                self.env._(
                    "%s came from a partner's test traffic: a test order is never confirmed.",
                    ", ".join(test.mapped("name")),
                )
            )
        result = super().action_confirm()
        self.filtered(lambda order: order.state == "sale")._integration_publish("order_confirmed")
        return result


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    integration_line_ref = fields.Char(
        string="Partner line number", copy=False, help="Echoed in acknowledgements and ASNs."
    )
