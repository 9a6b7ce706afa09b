# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestViews(WmsCase):
    """The forms open with their modifiers, for the records this module decorates."""

    def test_warehouse_form_shows_the_external_warehouse_page(self):
        form = Form(self.warehouse)
        self.assertEqual(form.integration_partner_id, self.wms_partner)
        self.assertEqual(form.integration_release_policy, "ready")
        self.assertFalse(form.integration_config_warning)
        form.integration_release_policy = "wave"
        self.assertIn("Scheduled batch", form.integration_config_warning)
        self.assertIn(self.release_flow, self.warehouse.integration_flow_ids)

    def test_picking_form_and_variance_views(self):
        picking = self.sell((self.item_a, 1)).picking_ids
        form = Form(picking)
        self.assertEqual(form.integration_release_state, "not_released")
        self.assertTrue(form.integration_wms_managed)
        Variance = self.env["integration.wms.variance"]
        for view_type in ("list", "form", "pivot", "graph", "search"):
            self.assertTrue(Variance.get_view(view_type=view_type)["arch"])
        action = self.warehouse.action_view_wms_variances()
        self.assertEqual(action["res_model"], "integration.wms.variance")
        self.assertEqual(self.warehouse.action_view_wms_releases()["res_model"], "stock.picking")
