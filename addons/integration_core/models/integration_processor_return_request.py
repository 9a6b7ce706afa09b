# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import float_compare, float_is_zero

from ..services.errors import BusinessRuleError, DuplicateError, MappingError
from ..services.plugins import ProcessResult


class IntegrationProcessorReturnRequest(models.AbstractModel):
    """Canonical return request → return picking(s) against the customer's own done
    deliveries, made by Odoo's return wizard, with the lots and serial numbers shipped.

    The map step checks every line against what was really shipped to that customer (less
    what already came back): a line that was not is refused with all the others, so
    nothing is created for a return that is partly wrong.
    """

    _name = "integration.processor.return_request"
    _inherit = "integration.processor"
    _description = "Return request processor"

    # ------------------------------------------------------------------ map
    def _map(self, message, document):
        customer = self._return_customer(message, document)
        self._check_duplicate(document, customer)
        deliveries = self._deliveries(message, document, customer)
        products = self._products(message, document.lines)
        available = self._returnable(deliveries)
        problems, allocations = [], []
        for line in document.lines:
            taken, problem = self._allocate(message, line, products[line.product_code], available)
            if problem:
                problems.append(problem)
            allocations += taken
        if problems or not deliveries:
            raise BusinessRuleError(
                self.env._(
                    "Return %(rma)s of %(customer)s asks for goods never shipped to them "
                    "(%(where)s): %(problems)s. Nothing was created.",
                    rma=document.rma_ref,
                    customer=customer.display_name,
                    where=self._where(document, deliveries),
                    problems="; ".join(problems)
                    or self.env._("no done delivery of that order or shipment"),
                ),
                hint=self.env._(
                    "Check the order and shipment numbers with the customer; once the return "
                    "names goods shipped to them, Edit payload and Retry, or Ignore it."
                ),
            )
        return {
            "customer_id": customer.id,
            "action": document.action,
            "moves": allocations,
        }

    def _check_duplicate(self, document, customer):
        existing = (
            self.env["stock.picking"]
            # sudo: a pipeline step (private): is this return already in Odoo
            .sudo()
            .search(
                [
                    ("integration_rma_ref", "=", document.rma_ref),
                    ("partner_id", "child_of", customer.commercial_partner_id.id),
                    ("state", "!=", "cancel"),
                ],
                limit=1,
            )
        )
        if existing:
            raise DuplicateError(
                self.env._(
                    "Return %(rma)s of %(customer)s already exists as %(picking)s.",
                    rma=document.rma_ref,
                    customer=customer.display_name,
                    picking=existing.name,
                ),
                hint=self.env._("Ignore this message unless the customer sent a new return."),
            )

    def _return_customer(self, message, document):
        """Who returns the goods: the document's customer, as the order processor finds it.
        A variant whose documents name only the order (a shop's refund) finds it there."""
        if not document.customer:
            raise MappingError(
                self.env._("Return %s names no customer.", document.rma_ref),
                hint=self.env._("Edit payload to add the customer, then Retry."),
            )
        return self.env["integration.processor.order"]._map_customer(message, document.customer)

    def _orders(self, message, document, customer):
        """The customer's confirmed sale orders the return's ``order_ref`` names: its own
        order number, or ours."""
        return (
            self.env["sale.order"]
            # sudo: a pipeline step (private): the customer's own order of that number
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", customer.commercial_partner_id.id),
                    ("state", "=", "sale"),
                    "|",
                    ("client_order_ref", "=", document.order_ref),
                    ("name", "=", document.order_ref),
                ]
            )
        )

    def _deliveries(self, message, document, customer):
        """The done deliveries to ``customer`` the return names: its shipment, else those
        of its order."""
        # sudo: a pipeline step (private): the customer's own deliveries
        Picking = self.env["stock.picking"].sudo()
        domain = [
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "done"),
            ("partner_id", "child_of", customer.commercial_partner_id.id),
            ("company_id", "in", self._companies(message).ids),
        ]
        if document.shipment_ref:
            return Picking.search([*domain, ("name", "=", document.shipment_ref)])
        orders = self._orders(message, document, customer)
        return Picking.search([*domain, ("sale_id", "in", orders.ids)], order="date_done, id")

    def _companies(self, message):
        """Where the customer's deliveries may be: the companies its orders go to."""
        return self.env["integration.processor.order"]._routing_targets(message)

    def _where(self, document, deliveries):
        names = ", ".join(deliveries.mapped("name"))
        if document.shipment_ref:
            return self.env._("shipment %s", document.shipment_ref)
        if names:
            return self.env._(
                "order %(order)s, delivered by %(names)s", order=document.order_ref, names=names
            )
        return self.env._("order %s", document.order_ref)

    def _products(self, message, lines):
        products = self.env["integration.xref"]._resolve_products(
            message.partner_id, {line.product_code for line in lines}
        )
        for line in lines:
            if line.product_code not in products:
                raise self._unknown_product(message, line)
        return products

    def _returnable(self, deliveries):
        """{move: {lot or False: quantity in the product's unit}}: what each done move
        shipped, less what its returns (done or under way) already take back."""
        available = {}
        for move in deliveries.move_ids.filtered(lambda m: m.state == "done"):
            parts = {}
            for move_line in move.move_line_ids:
                quantity = move_line.product_uom_id._compute_quantity(
                    move_line.quantity, move.product_id.uom_id
                )
                parts[move_line.lot_id] = parts.get(move_line.lot_id, 0.0) + quantity
            for returned in move.returned_move_ids.filtered(lambda m: m.state != "cancel"):
                if not returned.move_line_ids:  # not reserved yet: what it asks for
                    self._take(parts, returned.product_qty)
                for move_line in returned.move_line_ids:
                    quantity = move_line.product_uom_id._compute_quantity(
                        move_line.quantity, move.product_id.uom_id
                    )
                    if move_line.lot_id in parts:
                        parts[move_line.lot_id] -= quantity
                    else:
                        self._take(parts, quantity)
            available[move] = parts
        return available

    @staticmethod
    def _take(parts, quantity):
        for lot in parts:
            used = min(parts[lot], quantity)
            parts[lot] -= used
            quantity -= used

    def _allocate(self, message, line, product, available):
        """The parts of the customer's deliveries ``line`` returns, taken off ``available``:
        (allocations, None), or ([], why the line cannot be returned)."""
        uom = self.env["integration.xref"]._resolve_uom(message.partner_id, line.uom_code)
        uom = uom or product.uom_id
        wanted = uom._compute_quantity(float(line.quantity), product.uom_id)
        rounding = product.uom_id.rounding
        moves = [m for m in available if m.product_id == product]
        if product.tracking == "none":
            requests = [(False, wanted)]  # lots of an untracked product mean nothing here
        elif line.lots:
            requests = [
                (lot.lot_name, uom._compute_quantity(float(lot.quantity), product.uom_id))
                for lot in line.lots
            ]
        else:
            requests = [(None, wanted)]  # the lots shipped, first delivered first
        taken = []
        for lot_name, quantity in requests:
            remaining = quantity
            for move in moves:
                for lot, left in available[move].items():
                    if float_is_zero(left, precision_rounding=rounding):
                        continue
                    if lot_name and lot.name != lot_name:
                        continue
                    used = min(left, remaining)
                    available[move][lot] -= used
                    remaining -= used
                    taken.append(
                        {
                            "move_id": move.id,
                            "lot_id": lot.id or False,
                            "quantity": used,
                            "line_ref": line.line_ref,
                        }
                    )
                    if float_is_zero(remaining, precision_rounding=rounding):
                        break
                if float_is_zero(remaining, precision_rounding=rounding):
                    break
            if float_compare(remaining, 0.0, precision_rounding=rounding) > 0:
                return [], self._not_shipped(line, product, lot_name, quantity, remaining)
        return taken, None

    def _not_shipped(self, line, product, lot_name, quantity, remaining):
        shipped = quantity - remaining
        if lot_name:
            return self.env._(
                "line %(line)s: %(qty)s of %(product)s with lot/serial %(lot)s, %(shipped)s "
                "shipped and not yet returned",
                line=line.line_ref,
                qty=quantity,
                product=product.display_name,
                lot=lot_name,
                shipped=shipped,
            )
        return self.env._(
            "line %(line)s: %(qty)s of %(product)s, %(shipped)s shipped and not yet returned",
            line=line.line_ref,
            qty=quantity,
            product=product.display_name,
            shipped=shipped,
        )

    # ------------------------------------------------------------------ process
    def _process(self, message, document, mapped):
        # sudo: the process step (private); the moves were the customer's deliveries' own
        Move = self.env["stock.move"].sudo()
        by_delivery = {}
        for part in mapped["moves"]:
            move = Move.browse(part["move_id"]).exists()
            if not move or move.state != "done":
                raise BusinessRuleError(
                    self.env._("A delivery move of this return changed since it was mapped."),
                    hint=self.env._("Retry: the message is mapped again."),
                )
            by_delivery.setdefault(move.picking_id, []).append((move, part))
        pickings = self.env["stock.picking"]
        for delivery, parts in by_delivery.items():
            self._check_company(message, delivery, allowed=self._companies(message))
            pickings |= self._return_picking(message, document, mapped, delivery, parts)
        order = pickings.sale_id[:1]
        return ProcessResult(
            record=pickings[:1],
            note=self.env._(
                "Return %(rma)s: %(pickings)s created against %(deliveries)s.",
                rma=document.rma_ref,
                pickings=", ".join(pickings.mapped("name")),
                deliveries=", ".join(pickings.return_id.mapped("name")),
            ),
            correlation_id=order._integration_correlation() if order else None,
        )

    def _return_picking(self, message, document, mapped, delivery, parts):
        """One return of ``delivery`` by Odoo's wizard (with a replacement when asked), its
        moves carrying the lots shipped and the customer's line references."""
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_company(delivery.company_id)
            .with_context(active_id=delivery.id, active_model="stock.picking", active_ids=[])
            .create({"picking_id": delivery.id})
        )
        for return_line in wizard.product_return_moves:
            return_line.quantity = sum(
                part["quantity"] for move, part in parts if move == return_line.move_id
            )
        if mapped["action"] == "replace":
            action = wizard.action_create_exchanges()
        else:
            action = wizard.action_create_returns()
        picking = self.env["stock.picking"].sudo().browse(action["res_id"])
        picking.write(
            {
                "integration_rma_ref": document.rma_ref,
                "integration_return_action": mapped["action"],
                "integration_refund_ref": document.refund_ref or False,
                "integration_correlation_id": delivery.sale_id._integration_correlation()
                if delivery.sale_id
                else False,
            }
        )
        for new_move in picking.move_ids:
            own = [part for move, part in parts if move == new_move.origin_returned_move_id]
            new_move.integration_return_line_ref = ",".join(
                dict.fromkeys(part["line_ref"] for part in own)
            )
            self._set_lots(new_move, own)
        return picking

    def _set_lots(self, move, parts):
        """The return's move lines: one per lot or serial number that was shipped."""
        if move.product_id.tracking == "none":
            return
        move.move_line_ids.unlink()
        self.env["stock.move.line"].sudo().create(
            [
                {
                    **move._prepare_move_line_vals(quantity=part["quantity"]),
                    "lot_id": part["lot_id"],
                }
                for part in parts
                if part["lot_id"]
            ]
        )
