# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import AttackMixin
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import PurchaseCase


@tagged("post_install", "-at_install")
class TestSupplierSecurity(PurchaseCase):
    """Buyers work their purchase orders; the supplier's messages and the decisions on its
    differences are the integration users'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(
            cls.env, "t-buyer", groups="base.group_user,purchase.group_purchase_user"
        )
        cls.integrator = new_test_user(
            cls.env,
            "t-integrator",
            groups="base.group_user,purchase.group_purchase_user,"
            "integration_core.group_integration_user",
        )
        cls.order = cls.purchase((cls.item_a, 10, 10.0), (cls.item_b, 5, 20.0))
        for line in cls.order.order_line:
            line._integration_line_ref()

    def disputed(self):
        self.receive_document(
            self.ack_in, self.ack(self.order, (self.item_b, 5, 0, "rejected", 20.0))
        )
        exception = self.open_exceptions(purchase_kind="ack")
        self.assertTrue(exception)
        return exception

    def test_buyer_reads_no_messages_and_decides_nothing(self):
        exception = self.disputed()
        Message = self.env["integration.message"].with_user(self.buyer)
        with self.assertRaises(AccessError):
            Message.search([("correlation_id", "=", self.order.integration_correlation_id)])
        with self.assertRaises(AccessError):
            exception.with_user(self.buyer).action_purchase_accept()
        with self.assertRaises(AccessError):
            exception.with_user(self.buyer).action_purchase_reject()
        self.assertEqual(exception.state, "new")
        self.assertEqual(self.order.order_line[1].product_qty, 5)
        # The buyer still confirms and edits purchase orders (no pipeline field is theirs).
        self.order.with_user(self.buyer).order_line[0].product_qty = 11

    def test_nobody_writes_pipeline_state(self):
        exception = self.disputed()
        with self.assertRaises(AccessError):
            exception.with_user(self.integrator).write({"purchase_decision": "accepted"})
        for user in (self.buyer, self.integrator):
            with self.assertRaises(AccessError):
                self.order.with_user(user).write({"integration_ack_state": "acknowledged"})
            with self.assertRaises(AccessError):
                self.order.order_line[0].with_user(user).write({"integration_line_ref": "7"})
        self.assertEqual(self.order.integration_ack_state, "disputed")

    def test_queue_only_user_opens_the_purchase_order_read_only(self):
        """Integration User alone (no purchase group): the order of a supplier's exception
        opens in its form, as the browser reads it, and stays theirs to read only."""
        queue_user = new_test_user(
            self.env, "t-queue-only", groups="integration_core.group_integration_user"
        )
        self.disputed()
        order = self.order.with_user(queue_user)
        [values] = order.web_read(Form(order)._view["fields_spec"])
        self.assertEqual(values["name"], self.order.name)
        with self.assertRaises(AccessError):
            order.write({"notes": "changed"})

    def test_integration_user_decides(self):
        exception = self.disputed()
        exception.with_user(self.integrator).action_purchase_accept()
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(self.order.order_line[1].product_qty, 0)


@tagged("post_install", "-at_install")
class TestSupplierAttacks(AttackMixin, PurchaseCase, HttpCase):
    """The same over JSON-RPC, as a script would call it: a portal user, a plain internal
    user and another company's integration manager decide nothing and write no pipeline
    state; an integration user of the company who may edit purchase orders decides."""

    TABLES = (*AttackMixin.TABLES, "purchase_order", "purchase_order_line", "account_move")

    def test_only_the_company_s_integration_users_decide_a_supplier_difference(self):
        order = self.purchase((self.item_a, 10, 10.0), (self.item_b, 5, 20.0))
        for line in order.order_line:
            line._integration_line_ref()
        self.receive_document(self.ack_in, self.ack(order, (self.item_b, 5, 0, "rejected", 20.0)))
        exception = self.open_exceptions(purchase_kind="ack")
        self.assertEqual(len(exception), 1)
        rows = self.row_counts()
        attackers = (self.portal_user, self.internal_user, self.manager2)
        for user in attackers:
            for method in ("action_purchase_accept", "action_purchase_reject"):
                self.assertRefused(user, "integration.exception", method, exception.ids)
            self.assertRefused(
                user, "integration.exception", "write", exception.ids, {"state": "resolved"}
            )
            self.assertRefused(
                user,
                "purchase.order",
                "write",
                order.ids,
                {"integration_ack_state": "acknowledged"},
            )
        self.assertRefused(
            self.integration_user,
            "purchase.order",
            "write",
            order.ids,
            {"integration_ack_state": "acknowledged"},
        )
        # An integration user who may not edit purchase orders cannot change one by deciding.
        self.assertRefused(
            self.integration_user, "integration.exception", "action_purchase_accept", exception.ids
        )
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual((exception.state, order.integration_ack_state), ("new", "disputed"))
        self.assertEqual(order.order_line[1].product_qty, 5)
        buyer = self._new_user("atk_int_buyer", f"{self.USER},purchase.group_purchase_user")
        self.rpc(buyer, "integration.exception", "action_purchase_accept", exception.ids)
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(order.order_line[1].product_qty, 0)
