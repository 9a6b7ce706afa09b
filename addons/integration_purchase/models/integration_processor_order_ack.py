# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo import fields, models
from odoo.addons.integration_core.services.plugins import ProcessResult

from ..services.tolerance import ack_differences

# The purchase order line field each acknowledged figure changes.
LINE_FIELDS = {
    "quantity": "product_qty",
    "price": "price_unit",
    "date": "date_planned",
    "product": "product_id",
}


class IntegrationProcessorOrderAck(models.AbstractModel):
    """A supplier's acknowledgement of our purchase order (855, ORDRSP, OrderResponse).

    Accepted lines confirm the order; a changed quantity, price or date or a substitute
    item is applied to the line when within the supplier's tolerances. A line beyond them,
    or rejected, opens an exception showing ordered and acknowledged side by side, for a
    person to Accept or Reject; the order then says "differences to decide".
    """

    _name = "integration.processor.order_ack"
    _inherit = "integration.processor"
    _description = "Supplier acknowledgement processor"

    def _map(self, message, document):
        order = self._purchase_order(message, document.order_ref)
        acked = document.lines
        if not acked and document.status == "rejected":
            # A whole-order rejection: every line we sent is rejected.
            lines = [
                {"line_id": line.id, "line_ref": line.integration_line_ref, "status": "rejected"}
                for line in order.order_line
                if line.integration_line_ref
            ]
        else:
            lines = [self._map_line(message, order, ack) for ack in acked]
        return {
            "order_id": order.id,
            "seller_order_ref": document.seller_order_ref,
            "lines": lines,
        }

    def _map_line(self, message, order, ack):
        line = self._purchase_line(message, order, ack.line_ref)
        substitute = None
        if ack.substitute_product_code:
            substitute = self._purchase_supplier_product(
                message, order, ack.substitute_product_code
            )
        return {
            "line_id": line.id,
            "line_ref": ack.line_ref,
            "status": ack.status,
            "quantity": float(ack.quantity_accepted) if ack.status != "accepted" else None,
            "price": float(ack.unit_price) if ack.unit_price is not None else None,
            "date": ack.scheduled_date.isoformat() if ack.scheduled_date else None,
            "product_id": substitute.id if substitute and substitute != line.product_id else None,
        }

    def _process(self, message, document, mapped):
        # sudo: the process step (private): the order the map step found for this supplier
        order = self.env["purchase.order"].sudo().browse(mapped["order_id"]).exists()
        self._check_company(message, order)
        partner = message.partner_id
        tolerances = partner._purchase_tolerances()
        applied, disputed = [], 0
        for values in mapped["lines"]:
            line = order.order_line.browse(values["line_id"])
            differences = ack_differences(
                values["line_ref"],
                self._ordered(line),
                {
                    "status": values["status"],
                    "quantity": values.get("quantity"),
                    "price": values.get("price"),
                    "date": fields.Date.to_date(values.get("date")),
                    "product": values.get("product_id"),
                    "substitutes_allowed": partner.purchase_accept_substitutes,
                },
                tolerances,
            )
            if not differences:
                continue
            proposal = self._proposal(line, differences)
            if all(difference.within for difference in differences):
                line._purchase_apply(proposal)
                applied += [difference.describe() for difference in differences]
            else:
                disputed += 1
                self._open_dispute(message, line, differences, proposal)
        if mapped.get("seller_order_ref") and not order.partner_ref:
            order.partner_ref = mapped["seller_order_ref"]
        if applied:
            order.message_post(
                body=self.env._(
                    "%(partner)s acknowledged with changes within its tolerances, applied: "
                    "%(changes)s",
                    partner=partner.name,
                    changes="; ".join(applied),
                )
            )
        order._purchase_ack_settled()
        note = self.env._(
            "%(order)s acknowledged: %(applied)s change(s) applied, %(disputed)s line(s) to "
            "decide.",
            order=order.name,
            applied=len(applied),
            disputed=disputed,
        )
        return ProcessResult(
            record=order, note=note, correlation_id=order._integration_correlation()
        )

    def _ordered(self, line):
        return {
            "quantity": line.product_qty,
            "price": line.price_unit,
            "date": fields.Date.to_date(line.date_planned),
            "product": line.product_id.id,
        }

    def _proposal(self, line, differences):
        """What the acknowledgement asks to write on ``line``."""
        proposal = {}
        for difference in differences:
            if difference.what == "status":
                return {"rejected": True}
            value = difference.got
            if difference.what == "date":
                planned = line.date_planned
                value = fields.Datetime.to_string(
                    datetime.combine(value, planned.time() if planned else time(12))
                )
            proposal[LINE_FIELDS[difference.what]] = value
        return proposal

    def _open_dispute(self, message, line, differences, proposal):
        Product = self.env["product.product"]
        rows = []
        for difference in differences:
            ours, theirs = difference.expected, difference.got
            if difference.what == "product":
                ours, theirs = (
                    Product.browse(ours).display_name,
                    Product.browse(theirs).display_name,
                )
            rows.append((difference.line_ref, difference.what, ours, theirs))
        status = "rejected" if "rejected" in proposal else "changed"
        explanation = self.env._(
            "%(partner)s %(status)s line %(line)s of %(order)s (%(product)s) beyond its "
            "tolerances: %(differences)s.",
            partner=message.partner_id.name,
            status=self.env._("rejected") if status == "rejected" else self.env._("changed"),
            line=line.integration_line_ref,
            order=line.order_id.name,
            product=line.product_id.display_name,
            differences="; ".join(difference.describe() for difference in differences),
        )
        hint = self.env._(
            "Accept: the order line takes the supplier's figures%(rejected)s. Reject: the "
            "line stays as ordered; settle it with the supplier.",
            rejected=self.env._(" (nothing more is expected of a rejected line)")
            if status == "rejected"
            else "",
        )
        return self.env["integration.exception"]._open_purchase(
            "ack",
            line,
            message,
            line.integration_line_ref,
            explanation,
            rows,
            fix_hint=hint,
            purchase_proposal=proposal,
        )
