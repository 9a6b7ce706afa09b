# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    codec = fields.Selection(
        selection_add=[("ubl", "UBL (Peppol BIS 3)"), ("cxml", "cXML 1.2")],
        ondelete={"ubl": "set default", "cxml": "set default"},
    )
    ubl_order_changes = fields.Selection(
        [
            ("order_change", "Order Change (Peppol Advanced Ordering)"),
            ("resend", "The order again (Peppol Ordering)"),
        ],
        string="UBL order changes",
        default="order_change",
        help="How a change of an order already sent reaches the supplier: a Peppol Order "
        "Change listing each line as added, changed, unchanged or deleted, or the whole "
        "Order sent again for suppliers on the basic Peppol Ordering profile. "
        "Cancellations are always a Peppol Order Cancellation.",
    )
