# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io

from odoo.tests import tagged

from .common import WmsCase
from .wms_server import SimulatedWms

HEADER = (
    "OrderNumber,ShipmentID,ShipDate,Carrier,Service,TrackingNumber,LineNumber,SKU,"
    "QtyShipped,UOM,LotNumber,LotQty\r\n"
)


@tagged("post_install", "-at_install")
class TestFlatFileShipConfirmation(WmsCase):
    """A 3PL that sends CSV files: the ready-made ship confirmation layout on the ship flow."""

    def setUp(self):
        super().setUp()
        self.wms = self.enterContext(SimulatedWms())
        self.endpoint.url = self.wms.url
        self.layout = self.env.ref("integration_core.flat_layout_3pl_ship_confirmation")
        self.ship_flow.write({"codec": "csv", "flat_layout_id": self.layout.id})

    def released(self, *lines, ref="SO-T-WMS"):
        picking = self.sell(*lines, ref=ref).picking_ids
        if picking.state != "assigned":
            picking.action_wms_release()  # no stock in Odoo: released by hand
        self.run_jobs()
        self.assertEqual(picking.integration_release_state, "released")
        return picking

    def test_csv_ship_confirmation_closes_the_delivery_with_lots_and_tracking(self):
        for name in ("LOT-A", "LOT-B"):
            lot = self.env["stock.lot"].create({"name": name, "product_id": self.item_lot.id})
            self.env["stock.quant"]._update_available_quantity(
                self.item_lot, self.stock, 10, lot_id=lot
            )
        picking = self.released((self.item_lot, 12), (self.item_a, 5))
        lot_ref = self.line_ref(picking, self.item_lot)
        a_ref = self.line_ref(picking, self.item_a)
        order = picking.name
        payload = (
            HEADER
            + f"{order},SHIP-CSV-1,2026-11-20 10:00:00,UPS,GND,1ZCSV1,{lot_ref},WMS-T-LOT,12,EA,"
            "LOT-A,8\r\n"
            + f"{order},SHIP-CSV-1,2026-11-20 10:00:00,UPS,GND,1ZCSV1,{lot_ref},WMS-T-LOT,12,EA,"
            "LOT-NEW,4\r\n"
            + f"{order},SHIP-CSV-1,2026-11-20 10:00:00,UPS,GND,1ZCSV1,{a_ref},WMS-T-100,5,EA,,\r\n"
        ).encode()
        message = self.confirm(payload)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(message.canonical["lines"][0]["lots"][1]["lot_name"], "LOT-NEW")
        self.assertEqual(picking.state, "done", "the delivery is closed")
        self.assertFalse(picking.backorder_ids, "everything shipped: no back-order")
        self.assertEqual(picking.integration_release_state, "shipped")
        self.assertEqual(picking.integration_tracking_ref, "1ZCSV1")
        by_lot = {}
        for line in picking.move_line_ids:
            by_lot[line.lot_id.name] = by_lot.get(line.lot_id.name, 0) + line.quantity
        self.assertEqual(by_lot, {"LOT-A": 8, "LOT-NEW": 4, False: 5})
        new_lot = self.env["stock.lot"].search([("name", "=", "LOT-NEW")])
        self.assertEqual(new_lot.product_id, self.item_lot, "an unknown lot is created")

    def test_file_of_two_orders_closes_both(self):
        first = self.released((self.item_a, 2), ref="SO-T-CSV1")
        second = self.released((self.item_b, 3), ref="SO-T-CSV2")
        payload = (
            HEADER + f"{first.name},SHIP-CSV-2,2026-11-20,DHL,,JD01,"
            f"{self.line_ref(first, self.item_a)},WMS-T-100,2,EA,,\r\n"
            + f"{second.name},SHIP-CSV-3,2026-11-20,DHL,,JD02,"
            f"{self.line_ref(second, self.item_b)},WMS-T-200,3,EA,,\r\n"
        ).encode()
        file = self.confirm(payload)
        self.assertEqual(file.state, "processed", file.last_error)
        self.assertEqual(len(file.child_ids), 2, "one message per order of the file")
        self.assertEqual(set(file.child_ids.mapped("state")), {"processed"})
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertEqual(second.integration_tracking_ref, "JD02")
        child = file.child_ids.filtered(lambda m: m.partner_reference == second.name)
        self.assertIn(b"SHIP-CSV-3", child._payload())
        self.assertNotIn(b"SHIP-CSV-2", child._payload(), "each order keeps its own rows")

    def test_bad_cell_is_refused_naming_row_and_column(self):
        picking = self.released((self.item_a, 5))
        payload = (
            HEADER + f"{picking.name},SHIP-CSV-4,2026-11-20,UPS,,1Z,"
            f"{self.line_ref(picking, self.item_a)},WMS-T-100,five,EA,,\r\n"
        ).encode()
        message = self.confirm(payload)
        self.assertEqual(message.state, "failed")
        exception = self.open_exception(message)
        self.assertEqual(exception.category, "parsing")
        self.assertIn("row 2, column 9 (QtyShipped): 'five' is not a number", exception.explanation)
        self.assertEqual(picking.state, "assigned", "nothing was booked")


@tagged("post_install", "-at_install")
class TestFlatFileRelease(WmsCase):
    """Deliveries released to a 3PL as CSV files, with the ready-made warehouse order layout."""

    def test_release_is_sent_as_one_csv_row_per_line(self):
        layout = self.env.ref("integration_core.flat_layout_3pl_warehouse_order")
        self.release_flow.write({"codec": "csv", "flat_layout_id": layout.id})
        self.customer.write({"street": "1 Main St", "city": "Lyon", "zip": "69001"})
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 5), (self.item_b, 2)).picking_ids
            self.run_jobs()
        (received,) = wms.received
        self.assertTrue(received["headers"]["Content-Type"].startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(received["document"]["raw"].decode())))
        self.assertEqual(
            [(row["OrderNumber"], row["SKU"], row["Qty"]) for row in rows],
            [(picking.name, "WMS-T-100", "5"), (picking.name, "WMS-T-200", "2")],
        )
        self.assertEqual({row["ShipToName"] for row in rows}, {"Acme Retail"})
        self.assertEqual({row["ShipToCity"] for row in rows}, {"Lyon"})
        self.assertEqual({row["Warehouse"] for row in rows}, {"T3PL"})
        self.assertEqual(picking.integration_release_state, "released")
