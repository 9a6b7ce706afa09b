# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    codec = fields.Selection(
        selection_add=[("x12", "X12"), ("edifact", "UN/EDIFACT")],
        ondelete={"x12": "set default", "edifact": "set default"},
    )
