# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationProcessorReceiptNotice(models.AbstractModel):
    """Receipt confirmation from an external warehouse → the receipt it received, validated.

    Same rules as ship confirmations, on incoming pickings (purchases and returns). The
    receipt is found by its name, or by its origin (the purchase order or the returned
    delivery), since receipts are not released to the warehouse; lines by ``line_ref`` when
    the warehouse echoes a move id, else by item.
    """

    _name = "integration.processor.receipt_notice"
    _inherit = "integration.processor.shipment_notice"
    _description = "Receipt confirmation processor"

    _picking_type_code = "incoming"

    def _reference_domain(self, ref):
        return [
            "|",
            "|",
            ("integration_wms_order_ref", "=", ref),
            ("name", "=", ref),
            ("origin", "=", ref),
        ]

    def _kind_label(self):
        return self.env._("receipt")

    def _after_done(self, message, picking, rest_cancelled):
        self._log_remainder(message, picking, rest_cancelled)
