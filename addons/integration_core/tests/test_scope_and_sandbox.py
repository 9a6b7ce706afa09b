# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..services.errors import BusinessRuleError
from .common import AttackMixin, IntegrationCase, order_payload

MANAGER = "integration_core.group_integration_manager"
USER = "integration_core.group_integration_user"


class ScopeCase(IntegrationCase):
    """The Acme partner of IntegrationCase, an endpoint, and an order acknowledgement flow
    created with the defaults (no event domain)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.env["integration.endpoint"].create(
            {"name": "Acme mailbox", "partner_id": cls.partner.id, "transport": "manual"}
        )
        cls.ack_flow = cls.order_ack_flow(cls.endpoint)
        cls.manager = new_test_user(cls.env, "scope_manager", groups=MANAGER)

    def confirm_order(self, customer, ref="PO-77"):
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "client_order_ref": ref,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        return order

    def acked(self, flow=None):
        messages = self.env["integration.message"].search(
            [("flow_id", "=", (flow or self.ack_flow).id)]
        )
        return self.env["sale.order"].union(*(m._business_record() for m in messages))


@tagged("post_install", "-at_install")
class TestEventScope(ScopeCase):
    def test_a_new_flow_sends_only_its_partner_s_records(self):
        self.assertEqual(self.ack_flow.scope, "partner")
        self.assertEqual(self.ack_flow.event_model, "sale.order")
        store = self.env["res.partner"].create(
            {"name": "Acme store 12", "parent_id": self.customer.id, "type": "delivery"}
        )
        own = self.confirm_order(self.customer, "PO-OWN")
        own_store = self.confirm_order(store, "PO-STORE")
        walk_in = self.confirm_order(self.env["res.partner"].create({"name": "Walk-in"}))
        shop = self.confirm_order(self.env["res.partner"].create({"name": "Web customer"}))
        self.assertEqual(self.acked(), own | own_store)
        self.assertNotIn(walk_in, self.acked())
        self.assertNotIn(shop, self.acked())

    def test_orders_its_messages_created_are_the_partner_s_too(self):
        """A partner without a linked contact (a web shop) still gets the orders it sent."""
        self.partner.partner_id = False
        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "customer",
                "external_code": "ACME",
                "res_partner_id": self.customer.id,
            }
        )
        message = self.receive(order_payload("PO-IN-1"))
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        self.confirm_order(self.customer, "PO-BY-HAND")
        self.assertEqual(self.acked(), message._business_record())

    def test_company_scope_is_a_deliberate_choice_and_warns_without_a_domain(self):
        other = self.confirm_order(self.env["res.partner"].create({"name": "Walk-in"}))
        self.assertFalse(self.acked())
        with Form(self.ack_flow.with_user(self.manager)) as form:
            form.scope = "company"
            self.assertIn("not only those of Acme Retail", form.scope_warning)
        warning = self.ack_flow._onchange_scope_warning()
        self.assertEqual(warning["warning"]["title"], "Wide scope")
        next_order = self.confirm_order(self.env["res.partner"].create({"name": "Walk-in 2"}))
        self.assertIn(next_order, self.acked(), "every order of the company, as chosen")
        self.assertNotIn(other, self.acked(), "events before the change are not replayed")
        self.ack_flow.event_domain = f"[('partner_id', '=', {self.customer.id})]"
        self.assertFalse(self.ack_flow.scope_warning, "a domain narrows the wide scope")

    def test_the_event_domain_is_edited_with_the_domain_widget_of_the_event_model(self):
        arch = self.env["integration.flow"].get_view(view_type="form")["arch"]
        self.assertIn('name="event_domain"', arch)
        self.assertIn('widget="domain"', arch)
        self.assertIn("'model': 'event_model'", arch)
        self.ack_flow.event = "invoice_posted"
        self.assertEqual(self.ack_flow.event_model, "account.move")


@tagged("post_install", "-at_install")
class TestCompanyIsolation(ScopeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.env["res.company"].create({"name": "Scope subsidiary"})
        cls.manager2 = new_test_user(
            cls.env,
            "scope_manager2",
            groups=MANAGER,
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.partner2 = cls.env["integration.partner"].create(
            {"name": "Subsidiary partner", "code": "t-sub", "company_id": cls.company2.id}
        )
        cls.flow2 = cls.env["integration.flow"].create(
            {
                "name": "Subsidiary orders in",
                "code": "t-sub-orders",
                "partner_id": cls.partner2.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )

    def test_a_company_2_manager_cannot_point_a_flow_at_a_company_1_endpoint(self):
        with self.assertRaises(AccessError):
            self.flow2.with_user(self.manager2).endpoint_id = self.endpoint
        self.assertFalse(self.flow2.endpoint_id)
        # A manager of both companies cannot mix them either.
        self.manager.write({"company_ids": [Command.link(self.company2.id)]})
        flow2 = self.flow2.with_user(self.manager).with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        )
        with self.assertRaises(UserError) as caught:  # rolls back what was written
            flow2.endpoint_id = self.endpoint
        self.assertRegex(str(caught.exception), "Incompatible companies|own partner")
        self.assertFalse(self.flow2.endpoint_id)

    def test_a_flow_uses_an_endpoint_of_its_own_partner(self):
        other = self.env["integration.partner"].create({"name": "Other", "code": "t-other"})
        foreign = self.env["integration.endpoint"].create(
            {"name": "Other's API", "partner_id": other.id}
        )
        with self.assertRaisesRegex(ValidationError, "uses an endpoint of its own partner"):
            self.ack_flow.endpoint_id = foreign

    def test_an_order_goes_to_the_message_s_company_or_a_routing_target_only(self):
        message = self.receive(order_payload("PO-CO-1"))
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        processor = self.env["integration.processor.order"]
        forged = {**message.mapped_values, "company_id": self.company2.id}
        with self.assertRaisesRegex(BusinessRuleError, "may create orders in"):
            processor._process(message, message._document(), forged)
        warehouse2 = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company2.id)], limit=1
        )
        self.env["integration.routing.rule"].create(
            {
                "name": "Acme ships from the subsidiary",
                "integration_partner_id": self.partner.id,
                "company_id": self.company2.id,
                "warehouse_id": warehouse2.id,
            }
        )
        with self.assertRaisesRegex(BusinessRuleError, "belong to"):
            processor._process(message, message._document(), forged)  # warehouse of company 1
        result = processor._process(
            message,
            message._document(),
            {**forged, "warehouse_id": warehouse2.id, "lines": message.mapped_values["lines"]},
        )
        self.assertEqual(result.record.company_id, self.company2, "a routing rule's target")

    def test_a_rule_without_partner_routes_only_its_own_company_s_partners(self):
        warehouse2 = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company2.id)], limit=1
        )
        self.env["integration.routing.rule"].create(
            {
                "name": "Subsidiary takes everything",
                "company_id": self.company2.id,
                "warehouse_id": warehouse2.id,
            }
        )
        message = self.receive(order_payload("PO-CO-2"))
        self.run_jobs()
        self.assertEqual(message._business_record().company_id, self.company)

    def test_monitoring_keys_see_their_company_unless_an_administrator_issued_them(self):
        self.manager.write({"company_ids": [Command.link(self.company2.id)]})
        endpoint2 = self.env["integration.endpoint"].create(
            {"name": "Subsidiary API", "partner_id": self.partner2.id}
        )
        self.receive(order_payload("PO-MON-1"))
        self.flow2._receive(order_payload("PO-MON-2"))
        Key = self.env["integration.api.key"]
        key2, _plain = (
            Key.with_user(self.manager)
            .with_company(self.company2)
            ._issue(endpoint2, "Subsidiary Prometheus", monitoring=True)
        )
        text = self.env["integration.monitor"]._prometheus(key2.sudo()._metrics_companies())
        self.assertIn('partner="t-sub"', text)
        self.assertNotIn('partner="t-acme"', text)
        admin_key, _plain = Key.with_user(self.env.ref("base.user_admin"))._issue(
            self.endpoint, "Hub Prometheus", monitoring=True
        )
        self.assertIsNone(admin_key.sudo()._metrics_companies())
        text = self.env["integration.monitor"]._prometheus(admin_key._metrics_companies())
        self.assertIn('partner="t-sub"', text)
        self.assertIn('partner="t-acme"', text)


@tagged("post_install", "-at_install")
class TestCompanyIsolationOverRpc(AttackMixin, HttpCase, IntegrationCase):
    def test_a_company_2_manager_cannot_point_a_flow_at_a_company_1_endpoint(self):
        endpoint = self.env["integration.endpoint"].create(
            {"name": "Acme API", "partner_id": self.partner.id}
        )
        partner2 = self.env["integration.partner"].create(
            {"name": "Subsidiary partner", "code": "t-sub", "company_id": self.company2.id}
        )
        flow2 = self.env["integration.flow"].create(
            {
                "name": "Subsidiary orders in",
                "code": "t-sub-orders",
                "partner_id": partner2.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        self.rpc(self.manager2, "integration.flow", "write", [flow2.id], {"name": "Renamed"})
        self.assertEqual(flow2.name, "Renamed", "the manager works on their own flow")
        self.assertRefused(
            self.manager2,
            "integration.flow",
            "write",
            [flow2.id],
            {"endpoint_id": endpoint.id},
        )
        self.assertFalse(flow2.endpoint_id)


@tagged("post_install", "-at_install")
class TestSandbox(ScopeCase):
    """A partner in test validates and maps as in production, creates nothing confirmed and
    sends nothing to production; Go live switches it once its checklist is green."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.usage = "test"
        cls.endpoint.usage = "production"
        cls.user = new_test_user(cls.env, "scope_user", groups=USER)

    def test_people_start_partners_in_test_and_reach_production_by_go_live_only(self):
        partner = (
            self.env["integration.partner"]
            .with_user(self.manager)
            .create({"name": "New EDI partner", "code": "t-new"})
        )
        self.assertEqual(partner.usage, "test")
        endpoint = self.env["integration.endpoint"].create(
            {"name": "New partner's mailbox", "partner_id": partner.id, "transport": "manual"}
        )
        self.assertEqual(endpoint.usage, "test", "a new endpoint takes its partner's usage")
        with self.assertRaisesRegex(UserError, "through Go live"):
            partner.with_user(self.manager).usage = "production"
        with self.assertRaisesRegex(UserError, "through Go live"):
            self.env["integration.partner"].with_user(self.manager).create(
                {"name": "Straight to production", "code": "t-prod", "usage": "production"}
            )

    def test_a_test_order_is_a_tagged_quotation_and_nothing_is_sent(self):
        message = self.receive(order_payload("PO-T-1"))
        self.run_jobs()
        self.assertEqual(message.state, "processed", message.last_error)
        self.assertTrue(message.is_test)
        order = message._business_record()
        self.assertEqual(order.state, "draft", "a quotation: nothing confirmed")
        self.assertTrue(order.integration_test)
        self.assertIn(self.env.ref("integration_core.crm_tag_integration_test"), order.tag_ids)
        self.assertFalse(order.picking_ids, "no delivery, no reservation")
        self.assertFalse(self.acked(), "no acknowledgement of a quotation")
        with self.assertRaisesRegex(UserError, "never confirmed"):
            order.action_confirm()

    def test_test_traffic_to_a_production_endpoint_is_held_with_a_log_line(self):
        order = self.confirm_order(self.customer)  # a real order of the partner's contact
        (message,) = self.env["integration.message"].search([("flow_id", "=", self.ack_flow.id)])
        self.assertTrue(message.is_test)
        self.run_jobs()
        self.assertEqual(message.state, "cancelled")
        (log,) = self.assertLogged(message, "cancel")
        self.assertIn("test traffic never reaches production", log.description)
        self.assertEqual(message.res_id, order.id)
        self.endpoint.usage = "test"
        self.confirm_order(self.customer, "PO-78")
        self.run_jobs()
        pending = self.env["integration.message"].search(
            [("flow_id", "=", self.ack_flow.id), ("state", "=", "pending")]
        )
        self.assertEqual(len(pending), 1, "to a test endpoint, test traffic goes out")
        self.assertTrue(pending.payload_attachment_id.sudo())

    def test_test_exceptions_stay_out_of_the_default_queue_and_dashboard(self):
        failed = self.receive(order_payload("PO-T-2", product_code="NOPE"))
        self.partner.sudo().usage = "production"
        real = self.receive(order_payload("PO-P-2", product_code="NOPE2"))
        self.run_jobs()
        exceptions = (failed | real).exception_ids
        self.assertEqual(exceptions.mapped("is_test"), [True, False])
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_core.action_integration_exception"
        )
        self.assertIn("'search_default_production': 1", action["context"])
        Exception_ = self.env["integration.exception"]
        default_view = Exception_.search([("is_test", "=", False), ("id", "in", exceptions.ids)])
        self.assertEqual(default_view, real.exception_ids)
        dashboard = self.env["integration.dashboard"].create({})
        with_test = self.env["integration.dashboard"].create({"include_test": True})
        self.assertEqual(with_test.backlog_hour - dashboard.backlog_hour, 1)
        self.assertEqual(with_test.orders_not_in_odoo - dashboard.orders_not_in_odoo, 1)

    def test_go_live_waits_for_a_green_checklist_then_the_same_order_is_confirmed(self):
        payload = order_payload("PO-LIVE-1")
        test_message = self.receive(payload)
        unmapped = self.receive(order_payload("PO-LIVE-2", product_code="ACME-NEW"))
        self.run_jobs()
        self.assertEqual(test_message._business_record().state, "draft")
        checks = {check["key"]: check["ok"] for check in self.partner._go_live_checks()}
        self.assertEqual(checks, {"flows": True, "endpoint": True, "key": True, "xrefs": False})
        self.assertIn("fa-times-circle", self.partner.go_live_checklist)
        with self.assertRaises(AccessError):
            self.partner.with_user(self.user).action_go_live()
        with self.assertRaisesRegex(UserError, "cannot go live yet"):
            self.partner.with_user(self.manager).action_go_live()
        self.assertEqual(self.partner.usage, "test")

        self.env["integration.xref"].create(
            {
                "partner_id": self.partner.id,
                "kind": "product",
                "external_code": "ACME-NEW",
                "product_id": self.product.id,
            }
        )
        unmapped.exception_ids.action_retry()
        self.run_jobs()
        self.partner.invalidate_recordset()
        self.assertTrue(self.partner.go_live_ready)
        self.partner.with_user(self.manager).action_go_live()
        self.assertEqual(self.partner.usage, "production")
        self.assertFalse(self.ack_flow.is_test)

        live = self.receive(payload)
        self.run_jobs()
        self.assertEqual(live.state, "processed", live.last_error)
        self.assertFalse(live.is_test)
        order = live._business_record()
        self.assertEqual(order.state, "sale", "the same document, now a confirmed order")
        self.assertFalse(order.integration_test)
        self.assertTrue(test_message.is_test, "going live changes no earlier message")
        self.assertEqual(self.acked(), order)
