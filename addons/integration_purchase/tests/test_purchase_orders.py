# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PurchaseCase


@tagged("post_install", "-at_install")
class TestPurchaseOrdersOut(PurchaseCase):
    """What the supplier hears of our purchase orders: the order, its changes, its end."""

    def sent(self, server):
        return [json.loads(request["body"]) for request in server.requests]

    def test_change_and_cancel_after_sending(self):
        with self.supplier_system() as server:
            order = self.purchase((self.item_a, 10, 10.0), (self.item_b, 5, 20.0))
            self.run_jobs()
            order.order_line[0].product_qty = 12
            self.run_jobs()
            order.button_cancel()
            self.run_jobs()
        original, change, cancel = self.sent(server)
        self.assertEqual(
            [original["purpose"], change["purpose"], cancel["purpose"]],
            ["original", "change", "cancel"],
        )
        self.assertEqual([line["quantity"] for line in change["lines"]], ["12", "5"])
        self.assertEqual(
            [line["line_ref"] for line in change["lines"]], ["1", "2"], "line numbers kept"
        )
        self.assertEqual(order.integration_message_count, 3)

    def test_change_before_sending_is_in_the_order(self):
        with self.supplier_system() as server:
            order = self.purchase((self.item_a, 10, 10.0))
            order.order_line.product_qty = 7
            self.run_jobs()
        (document,) = self.sent(server)
        self.assertEqual(document["purpose"], "original")
        self.assertEqual(document["lines"][0]["quantity"], "7")

    def test_other_vendor_and_other_company_orders_stay_home(self):
        other_company = self.env["res.company"].create({"name": "Subsidiary (no supplier flow)"})
        self.env.user.company_ids |= other_company
        other_vendor = self.env["res.partner"].create({"name": "Another vendor"})
        with self.supplier_system() as server:
            self.purchase((self.item_a, 1, 10.0), company=other_company)
            self.purchase((self.item_a, 1, 10.0), vendor=other_vendor)
            self.run_jobs()
        self.assertFalse(server.requests, "neither order is this supplier's business")
        self.assertFalse(
            self.env["integration.message"].search([("flow_id", "=", self.po_flow.id)])
        )

    def test_unacknowledged_order_counts_on_the_dashboard(self):
        self.supplier.purchase_ack_sla_hours = 4
        with self.supplier_system():
            order = self.standard_order()
            self.run_jobs()
        self.assertEqual(order.integration_ack_state, "sent")
        dashboard = self.env["integration.dashboard"].create({})
        self.assertEqual(dashboard.purchase_unacknowledged, 0, "within its SLA")
        order.sudo().integration_ack_due_at = fields.Datetime.now() - timedelta(hours=1)
        dashboard = self.env["integration.dashboard"].create({})
        self.assertEqual(dashboard.purchase_unacknowledged, 1)
        action = dashboard.with_context(figure="purchase_unacknowledged").action_open_figure()
        self.assertEqual(self.env["purchase.order"].search(action["domain"]), order)

    def test_late_ship_notices_count_on_the_dashboard(self):
        with self.supplier_system():
            order = self.purchase((self.item_a, 10, 10.0))
            self.run_jobs()
        self.assertEqual(self.env["integration.dashboard"].create({}).purchase_asn_late, 0)
        order.date_planned = fields.Datetime.now() - timedelta(days=1)
        self.assertEqual(
            self.env["integration.dashboard"].create({}).purchase_asn_late,
            1,
            "due yesterday, no ship notice",
        )
        notice = self.asn(order, lines=[(self.item_a, 10, [])], expected="2099-01-31")
        self.receive_document(self.asn_in, notice)
        self.assertTrue(order.integration_asn_late, "announced after the date ordered")
        self.assertEqual(self.env["integration.dashboard"].create({}).purchase_asn_late, 1)


