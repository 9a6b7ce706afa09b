# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.addons.integration_core.access import refuse_user_write
from odoo.exceptions import UserError

# Set by the pipeline (a failed payment), cleared by Release hold: never written by users.
HOLD_FIELDS = {"integration_hold", "integration_hold_reason"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    channel_id = fields.Many2one(
        "integration.channel",
        string="Sales channel",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    channel_order_id = fields.Char(string="Shop order ID", readonly=True, copy=False)
    channel_version = fields.Char(
        string="Shop version",
        readonly=True,
        copy=False,
        help="The shop's update time (UTC) of the version of the order applied last; older "
        "versions arriving later are ignored.",
    )
    channel_updated_at = fields.Datetime(string="Updated in the shop", readonly=True, copy=False)

    _sql_constraints = [
        (
            "channel_order_unique",
            "unique(channel_id, channel_order_id)",
            "This shop order already has a sale order.",
        ),
    ]

    integration_hold = fields.Boolean(
        string="On hold",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A payment of the order failed: it is not confirmed nor delivered until someone "
        "releases the hold.",
    )
    integration_hold_reason = fields.Char(string="Hold reason", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_user_write(self, HOLD_FIELDS & set(vals))
        return super().create(vals_list)

    def write(self, vals):
        refuse_user_write(self, HOLD_FIELDS & set(vals))
        return super().write(vals)

    def _integration_check_hold(self, action):
        held = self.filtered("integration_hold")
        if held:
            raise UserError(
                self.env._(
                    "%(action)s is blocked: %(orders)s on hold (%(reason)s). Release the hold "
                    "first.",
                    action=action,
                    orders=", ".join(held.mapped("name")),
                    reason="; ".join(filter(None, held.mapped("integration_hold_reason"))),
                )
            )

    def action_confirm(self):
        self._integration_check_hold(self.env._("Confirming"))
        return super().action_confirm()

    def _integration_put_on_hold(self, reason):
        """Pipeline: a payment failed."""
        # sudo: the pipeline's hold fields (see HOLD_FIELDS)
        self.sudo().write({"integration_hold": True, "integration_hold_reason": reason})
        for order in self:
            order.message_post(body=self.env._("Put on hold: %s", reason))

    def _integration_release_hold(self):
        """Clear the hold and close the exceptions that opened it (callers checked rights)."""
        held = self.sudo().filtered("integration_hold")
        held.write({"integration_hold": False, "integration_hold_reason": False})
        for order in held:
            order.message_post(body=self.env._("Hold released by %s.", self.env.user.name))
        self.env["integration.exception"].sudo().search(
            [("sale_order_id", "in", held.ids), ("cause", "=", "payment_failed")]
        )._resolve()
        return True

    def action_integration_release_hold(self):
        """Release the hold: for whoever may edit the orders (their company's, sales rights)."""
        self.check_access("write")
        return self._integration_release_hold()
