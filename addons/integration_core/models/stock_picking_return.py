# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.fields import Command


class StockPicking(models.Model):
    """A customer's return authorisation on the return picking it created; once received,
    the credit note of what came back and the ``return_received`` event."""

    _inherit = "stock.picking"

    integration_rma_ref = fields.Char(
        string="Return authorisation",
        copy=False,
        index="btree_not_null",
        help="The customer's return authorisation (RMA) number this return picking is for.",
    )
    integration_return_action = fields.Selection(
        [("credit", "Credit"), ("replace", "Replace")],
        string="Customer asks for",
        copy=False,
    )
    integration_refund_ref = fields.Char(
        string="Shop refund",
        copy=False,
        help="The shop's id of the refund this return belongs to.",
    )
    integration_credit_note_id = fields.Many2one(
        "account.move",
        string="Credit note",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )

    def _action_done(self):
        result = super()._action_done()
        self.filtered(
            lambda p: p.state == "done" and p.integration_rma_ref
        )._integration_return_received()
        return result

    def _integration_return_received(self):
        """Credit what came back (when the customer asked for a credit), then publish
        ``return_received`` so outbound flows acknowledge the return."""
        for picking in self.filtered(lambda p: p.integration_return_action == "credit"):
            picking._integration_credit_note()
        self._integration_publish("return_received")

    def _integration_credit_note(self):
        """A posted credit note of the returned quantities from the sale order's own lines,
        reversing the order's last posted invoice; none when nothing was invoiced."""
        self.ensure_one()
        # sudo: private, called when a return is validated; the warehouse user who
        # validates it need not be an accountant, and the order's invoice is credited
        order = self.sale_id.sudo().with_company(self.sale_id.company_id)
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        ).sorted("id")[-1:]
        moves = self.move_ids.filtered(lambda m: m.state == "done" and m.sale_line_id)
        if not invoice or not moves:
            self.message_post(
                body=self.env._("Return %s: no posted invoice to credit.", self.integration_rma_ref)
            )
            return
        lines = [
            Command.create(
                move.sale_line_id._prepare_invoice_line(
                    quantity=move.product_uom._compute_quantity(
                        move.quantity, move.sale_line_id.product_uom
                    )
                )
            )
            for move in moves
        ]
        values = order._prepare_invoice()
        values.update(
            move_type="out_refund",
            invoice_line_ids=lines,
            reversed_entry_id=invoice.id,
            ref=self.env._(
                "Return %(rma)s (%(picking)s)", rma=self.integration_rma_ref, picking=self.name
            ),
        )
        credit = self.env["account.move"].sudo().with_company(order.company_id).create(values)
        credit.action_post()
        self.sudo().integration_credit_note_id = credit
        self.message_post(
            body=self.env._(
                "Return %(rma)s received: credit note %(credit)s of invoice %(invoice)s.",
                rma=self.integration_rma_ref,
                credit=credit.name,
                invoice=invoice.name,
            )
        )
