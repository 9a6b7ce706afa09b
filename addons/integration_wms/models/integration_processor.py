# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.addons.integration_core.services.errors import BusinessRuleError


class IntegrationProcessor(models.AbstractModel):
    _inherit = "integration.processor"

    def _wms_check_run_here(self, message, warehouse, hint=None):
        """Refuse a warehouse the message's partner does not run: a warehouse's report
        changes only its own stock, whatever the stored mapping says."""
        if warehouse.integration_partner_id != message.partner_id:
            raise BusinessRuleError(
                self.env._(
                    "%(warehouse)s is not run by %(partner)s: its stock is not theirs to report.",
                    warehouse=warehouse.name or "?",
                    partner=message.partner_id.name,
                ),
                hint=hint
                or self.env._(
                    "Retry: the message is mapped again. Check Managed by on the warehouse."
                ),
            )
