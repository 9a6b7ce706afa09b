# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import fields
from odoo.tests import tagged

from .common import SSCC_1, SSCC_2, PurchaseCase


class PurchaseChainMixin:
    """The whole supplier chain, as the issue's "done when" tells it: PO out → ack with a
    price change within tolerance and a rejected line → ASN with two lots in two SSCC
    packages for part of the order → receipt validated → matching invoice posted →
    invoice 5 % over the order price stays draft with an exception.

    Each format's test class runs it (``allow_inherited_tests_method``)."""

    allow_inherited_tests_method = True

    def received_orders(self, server):
        """The purchase orders the supplier's system received, as canonical documents."""
        return [json.loads(request["body"]) for request in server.requests]

    def assertOrderSent(self, server, order):
        (document,) = self.received_orders(server)
        self.assertEqual(document["order_ref"], order.name)
        self.assertEqual(document["purpose"], "original")
        self.assertEqual(document["customer"]["external_id"], "HUB-0042")
        self.assertEqual(document["supplier"]["external_id"], "PSI")
        self.assertEqual(
            [
                (line["line_ref"], line["product_code"], line["buyer_product_code"])
                for line in document["lines"]
            ],
            [("1", "PSI-100", "HUB-A"), ("2", "PSI-200", "HUB-B"), ("3", "PSI-300", "HUB-L")],
        )

    def test_supplier_chain(self):
        with self.supplier_system() as server:
            order = self.standard_order()
            self.run_jobs()
            self.assertOrderSent(server, order)
        self.assertEqual(order.integration_ack_state, "sent")
        line_a, line_b, line_lot = order.order_line

        # The acknowledgement: bolts accepted, washers rejected, glue 1 % dearer.
        ack = self.receive_document(
            self.ack_in,
            self.ack(
                order,
                (self.item_a, 10, 10, "accepted", 10.0),
                (self.item_b, 5, 0, "rejected", 20.0),
                (self.item_lot, 20, 20, "changed", 5.05),
            ),
        )
        self.assertEqual(ack.state, "processed", ack.last_error)
        self.assertEqual(line_lot.price_unit, 5.05, "within the 2 % tolerance: applied")
        self.assertEqual(line_b.product_qty, 5, "rejected: a person decides")
        self.assertEqual(order.partner_ref, f"SO-{order.name}")
        (rejected,) = self.open_exceptions(purchase_kind="ack")
        self.assertEqual(rejected.purchase_line_id, line_b)
        self.assertIn("rejected", rejected.explanation)
        self.assertIn("<td>rejected</td>", rejected.purchase_comparison)
        self.assertEqual(order.integration_ack_state, "disputed")
        rejected.action_purchase_accept()
        self.assertEqual(line_b.product_qty, 0, "the rejection accepted: nothing expected")
        self.assertEqual(rejected.state, "resolved")
        self.assertEqual(order.integration_ack_state, "acknowledged")

        # The ship notice: 12 glue in two SSCC packages (two lots) and 4 bolts loose.
        receipt = order.picking_ids
        asn = self.receive_document(
            self.asn_in,
            self.asn(
                order,
                lines=[(self.item_a, 4, [])],
                packages=[
                    (SSCC_1, self.item_lot, 7, [("GL-1", 7, "2027-06-30")]),
                    (SSCC_2, self.item_lot, 5, [("GL-2", 5, "2027-07-31")]),
                ],
            ),
        )
        self.assertEqual(asn.state, "processed", asn.last_error)
        self.assertEqual(asn._business_record(), receipt)
        self.assertEqual(receipt.state, "assigned", "prepared, not validated")
        self.assertEqual(receipt.integration_asn_ref, "ASN-1")
        self.assertEqual(receipt.integration_tracking_ref, "1Z999AA10123456784")
        self.assertEqual(receipt.integration_carrier_code, "UPSN")
        self.assertEqual(
            fields.Date.to_date(receipt.scheduled_date), fields.Date.to_date("2026-12-20")
        )
        self.assertEqual(
            sorted(
                (
                    ml.product_id.default_code,
                    ml.quantity,
                    ml.lot_id.name or "",
                    ml.result_package_id.name or "",
                )
                for ml in receipt.move_line_ids
            ),
            [("HUB-A", 4, "", ""), ("HUB-L", 5, "GL-2", SSCC_2), ("HUB-L", 7, "GL-1", SSCC_1)],
        )
        lot = receipt.move_line_ids.lot_id.filtered(lambda lot: lot.name == "GL-1")
        self.assertEqual(
            fields.Date.to_date(lot.expiration_date), fields.Date.to_date("2027-06-30")
        )

        self.validate(receipt)
        backorder = order.picking_ids - receipt
        self.assertEqual(
            sorted((m.product_id.default_code, m.product_uom_qty) for m in backorder.move_ids),
            [("HUB-A", 6), ("HUB-L", 8)],
            "what the notice did not ship is still expected",
        )
        self.assertEqual((line_a.qty_received, line_lot.qty_received), (4, 12))

        # The matching invoice: posted (the flow's option).
        invoice = self.receive_document(
            self.invoice_in,
            self.invoice(order, "INV-1", (self.item_a, 4, 10.0), (self.item_lot, 12, 5.05)),
        )
        self.assertEqual(invoice.state, "processed", invoice.last_error)
        bill = invoice._business_record()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.integration_match_state, "matched")
        self.assertEqual(bill.invoice_line_ids.purchase_line_id, line_a | line_lot)
        self.assertEqual(bill.ref, "INV-1")

        # The rest is shipped (a second notice prepares the backorder) and arrives; its
        # invoice is 5 % over the order price.
        asn_2 = self.receive_document(
            self.asn_in,
            self.asn(
                order,
                ref="ASN-2",
                lines=[(self.item_a, 6, []), (self.item_lot, 8, [("GL-3", 8, "2027-08-31")])],
            ),
        )
        self.assertEqual(asn_2._business_record(), backorder, asn_2.last_error)
        self.validate(backorder)
        invoice_2 = self.receive_document(
            self.invoice_in, self.invoice(order, "INV-2", (self.item_a, 6, 10.5))
        )
        self.assertEqual(invoice_2.state, "processed", invoice_2.last_error)
        bill_2 = invoice_2._business_record()
        self.assertEqual(bill_2.state, "draft")
        self.assertEqual(bill_2.integration_match_state, "mismatch")
        (mismatch,) = self.open_exceptions(purchase_kind="bill")
        self.assertEqual(mismatch.purchase_bill_id, bill_2)
        self.assertIn("unit price (order) 10, invoiced 10.5", mismatch.explanation)
        self.assertIn("<td>10.0</td><td>10.5</td>", mismatch.purchase_comparison)

        # One transaction: every message of the chain on the order's smart button.
        messages = (
            self.env["integration.message"]
            .search(order._integration_message_domain())
            .filtered(lambda m: m.document_type != "functional_ack")
        )
        self.assertEqual(
            set(messages.mapped("document_type")),
            {"order", "order_ack", "shipment_notice", "invoice"},
        )
        self.assertEqual(len(messages), 6)
        self.assertEqual(set(messages.mapped("correlation_id")), {order.integration_correlation_id})
        self.assertEqual(order.integration_message_count, 6)
        self.after_chain(order)

    def after_chain(self, order):
        """What a format checks once the chain ran (its functional acknowledgements)."""


@tagged("post_install", "-at_install")
class TestPurchaseChain(PurchaseChainMixin, PurchaseCase):
    """The chain in canonical JSON."""
