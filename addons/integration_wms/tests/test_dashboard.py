# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestDashboardReleases(WmsCase):
    def test_releases_count_only_externally_run_warehouses(self):
        own = self.env["stock.warehouse"].create({"name": "Own DC", "code": "TOWN"})
        self.env["stock.quant"]._update_available_quantity(self.item_a, own.lot_stock_id, 10)
        ours = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": own.id,
                "order_line": [(0, 0, {"product_id": self.item_a.id, "product_uom_qty": 2})],
            }
        )
        ours.action_confirm()
        self.assertEqual(ours.picking_ids.state, "assigned")
        external = self.sell((self.item_a, 3)).picking_ids
        self.assertEqual(external.integration_release_state, "not_released")

        dashboard = self.env["integration.dashboard"].create({})
        action = dashboard.with_context(figure="orders_not_released").action_open_figure()
        listed = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(listed, external, "the internally run warehouse's delivery is left out")
        self.assertEqual(dashboard.orders_not_released, 1)
        self.assertEqual(action["context"].get("search_default_wms_not_released"), 1)
