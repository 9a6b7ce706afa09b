# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from .common import LocalPartnerMixin, job_watermark, order_payload, run_jobs


@tagged("post_install", "-at_install")
class TestDashboardTour(LocalPartnerMixin, HttpCase):
    def test_each_figure_opens_its_records_under_a_facet(self):
        """Clicks every figure of the installed modules (about 30 list loads): up to 3
        minutes on a loaded machine."""
        env = self.env
        customer = env["res.partner"].create({"name": "Tour Retail"})
        partner = env["integration.partner"].create(
            {"name": "Tour EDI", "code": "tour-dash", "partner_id": customer.id}
        )
        flow = env["integration.flow"].create(
            {
                "name": "Tour orders",
                "code": "tour-dash-orders",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
            }
        )
        env["product.product"].create({"name": "Tour Widget", "default_code": "WIDGET-1"})
        # Red from 2 % of failures: this test's half, whatever the demo data adds.
        env["integration.threshold"].create({"figure": "failure_rate", "warning": 1, "critical": 2})
        since = job_watermark(env)
        flow._receive(order_payload("PO-TOUR-BAD", product_code="NOPE-1"))
        flow._receive(order_payload("PO-TOUR-OK"))
        run_jobs(env, since)
        self.start_tour(
            "/odoo/action-integration_core.action_integration_dashboard_open",
            "integration_dashboard_tour",
            login="admin",
            timeout=240,
        )
