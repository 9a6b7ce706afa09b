# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.integration_core.tests.common import AttackMixin
from odoo.tests import HttpCase, tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestWmsAttacks(AttackMixin, HttpCase, WmsCase):
    """What the warehouse hears, and the variances it reports, hold against callers using
    JSON-RPC: stock users without the integration role, other companies, managers."""

    TABLES = (*AttackMixin.TABLES, "integration_wms_variance", "stock_quant")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = cls._new_user("atk_stock", "stock.group_stock_user")
        cls.operator = cls._new_user("atk_operator", f"stock.group_stock_user,{cls.USER}")
        cls.warehouse.integration_release_policy = "wave"
        cls.release_flow.mode = "batch"
        cls.variance = cls.env["integration.wms.variance"].create(
            {
                "partner_id": cls.wms_partner.id,
                "warehouse_id": cls.warehouse.id,
                "company_id": cls.main_company.id,
                "location_id": cls.stock.id,
                "product_id": cls.item_b.id,
                "wms_quantity": 45,
                "odoo_quantity": 50,
                "difference": -5,
                "state": "to_approve",
            }
        )

    def test_only_an_integration_user_of_its_company_releases_a_wave(self):
        delivery = self.sell((self.item_a, 2)).picking_ids
        self.assertEqual(delivery.integration_release_state, "not_released")
        rows = self.row_counts()
        warehouse, picking = [self.warehouse.id], delivery.ids
        for user in (
            self.portal_user,
            self.internal_user,
            self.stock_user,
            self.integration_user,
            self.manager2,
        ):
            self.assertRefused(user, "stock.warehouse", "action_wms_release_wave", warehouse)
            self.assertRefused(user, "stock.picking", "action_wms_release", picking)
        self.assertEqual(self.row_counts(), rows)
        self.rpc(self.operator, "stock.warehouse", "action_wms_release_wave", warehouse)
        self.assertEqual(self.row_counts()["queue_job"], rows["queue_job"] + 1)

    def test_variances_are_decided_by_a_manager_of_their_company_only(self):
        rows = self.row_counts()
        variance = [self.variance.id]
        self.assertRefused(
            self.integration_manager,
            "integration.wms.variance",
            "write",
            variance,
            {"state": "rejected"},
        )
        for user in (self.integration_user, self.operator, self.manager2):
            for method in ("action_approve", "action_reject"):
                self.assertRefused(user, "integration.wms.variance", method, variance)
        self.assertEqual(self.row_counts(), rows)
        self.assertEqual(self.variance.state, "to_approve")
        self.rpc(self.integration_manager, "integration.wms.variance", "action_reject", variance)
        self.assertEqual(
            (self.variance.state, self.variance.decided_by_id),
            ("rejected", self.integration_manager),
        )
