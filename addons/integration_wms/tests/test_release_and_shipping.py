# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestReleaseAndShipping(WmsCase):
    """Deliveries of the 3PL's warehouse: released once, shipped in parts, changed,
    cancelled, against a simulated WMS speaking real HTTP."""

    def test_order_released_once_shipped_in_two_confirmations_and_delivered(self):
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 10), (self.item_b, 4), ref="PO-T-E2E")
            picking = order.picking_ids
            self.assertEqual(picking.state, "assigned")
            self.assertEqual(picking.integration_release_state, "not_released")
            self.run_jobs()
            picking.action_assign()  # the event again: still released once
            self.env["integration.flow"]._publish_event("picking_ready", picking)
            self.run_jobs()

            self.assertEqual(len(wms.received), 1, "the WMS receives exactly one order")
            sent = wms.received[0]["document"]
            self.assertEqual(sent["action"], "create")
            self.assertEqual(sent["order_ref"], picking.name)
            self.assertEqual(sent["warehouse_code"], "T3PL")
            self.assertEqual(sent["ship_to"]["name"], self.customer.name)
            lines = {line["product_code"]: line for line in sent["lines"]}
            self.assertEqual(set(lines), {"WMS-T-100", "WMS-T-200"})
            self.assertEqual(float(lines["WMS-T-100"]["quantity"]), 10.0)
            self.assertEqual(float(lines["WMS-T-200"]["quantity"]), 4.0)
            move_a = picking.move_ids.filtered(lambda m: m.product_id == self.item_a)
            self.assertEqual(lines["WMS-T-100"]["line_ref"], str(move_a.id))
            release = self.release_messages(picking)
            self.assertEqual(release.state, "sent")
            self.assertEqual(picking.integration_release_state, "released")
            self.assertEqual(picking.integration_wms_order_ref, picking.name)

            ref_a, ref_b = str(move_a.id), self.line_ref(picking, self.item_b)
            first = self.confirm(
                wms.ship(
                    picking.name,
                    {ref_a: 6, ref_b: 4},
                    "SHIP-T-E2E-1",
                    tracking="1Z999AA10123456784",
                )
            )
            self.assertEqual(first.state, "processed", first.last_error)
            self.assertEqual(picking.state, "done")
            self.assertEqual(picking.integration_release_state, "shipped")
            self.assertEqual(picking.integration_tracking_ref, "1Z999AA10123456784")
            self.assertEqual(picking.integration_carrier_code, "UPS")
            self.assertEqual(first._business_record(), picking)
            backorder = picking.backorder_ids
            self.assertEqual(len(backorder), 1, "the rest stays open in a backorder")
            self.assertEqual(backorder.move_ids.product_id, self.item_a)
            self.assertEqual(backorder.move_ids.product_uom_qty, 4.0)
            self.assertEqual(backorder.move_ids.integration_wms_line_ref, ref_a)
            self.assertEqual(backorder.integration_release_state, "released")
            self.assertEqual(backorder.integration_wms_order_ref, picking.name)
            self.assertLogged(first, "backorder")
            line_a = order.order_line.filtered(lambda line: line.product_id == self.item_a)
            self.assertEqual(line_a.qty_delivered, 6.0)

            self.run_jobs()
            self.assertEqual(len(wms.received), 1, "the backorder is not released again")

            wms.shipped.discard(picking.name)
            second = self.confirm(
                wms.ship(picking.name, {ref_a: 4}, "SHIP-T-E2E-2", tracking="1Z999AA10123456799")
            )
            self.assertEqual(second.state, "processed", second.last_error)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(backorder.integration_release_state, "shipped")
        self.assertEqual(backorder.integration_tracking_ref, "1Z999AA10123456799")
        self.assertEqual(second._business_record(), backorder)
        self.assertEqual(
            order.order_line.mapped("qty_delivered"),
            order.order_line.mapped("product_uom_qty"),
            "the sale order is delivered",
        )
        done = (picking | backorder).move_ids.filtered(lambda m: m.state == "done")
        self.assertEqual(
            sum(done.filtered(lambda m: m.product_id == self.item_a).mapped("quantity")), 10
        )
        self.assertEqual(
            sum(done.filtered(lambda m: m.product_id == self.item_b).mapped("quantity")), 4
        )

    def test_cancel_policy_cancels_what_was_not_shipped(self):
        self.warehouse.integration_backorder_policy = "cancel"
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 5), (self.item_b, 2))
            picking = order.picking_ids
            self.run_jobs()
            message = self.confirm(
                wms.ship(picking.name, {self.line_ref(picking, self.item_a): 3}, "SHIP-T-CXL")
            )
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.backorder_ids)
        moves = picking.move_ids
        self.assertEqual(moves.filtered(lambda m: m.state == "done").quantity, 3.0)
        self.assertEqual(moves.filtered(lambda m: m.state == "cancel").product_id, self.item_b)
        self.assertLogged(message, "cancel_rest")

    def test_complete_flag_closes_the_order_whatever_the_policy(self):
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 5)).picking_ids
            self.run_jobs()
            ref = self.line_ref(picking, self.item_a)
            message = self.confirm(wms.ship(picking.name, {ref: 4}, "SHIP-T-CPL", complete=True))
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertFalse(picking.backorder_ids)

    def test_quantity_change_after_release_sends_one_change(self):
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 10), (self.item_b, 4))
            picking = order.picking_ids
            self.run_jobs()
            move_a = picking.move_ids.filtered(lambda m: m.product_id == self.item_a)
            move_a.product_uom_qty = 8
            move_a.product_uom_qty = 7  # before the change is built: one change only
            self.assertEqual(len(self.release_messages(picking, "change")), 1)
            self.run_jobs()
        self.assertEqual([d["action"] for d in wms.documents()], ["create", "change"])
        change = wms.documents("change")[0]
        self.assertEqual(change["order_ref"], picking.name)
        lines = {line["line_ref"]: float(line["quantity"]) for line in change["lines"]}
        self.assertEqual(lines[str(move_a.id)], 7.0)
        self.assertEqual(len(lines), 2, "a change carries the whole order")
        self.assertEqual(self.release_messages(picking, "create").state, "sent")
        self.assertEqual(picking.integration_release_state, "released")

    def test_send_change_button(self):
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 3)).picking_ids
            self.run_jobs()
            picking.action_wms_send_change()
            self.run_jobs()
        self.assertEqual([d["action"] for d in wms.documents()], ["create", "change"])

    def test_cancel_after_release_sends_a_cancel(self):
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 2))
            picking = order.picking_ids
            self.run_jobs()
            order._action_cancel()
            self.assertEqual(picking.state, "cancel")
            self.run_jobs()
        cancel = wms.documents("cancel")
        self.assertEqual(len(cancel), 1)
        self.assertEqual(cancel[0]["order_ref"], picking.name)
        self.assertEqual(cancel[0]["lines"], [])
        self.assertEqual(self.release_messages(picking, "cancel").state, "sent")
        self.assertEqual(picking.integration_release_state, "cancel_sent")

    def test_refused_cancel_lands_in_the_exception_queue(self):
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 2))
            picking = order.picking_ids
            self.run_jobs()
            wms.shipped.add(picking.name)  # the warehouse shipped it already
            order._action_cancel()
            self.run_jobs()
        message = self.release_messages(picking, "cancel")
        self.assertEqual(message.state, "failed")
        self.assertEqual(len(wms.documents("cancel")), 1, "a refusal is not sent again")
        exception = self.open_exception(message)
        self.assertEqual(exception.category, "transport")
        self.assertIn("refused the cancel", exception.explanation)
        self.assertIn("409", exception.explanation)
        self.assertIn("already shipped", exception.explanation)
        self.assertIn("cancelled in Odoo", exception.fix_hint)
        self.assertEqual(picking.integration_release_state, "refused")

    def test_send_cancel_cancels_the_delivery_once_the_warehouse_accepts(self):
        with self.simulated_wms():
            picking = self.sell((self.item_a, 2)).picking_ids
            self.run_jobs()
            picking.action_wms_send_cancel()
            self.assertEqual(picking.state, "assigned", "not before the warehouse accepts")
            self.run_jobs()
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(picking.integration_release_state, "cancel_sent")

    def test_refused_send_cancel_keeps_the_delivery_for_its_ship_confirmation(self):
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 2)).picking_ids
            self.run_jobs()
            payload = wms.ship(picking.name, {self.line_ref(picking, self.item_a): 2}, "SHIP-T-R")
            picking.action_wms_send_cancel()
            self.run_jobs()
            self.assertEqual(picking.state, "assigned")
            self.assertEqual(picking.integration_release_state, "refused")
            message = self.confirm(payload)
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.integration_release_state, "shipped")

    def test_cancel_before_release_sends_nothing(self):
        self.release_flow.mode = "batch"
        with self.simulated_wms() as wms:
            order = self.sell((self.item_a, 2))
            picking = order.picking_ids
            release = self.release_messages(picking)
            self.assertEqual(release.state, "pending")
            order._action_cancel()
            self.env["integration.flow"]._cron_send_batches()
            self.run_jobs()
        self.assertFalse(wms.received)
        self.assertEqual(release.state, "cancelled")
        self.assertFalse(self.release_messages(picking, "cancel"))

    def test_waves_release_on_schedule_or_on_demand(self):
        self.warehouse.integration_release_policy = "wave"
        wave_flow = self.release_flow.copy(
            {"code": "t-wms-wave", "mode": "batch", "name": "Test 3PL waves"}
        )
        self.assertEqual(self.warehouse._wms_release_flow(), wave_flow)
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 2)).picking_ids
            self.assertEqual(self.run_jobs(), 0, "nothing leaves before the wave")
            self.assertEqual(self.release_messages(picking).flow_id, wave_flow)
            self.warehouse.action_wms_release_wave()
            self.run_jobs()
        self.assertEqual(len(wms.received), 1)
        self.assertEqual(picking.integration_release_state, "released")

    def test_release_now_button_and_unmanaged_warehouses(self):
        self.release_flow.event = False
        with self.simulated_wms() as wms:
            picking = self.sell((self.item_a, 1)).picking_ids
            self.run_jobs()
            self.assertFalse(wms.received)
            picking.action_wms_release()
            picking.action_wms_release()
            self.run_jobs()
        self.assertEqual(len(wms.received), 1)
        main = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        main.action_confirm()
        self.assertFalse(main.picking_ids.integration_release_state)
        self.assertFalse(self.release_messages(main.picking_ids))

    def test_acknowledged_release(self):
        with self.simulated_wms():
            picking = self.sell((self.item_a, 1)).picking_ids
            self.run_jobs()
        release = self.release_messages(picking)
        self.receive(
            b'{"ack_ref": "ACK-T-1", "acknowledged_ref": "%s", "status": "accepted"}'
            % release.name.encode(),
            flow=self.ack_flow,
        )
        self.run_jobs()
        self.assertEqual(release.state, "acknowledged")
        self.assertEqual(picking.integration_release_state, "acknowledged")

    def test_rejected_release_is_refused(self):
        with self.simulated_wms():
            picking = self.sell((self.item_a, 1)).picking_ids
            self.run_jobs()
        release = self.release_messages(picking)
        self.receive(
            b'{"ack_ref": "ACK-T-2", "acknowledged_ref": "%s", "status": "rejected", '
            b'"errors": [{"description": "unknown ship-to"}]}' % release.name.encode(),
            flow=self.ack_flow,
        )
        self.run_jobs()
        self.assertEqual(picking.integration_release_state, "refused")