@tagged("post_install", "-at_install")
class TestSupplierDocuments(PurchaseCase):
    """Acknowledgements, ship notices and invoices that do not fit the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier.purchase_quantity_tolerance = 10.0
        cls.order = cls.purchase((cls.item_a, 10, 10.0), (cls.item_b, 5, 20.0))
        for line in cls.order.order_line:
            line._integration_line_ref()

    def test_changes_within_tolerance_applied_beyond_decided(self):
        ack = self.ack(
            self.order,
            (self.item_a, 10, 9, "changed", 10.0),  # -10 %: within
            (self.item_b, 5, 5, "changed", 21.0),  # +5 %: beyond 2 %
        )
        ack["lines"][0]["scheduled_date"] = (
            fields.Date.to_date(self.order.date_planned) + timedelta(days=2)
        ).isoformat()
        message = self.receive_document(self.ack_in, ack)
        self.assertEqual(message.state, "processed", message.last_error)
        line_a, line_b = self.order.order_line
        self.assertEqual(line_a.product_qty, 9)
        self.assertEqual(
            fields.Date.to_date(line_a.date_planned),
            fields.Date.to_date(ack["lines"][0]["scheduled_date"]),
            "2 days later: within the 3 days' tolerance",
        )
        self.assertEqual(line_b.price_unit, 20.0, "beyond tolerance: not applied")
        (exception,) = self.open_exceptions(purchase_kind="ack")
        self.assertIn("<td>price</td><td>20.0</td><td>21.0</td>", exception.purchase_comparison)
        self.assertEqual(self.order.integration_ack_state, "disputed")
        exception.action_purchase_reject()
        self.assertEqual(line_b.price_unit, 20.0)
        self.assertEqual(exception.purchase_decision, "rejected")
        self.assertEqual(self.order.integration_ack_state, "acknowledged")

    def test_accepting_a_price_beyond_tolerance(self):
        self.receive_document(
            self.ack_in, self.ack(self.order, (self.item_b, 5, 5, "changed", 21.0))
        )
        self.open_exceptions(purchase_kind="ack").action_purchase_accept()
        self.assertEqual(self.order.order_line[1].price_unit, 21.0)

    def test_substitution_where_the_supplier_may_substitute(self):
        self.supplier.purchase_accept_substitutes = True
        ack = self.ack(self.order, (self.item_b, 5, 5, "changed", 20.0))
        ack["lines"][0]["substitute_product_code"] = "PSI-300"
        message = self.receive_document(self.ack_in, ack)
        self.assertEqual(message.state, "processed", message.last_error)
        line_b = self.order.order_line[1]
        self.assertEqual(line_b.product_id, self.item_lot)
        self.assertFalse(self.open_exceptions(purchase_kind="ack"))
        receipt = self.order.picking_ids
        self.assertEqual(
            sorted(receipt.move_ids.filtered(lambda m: m.state != "cancel").product_id.ids),
            sorted((self.item_a | self.item_lot).ids),
            "the receipt expects the substitute",
        )

    def test_substitution_needs_a_person_otherwise(self):
        ack = self.ack(self.order, (self.item_b, 5, 5, "changed", 20.0))
        ack["lines"][0]["substitute_product_code"] = "PSI-300"
        self.receive_document(self.ack_in, ack)
        (exception,) = self.open_exceptions(purchase_kind="ack")
        self.assertIn("<td>[HUB-B] Washer M8</td>", exception.purchase_comparison)
        self.assertEqual(self.order.order_line[1].product_id, self.item_b)

    def test_documents_about_an_unknown_order(self):
        ack = self.ack(self.order, (self.item_a, 10, 10, "accepted", 10.0))
        ack["order_ref"] = "P99999"
        message = self.receive_document(self.ack_in, ack)
        self.assertEqual(message.state, "failed")
        self.assertIn("purchase order P99999", message.last_error)
        self.assertEqual(message.exception_ids.category, "business_rule")

    def test_ship_notice_for_an_unknown_line(self):
        notice = self.asn(self.order, lines=[(self.item_a, 4, [])])
        notice["lines"][0]["line_ref"] = "9"
        message = self.receive_document(self.asn_in, notice)
        self.assertEqual(message.state, "failed")
        self.assertIn("line 9", message.last_error)
        self.assertEqual(message.exception_ids.category, "business_rule")

    def test_ship_notice_exceeding_the_order(self):
        message = self.receive_document(
            self.asn_in, self.asn(self.order, lines=[(self.item_a, 11, [])])
        )
        self.assertEqual(message.state, "failed")
        self.assertIn("exceeds the order", message.last_error)
        self.assertEqual(self.order.picking_ids.integration_asn_ref, False)

    def test_ship_notice_without_the_lots_of_a_tracked_item(self):
        order = self.purchase((self.item_lot, 20, 5.0))
        for line in order.order_line:
            line._integration_line_ref()
        message = self.receive_document(
            self.asn_in, self.asn(order, lines=[(self.item_lot, 5, [])])
        )
        self.assertEqual(message.state, "failed")
        self.assertIn("tracked by lot, and the ship notice does not say which", message.last_error)
        self.assertIn("resend the notice with its lots", message.exception_ids.fix_hint)

    def test_ship_notice_serial_numbers_count_one_unit_each_and_once(self):
        gauge = self._item("HUB-S", "Pressure gauge (serials)", "PSI-400", 50.0, "serial")
        order = self.purchase((gauge, 3, 50.0))
        for line in order.order_line:
            line._integration_line_ref()
        twice = [("SN-1", 1, None), ("SN-1", 1, None)]
        message = self.receive_document(
            self.asn_in, self.asn(order, "ASN-S1", lines=[(gauge, 2, twice)])
        )
        self.assertIn("serial number SN-1 appears twice", message.last_error)
        two = [("SN-2", 2, None)]
        message = self.receive_document(
            self.asn_in, self.asn(order, "ASN-S2", lines=[(gauge, 2, two)])
        )
        self.assertIn("a serial number counts for one unit", message.last_error)
        self.assertFalse(order.picking_ids.move_line_ids.lot_id, "nothing was prepared")

    def test_ship_notice_repeated_changes_nothing(self):
        notice = self.asn(self.order, lines=[(self.item_a, 4, [])])
        first = self.receive_document(self.asn_in, notice)
        notice["ship_date"] = "2026-12-19T09:00:00"  # another file, same notice
        second = self.receive_document(self.asn_in, notice)
        self.assertEqual(second.state, "processed", second.last_error)
        self.assertEqual(second._business_record(), first._business_record())
        self.assertEqual(first._business_record().move_line_ids.mapped("quantity"), [4.0])

    def test_invoice_quantity_not_received(self):
        message = self.receive_document(
            self.invoice_in, self.invoice(self.order, "INV-9", (self.item_a, 10, 10.0))
        )
        bill = message._business_record()
        self.assertEqual(bill.state, "draft")
        (exception,) = self.open_exceptions(purchase_kind="bill")
        self.assertIn("quantity (received, not invoiced) 0, invoiced 10", exception.explanation)
        self.assertEqual(self.env["integration.dashboard"].create({}).purchase_bills_blocked, 1)
        exception.action_purchase_reject()
        self.assertEqual(bill.state, "cancel")


@tagged("post_install", "-at_install")
class TestSupplierFlowDefaults(PurchaseCase):
    """A supplier's flows get the supplier side's plug-ins; a 3PL's ship confirmations keep
    the warehouse's processor."""

    def test_plugins_of_a_supplier_and_of_a_3pl(self):
        self.assertEqual(self.po_flow.builder, "order")
        self.assertEqual(
            (self.ack_in.processor, self.asn_in.processor, self.invoice_in.processor),
            ("order_ack", "purchase_receipt", "invoice"),
        )
        if "integration.processor.shipment_notice" not in self.env:
            return  # integration_wms is not installed: no 3PL to compare with
        tpl = self.env["integration.partner"].create(
            {"name": "Some 3PL", "code": "t-3pl-defaults", "kind": "3pl"}
        )
        ship = self.env["integration.flow"].create(
            {
                "name": "3PL ship confirmations",
                "code": "t-3pl-defaults-ship",
                "partner_id": tpl.id,
                "direction": "inbound",
                "document_type": "shipment_notice",
            }
        )
        self.assertEqual(ship.processor, "shipment_notice")
