# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationDashboard(models.TransientModel):
    """The AS2 certificates that expire within 30 days, on the dashboard."""

    _inherit = "integration.dashboard"

    as2_certificates_expiring = fields.Integer(
        string="AS2 certificates expiring (30 days)", compute="_compute_figures"
    )

    def _figures(self):
        figures = super()._figures()
        figures["as2_certificates_expiring"] = (
            "integration.as2.certificate",
            [("validity", "in", ("expiring", "expired"))],
        )
        return figures

    def _figure_filters(self):
        return {**super()._figure_filters(), "as2_certificates_expiring": ["expiring"]}
