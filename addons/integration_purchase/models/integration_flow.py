# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

PURCHASE_EVENT = "purchase_confirmed"
PURCHASE_PROCESSORS = [
    ("order_ack", "Supplier acknowledgement of a purchase order"),
    ("purchase_receipt", "Supplier advance ship notice (receipt)"),
    ("invoice", "Supplier invoice (vendor bill, three-way match)"),
]


class IntegrationFlow(models.Model):
    _inherit = "integration.flow"

    event = fields.Selection(
        selection_add=[(PURCHASE_EVENT, "Purchase order confirmed")],
        ondelete={PURCHASE_EVENT: "set null"},
    )
    processor = fields.Selection(
        selection_add=PURCHASE_PROCESSORS,
        ondelete={value: "set null" for value, _label in PURCHASE_PROCESSORS},
    )
    builder = fields.Selection(
        selection_add=[("order", "Purchase order to a supplier")],
        ondelete={"order": "set null"},
    )
    purchase_post_bills = fields.Boolean(
        string="Post matching bills",
        help="Supplier invoices: a vendor bill whose every line matches the purchase order "
        "(price) and the receipts (quantity) within the supplier's tolerances is posted at "
        "once; a bill with differences always stays draft, with an exception listing them.",
    )

    def _event_models(self):
        """The purchase order is what this module's event carries."""
        return {**super()._event_models(), PURCHASE_EVENT: "purchase.order"}
