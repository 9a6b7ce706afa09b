# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields, models
from odoo.exceptions import UserError

PURCHASE_KINDS = [
    ("ack", "Acknowledgement differs from the order"),
    ("bill", "Invoice differs from order and receipts"),
]


class IntegrationException(models.Model):
    """A supplier's document that differs from our purchase order beyond the supplier's
    tolerances: what was ordered and what the supplier says, side by side, for a person to
    Accept or Reject.

    These exceptions belong to the purchase order (or bill), not to the supplier's message:
    the message was processed (what was within tolerance is applied), the decision is open.
    """

    _inherit = "integration.exception"

    purchase_kind = fields.Selection(PURCHASE_KINDS, readonly=True, index="btree_not_null")
    purchase_order_id = fields.Many2one(
        "purchase.order", string="Purchase order", readonly=True, index="btree_not_null"
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", string="Purchase order line", readonly=True
    )
    purchase_bill_id = fields.Many2one(
        "account.move", string="Vendor bill", readonly=True, index="btree_not_null"
    )
    purchase_message_id = fields.Many2one(
        "integration.message",
        string="Supplier document",
        readonly=True,
        help="The supplier's acknowledgement or invoice that differs.",
    )
    purchase_comparison = fields.Html(
        string="Ordered vs supplier",
        readonly=True,
        sanitize=True,
        help="Our figures and the supplier's, side by side.",
    )
    purchase_proposal = fields.Json(
        readonly=True, help="What Accept writes on the purchase order line."
    )
    purchase_decision = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected")], readonly=True, tracking=True
    )

    # ------------------------------------------------------------------ opening
    def _open_purchase(self, kind, record, message, line_ref, explanation, rows, **values):
        """Open (or refresh) the one exception of ``kind`` for ``record`` (a purchase order
        line or a bill) and ``line_ref``. ``rows``: (line, what, ours, theirs) to compare.
        Private: called by the purchase processors within the pipeline."""
        cause = f"purchase:{kind}:{record._name}:{record.id}:{line_ref}"
        order = record.order_id if record._name == "purchase.order.line" else record
        values = self._business_rule_values(
            message,
            explanation,
            purchase_kind=kind,
            purchase_message_id=message.id,
            purchase_comparison=self._purchase_table(kind, rows),
            **values,
        )
        if record._name == "purchase.order.line":
            values.update(purchase_line_id=record.id, purchase_order_id=order.id)
        else:
            values.update(
                purchase_bill_id=record.id,
                purchase_order_id=record.invoice_line_ids.purchase_order_id[:1].id,
            )
        name = (
            self.env._("%(record)s, line %(line)s", record=order.display_name, line=line_ref)
            if line_ref
            else order.display_name
        )
        return self._open_by_cause(message, cause, name, values)

    def _purchase_table(self, kind, rows):
        if kind == "ack":
            headers = (
                self.env._("Line"),
                self.env._("Figure"),
                self.env._("Ordered"),
                self.env._("Acknowledged"),
            )
        else:
            headers = (
                self.env._("Line"),
                self.env._("Figure"),
                self.env._("Expected"),
                self.env._("Invoiced"),
            )
        return self._html_table("o_purchase_comparison", headers, rows)

    # ------------------------------------------------------------------ actions
    def action_purchase_accept(self):
        """Take the supplier's figures: the order line gets the acknowledged values (a
        rejected line: nothing more is expected of it); a bill is posted as invoiced."""
        exceptions = self._purchase_checked(self.env._("Accepting a supplier's figures"))
        for exception in exceptions:
            if exception.purchase_kind == "ack":
                exception._purchase_apply_proposal()
            else:
                exception.purchase_bill_id.action_post()
        exceptions._purchase_close("accepted")
        return True

    def action_purchase_reject(self):
        """Keep our figures: the order line stays as ordered (tell the supplier); a bill is
        cancelled (ask the supplier for a corrected invoice)."""
        exceptions = self._purchase_checked(self.env._("Rejecting a supplier's figures"))
        for exception in exceptions.filtered(lambda e: e.purchase_kind == "bill"):
            exception.purchase_bill_id.button_cancel()
        exceptions._purchase_close("rejected")
        return True

    def _purchase_checked(self, action):
        """These exceptions as the pipeline, once the caller may decide them: an integration
        user who may write them and the purchase orders or bills they are about."""
        exceptions = self._checked_for(action)
        self._check_open()
        if exceptions.filtered(lambda e: not e.purchase_kind):
            raise UserError(self.env._("Accept and Reject are for supplier differences only."))
        self.purchase_order_id.check_access("write")
        self.purchase_bill_id.check_access("write")
        return exceptions

    def _purchase_apply_proposal(self):
        line = self.purchase_line_id
        proposal = dict(self.purchase_proposal or {})
        if proposal.pop("rejected", False):
            proposal["product_qty"] = line.qty_received
        line._purchase_apply(proposal)

    def _purchase_close(self, decision):
        self.write(
            {
                "purchase_decision": decision,
                "state": "resolved",
                "resolved_at": fields.Datetime.now(),
            }
        )
        for exception in self:
            record = exception.purchase_bill_id or exception.purchase_order_id
            record.message_post(
                body=self.env._(
                    "%(user)s %(decision)s the supplier's figures (%(name)s).",
                    user=self.env.user.name,
                    decision=dict(self._fields["purchase_decision"].selection)[decision].lower(),
                    name=exception.name,
                )
            )
        self.purchase_order_id._purchase_ack_settled()
