# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer changes or cancels its order (canonical JSON here; the EDI and cXML forms are
tested in their modules): applied while nothing is picked or shipped, answered on the
partner's order acknowledgement flow, refused with actions otherwise; a change sent before
its order waits for it."""

import json

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AttackMixin, CommittedFlowCase, IntegrationCase, order_payload
from .partner_server import PartnerServer

LINES = [
    {"line_ref": "1", "product_code": "WIDGET-1", "quantity": 5, "unit_price": 12.5},
    {"line_ref": "2", "product_code": "GADGET-2", "quantity": 3, "unit_price": 30},
]


class OrderChangeCase(IntegrationCase):
    """Acme's orders in, and its acknowledgements out to its HTTP endpoint on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gadget = cls.env["product.product"].create(
            {"name": "Gadget", "default_code": "GADGET-2", "type": "consu", "is_storable": True}
        )
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)])[:1]
        for product in cls.product | cls.gadget:
            cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 50)
        cls.endpoint = cls.env["integration.endpoint"].create(
            {
                "name": "Acme gateway",
                "partner_id": cls.partner.id,
                "url": "http://127.0.0.1:9/unused",
                "timeout_connect": 2.0,
                "timeout_read": 5.0,
            }
        )
        cls.ack_flow = cls.order_ack_flow(cls.endpoint)

    def send(self, order_ref="PO-CHG-1", **document):
        message = self.receive(order_payload(order_ref, **{"lines": LINES, **document}))
        self.run_jobs()
        return message

    def ordered(self, order):
        return {
            line.integration_line_ref: (line.product_uom_qty, line.price_unit)
            for line in order.order_line
        }

    def answers(self, server):
        """The order acknowledgements the partner received that answer a change."""
        documents = [json.loads(request["body"]) for request in server.requests]
        return [document for document in documents if document.get("purpose") == "change"]


