# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IntegrationProcessorFunctionalAck(models.AbstractModel):
    _inherit = "integration.processor.functional_ack"

    def _process(self, message, document, mapped):
        """A warehouse that rejects one of our warehouse orders refuses it."""
        result = super()._process(message, document, mapped)
        if document.status == "rejected":
            orders = self.env["integration.message"].browse(mapped["message_ids"])._wms_orders()
            for order in orders:
                picking = order._business_record()
                if picking and picking.integration_release_state != "shipped":
                    picking._wms_set_release_state(
                        "refused", note=order.last_error or self.env._("Rejected by the warehouse.")
                    )
        return result
