# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "integration.record.mixin"]

    def _integration_parent(self):
        return self.invoice_line_ids.sale_line_ids.order_id[:1]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.filtered(lambda m: m.is_sale_document())._integration_publish("invoice_posted")
        return posted
