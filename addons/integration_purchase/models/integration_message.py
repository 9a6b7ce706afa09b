# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

PURPOSES = [("original", "Original"), ("change", "Change"), ("cancel", "Cancel")]


class IntegrationMessage(models.Model):
    _inherit = "integration.message"

    purchase_purpose = fields.Selection(
        PURPOSES,
        string="Purchase order purpose",
        readonly=True,
        help="What an outbound purchase order asks the supplier: the order, a change of it "
        "(860, ORDCHG) or its cancellation.",
    )