@tagged("post_install", "-at_install")
class TestOrderChanges(OrderChangeCase):
    def test_change_of_quantity_price_date_and_lines_is_applied_and_answered(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.send()._business_record()
            self.assertEqual(order.state, "sale")
            change = self.send(
                purpose="change",
                requested_delivery_date="2026-12-10",
                lines=[
                    {"line_ref": "1", "product_code": "WIDGET-1", "quantity": 8, "unit_price": 11},
                    {"line_ref": "2", "product_code": "GADGET-2", "quantity": 0},
                    {"line_ref": "3", "product_code": "GADGET-2", "quantity": 2, "unit_price": 29},
                ],
            )
            self.assertEqual(change.state, "processed", change.last_error)
            self.assertEqual(self.ordered(order), {"1": (8, 11), "2": (0, 30), "3": (2, 29)})
            self.assertEqual(str(order.commitment_date.date()), "2026-12-10")
            moves = order.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
            self.assertEqual(
                sum(
                    moves.filtered(lambda m: m.product_id == self.gadget).mapped("product_uom_qty")
                ),
                2,
            )
            chatter = "\n".join(order.message_ids.mapped("body"))
            self.assertIn(change.name, chatter)
            self.assertIn("line 2 cancelled", chatter)
            self.assertIn("line 3 added", chatter)

            (answer,) = self.answers(server)
            self.assertEqual((answer["order_ref"], answer["status"]), ("PO-CHG-1", "accepted"))
            self.assertEqual(
                [
                    (a["line_ref"], float(a["quantity_accepted"]), a["status"])
                    for a in answer["lines"]
                ],
                [("1", 8, "accepted"), ("2", 0, "accepted"), ("3", 2, "accepted")],
            )

    def test_change_before_its_order_waits_for_it_then_applies(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            self._change_waits_then_applies()
            self.assertEqual(len(self.answers(server)), 1)

    def _change_waits_then_applies(self):
        change = self.send(
            "PO-CHG-2",
            purpose="change",
            lines=[{"line_ref": "1", "product_code": "WIDGET-1", "quantity": 9}],
        )
        self.assertEqual((change.state, change.next_step), ("validated", "map"))
        self.assertTrue(change.waiting)
        self.assertFalse(change.exception_ids, "waiting is not an error")
        self.assertIn("PO-CHG-2", change.last_error)
        self.assertEqual(change._api_status()["waiting"], True)
        self.assertEqual(self.run_jobs(), 0, "no job while it waits")

        original = self.send("PO-CHG-2")
        self.assertEqual(original.state, "processed", original.last_error)
        self.assertEqual(change.state, "processed", change.last_error)
        self.assertFalse(change.waiting)
        order = original._business_record()
        self.assertEqual(change._business_record(), order)
        self.assertEqual(self.ordered(order)["1"], (9, 12.5))
        self.assertLogged(change, "release", 1)

    def test_whole_order_cancel(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.send("PO-CHG-3")._business_record()
            cancel = self.send("PO-CHG-3", purpose="cancel", lines=[])
            self.assertEqual(cancel.state, "processed", cancel.last_error)
            self.assertEqual(order.state, "cancel")
            self.assertEqual(set(order.picking_ids.mapped("state")), {"cancel"})
            (answer,) = self.answers(server)
            self.assertEqual((answer["status"], answer["lines"]), ("accepted", []))

    def test_cancel_after_the_delivery_is_refused_and_the_answer_rejects_it(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.send("PO-CHG-6")._business_record()
            picking = order.picking_ids
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.button_validate()
            cancel = self.send("PO-CHG-6", purpose="cancel", lines=[])
            self.assertEqual(cancel.state, "failed")
            self.assertIn(f"order cancelled: 8.0 shipped in {picking.name}", cancel.last_error)
            self.assertEqual(order.state, "sale")

            cancel.exception_ids.action_order_change_apply_possible()
            self.run_jobs()
            self.assertEqual(cancel.state, "processed", cancel.last_error)
            self.assertEqual(order.state, "sale", "nothing of a shipped order can be cancelled")
            (answer,) = self.answers(server)
            self.assertEqual((answer["status"], answer["lines"]), ("rejected", []))

    def test_change_of_picked_lines_waits_for_a_decision_then_applies_what_still_can(self):
        with PartnerServer(statuses=(200,)) as server:
            self.endpoint.url = server.url
            order = self.send("PO-CHG-4")._business_record()
            move = order.order_line.filtered(lambda x: x.integration_line_ref == "1").move_ids
            move.quantity = move.product_uom_qty
            move.picked = True
            change = self.send(
                "PO-CHG-4",
                purpose="change",
                lines=[
                    {"line_ref": "1", "product_code": "WIDGET-1", "quantity": 7},
                    {"line_ref": "2", "product_code": "GADGET-2", "quantity": 4},
                ],
            )
            self.assertEqual(change.state, "failed")
            exception = change.exception_ids
            self.assertIn("line 1 quantity 5.0 → 7.0: 5.0 picked", exception.explanation)
            self.assertNotIn("line 2", exception.explanation, "line 2 could still change")
            self.assertEqual(self.ordered(order), {"1": (5, 12.5), "2": (3, 30)})
            self.assertFalse(self.answers(server))

            exception.action_order_change_apply_possible()
            self.run_jobs()
            self.assertEqual(change.state, "processed", change.last_error)
            self.assertEqual(exception.state, "resolved")
            self.assertEqual(self.ordered(order), {"1": (5, 12.5), "2": (4, 30)})
            (answer,) = self.answers(server)
            self.assertEqual(answer["status"], "partial")
            self.assertEqual(
                [(a["line_ref"], a["status"]) for a in answer["lines"]],
                [("1", "rejected"), ("2", "accepted")],
            )


@tagged("post_install", "-at_install")
class TestOrderChangeAttacks(AttackMixin, HttpCase, OrderChangeCase):
    """Over JSON-RPC: a portal user, a plain internal user, another company's manager and an
    integration user who may not edit sale orders decide nothing; a salesman of the
    integration team decides."""

    def test_only_the_company_s_integration_salesmen_decide_an_order_change(self):
        order = self.send("PO-CHG-5")._business_record()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        order.picking_ids.button_validate()
        change = self.send(
            "PO-CHG-5",
            purpose="change",
            lines=[{"line_ref": "1", "product_code": "WIDGET-1", "quantity": 6}],
        )
        exception = change.exception_ids
        self.assertTrue(exception.order_change_pending)
        rows = self.row_counts()
        for user in (self.portal_user, self.internal_user, self.manager2, self.integration_user):
            for method in ("action_order_change_apply_possible", "action_order_change_reject"):
                self.assertRefused(user, "integration.exception", method, exception.ids)
            self.assertRefused(
                user,
                "integration.exception",
                "write",
                exception.ids,
                {"order_change_decision": "partial"},
            )
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual((exception.state, change.state), ("new", "failed"))
        salesman = self._new_user(
            "atk_int_sales", f"{self.USER},sales_team.group_sale_salesman_all_leads"
        )
        self.rpc(salesman, "integration.exception", "action_order_change_reject", exception.ids)
        self.assertEqual(exception.order_change_decision, "reject")


@tagged("post_install", "-at_install")
class TestAwaitingRelease(CommittedFlowCase):
    """The release of waiting messages races the decision to wait (two connections)."""

    FLOW_CODE = "t-awaiting"

    def test_a_message_that_starts_waiting_after_the_release_began_is_not_missed(self):
        key = "sale.order:0:PO-RACE:production"
        with self.registry.cursor() as cr:
            message_id = self._flow_in(cr)._receive(order_payload("PO-RACE")).id
        with self.registry.cursor() as releasing, self.registry.cursor() as deciding:
            releasing.execute("SELECT 1")  # its snapshot: taken before the message waits
            Message = api.Environment(deciding, SUPERUSER_ID, {})["integration.message"]
            Message.browse(message_id).write({"waiting": True, "awaiting": key})
            deciding.commit()
            env = api.Environment(releasing, SUPERUSER_ID, {})
            with self.assertRaises(OperationalError) as caught, mute_logger("odoo.sql_db"):
                env["integration.message"]._release_awaiting(key)
                env.flush_all()
            # Seen (by a fresh cursor), and written: the job releasing it is tried again.
            self.assertEqual(caught.exception.pgcode, "40001")
            releasing.rollback()
