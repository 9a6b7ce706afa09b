# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged

from .common import IntegrationCase, order_payload

API = "/api/integration/v1"
CORE_FIGURES = (
    "throughput_hour",
    "failure_rate",
    "latency_p50",
    "latency_p95",
    "retries_day",
    "open_circuits",
    "orders_not_in_odoo",
    "shipments_late",
    "deliveries_overdue",
    "not_transmitted",
    "missing_acks",
    "backlog_hour",
    "backlog_day",
    "backlog_week",
    "backlog_old",
)


@tagged("post_install", "-at_install")
class TestDashboard(IntegrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "dashboard_user",
            groups="integration_core.group_integration_user,stock.group_stock_user",
        )
        cls.Dashboard = cls.env["integration.dashboard"].with_user(cls.user)

    def open_dashboard(self):
        """What the Overview menu does: its server action, then the form it returns."""
        menu_action = self.env.ref("integration_core.action_integration_dashboard_open")
        action = menu_action.with_user(self.user).run()
        self.assertEqual(action["res_model"], "integration.dashboard")
        self.assertEqual(action["name"], "Integration dashboard")
        return self.Dashboard.browse(action["res_id"])

    def test_opening_shows_figures_at_once_and_stores_no_record_per_open(self):
        self.receive(order_payload(product_code="UNKNOWN"))
        self.run_jobs()
        first = self.open_dashboard()
        self.assertTrue(first.exists(), "a saved record, not a 'New' one")
        self.assertEqual(first.display_name, "Integration dashboard")
        figures = first.read(["orders_not_in_odoo", "failure_rate", "backlog_hour"])[0]
        self.assertGreaterEqual(figures["orders_not_in_odoo"], 1)
        self.assertGreater(figures["failure_rate"], 0)
        self.assertGreaterEqual(figures["backlog_hour"], 1)
        stored = self.Dashboard.search_count([])
        second = self.open_dashboard()
        self.assertEqual(second, first, "the user's dashboard is reused")
        self.assertTrue(second.action_refresh())
        self.assertEqual(self.Dashboard.search_count([]), stored)

    def test_a_queue_only_user_opens_it_without_stock_rights(self):
        queue_only = new_test_user(
            self.env, "queue_only", groups="integration_core.group_integration_user"
        )
        dashboard = self.env["integration.dashboard"].with_user(queue_only).create({})
        # Integration users read pickings (the queue opens them): the same figure as anyone's.
        everyone = self.env["integration.dashboard"].create({})
        self.assertEqual(dashboard.shipments_late, everyone.shipments_late)
        self.assertGreaterEqual(dashboard.backlog_old, 0)

    def test_refresh_recomputes_the_same_record(self):
        dashboard = self.open_dashboard()
        before = dashboard.orders_not_in_odoo
        self.receive(order_payload("PO-LATE", product_code="UNKNOWN"))
        self.run_jobs()
        dashboard.action_refresh()
        dashboard.invalidate_recordset()
        self.assertEqual(dashboard.orders_not_in_odoo, before + 1)

    def test_every_figure_opens_its_records_with_visible_facets(self):
        failed = self.receive(order_payload("PO-BAD", product_code="UNKNOWN"))
        processed = self.receive(order_payload("PO-OK"))
        self.run_jobs()
        self.assertEqual(failed.state, "failed")
        self.assertTrue(processed.processed_at)
        dashboard = self.open_dashboard()
        # The core's figures, and those other modules give facets to.
        for name in {*CORE_FIGURES, *dashboard._figure_filters()}:
            with self.subTest(figure=name):
                action = dashboard.with_context(figure=name).action_open_figure()
                defaults = [key for key in action["context"] if key.startswith("search_default_")]
                self.assertTrue(defaults, "the filter shows as a facet")
                arch = self.env[action["res_model"]].get_views([(False, "search")])["views"][
                    "search"
                ]["arch"]
                filters = set(etree.fromstring(arch).xpath("//filter/@name"))
                for key in defaults:
                    self.assertIn(key.removeprefix("search_default_"), filters)
        rate = dashboard.with_context(figure="failure_rate").action_open_figure()
        self.assertEqual(rate["context"].get("search_default_failed"), 1)
        failures = self.env["integration.message"].search(rate["domain"])
        self.assertIn(failed, failures)
        self.assertNotIn(processed, failures)
        latency = dashboard.with_context(figure="latency_p95").action_open_figure()
        self.assertEqual(latency["context"].get("search_default_timed"), 1)
        self.assertIn(processed, self.env["integration.message"].search(latency["domain"]))
        self.assertNotIn(failed, self.env["integration.message"].search(latency["domain"]))


@tagged("post_install", "-at_install")
class TestDashboardHealth(HttpCase):
    def test_open_circuits_match_health(self):
        partner = self.env["integration.partner"].create({"name": "Circuits", "code": "t-circ"})
        for name, state in (("open", "open"), ("trial", "half_open"), ("fine", "closed")):
            self.env["integration.endpoint"].create(
                {
                    "name": f"Circuit {name}",
                    "partner_id": partner.id,
                    "url": "http://127.0.0.1:9/unused",
                    "circuit_state": state,
                }
            )
        health = self.url_open(f"{API}/health").json()
        dashboard = self.env["integration.dashboard"].create({})
        self.assertEqual(dashboard.open_circuits, health["open_circuits"])
        endpoints = self.env["integration.endpoint"].search(
            dashboard.with_context(figure="open_circuits").action_open_figure()["domain"]
        )
        self.assertEqual(len(endpoints), health["open_circuits"])
        self.assertIn("Circuit open", endpoints.mapped("name"))
        self.assertNotIn("Circuit trial", endpoints.mapped("name"))
