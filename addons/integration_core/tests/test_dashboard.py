# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AttackMixin, IntegrationCase, age, order_payload

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
    "open_exceptions",
    "oldest_waiting",
    "queue_depth",
)


def push_back_existing(env, days=10):
    """Move the messages and exceptions already there (demo data) out of the 24 h windows,
    so that a test's figures are its own messages'."""
    env.flush_all()
    for table in ("integration_message", "integration_exception"):
        extra = ", processed_at = processed_at - %s" if table == "integration_message" else ""
        env.cr.execute(
            f"UPDATE {table} SET create_date = create_date - %s,"  # noqa: S608
            f" write_date = write_date - %s{extra}",
            (timedelta(days=days),) * (3 if extra else 2),
        )
    env.invalidate_all()


def facets_of(env, action):
    """The filter names of ``action``'s search defaults, checked against its search view."""
    search_view = (action.get("search_view_id") or [False])[0]
    arch = env[action["res_model"]].get_views([(search_view, "search")])["views"]["search"]["arch"]
    filters = set(etree.fromstring(arch).xpath("//filter/@name"))
    defaults = [
        key.removeprefix("search_default_")
        for key in action["context"]
        if key.startswith("search_default_")
    ]
    return defaults, filters


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
        # Every figure on the dashboard, those of the other installed modules included.
        self.assertGreaterEqual(set(dashboard._figure_names()), set(CORE_FIGURES))
        for name in dashboard._figure_names():
            with self.subTest(figure=name):
                if name == "queue_depth":
                    action = dashboard.action_open_jobs()
                else:
                    action = dashboard.with_context(figure=name).action_open_figure()
                defaults, filters = facets_of(self.env, action)
                self.assertTrue(defaults, "the filter shows as a facet")
                self.assertLessEqual(set(defaults), filters)
        rate = dashboard.with_context(figure="failure_rate").action_open_figure()
        self.assertEqual(rate["context"].get("search_default_failed"), 1)
        failures = self.env["integration.message"].search(rate["domain"])
        self.assertIn(failed, failures)
        self.assertNotIn(processed, failures)
        latency = dashboard.with_context(figure="latency_p95").action_open_figure()
        self.assertEqual(latency["context"].get("search_default_timed"), 1)
        self.assertIn(processed, self.env["integration.message"].search(latency["domain"]))
        self.assertNotIn(failed, self.env["integration.message"].search(latency["domain"]))

    def test_figures_are_coloured_against_thresholds_with_their_trend(self):
        push_back_existing(self.env)
        already = self.env["integration.dashboard"].create({}).open_exceptions
        Threshold = self.env["integration.threshold"]
        Threshold.create({"figure": "failure_rate", "warning": 10, "critical": 40})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Threshold.create({"figure": "failure_rate", "warning": 1, "critical": 2})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Threshold.create({"figure": "latency_p95", "warning": 60, "critical": 30})
        Threshold.create(
            {"figure": "open_exceptions", "warning": already + 2, "critical": already + 5}
        )
        # Yesterday's failure, still open: counted 24 h ago and now.
        old = self.receive(order_payload("PO-OLD", product_code="UNKNOWN-OLD"))
        self.run_jobs()
        age(old, hours=30)
        age(old.exception_ids, hours=30)
        self.receive(order_payload("PO-BAD", product_code="UNKNOWN-NEW"))
        self.receive(order_payload("PO-OK"))
        self.run_jobs()
        dashboard = self.open_dashboard()
        states = dashboard.figure_states
        # 1 failed of 2 in 24 h: 50 % is over 40 %: red.
        self.assertEqual(dashboard.failure_rate, 50.0)
        self.assertEqual(states["failure_rate"]["level"], "danger")
        # 2 open exceptions: amber; one of them was open 24 h ago.
        self.assertEqual(dashboard.open_exceptions, already + 2)
        self.assertEqual(states["open_exceptions"]["level"], "warning")
        self.assertEqual(states["open_exceptions"]["previous"], already + 1)
        self.assertEqual(states["open_exceptions"]["delta"], 1)
        self.assertEqual(states["backlog_hour"]["level"], "warning", "a problem count: amber")
        self.assertEqual(states["missing_acks"]["level"], "success")
        self.assertEqual(states["throughput_hour"]["level"], "", "volume, not trouble")
        self.assertEqual(states["throughput_hour"]["delta"], 2)

    def test_flows_board_puts_the_troubled_flow_first_with_its_last_message(self):
        calm = self.env["integration.flow"].create(
            {
                "name": "Acme calm orders",
                "code": "t-acme-calm",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        quiet = self.env["integration.flow"].create(
            {
                "name": "Acme quiet orders",
                "code": "t-acme-quiet",
                "partner_id": self.partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        self.env["integration.threshold"].create(
            [
                # The partner tolerates 5 open exceptions; this flow not one.
                {
                    "figure": "open_exceptions",
                    "warning": 5,
                    "critical": 10,
                    "partner_id": self.partner.id,
                },
                {
                    "figure": "open_exceptions",
                    "warning": 1,
                    "critical": 1,
                    "flow_id": self.order_flow.id,
                },
            ]
        )
        ok = self.receive(order_payload("PO-CALM"), flow=calm)
        self.receive(order_payload("PO-BAD", product_code="UNKNOWN"))
        self.run_jobs()
        action = (
            self.env.ref("integration_core.action_integration_flows_board_open")
            .with_user(self.user)
            .run()
        )
        lines = self.env[action["res_model"]].with_user(self.user).search(action["domain"])
        ranks = lines.mapped("trouble_rank")
        self.assertEqual(ranks, sorted(ranks, reverse=True), "the most troubled first")
        by_flow = {line.flow_id: line for line in lines}
        self.assertEqual(by_flow[self.order_flow].trouble, "danger")
        self.assertEqual(by_flow[self.order_flow].levels["open_exceptions"], "danger")
        self.assertLess(
            lines.ids.index(by_flow[self.order_flow].id), lines.ids.index(by_flow[calm].id)
        )
        self.assertEqual(by_flow[calm].trouble, "success")
        self.assertEqual(by_flow[calm].last_received_at, ok.create_date)
        self.assertFalse(by_flow[quiet].last_received_at)
        messages = by_flow[calm].action_open_messages()
        self.assertEqual(messages["context"], {"search_default_flow_id": calm.id})


@tagged("post_install", "-at_install")
class TestDashboardRights(AttackMixin, HttpCase):
    def test_boards_and_thresholds_refused_without_the_rights(self):
        for user in (self.internal_user, self.portal_user):
            self.assertRefused(user, "integration.dashboard", "action_open_board")
        self.assertRefused(
            self.integration_user,
            "integration.threshold",
            "create",
            {"figure": "failure_rate", "warning": 1, "critical": 2},
        )
        board = self.rpc(self.integration_user, "integration.dashboard", "action_open_board")
        self.assertEqual(board["res_model"], "integration.dashboard.flow")


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

    def test_dashboard_health_and_metrics_show_the_same_figures(self):
        partner = self.env["integration.partner"].create({"name": "Same", "code": "t-same"})
        endpoint = self.env["integration.endpoint"].create(
            {"name": "Same API", "partner_id": partner.id, "url": "http://127.0.0.1:9/x"}
        )
        flow = self.env["integration.flow"].create(
            {
                "name": "Same orders",
                "code": "t-same-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        waiting = flow._receive(order_payload("PO-WAIT"))
        age(waiting, minutes=42)
        flow._receive(order_payload("PO-NEW"))
        # /health and this key's /metrics count every company's records: so does this dashboard.
        every_company = self.env["res.company"].search([]).ids
        dashboard = (
            self.env["integration.dashboard"]
            .with_context(allowed_company_ids=every_company)
            .create({})
        )
        shown = dashboard.read(dashboard._figure_names())[0]
        health = self.url_open(f"{API}/health").json()
        _key, monitoring_key = self.env["integration.api.key"]._issue(
            endpoint, "prometheus", monitoring=True
        )
        metrics = self.url_open(
            f"{API}/metrics", headers={"Authorization": f"Bearer {monitoring_key}"}
        ).text
        exported = {
            line.split('"')[1]: float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith("integration_figure{")
        }
        self.assertEqual(health["queued_jobs"], shown["queue_depth"])
        self.assertEqual(health["open_circuits"], shown["open_circuits"])
        for name, value in health["figures"].items():
            self.assertAlmostEqual(value, shown[name], delta=0.1, msg=name)
        self.assertEqual(set(health["figures"]), {"open_exceptions"})
        self.assertEqual(set(exported), set(dashboard._figure_names()))
        self.assertGreaterEqual(exported["oldest_waiting"], 42)
        for name in exported:
            self.assertAlmostEqual(exported[name], shown[name], delta=0.1, msg=name)
