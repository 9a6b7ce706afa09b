# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationDashboard(models.TransientModel):
    """The cash side's figures on the hub's dashboard: what customers' remittances left to
    decide."""

    _inherit = "integration.dashboard"

    cash_deductions_open = fields.Integer(string="Deductions to decide", compute="_compute_figures")
    cash_lines_unmatched = fields.Integer(
        string="Remittance lines not matched", compute="_compute_figures"
    )

    def _figures(self):
        figures = super()._figures()
        open_exceptions = self._open_exceptions_domain()
        figures.update(
            cash_deductions_open=(
                "integration.exception",
                [("cash_kind", "=", "short"), *open_exceptions],
            ),
            cash_lines_unmatched=(
                "integration.exception",
                [("cash_kind", "=", "unmatched"), *open_exceptions],
            ),
        )
        return figures

    def _figure_filters(self):
        return {
            **super()._figure_filters(),
            "cash_deductions_open": ["open", "cash_short"],
            "cash_lines_unmatched": ["open", "cash_unmatched"],
        }
