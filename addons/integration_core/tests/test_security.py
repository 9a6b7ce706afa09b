# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import IntegrationCase, order_payload


@tagged("post_install", "-at_install")
class TestAccessRights(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.message = cls.order_flow._receive(order_payload(product_code="NOPE"))
        cls.user = new_test_user(
            cls.env, "integ_user", groups="integration_core.group_integration_user"
        )
        cls.manager = new_test_user(
            cls.env, "integ_manager", groups="integration_core.group_integration_manager"
        )
        cls.internal = new_test_user(cls.env, "internal_user", groups="base.group_user")
        cls.portal = new_test_user(cls.env, "portal_user", groups="base.group_portal")

    def test_integration_user_works_the_queue_but_cannot_configure(self):
        self.run_jobs()
        exception = self.message.exception_ids.with_user(self.user)
        self.assertEqual(exception.category, "mapping")
        self.env["integration.xref"].with_user(self.user).create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "NOPE",
                "product_id": self.product.id,
            }
        )
        exception.action_retry()
        self.run_jobs()
        self.assertEqual(self.message.state, "processed")
        with self.assertRaises(AccessError):
            self.order_flow.with_user(self.user).write({"approval_required": True})
        with self.assertRaises(AccessError):
            self.env["integration.endpoint"].with_user(self.user).create(
                {"name": "x", "partner_id": self.partner.id}
            )
        with self.assertRaises(AccessError):
            self.message.with_user(self.user).unlink()

    def test_manager_configures(self):
        flow = self.order_flow.with_user(self.manager)
        flow.approval_required = True
        self.assertTrue(flow.approval_required)
        self.env["integration.endpoint"].with_user(self.manager).create(
            {"name": "new", "partner_id": self.partner.id}
        )

    def test_log_is_read_only_for_everyone(self):
        log = self.message.log_ids[:1]
        with self.assertRaises(UserError):
            log.with_user(self.manager).write({"description": "rewritten"})
        with self.assertRaises(UserError):
            log.sudo().write({"description": "rewritten"})
        with self.assertRaises(UserError):
            log.sudo().unlink()

    def test_internal_and_portal_users_see_nothing(self):
        for user in (self.internal, self.portal):
            for model in (
                "integration.message",
                "integration.exception",
                "integration.flow",
                "integration.partner",
                "integration.endpoint",
                "integration.log",
                "integration.xref",
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} reads {model}"):
                    self.env[model].with_user(user).search([])

    def test_internal_user_keeps_using_sale_orders(self):
        self.run_jobs()
        sales = new_test_user(
            self.env, "salesman", groups="sales_team.group_sale_salesman_all_leads"
        )
        order = self.env["sale.order"].with_user(sales).search([], limit=1)
        order.read(["name", "state"])  # the smart button's count is not computed for them


@tagged("post_install", "-at_install")
class TestMultiCompany(IntegrationCase):
    def test_users_see_only_their_companies_messages(self):
        other_company = self.env["res.company"].create({"name": "Subsidiary"})
        other_partner = self.env["integration.partner"].create(
            {"name": "Sub EDI", "code": "sub", "company_id": other_company.id}
        )
        other_flow = self.env["integration.flow"].create(
            {
                "name": "Sub orders",
                "code": "sub-orders",
                "partner_id": other_partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        ours = self.receive(order_payload())
        theirs = other_flow._receive(order_payload("PO-SUB"))
        user = new_test_user(
            self.env,
            "main_only",
            groups="integration_core.group_integration_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        Message = self.env["integration.message"].with_user(user)
        visible = Message.search([("id", "in", (ours | theirs).ids)])
        self.assertEqual(visible, ours)
        with self.assertRaises(AccessError):
            theirs.with_user(user).read(["name"])
        self.assertFalse(
            self.env["integration.flow"].with_user(user).search([("id", "=", other_flow.id)])
        )
