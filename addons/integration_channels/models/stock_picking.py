# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        """A delivery of an order on hold (failed payment) is not validated."""
        self.filtered(lambda p: p.picking_type_code == "outgoing").sale_id._integration_check_hold(
            self.env._("Validating the delivery")
        )
        return super().button_validate()

    def _integration_return_received(self):
        """A shop's refund is recorded on its order once the goods are back: the credit
        note carries the shop's refund id, the order's chatter says so."""
        result = super()._integration_return_received()
        for picking in self.filtered(lambda p: p.sale_id.channel_id and p.integration_refund_ref):
            credit = picking.integration_credit_note_id
            # sudo: private, called when a return is validated: the credit note and the
            # order's chatter, whoever validated it
            credit.sudo().channel_refund_id = picking.integration_refund_ref
            picking.sale_id.sudo().message_post(
                body=self.env._(
                    "Shop refund %(refund)s: return %(picking)s received, credit note %(credit)s.",
                    refund=picking.integration_refund_ref,
                    picking=picking.name,
                    credit=credit.name or self.env._("none (nothing invoiced)"),
                )
            )
        return result
