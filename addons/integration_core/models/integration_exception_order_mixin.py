# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .integration_order_change import DECISIONS


def _number(value):
    """A canonical quantity or amount (JSON keeps decimals as text) as a float; None when
    absent or masked."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class IntegrationExceptionOrderMixin(models.AbstractModel):
    """What an exception shows and decides of a customer's order: the order waiting for
    approval, the partner's description of an unmapped item, the decision on an order change
    that can no longer be applied in full. Inherited by ``integration.exception`` only."""

    _name = "integration.exception.order.mixin"
    _description = "Integration exception: the order it is about"

    line_description = fields.Char(
        compute="_compute_line_description",
        string="Partner's description",
        help="How the partner's document describes the item of the unmapped code.",
    )
    order_html = fields.Html(
        compute="_compute_order_html",
        sanitize=False,
        string="Order",
        help="The order waiting for approval: customer, lines and amounts.",
    )
    order_change_pending = fields.Boolean(
        compute="_compute_order_change_pending",
        help="A customer's order change that can no longer be applied in full waits for a "
        "decision: Apply what still can, or Reject change.",
    )
    order_change_decision = fields.Selection(
        DECISIONS, readonly=True, tracking=True, help="What a person decided for the change."
    )

    @api.depends("message_id", "xref_kind", "external_code")
    @api.depends_context("uid")
    def _compute_line_description(self):
        for exception in self:
            canonical = exception.message_id and exception.message_id._shown_canonical()
            lines = canonical.get("lines") if isinstance(canonical, dict) else None
            exception.line_description = next(
                (
                    line.get("description")
                    for line in lines or ()
                    if isinstance(line, dict)
                    and exception.xref_kind == "product"
                    and line.get("product_code") == exception.external_code
                    and line.get("description")
                ),
                False,
            )

    @api.depends("message_id", "category")
    @api.depends_context("uid")
    def _compute_order_html(self):
        for exception in self:
            message = exception.message_id
            canonical = (
                message._shown_canonical()
                if exception.category == "approval" and message.document_type == "order"
                else None
            )
            exception.order_html = (
                self._order_table(message, canonical) if isinstance(canonical, dict) else False
            )

    @api.model
    def _order_table(self, message, order):
        """The order a person approves, as it will be processed: customer, each line with
        the Odoo product its code stands for, quantity and price, and the amounts."""
        lines = [line for line in order.get("lines") or () if isinstance(line, dict)]
        products = self.env["integration.xref"]._resolve_products(
            message.partner_id, [line.get("product_code") for line in lines]
        )
        rows, total = [], 0.0
        for line in lines:
            code = line.get("product_code") or ""
            product = products.get(code)
            quantity, price = _number(line.get("quantity")), _number(line.get("unit_price"))
            amount = quantity * price if quantity is not None and price is not None else None
            total += amount or 0.0
            rows.append(
                (
                    f"[{code}] {product.display_name}"
                    if product
                    else self.env._("%s (not mapped)", code),
                    line.get("description") or "",
                    f"{line.get('quantity') or ''} {line.get('uom_code') or ''}".strip(),
                    "" if price is None else f"{price:.2f}",
                    "" if amount is None else f"{amount:.2f}",
                )
            )
        amounts = [(self.env._("Lines"), total)]
        shipping = _number((order.get("shipping") or {}).get("amount"))
        discount = _number(order.get("discount_amount"))
        if shipping:
            amounts.append((self.env._("Shipping"), shipping))
        if discount:
            amounts.append((self.env._("Discount"), -discount))
        amounts.append((self.env._("Total"), sum(value for _label, value in amounts)))
        customer = order.get("customer") or {}
        header = Markup("<p><strong>%s</strong> %s &#8212; %s %s</p>") % (
            self.env._("Customer:"),
            customer.get("name") or "",
            self.env._("order"),
            order.get("order_ref") or "",
        )
        return (
            header
            + self._html_table(
                "o_integration_order_lines",
                [
                    self.env._("Product"),
                    self.env._("Description"),
                    self.env._("Quantity"),
                    self.env._("Unit price"),
                    self.env._("Amount"),
                ],
                rows,
            )
            + self._html_table(
                "o_integration_order_amounts w-auto",
                [self.env._("Amounts"), order.get("currency") or ""],
                [(label, f"{value:.2f}") for label, value in amounts],
            )
        )

    @api.depends("message_id.state", "category", "state")
    def _compute_order_change_pending(self):
        for exception in self:
            # sudo: whether the failed message is a customer's change (its canonical purpose)
            message = exception.message_id.sudo()
            exception.order_change_pending = bool(
                exception._still_open()
                and exception.category == "business_rule"
                and message.state == "failed"
                and message.last_step == "process"
                and message.document_type == "order"
                and (message.canonical or {}).get("purpose") in ("change", "cancel")
            )

    def action_order_change_apply_possible(self):
        """Apply the changes nothing picked or shipped stands in the way of; the answer to
        the customer refuses the others."""
        return self._order_change_decide("partial", self.env._("Applying what still can"))

    def action_order_change_reject(self):
        """Change nothing; the answer to the customer refuses the change."""
        return self._order_change_decide("reject", self.env._("Rejecting an order change"))

    def _order_change_decide(self, decision, action):
        exceptions = self._checked_for(action)
        self._check_open()
        if not all(self.mapped("order_change_pending")):
            raise UserError(self.env._("These exceptions are not about a customer's order change."))
        # The sale orders the decisions change: the caller must be allowed to change them.
        order_ids = [(m.sudo().mapped_values or {}).get("order_id") for m in self.message_id]
        self.env["sale.order"].browse([i for i in order_ids if i]).check_access("write")
        exceptions.write(
            {
                "order_change_decision": decision,
                "state": "in_progress",
                "retried_by_id": self.env.uid,
            }
        )
        self.message_id.action_retry()
        return True
