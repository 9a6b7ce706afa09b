# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartnerFormTour(HttpCase):
    """Endpoints added to a partner not yet saved, and keys issued from the saved partner:
    no dead end, no duplicated line."""

    def test_endpoint_on_new_partner_then_key(self):
        new_test_user(
            self.env,
            "form_manager",
            password="form_manager",
            groups="integration_core.group_integration_manager",
        )
        self.start_tour(
            "/odoo/action-integration_core.action_integration_partner",
            "integration_partner_form_tour",
            login="form_manager",
        )
        partner = self.env["integration.partner"].search([("code", "=", "harbor-freight")])
        self.assertEqual(partner.endpoint_ids.mapped("name"), ["Harbor gateway"])
        self.assertEqual(len(partner.endpoint_ids.api_key_ids), 1)
