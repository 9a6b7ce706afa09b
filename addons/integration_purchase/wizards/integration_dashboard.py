# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationDashboard(models.TransientModel):
    """The supplier side's figures on the hub's dashboard."""

    _inherit = "integration.dashboard"

    purchase_unacknowledged = fields.Integer(
        string="POs not acknowledged in time", compute="_compute_figures"
    )
    purchase_asn_late = fields.Integer(string="Ship notices late", compute="_compute_figures")
    purchase_bills_blocked = fields.Integer(
        string="Bills blocked by differences", compute="_compute_figures"
    )

    def _figures(self):
        figures = super()._figures()
        PurchaseOrder = self.env["purchase.order"]
        figures.update(
            purchase_unacknowledged=(
                "purchase.order",
                PurchaseOrder._purchase_unacknowledged_domain(),
            ),
            purchase_asn_late=("purchase.order", PurchaseOrder._purchase_asn_late_domain()),
            purchase_bills_blocked=(
                "account.move",
                [
                    ("move_type", "=", "in_invoice"),
                    ("state", "=", "draft"),
                    ("integration_match_state", "=", "mismatch"),
                ],
            ),
        )
        return figures

    def _figure_filters(self):
        return {
            **super()._figure_filters(),
            "purchase_unacknowledged": ["integration_unacknowledged", "integration_ack_overdue"],
            "purchase_asn_late": ["integration_asn_overdue"],
            "purchase_bills_blocked": ["in_invoice", "draft", "integration_mismatch"],
        }

    def _figure_search_views(self):
        return {
            **super()._figure_search_views(),
            "purchase_bills_blocked": "account.view_account_bill_filter",
        }
