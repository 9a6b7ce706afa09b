# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import job_watermark, run_jobs
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOnboardingWarehouseTour(HttpCase):
    """A 3PL onboarded in one screen runs its warehouse; the inventory snapshot its
    checklist's curl posts is processed against that warehouse."""

    def test_3pl_onboarded_and_its_snapshot_processed(self):
        new_test_user(
            self.env,
            "onb_wms_manager",
            password="onb_wms_manager",
            groups="integration_core.group_integration_manager",
        )
        warehouse = self.env["stock.warehouse"].create({"name": "Coastal DC", "code": "CDC"})
        self.env["product.product"].create(
            {"name": "Coastal crate", "default_code": "CDC-CRATE", "is_storable": True}
        )
        since = job_watermark(self.env)
        self.start_tour(
            "/odoo/action-integration_core.action_integration_partner",
            "integration_onboarding_wms_tour",
            login="onb_wms_manager",
        )
        partner = self.env["integration.partner"].search([("code", "=", "coastal-logistics")])
        self.assertEqual((partner.kind, partner.usage), ("wms", "test"))
        self.assertEqual(warehouse.integration_partner_id, partner)
        release = warehouse.integration_release_flow_id
        self.assertEqual((release.event, release.scope), ("picking_ready", "warehouse"))
        self.assertEqual(len(partner.flow_ids), 4)
        run_jobs(self.env, since)
        snapshot = partner.flow_ids.filtered(lambda f: f.document_type == "inventory_snapshot")
        message = snapshot.integration_message_ids
        self.assertEqual(message.state, "processed", message.last_error)
