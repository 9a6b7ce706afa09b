# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    codec = fields.Selection(
        selection_add=[("ubl", "UBL (Peppol BIS 3)"), ("cxml", "cXML 1.2")],
        ondelete={"ubl": "set default", "cxml": "set default"},
    )
