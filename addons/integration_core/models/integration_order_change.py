# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup, escape

from odoo import fields, models
from odoo.fields import Command
from odoo.tools import float_compare

from ..services.errors import AwaitingDocument, BusinessRuleError
from ..services.plugins import ProcessResult

# What a person decided for a change that can no longer be applied in full.
DECISIONS = [("partial", "Apply what still can"), ("reject", "Reject change")]


class OrderCreatedMeanwhile(BusinessRuleError):
    """The order a change waits for was created by another job a moment ago: retried."""

    retryable = True


class IntegrationOrderChange(models.AbstractModel):
    """A customer's change or cancellation of an order it sent (860, ORDCHG, a cXML update
    or delete, canonical JSON): the order processor hands it here.

    Applied to the sale order of that customer and order number while nothing of what it
    changes is picked or shipped; otherwise the message fails with a business exception
    naming each line that can no longer change, for a person to apply what still can or
    reject the change. Either way the customer gets an answer (865, ORDRSP) through the
    partner's order acknowledgement flows. A change sent before its order waits for it.
    """

    _name = "integration.order.change"
    _description = "Customer order change"

    # ------------------------------------------------------------------ map
    def _map(self, processor, message, document):
        customer = processor._map_customer(message, document.customer)
        order = self._find_order(message, document.order_ref, customer)
        if not order:
            self._wait_for_order(message, document, customer)
        ordered = [line for line in document.lines if line.quantity]
        lines = processor._map_lines(message, ordered) if ordered else []
        return {
            "customer_id": customer.id,
            "order_id": order.id,
            "lines": lines,
            "cancelled_refs": [line.line_ref for line in document.lines if not line.quantity],
        }

    def _find_order(self, message, order_ref, customer):
        return (
            self.env["sale.order"]
            # sudo: a pipeline step (private): the order this customer's change is about
            .sudo()
            .search(
                [
                    ("client_order_ref", "=", order_ref),
                    ("partner_id", "child_of", customer.commercial_partner_id.id),
                    ("integration_test", "=", bool(message.is_test)),
                ],
                order="id desc",
                limit=1,
            )
        )

    def _awaited_key(self, customer, order_ref, test):
        """The key a change waits on and its order's processing releases."""
        kind = "test" if test else "production"
        return f"sale.order:{customer.commercial_partner_id.id}:{order_ref}:{kind}"

    def _wait_for_order(self, message, document, customer):
        """No order yet: wait for it, unless another job created it since this one began
        (a fresh cursor sees it, under the lock its release takes)."""
        key = self._awaited_key(customer, document.order_ref, message.is_test)
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
        with self.env.registry.cursor() as fresh:
            fresh.execute(
                "SELECT 1 FROM sale_order o JOIN res_partner p ON p.id = o.partner_id"
                " WHERE o.client_order_ref = %s AND p.commercial_partner_id = %s"
                " AND COALESCE(o.integration_test, false) = %s",
                (document.order_ref, customer.commercial_partner_id.id, bool(message.is_test)),
            )
            if fresh.fetchone():
                raise OrderCreatedMeanwhile(
                    self.env._(
                        "Order %s was created by another job a moment ago.", document.order_ref
                    )
                )
        raise AwaitingDocument(
            self.env._(
                "%(what)s of order %(ref)s of %(customer)s, which is not received yet: it is "
                "applied once the order is here.",
                what=self._purpose_label(document),
                ref=document.order_ref,
                customer=customer.display_name,
            ),
            awaited=key,
        )

    def _purpose_label(self, document):
        if document.purpose == "cancel":
            return self.env._("Cancellation")
        return self.env._("Change")

    # ------------------------------------------------------------------ process
    def _process(self, processor, message, document, mapped):
        order = self.env["sale.order"].sudo().browse(mapped["order_id"]).exists()
        if not order:
            raise BusinessRuleError(
                self.env._("The order this change is about no longer exists."),
                hint=self.env._("Retry: the message is mapped again."),
            )
        processor._check_company(message, order)
        if order.state == "cancel" and document.purpose == "change":
            raise BusinessRuleError(
                self.env._(
                    "%(order)s (%(ref)s) is cancelled: %(message)s cannot change it.",
                    order=order.name,
                    ref=order.client_order_ref,
                    message=message.name,
                ),
                hint=self.env._("Ask the customer for a new order, then Ignore this exception."),
            )
        changes = self._plan(processor, order, document, mapped)
        decision = self._decision(message)
        locked = [change for change in changes if change["locked"]]
        if locked and not decision:
            raise BusinessRuleError(
                self._locked_text(message, order, locked),
                hint=self.env._(
                    "Agree with the customer, then Apply what still can (the other changes are "
                    "applied, these are refused in the answer) or Reject change (nothing "
                    "changes; the answer refuses it)."
                ),
            )
        applied = [] if decision == "reject" else [c for c in changes if not c["locked"]]
        self._apply(order, applied)
        refused = [c for c in changes if c not in applied]
        self._log_chatter(message, document, order, applied, refused)
        self._queue_answer(message, order)
        if decision == "reject":
            note = self.env._("%s left as it was: the change is rejected.", order.name)
        else:
            summary = "; ".join(change["text"] for change in applied) or self.env._("nothing")
            note = self.env._("%(order)s changed: %(changes)s.", order=order.name, changes=summary)
        return ProcessResult(record=order, note=note)

    def _decision(self, message):
        exception = message.exception_ids.filtered("order_change_decision")[-1:]
        return exception.order_change_decision or False

    def _plan(self, processor, order, document, mapped):
        """The changes ``document`` asks of ``order``: dicts with the line (or None), what
        changes (text), the values to write and whether it is locked (picked or shipped)."""
        shipped = self._shipped_moves(order)
        if document.purpose == "cancel":
            if order.state == "cancel":
                return []  # cancelled already: nothing more to do, the answer accepts
            return [
                self._change(
                    None,
                    self.env._("order cancelled"),
                    {"cancel": True},
                    shipped,
                )
            ]
        current = {
            line.integration_line_ref: line
            for line in order.order_line
            if not line.display_type and line.integration_line_ref
        }
        changes = []
        for line in mapped["lines"]:
            existing = current.get(line["line_ref"])
            if existing is None:
                changes.append(
                    self._change(
                        None,
                        self.env._(
                            "line %(ref)s added (%(qty)s)",
                            ref=line["line_ref"],
                            qty=line["quantity"],
                        ),
                        {"create": processor._line_values(line)},
                        self.env["stock.move"],
                    )
                )
                continue
            changes += self._line_changes(existing, line)
        cancelled = set(mapped["cancelled_refs"])
        if document.lines_complete:
            listed = {line.line_ref for line in document.lines}
            cancelled |= {ref for ref, line in current.items() if ref not in listed}
        for ref in sorted(cancelled & set(current)):
            line = current[ref]
            if line.product_uom_qty:
                changes.append(
                    self._change(
                        line,
                        self.env._("line %s cancelled", ref),
                        {"product_uom_qty": 0.0, "price_unit": line.price_unit},
                        self._line_moves(line),
                    )
                )
        requested = document.requested_delivery_date
        if requested and requested != fields.Date.to_date(order.commitment_date):
            changes.append(
                self._change(
                    None,
                    self.env._("delivery date %s", requested),
                    {"commitment_date": requested},
                    shipped,
                )
            )
        return changes

    def _line_changes(self, line, wanted):
        moves = self._line_moves(line)
        rounding = line.product_uom.rounding
        changes = []
        # In the line's unit, whichever unit the customer counts in this time.
        quantity = (
            self.env["uom.uom"]
            .browse(wanted["uom_id"])
            ._compute_quantity(wanted["quantity"], line.product_uom)
        )
        if float_compare(quantity, line.product_uom_qty, precision_rounding=rounding):
            changes.append(
                self._change(
                    line,
                    self.env._(
                        "line %(ref)s quantity %(old)s → %(new)s",
                        ref=line.integration_line_ref,
                        old=line.product_uom_qty,
                        new=quantity,
                    ),
                    # Odoo would reprice the line from the pricelist: the agreed price stays.
                    {"product_uom_qty": quantity, "price_unit": line.price_unit},
                    moves,
                )
            )
        price = wanted["price_unit"]
        if price is not None and float_compare(
            price, line.price_unit, precision_digits=line.currency_id.decimal_places or 2
        ):
            changes.append(
                self._change(
                    line,
                    self.env._(
                        "line %(ref)s price %(old)s → %(new)s",
                        ref=line.integration_line_ref,
                        old=line.price_unit,
                        new=price,
                    ),
                    {"price_unit": price},
                    moves,
                )
            )
        return changes

    def _change(self, line, text, values, blocking_moves):
        return {
            "line": line,
            "text": text,
            "values": values,
            "locked": bool(blocking_moves),
            "moves": blocking_moves,
        }

    def _shipped_moves(self, order):
        """The order's outgoing moves that are done or picked: what can no longer change."""
        return order.order_line.move_ids.filtered(self._is_under_way)

    def _line_moves(self, line):
        return line.move_ids.filtered(self._is_under_way)

    @staticmethod
    def _is_under_way(move):
        if move.state == "cancel" or move.picking_code != "outgoing":
            return False
        return move.state == "done" or (move.picked and move.quantity > 0)

    def _locked_text(self, message, order, locked):
        rows = [
            self.env._(
                "- %(change)s: %(qty)s %(state)s in %(pickings)s",
                change=change["text"],
                qty=sum(change["moves"].mapped("quantity")),
                state=self.env._("shipped")
                if all(m.state == "done" for m in change["moves"])
                else self.env._("picked"),
                pickings=", ".join(change["moves"].picking_id.mapped("name")),
            )
            for change in locked
        ]
        return self.env._(
            "%(message)s asks for changes of %(order)s (%(ref)s) that can no longer be made, "
            "as the goods are picked or shipped; nothing was changed:\n%(rows)s",
            message=message.name,
            order=order.name,
            ref=order.client_order_ref,
            rows="\n".join(rows),
        )

    # ------------------------------------------------------------------ apply
    def _apply(self, order, changes):
        order = order.with_company(order.company_id)
        if any(change["values"].get("cancel") for change in changes):
            order._action_cancel()
            return
        commands = []
        header = {}
        for change in changes:
            values = dict(change["values"])
            if "create" in values:
                commands.append(Command.create(values["create"]))
            elif "commitment_date" in values:
                header["commitment_date"] = values["commitment_date"]
            else:
                commands.append(Command.update(change["line"].id, values))
        if commands:
            header["order_line"] = commands
        if header:
            order.write(header)

    def _log_chatter(self, message, document, order, applied, refused):
        items = Markup("").join(
            Markup("<li>%s</li>") % escape(change["text"]) for change in applied
        )
        body = Markup("%s<ul>%s</ul>") % (
            self.env._(
                "%(what)s %(message)s of the customer (%(ref)s) applied:",
                what=self._purpose_label(document),
                message=message.name,
                ref=message._partner_reference(),
            ),
            items or Markup("<li>%s</li>") % self.env._("nothing"),
        )
        if refused:
            body += Markup("%s<ul>%s</ul>") % (
                self.env._("Refused (picked or shipped, or rejected):"),
                Markup("").join(
                    Markup("<li>%s</li>") % escape(change["text"]) for change in refused
                ),
            )
        order.message_post(body=body)

    def _queue_answer(self, message, order):
        """The customer's answer (865, ORDRSP, canonical order_ack) on each order
        acknowledgement flow of the partner that lets this order out."""
        flows = (
            self.env["integration.flow"]
            # sudo: a pipeline step (private): the outbound flows of the message's partner
            .sudo()
            .search(
                [
                    ("partner_id", "=", message.partner_id.id),
                    ("direction", "=", "outbound"),
                    ("document_type", "=", "order_ack"),
                    ("active", "=", True),
                ]
            )
        )
        for flow in flows:
            if flow._builder()._select_records(flow, order):
                flow._queue_outbound(order, {"order_change_id": message.id})
