# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, tagged

from .common import AttackMixin, IntegrationCase, order_payload
from .partner_server import PartnerServer
from .returns_common import ReturnsSetup, return_payload, serial_line
from .test_api import API


@tagged("post_install", "-at_install")
class TestReturns(ReturnsSetup, IntegrationCase):
    """A customer's return authorisation: return picking against its delivery, credit note
    and acknowledgement once received, exception for goods never shipped to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_returns()
        cls.endpoint = cls.http_endpoint()
        cls.ack_flow = cls.env["integration.flow"].create(
            {
                "name": "Acme returns acknowledged",
                "code": "t-acme-return-acks",
                "partner_id": cls.partner.id,
                "direction": "outbound",
                "document_type": "return_request",
                "endpoint_id": cls.endpoint.id,
                "mode": "event",
                "event": "return_received",
            }
        )

    def returns_of(self, rma_ref):
        return self.env["stock.picking"].search([("integration_rma_ref", "=", rma_ref)])

    def test_return_picking_against_the_delivery_keeps_the_serials(self):
        order, delivery, _invoice = self.ship_order(self.order_flow)
        shipped = delivery.move_line_ids.lot_id.mapped("name")
        message = self.receive(
            return_payload(lines=[serial_line(shipped[1])]),
            flow=self.returns_flow,
        )
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        picking = self.returns_of("RMA-1")
        self.assertEqual(message._business_record(), picking)
        self.assertEqual(picking.return_id, delivery)
        self.assertEqual(picking.picking_type_code, "incoming")
        self.assertEqual(picking.sale_id, order)
        self.assertEqual(picking.move_line_ids.lot_id.mapped("name"), [shipped[1]])
        self.assertEqual(picking.move_ids.integration_return_line_ref, "R1")
        self.assertEqual(
            message.correlation_id,
            order.integration_correlation_id,
            "the return joins the transaction of its order",
        )

    def test_without_lots_the_shipped_serials_come_back(self):
        _order, delivery, _invoice = self.ship_order(self.order_flow)
        self.receive(
            return_payload(lines=[{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 2}]),
            flow=self.returns_flow,
        )
        self.run_jobs()
        self.assertEqual(
            sorted(self.returns_of("RMA-1").move_line_ids.lot_id.mapped("name")),
            sorted(delivery.move_line_ids.lot_id.mapped("name")),
        )

    def test_received_return_is_credited_and_acknowledged(self):
        order, delivery, invoice = self.ship_order(self.order_flow)
        serial = delivery.move_line_ids.lot_id[:1].name
        self.receive(
            return_payload(lines=[serial_line(serial)]),
            flow=self.returns_flow,
        )
        self.run_jobs()
        picking = self.returns_of("RMA-1")
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            picking.button_validate()
            self.run_jobs()
        self.assertEqual(picking.state, "done")
        credit = picking.integration_credit_note_id
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertEqual(credit.invoice_line_ids.sale_line_ids, order.order_line)
        self.assertEqual(credit.amount_untaxed, 12.5)
        self.assertEqual(order.order_line.qty_delivered, 1)
        sent = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        self.assertEqual(sent.state, "sent", sent.last_error)
        self.assertEqual(len(server.requests), 1)
        ack = json.loads(server.requests[0]["body"])
        self.assertEqual(ack["status"], "received")
        self.assertEqual(ack["rma_ref"], "RMA-1")
        self.assertEqual(ack["order_ref"], "PO-1001")
        self.assertEqual(ack["shipment_ref"], delivery.name)
        self.assertEqual(ack["credit_note_ref"], credit.name)
        self.assertEqual(float(ack["amount_total"]), credit.amount_total)
        self.assertEqual(ack["lines"][0]["line_ref"], "R1")
        self.assertEqual(ack["lines"][0]["lots"], [{"lot_name": serial, "quantity": "1"}])

    def test_goods_never_shipped_to_the_customer_open_an_exception(self):
        _order, delivery, _invoice = self.ship_order(self.order_flow)
        not_shipped = next(
            name
            for name in ("SN-1", "SN-2", "SN-3")
            if name not in delivery.move_line_ids.lot_id.mapped("name")
        )
        pickings = self.env["stock.picking"].search_count([])
        message = self.receive(
            return_payload(
                lines=[
                    serial_line(not_shipped),
                    {"line_ref": "R2", "product_code": "WIDGET-1", "quantity": 1},
                ]
            ),
            flow=self.returns_flow,
        )
        self.run_jobs()
        self.assertEqual(message.state, "failed")
        exception = message.exception_ids
        self.assertEqual(exception.category, "business_rule")
        self.assertIn("line R1", exception.explanation)
        self.assertIn(not_shipped, exception.explanation)
        self.assertIn("line R2", exception.explanation)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings, "nothing created")

    def test_more_than_shipped_or_unknown_order_open_an_exception(self):
        self.ship_order(self.order_flow)
        too_many = self.receive(
            return_payload(lines=[{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 3}]),
            flow=self.returns_flow,
        )
        unknown = self.receive(
            return_payload(rma_ref="RMA-2", order_ref="PO-NEVER"), flow=self.returns_flow
        )
        self.run_jobs()
        self.assertEqual(too_many.state, "failed")
        self.assertIn("line R1: 3.0 of", too_many.exception_ids.explanation)
        self.assertEqual(unknown.state, "failed")
        self.assertIn("PO-NEVER", unknown.exception_ids.explanation)
        self.assertFalse(self.returns_of("RMA-1") | self.returns_of("RMA-2"))

    def test_a_second_return_takes_only_what_is_left(self):
        self.ship_order(self.order_flow)
        lines = [{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 1}]
        first = self.receive(return_payload(lines=lines), flow=self.returns_flow)
        second = self.receive(return_payload(rma_ref="RMA-2", lines=lines), flow=self.returns_flow)
        third = self.receive(return_payload(rma_ref="RMA-3", lines=lines), flow=self.returns_flow)
        repeat = self.receive(return_payload(lines=lines), flow=self.returns_flow)
        self.run_jobs()
        self.assertEqual((first.state, second.state), ("processed", "processed"))
        self.assertNotEqual(
            self.returns_of("RMA-1").move_line_ids.lot_id,
            self.returns_of("RMA-2").move_line_ids.lot_id,
        )
        self.assertEqual(third.state, "failed", "both serials are already coming back")
        self.assertIn(repeat.state, ("duplicate", "failed"))

    def test_replacement_asked_makes_a_new_delivery_and_no_credit(self):
        order, delivery, _invoice = self.ship_order(self.order_flow)
        lines = [{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 1}]
        message = self.receive(
            return_payload(lines=lines, action="replace"), flow=self.returns_flow
        )
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        picking = self.returns_of("RMA-1")
        self.assertEqual(picking.integration_return_action, "replace")
        replacement = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p != delivery
        )
        self.assertEqual(replacement.move_ids.product_uom_qty, 1, "the exchange goes out again")
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            picking.button_validate()
            self.run_jobs()
        self.assertFalse(picking.integration_credit_note_id)
        ack = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        self.assertEqual((ack.state, len(server.requests)), ("sent", 1))
        self.assertEqual(ack.canonical["action"], "replace")
        self.assertIsNone(ack.canonical["credit_note_ref"])

    def test_goods_shipped_by_another_company_are_not_returned_here(self):
        self.ship_order(self.order_flow)
        other = self.env["res.company"].create({"name": "Returns subsidiary"})
        partner = self.env["integration.partner"].create(
            {
                "name": "Acme at the subsidiary",
                "code": "t-acme-sub",
                "partner_id": self.customer.id,
                "company_id": other.id,
            }
        )
        flow = self.env["integration.flow"].create(
            {
                "name": "Acme returns at the subsidiary",
                "code": "t-acme-sub-returns",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "return_request",
            }
        )
        lines = [{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 1}]
        message = self.receive(return_payload(lines=lines), flow=flow)
        self.run_jobs()
        self.assertEqual(message.company_id, other)
        self.assertEqual(message.state, "failed")
        self.assertIn("never shipped", message.exception_ids.explanation)
        self.assertFalse(self.returns_of("RMA-1"))

    def test_untracked_goods_come_back_up_to_what_was_delivered(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product,
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.company.id)], limit=1)
            .lot_stock_id,
            10,
        )
        order = self.receive(order_payload(order_ref="PO-2002", quantity=5))
        self.run_jobs()
        delivery = order._business_record().picking_ids
        delivery.button_validate()
        lines = [
            {
                "line_ref": "1",
                "product_code": "WIDGET-1",
                "quantity": 2,
                "lots": [{"lot_name": "X", "quantity": 2}],
            }
        ]
        first = self.receive(
            return_payload(order_ref="PO-2002", lines=lines), flow=self.returns_flow
        )
        lines[0].update(quantity=4, lots=[])
        second = self.receive(
            return_payload(rma_ref="RMA-2", order_ref="PO-2002", lines=lines),
            flow=self.returns_flow,
        )
        self.run_jobs()
        self.assertEqual(first.state, "processed", first.last_error)
        self.assertEqual(self.returns_of("RMA-1").move_ids.product_uom_qty, 2)
        self.assertFalse(self.returns_of("RMA-1").move_line_ids.lot_id)
        self.assertEqual(second.state, "failed")
        self.assertIn("4.0 of [WIDGET-1] Widget, 3.0 shipped", second.exception_ids.explanation)


@tagged("post_install", "-at_install")
class TestReturnsOverApi(AttackMixin, HttpCase, ReturnsSetup, IntegrationCase):
    """A return posted as canonical JSON to the hub's API, and who may act on the exception
    a wrong one opens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_returns()
        cls.endpoint = cls.env["integration.endpoint"].create(
            {"name": "Acme calls us", "partner_id": cls.partner.id}
        )
        cls.returns_flow.endpoint_id = cls.endpoint
        _key, cls.plain_key = cls.env["integration.api.key"]._issue(cls.endpoint, "Acme")

    def post(self, body):
        return self.url_open(
            f"{API}/flows/{self.returns_flow.code}/messages",
            data=body,
            headers={"Authorization": f"Bearer {self.plain_key}"},
            timeout=30,
        )

    def test_canonical_return_over_the_api(self):
        _order, delivery, _invoice = self.ship_order(self.order_flow)
        response = self.post(
            return_payload(lines=[{"line_ref": "R1", "product_code": "SERIAL-1", "quantity": 1}])
        )
        self.assertEqual(response.status_code, 202, response.text)
        self.run_jobs()
        message = self.env["integration.message"].browse(response.json()["id"])
        self.assertEqual(message.state, "processed", message.last_error)
        picking = message._business_record()
        self.assertEqual(picking.return_id, delivery)
        self.assertEqual(picking.integration_rma_ref, "RMA-1")
        spec = self.url_open(f"{API}/openapi.json").json()
        self.assertIn("ReturnRequest", spec["components"]["schemas"])

    def test_exception_of_a_wrong_return_is_refused_to_outsiders(self):
        response = self.post(return_payload(order_ref="PO-NEVER"))
        self.assertEqual(response.status_code, 202, response.text)
        self.run_jobs()
        message = self.env["integration.message"].browse(response.json()["id"])
        exception = message.exception_ids
        self.assertEqual(exception.category, "business_rule")
        rows = self.row_counts()
        for user in (self.internal_user, self.portal_user, self.manager2):
            for method in ("action_retry", "action_take"):
                self.assertRefused(user, "integration.exception", method, [exception.id])
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual(exception.state, "new")
        self.rpc(self.integration_user, "integration.exception", "action_retry", [exception.id])
        self.run_jobs()
        self.assertEqual(message.state, "failed", "still not shipped to the customer")
