# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..services.tolerance import Tolerances


class IntegrationPartner(models.Model):
    _inherit = "integration.partner"

    purchase_supplier = fields.Boolean(
        string="Supplier",
        tracking=True,
        help="We buy from this partner: its ship notices prepare the receipts of our purchase "
        "orders (not a 3PL's shipments), its acknowledgements and invoices are read against "
        "our purchase orders. Link its contact (the vendor on the purchase orders) above.",
    )
    purchase_account_number = fields.Char(
        string="Our account number",
        help="How the supplier knows us (our customer number in its system): sent as the "
        "buyer's id of our purchase orders. Empty: our company's reference.",
    )
    purchase_price_tolerance = fields.Float(
        string="Price tolerance (%)",
        default=2.0,
        help="A price acknowledged or invoiced at most this far from the purchase order's "
        "is accepted as it comes; beyond it, a person decides (Accept / Reject).",
    )
    purchase_quantity_tolerance = fields.Float(
        string="Quantity tolerance (%)",
        default=0.0,
        help="An acknowledged quantity at most this far from the ordered one is applied to "
        "the purchase order; an invoiced quantity at most this far from the received one "
        "matches. 0: quantities must be exact.",
    )
    purchase_date_tolerance = fields.Integer(
        string="Date tolerance (days)",
        default=3,
        help="An acknowledged delivery date at most this many days from the one ordered is "
        "applied to the purchase order line.",
    )
    purchase_accept_substitutes = fields.Boolean(
        string="Accept substitutions",
        help="A substitute item the supplier acknowledges instead of the one ordered replaces "
        "it on the purchase order; otherwise a person decides.",
    )
    purchase_ack_sla_hours = fields.Integer(
        string="Acknowledgement SLA (hours)",
        default=24,
        help="A purchase order sent and not acknowledged within this many hours counts as "
        "late on the dashboard. 0: no SLA.",
    )

    def _purchase_tolerances(self):
        self.ensure_one()
        return Tolerances(
            price_percent=self.purchase_price_tolerance,
            quantity_percent=self.purchase_quantity_tolerance,
            date_days=self.purchase_date_tolerance,
        )
