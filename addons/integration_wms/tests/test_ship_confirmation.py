# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from .common import WmsCase
from .wms_server import SimulatedWms


@tagged("post_install", "-at_install")
class TestShipConfirmation(WmsCase):
    """What a ship confirmation may not do, and what it must still do."""

    def setUp(self):
        super().setUp()
        self.wms = self.enterContext(SimulatedWms())
        self.endpoint.url = self.wms.url

    def released(self, *lines):
        picking = self.sell(*lines).picking_ids
        if picking.state != "assigned":
            picking.action_wms_release()  # no stock in Odoo: released by hand
        self.run_jobs()
        self.assertEqual(picking.integration_release_state, "released")
        return picking

    def assertRefused(self, message, category, *texts):
        self.assertEqual(message.state, "failed")
        exception = self.open_exception(message)
        self.assertEqual(exception.category, category)
        for text in texts:
            self.assertIn(text, exception.explanation)
        return exception

    def test_over_shipment_opens_an_exception(self):
        picking = self.released((self.item_a, 5))
        ref = self.line_ref(picking, self.item_a)
        message = self.confirm(self.wms.ship(picking.name, {ref: 7}, "SHIP-T-OVER"))
        self.assertRefused(message, "business_rule", "Over-shipment", "7", "5")
        self.assertEqual(picking.state, "assigned", "nothing was booked")

    def test_unknown_item_opens_a_mapping_exception(self):
        picking = self.released((self.item_a, 5))
        payload = self.notice(
            picking.name,
            [{"line_ref": "999", "product_code": "NOPE-42", "quantity_shipped": 1}],
        )
        message = self.confirm(payload)
        exception = self.assertRefused(message, "mapping", "Unknown item", "NOPE-42")
        self.assertEqual(exception.xref_kind, "product")
        self.assertEqual(exception.external_code, "NOPE-42")

    def test_item_not_on_the_order_opens_an_exception(self):
        picking = self.released((self.item_a, 5))
        payload = self.notice(
            picking.name,
            [{"line_ref": "999", "product_code": "WMS-T-200", "quantity_shipped": 1}],
        )
        message = self.confirm(payload)
        self.assertRefused(message, "business_rule", "is not on", picking.name)

    def test_unknown_order_opens_an_exception(self):
        payload = self.notice(
            "T3PL/OUT/99999",
            [{"line_ref": "1", "product_code": "WMS-T-100", "quantity_shipped": 1}],
        )
        message = self.confirm(payload)
        self.assertRefused(message, "business_rule", "Unknown order", "T3PL/OUT/99999")

    def test_repeated_confirmation_changes_nothing(self):
        picking = self.released((self.item_a, 5))
        ref = self.line_ref(picking, self.item_a)
        payload = self.wms.ship(picking.name, {ref: 3}, "SHIP-T-REP", tracking="TRK-1")
        first = self.confirm(payload)
        self.assertEqual(first.state, "processed", first.last_error)
        backorder = picking.backorder_ids
        moves_before = self.env["stock.move"].search_count([])

        same_bytes = self.confirm(payload)
        self.assertEqual(same_bytes.state, "duplicate")
        self.assertLogged(same_bytes, "duplicate")

        document = json.loads(payload)
        document["tracking_numbers"] = ["TRK-2"]  # resent with another tracking number
        resent = self.confirm(json.dumps(document).encode())
        self.assertEqual(resent.state, "processed", resent.last_error)
        self.assertEqual(resent.duplicate_of_id, first)
        self.assertEqual(resent._business_record(), picking)
        log = self.assertLogged(resent, "duplicate")
        self.assertIn("already applied", log.description)
        self.assertIn("nothing changed", log.description)
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before)
        self.assertEqual(backorder.state, "assigned")
        self.assertEqual(backorder.move_ids.product_uom_qty, 2.0)
        self.assertEqual(picking.integration_tracking_ref, "TRK-1")

    def test_confirmation_before_the_release_acknowledgement_is_applied(self):
        self.release_flow.expect_acknowledgement = True
        picking = self.released((self.item_a, 5))
        release = self.release_messages(picking)
        self.assertEqual(release.state, "sent", "sent, not acknowledged yet")
        ref = self.line_ref(picking, self.item_a)
        message = self.confirm(self.wms.ship(picking.name, {ref: 5}, "SHIP-T-EARLY"))
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.integration_release_state, "shipped")
        # The acknowledgement arrives late: it is recorded, the delivery stays shipped.
        self.receive(
            json.dumps(
                {"ack_ref": "ACK-T-9", "acknowledged_ref": release.name, "status": "accepted"}
            ).encode(),
            flow=self.ack_flow,
        )
        self.run_jobs()
        self.assertEqual(release.state, "acknowledged")
        self.assertEqual(picking.integration_release_state, "shipped")

    def test_confirmation_of_an_order_not_recorded_as_sent_is_applied(self):
        self.release_flow.mode = "batch"  # the release waits: as if its send were lost
        picking = self.sell((self.item_a, 4)).picking_ids
        release = self.release_messages(picking)
        payload = self.notice(
            picking.name,
            [{"line_ref": "x", "product_code": "WMS-T-100", "quantity_shipped": 3}],
        )
        message = self.confirm(payload)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(picking.state, "done")
        self.assertEqual(release.state, "cancelled", "the warehouse has it: nothing to send")
        self.assertEqual(picking.backorder_ids.integration_release_state, "released")
        self.env["integration.flow"]._cron_send_batches()
        self.run_jobs()
        self.assertFalse(self.wms.received)

    def test_lots_serials_and_packages(self):
        for product, lot_names in (
            (self.item_lot, ("LOT-A", "LOT-B")),
            (self.item_serial, ("SN-001", "SN-002", "SN-003")),
        ):
            for name in lot_names:
                lot = self.env["stock.lot"].create({"name": name, "product_id": product.id})
                quantity = 1 if product == self.item_serial else 10
                self.env["stock.quant"]._update_available_quantity(
                    product, self.stock, quantity, lot_id=lot
                )
        picking = self.released((self.item_lot, 12), (self.item_serial, 3))
        sent = {line["product_code"]: line for line in self.wms.documents("create")[0]["lines"]}
        self.assertTrue(sent["WMS-T-LOT"]["lot_required"])
        lot_ref = self.line_ref(picking, self.item_lot)
        serial_ref = self.line_ref(picking, self.item_serial)
        payload = self.wms.ship(
            picking.name,
            {lot_ref: 12, serial_ref: 3},
            "SHIP-T-LOTS",
            tracking="1ZLOTS",
            lots={
                lot_ref: [("LOT-A", 8), ("LOT-NEW", 4)],
                serial_ref: [("SN-001", 1), ("SN-002", 1), ("SN-NEW", 1)],
            },
            packages={"CARTON-1": {lot_ref: 10}, "CARTON-2": {lot_ref: 2, serial_ref: 3}},
        )
        message = self.confirm(payload)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(picking.state, "done")
        lines = picking.move_line_ids
        by_lot = {}
        for line in lines:
            by_lot[line.lot_id.name] = by_lot.get(line.lot_id.name, 0) + line.quantity
        self.assertEqual(
            by_lot,
            {"LOT-A": 8, "LOT-NEW": 4, "SN-001": 1, "SN-002": 1, "SN-NEW": 1},
        )
        new_lot = self.env["stock.lot"].search([("name", "=", "LOT-NEW")])
        self.assertEqual(new_lot.product_id, self.item_lot, "an unknown lot is created")
        self.assertEqual(set(lines.result_package_id.mapped("name")), {"CARTON-1", "CARTON-2"})
        carton_1 = lines.filtered(lambda ml: ml.result_package_id.name == "CARTON-1")
        self.assertEqual(sum(carton_1.mapped("quantity")), 10)
        self.assertEqual(picking.integration_tracking_ref, "1ZLOTS")

    def test_tracked_item_without_lots_or_with_a_wrong_serial_is_refused(self):
        picking = self.released((self.item_serial, 2))
        ref = self.line_ref(picking, self.item_serial)
        without = self.confirm(self.wms.ship(picking.name, {ref: 2}, "SHIP-T-NOLOT"))
        self.assertRefused(without, "business_rule", "serial number")
        self.wms.shipped.clear()
        twice = self.confirm(
            self.wms.ship(picking.name, {ref: 2}, "SHIP-T-SN2", lots={ref: [("SN-X", 2)]})
        )
        self.assertRefused(twice, "business_rule", "SN-X", "one unit")
        self.assertNotEqual(picking.state, "done")
