# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationDashboard(models.TransientModel):
    """Releases on the hub's dashboard: counted only for warehouses an external WMS / 3PL
    runs, since no other warehouse has anything to release to."""

    _inherit = "integration.dashboard"

    orders_not_released = fields.Integer(
        string="Deliveries not released to the warehouse", compute="_compute_figures"
    )

    def _figures(self):
        figures = super()._figures()
        figures["orders_not_released"] = (
            "stock.picking",
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "=", "assigned"),
                ("integration_wms_partner_id", "!=", False),
                ("integration_release_state", "=", "not_released"),
            ],
        )
        return figures

    def _figure_filters(self):
        return {
            **super()._figure_filters(),
            "orders_not_released": ["delivery", "available", "wms_not_released"],
        }
