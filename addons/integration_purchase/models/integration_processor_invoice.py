# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, models
from odoo.addons.integration_core.services.errors import BusinessRuleError
from odoo.addons.integration_core.services.plugins import ProcessResult

from ..services.tolerance import match_differences


class IntegrationProcessorInvoice(models.AbstractModel):
    """A supplier's invoice (810, INVOIC, UBL Invoice, InvoiceDetailRequest) → a draft
    vendor bill of our purchase order, its lines linked to the order's lines.

    Three-way match per line: the invoiced price against the order's, the invoiced
    quantity against what was received and not invoiced yet, within the supplier's
    tolerances. A matching bill is posted when the flow says so ("Post matching bills");
    a bill with differences stays draft with an exception listing each one.
    """

    _name = "integration.processor.invoice"
    _inherit = "integration.processor"
    _description = "Supplier invoice processor"

    def _map(self, message, document):
        if not document.order_ref:
            raise BusinessRuleError(
                self.env._(
                    "Invoice %s names no purchase order: it cannot be matched.",
                    document.invoice_number,
                ),
                hint=self.env._(
                    "Ask the supplier for the order number (Edit payload), or enter the bill "
                    "by hand and Ignore."
                ),
            )
        order = self._purchase_order(message, document.order_ref)
        if document.currency != order.currency_id.name:
            raise BusinessRuleError(
                self.env._(
                    "Invoice %(number)s is in %(currency)s, %(order)s in %(ordered)s.",
                    number=document.invoice_number,
                    currency=document.currency,
                    order=order.name,
                    ordered=order.currency_id.name,
                ),
                hint=self.env._("Ask the supplier for an invoice in the order's currency."),
            )
        # sudo: a pipeline step (private): the supplier's bills, for a repeat
        earlier = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "=", "in_invoice"),
                    ("ref", "=", document.invoice_number),
                    ("commercial_partner_id", "=", order.partner_id.commercial_partner_id.id),
                    ("company_id", "=", order.company_id.id),
                    ("state", "!=", "cancel"),
                ],
                limit=1,
            )
        )
        return {
            "order_id": order.id,
            "duplicate_bill_id": earlier.id or None,
            "lines": [
                {
                    "line_id": self._purchase_line(message, order, line.line_ref).id,
                    "line_ref": line.line_ref,
                    "quantity": float(line.quantity),
                    "price": float(line.unit_price),
                    "uom_id": self.env["integration.xref"]
                    ._resolve_uom(message.partner_id, line.uom_code)
                    .id
                    or None,
                }
                for line in document.lines
            ],
        }

    def _process(self, message, document, mapped):
        # sudo: the process step (private): the order the map step found for this supplier
        order = self.env["purchase.order"].sudo().browse(mapped["order_id"])
        self._check_company(message, order)
        correlation = order._integration_correlation()
        if mapped.get("duplicate_bill_id"):
            bill = self.env["account.move"].sudo().browse(mapped["duplicate_bill_id"])
            return ProcessResult(
                record=bill,
                correlation_id=correlation,
                note=self.env._(
                    "Invoice %(number)s is already %(bill)s: nothing changed.",
                    number=document.invoice_number,
                    bill=bill.display_name,
                ),
            )
        differences = self._match(message, order, mapped["lines"])
        bill = self._create_bill(order, document, mapped["lines"])
        if differences:
            bill.integration_match_state = "mismatch"
            self._open_mismatch(message, bill, differences)
            note = self.env._(
                "%(bill)s stays draft: %(count)s difference(s) with the order and receipts.",
                bill=bill.display_name,
                count=len(differences),
            )
        else:
            bill.integration_match_state = "matched"
            if message.flow_id.purchase_post_bills:
                bill.action_post()
            note = self.env._(
                "%(bill)s matches %(order)s and its receipts%(posted)s.",
                bill=bill.display_name,
                order=order.name,
                posted=self.env._(": posted") if bill.state == "posted" else "",
            )
        return ProcessResult(record=bill, note=note, correlation_id=correlation)

    def _match(self, message, order, lines):
        tolerances = message.partner_id._purchase_tolerances()
        differences = []
        for values in lines:
            line = order.order_line.browse(values["line_id"])
            uom = self.env["uom.uom"].browse(values["uom_id"]) or line.product_uom
            quantity = uom._compute_quantity(values["quantity"], line.product_uom)
            price = uom._compute_price(values["price"], line.product_uom)
            differences += match_differences(
                values["line_ref"],
                line.price_unit,
                line.qty_received - line.qty_invoiced,
                quantity,
                price,
                tolerances,
            )
        return differences

    def _create_bill(self, order, document, lines):
        values = order.with_company(order.company_id)._prepare_invoice()
        values.update(
            ref=document.invoice_number,
            payment_reference=document.invoice_number,
            invoice_date=document.invoice_date,
            invoice_line_ids=[],
        )
        if document.due_date:
            values.update(invoice_date_due=document.due_date, invoice_payment_term_id=False)
        line_values = []
        for line_data in lines:
            line = order.order_line.browse(line_data["line_id"])
            uom = self.env["uom.uom"].browse(line_data["uom_id"]) or line.product_uom
            line_values.append(
                Command.create(
                    {
                        **line._prepare_account_move_line(),
                        "quantity": line_data["quantity"],
                        "price_unit": line_data["price"],
                        "product_uom_id": uom.id,
                    }
                )
            )
        values["invoice_line_ids"] = line_values
        # sudo: the process step (private): the supplier's bill, in the order's company
        return (
            self.env["account.move"]
            .sudo()
            .with_company(order.company_id)
            .with_context(default_move_type="in_invoice")
            .create(values)
        )

    def _open_mismatch(self, message, bill, differences):
        labels = {
            "price": self.env._("unit price (order)"),
            "received": self.env._("quantity (received, not invoiced)"),
        }
        rows = [(d.line_ref, labels[d.what], d.expected, d.got) for d in differences]
        explanation = self.env._(
            "%(bill)s of %(partner)s (invoice %(number)s) does not match the order and its "
            "receipts: %(differences)s. It stays draft.",
            bill=bill.display_name,
            partner=message.partner_id.name,
            number=bill.ref,
            differences="; ".join(
                f"line {d.line_ref}: {labels[d.what]} {d.expected:g}, invoiced {d.got:g}"
                for d in differences
            ),
        )
        return self.env["integration.exception"]._open_purchase(
            "bill",
            bill,
            message,
            "",
            explanation,
            rows,
            fix_hint=self.env._(
                "Accept: the bill is posted as invoiced. Reject: the bill is cancelled; ask "
                "the supplier for a credit note or a corrected invoice."
            ),
        )
