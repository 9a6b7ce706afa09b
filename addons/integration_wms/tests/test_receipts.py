# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestReceiptConfirmation(WmsCase):
    """Receipts of the 3PL's warehouse (purchases, returns) validated from its confirmations."""

    def test_partial_receipt_by_purchase_reference_then_the_rest(self):
        receipt = self.expect((self.item_a, 10), (self.item_lot, 6))
        first = self.confirm(
            self.notice(
                "P-T-0001",
                [
                    {"line_ref": "1", "product_code": "WMS-T-100", "quantity_shipped": 7},
                    {
                        "line_ref": "2",
                        "product_code": "WMS-T-LOT",
                        "quantity_shipped": 6,
                        "lots": [{"lot_name": "RCV-LOT-1", "quantity": 6}],
                    },
                ],
                shipment_ref="RCV-T-1",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(first.state, "processed", first.last_error)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(first._business_record(), receipt)
        lot = self.env["stock.lot"].search([("name", "=", "RCV-LOT-1")])
        self.assertEqual(lot.product_id, self.item_lot)
        self.assertEqual(
            self.item_lot.with_context(warehouse_id=self.warehouse.id).qty_available, 6
        )
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 3.0)
        self.assertLogged(first, "backorder")

        second = self.confirm(
            self.notice(
                receipt.name,  # the warehouse may also name the receipt itself
                [{"line_ref": "1", "product_code": "WMS-T-100", "quantity_shipped": 3}],
                shipment_ref="RCV-T-2",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(second.state, "processed", second.last_error)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(
            self.item_a.with_context(warehouse_id=self.warehouse.id).qty_available, 110
        )

    def test_receipt_line_refs_are_our_move_ids_when_echoed(self):
        receipt = self.expect((self.item_a, 4), (self.item_a, 6), origin="P-T-0002", merge=False)
        second_move = receipt.move_ids[1]
        message = self.confirm(
            self.notice(
                receipt.name,
                [
                    {
                        "line_ref": str(second_move.id),
                        "product_code": "WMS-T-100",
                        "quantity_shipped": 6,
                    }
                ],
                shipment_ref="RCV-T-3",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(second_move.state, "done")
        self.assertEqual(second_move.quantity, 6)

    def test_over_receipt_and_unknown_receipt_open_exceptions(self):
        self.expect((self.item_a, 2), origin="P-T-0003")
        over = self.confirm(
            self.notice(
                "P-T-0003",
                [{"line_ref": "1", "product_code": "WMS-T-100", "quantity_shipped": 5}],
                shipment_ref="RCV-T-4",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(over.state, "failed")
        self.assertIn("Over-shipment", self.open_exception(over).explanation)
        unknown = self.confirm(
            self.notice(
                "P-T-404",
                [{"line_ref": "1", "product_code": "WMS-T-100", "quantity_shipped": 1}],
                shipment_ref="RCV-T-5",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(unknown.state, "failed")
        self.assertIn("no receipt P-T-404", self.open_exception(unknown).explanation)

    def test_cancel_policy_for_receipts(self):
        self.warehouse.integration_backorder_policy = "cancel"
        receipt = self.expect((self.item_b, 10), origin="P-T-0004")
        message = self.confirm(
            self.notice(
                "P-T-0004",
                [{"line_ref": "1", "product_code": "WMS-T-200", "quantity_shipped": 8}],
                shipment_ref="RCV-T-6",
            ),
            flow=self.receipt_flow,
        )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertFalse(receipt.backorder_ids)
        self.assertLogged(message, "cancel_rest")
